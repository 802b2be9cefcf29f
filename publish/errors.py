"""One error type for everything a user can get wrong; the CLI prints it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path


def terminal_safe(text: str) -> str:
    """``text`` with control and invisible characters escaped (``\\x1b``, ``\\u202e``).

    Every line we print that holds a file name or the book's text goes
    through here: a name cannot recolour the terminal, move the cursor or
    forge a second message line, and an undecodable name cannot crash the print.
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or unicodedata.category(char) == "Zs" else _escaped(char)
        for char in text
    )


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the book, located as precisely as we can."""

    path: Path | None
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.path is None:
            return terminal_safe(self.message)
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return terminal_safe(f"{where}: {self.message}")


class PublishError(Exception):
    """Raised once where a problem is found; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    @classmethod
    def at(cls, path: Path | None, line: int | None, message: str) -> PublishError:
        return cls([Problem(path, line, message)])
