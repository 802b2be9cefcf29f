"""Reading an author's text file: UTF-8, one newline convention, clear errors."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from publish.errors import PublishError

# Whitespace a manuscript may hold; str.isprintable() says no to all of it but the ASCII space.
_WHITESPACE = str.maketrans(
    dict.fromkeys(
        "\t\n\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
    )
)


def read_text(path: Path) -> str:
    """UTF-8 text with ``\\n`` line ends; a BOM is dropped; bad bytes and unprintable characters are errors."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PublishError.at(path, line, "not valid UTF-8 (save the file as UTF-8)") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    visible = text.translate(_WHITESPACE)
    if not visible.isprintable():  # one pass in C; the loop below runs only to say where
        at = next(index for index, char in enumerate(visible) if not char.isprintable())
        raise PublishError.at(path, text[:at].count("\n") + 1, _unprintable(text[at]))
    return text


def _unprintable(char: str) -> str:
    """Controls (NUL ends C strings in the libraries below), invisible marks, private or unassigned code points."""
    if unicodedata.category(char) == "Cc":
        return f"{'NUL' if char == chr(0) else f'U+{ord(char):04X}'} control character in the file"
    name = unicodedata.name(char, "an unassigned or private-use code point")
    return f"U+{ord(char):04X} ({name}) cannot be printed: delete it, or write the character it stands for"
