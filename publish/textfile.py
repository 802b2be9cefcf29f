"""Reading an author's text file: UTF-8, one newline convention, clear errors."""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError


def read_text(path: Path) -> str:
    """UTF-8 text with ``\\n`` line ends; a BOM is dropped; bad bytes and NUL are errors."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PublishError.at(path, line, "not valid UTF-8 (save the file as UTF-8)") from None
    if "\0" in text:
        raise PublishError.at(path, text[: text.index("\0")].count("\n") + 1, "NUL character in the file")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
