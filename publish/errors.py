"""One error type for everything a user can get wrong; the CLI prints it."""

from __future__ import annotations

import sys
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
        char if char.isprintable() or unicodedata.category(char) == "Zs" else _escaped(char) for char in text
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


def internal_error_line() -> str:
    """For a bug of ours: the traceback of the exception being handled goes to a new file of the temporary
    folder, and the one line to print names it."""
    import tempfile
    import traceback

    from publish import __version__

    try:
        handle, name = tempfile.mkstemp(prefix="publish-internal-error-", suffix=".txt")
        with open(handle, "w", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(f"publish {__version__}, Python {sys.version}\n{' '.join(sys.argv)}\n\n")
            traceback.print_exc(file=stream)
    except OSError as exc:
        return f"publish: internal error (no details written: {exc.strerror}); please report the command"
    return f"publish: internal error; details in {terminal_safe(name)}"
