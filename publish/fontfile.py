"""A font a book names in book.toml: a sane OpenType font, or a clear problem — never a crash later.

A book may name a TrueType font (.ttf), an OpenType CFF font (.otf) or a
collection (.ttc, .otc: Noto and Source Han ship their CJK fonts so), and in a
collection the face it prints with. The tate fonts are derived from the
outlines, and fontTools trusts the table directory it is given: a truncated
file, a lying table count or offset, or a missing table would otherwise fail
deep inside the PDF writer.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from publish.resources import GOTHIC, MINCHO

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# Tables the PDF writers read (tatefont.py, fontcheck.py), and those they read when a font has them.
REQUIRED_TABLES = ("head", "hhea", "hmtx", "maxp", "cmap", "OS/2")
OUTLINE_TABLES = {"glyf": ("loca", "glyf"), "CFF ": ("CFF ",)}  # TrueType or CFF outlines
OPTIONAL_TABLES = ("GSUB", "vhea", "vmtx", "VORG", "name", "post")
SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"true", b"OTTO")
COLLECTION = b"ttcf"
MAX_FACES = 256  # the Noto CJK "super collection" holds 40


@dataclass(frozen=True)
class BookFont:
    """A font the book prints with: its file, and the face of it (a single font is face 0)."""

    path: Path
    face: int = 0

    @property
    def postscript_name(self) -> str:
        """The face's PostScript name (name ID 6), as the PDF names it; else the file's stem."""
        return _postscript_name(self)

    @property
    def label(self) -> str:
        """How messages name the font: its file, with the face when the file holds several."""
        return f"{self.path.name} ({self.postscript_name})" if is_collection(self.path) else self.path.name


def is_collection(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == COLLECTION


BUNDLED_MINCHO = BookFont(MINCHO)  # the text
BUNDLED_GOTHIC = BookFont(GOTHIC)  # headings, rubrics and emphasis
BUNDLED_FONTS = (BUNDLED_MINCHO, BUNDLED_GOTHIC)


@cache
def _postscript_name(font: BookFont) -> str:
    from fontTools.ttLib import TTFont

    return _name_of(TTFont(font.path, fontNumber=font.face, lazy=True)) or font.path.stem


def _name_of(font: TTFont) -> str | None:
    return font["name"].getDebugName(6) if "name" in font else None


class FontError(Exception):
    """What is wrong with a font file, said after its name."""


def choose_face(data: bytes, face_name: str | None) -> int:
    """The face of ``data`` the book prints with: the one named ``face_name``, else the first.

    Raises FontError if the file is no sound font, or has no face of that name.
    """
    offsets = _face_offsets(data)
    for offset in offsets:
        _check_directory(data, offset)
    index = 0 if face_name is None else _face_named(data, len(offsets), face_name)
    _check_tables(data, index)
    return index


def _face_named(data: bytes, faces: int, face_name: str) -> int:
    names = [_face_name(data, index) for index in range(faces)]
    if face_name in names:
        return names.index(face_name)
    if faces == 1:
        raise FontError(f"is the font {names[0]}, not {face_name}")
    raise FontError(f"has no face {face_name}; its faces are {', '.join(names)}")


def _face_offsets(data: bytes) -> list[int]:
    """Where each face's table directory starts: one face, or the faces of a collection."""
    if data[:4] != COLLECTION:
        return [0]
    if len(data) < 12:
        raise FontError("is damaged: its collection header is cut short")
    (count,) = struct.unpack(">L", data[8:12])
    if not 0 < count <= MAX_FACES or len(data) < 12 + 4 * count:
        raise FontError("is damaged: its collection header is cut short")
    return list(struct.unpack(f">{count}L", data[12 : 12 + 4 * count]))


def _check_directory(data: bytes, offset: int) -> None:
    """One face's table directory: a known kind of font, every table inside the file, outlines of a kind we set."""
    if data[offset : offset + 4] not in SFNT_VERSIONS:
        raise FontError("is not an OpenType font (.ttf, .otf, .ttc or .otc)")
    (count,) = struct.unpack(">H", data[offset + 4 : offset + 6]) if len(data) >= offset + 12 else (0,)
    directory = data[offset + 12 : offset + 12 + 16 * count]
    if count == 0 or len(directory) < 16 * count:
        raise FontError("is damaged: its table directory is cut short")
    tables = set()
    for index in range(count):
        tag, _, start, length = struct.unpack(">4sLLL", directory[16 * index : 16 * index + 16])
        if not all(0x20 <= byte <= 0x7E for byte in tag):  # an OpenType tag is four printable ASCII characters
            raise FontError("is damaged: its table directory holds a name that is no table tag")
        if start + length > len(data):  # offsets count from the file's start, in a collection too
            raise FontError(f"is damaged: its '{tag.decode('latin-1').strip()}' table runs past the end of the file")
        tables.add(tag.decode("latin-1"))
    if "CFF2" in tables and not tables & OUTLINE_TABLES.keys():
        raise FontError("is a variable CFF2 font: name a static (non-variable) .otf of the weight the book uses")
    outlines = next((OUTLINE_TABLES[tag] for tag in OUTLINE_TABLES if tag in tables), None)
    if outlines is None:
        raise FontError("has no outlines a book can print (a glyf or CFF table)")
    missing = [tag for tag in (*REQUIRED_TABLES, *outlines) if tag not in tables]
    if missing:
        raise FontError(f"lacks the table{'s' if len(missing) > 1 else ''} {', '.join(missing)} a book font needs")


def _face_name(data: bytes, index: int) -> str:
    from fontTools.ttLib import TTFont  # only books with their own fonts pay for it here

    try:
        return _name_of(TTFont(io.BytesIO(data), fontNumber=index, lazy=True)) or f"face {index}"
    except Exception as exc:  # fontTools raises anything from struct.error to AssertionError on bad tables
        raise FontError(f"is damaged: fontTools cannot read it ({type(exc).__name__})") from None


def _check_tables(data: bytes, index: int) -> None:
    """Every table the PDF writers read, decompiled: a damaged table fails here, not in the PDF writer."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True)
        outlines = next(OUTLINE_TABLES[tag] for tag in OUTLINE_TABLES if tag in font)
        for tag in (*REQUIRED_TABLES, *outlines, *(tag for tag in OPTIONAL_TABLES if tag in font)):
            table = font[tag]
            if tag in ("cmap", "GSUB"):  # tables fontTools reads lazily: read all their subtables now (50 ms)
                table.ensureDecompiled(recurse=True)
        font.getBestCmap()
    except Exception as exc:
        raise FontError(f"is damaged: fontTools cannot read it ({type(exc).__name__})") from None
