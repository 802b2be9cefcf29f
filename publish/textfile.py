"""An author's text: UTF-8, one newline convention, and only characters a book can print.

The rule of what may be printed lives here, once: the reader applies it to
each file as read and again to every string of the parsed tree (backslash
escapes, the ``unicode`` directive, substitutions and included files make
text the file did not spell out), and book.toml's values pass it too.
"""

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


def unprintable_at(text: str) -> int | None:
    """The index of the first character a book may not print, or None.

    Refused: C0/C1 controls but tab and newline, format characters (bidi
    overrides and isolates U+202A–202E and U+2066–2069, U+FEFF inside text …),
    lone surrogates, noncharacters, private-use and unassigned code points.
    Variation selectors (IVS) are marks and pass; the font check judges them.
    """
    visible = text.translate(_WHITESPACE)
    if visible.isprintable():  # one pass in C; the loop below runs only to say where
        return None
    return next(index for index, char in enumerate(visible) if not char.isprintable())


def unprintable_message(char: str, where: str = "in the file") -> str:
    """Controls (NUL ends C strings in the libraries below), invisible marks, private or unassigned code points."""
    if unicodedata.category(char) == "Cc":
        return f"{'NUL' if char == chr(0) else f'U+{ord(char):04X}'} control character {where}"
    if unicodedata.category(char) == "Cs":
        return f"U+{ord(char):04X} (a lone surrogate) {where} cannot be printed"
    name = unicodedata.name(char, "an unassigned, private-use or noncharacter code point")
    return f"U+{ord(char):04X} ({name}) {where} cannot be printed: delete it, or write the character it stands for"


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text with ``\\n`` line ends; a BOM is dropped; bad bytes and unprintable characters are errors."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PublishError.at(path, line, "not valid UTF-8 (save the file as UTF-8)") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    at = unprintable_at(text)
    if at is not None:
        raise PublishError.at(path, text[:at].count("\n") + 1, unprintable_message(text[at]))
    return text
