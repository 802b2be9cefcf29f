"""A font a book names in book.toml: a sane TrueType font, or a clear problem — never a crash later.

The tate fonts are derived from the glyf table, and fontTools trusts the
table directory it is given: a truncated file, a lying table count or offset,
or a missing table would otherwise fail deep inside the PDF writer.
"""

from __future__ import annotations

import io
import struct

# Tables the PDF writers read (tatefont.py, fontcheck.py), and those they read when a font has them.
REQUIRED_TABLES = ("head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf", "OS/2")
OPTIONAL_TABLES = ("GSUB", "vhea", "vmtx", "name", "post")


def font_problem(data: bytes) -> str | None:
    """What is wrong with ``data`` as a book font (said after the file's name), or None."""
    if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return "is not a TrueType font (.ttf with TrueType outlines)"  # CFF ("OTTO"), collections, or no font
    (count,) = struct.unpack(">H", data[4:6]) if len(data) >= 12 else (0,)
    directory = data[12 : 12 + 16 * count]
    if count == 0 or len(directory) < 16 * count:
        return "is damaged: its table directory is cut short"
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sLLL", directory[16 * index : 16 * index + 16])
        if not all(0x20 <= byte <= 0x7E for byte in tag):  # an OpenType tag is four printable ASCII characters
            return "is damaged: its table directory holds a name that is no table tag"
        if offset + length > len(data):
            return f"is damaged: its '{tag.decode('latin-1').strip()}' table runs past the end of the file"
        tables[tag.decode("latin-1")] = (offset, length)
    if "glyf" not in tables:
        return "is not a TrueType font (.ttf with TrueType outlines)"
    missing = [tag for tag in REQUIRED_TABLES if tag not in tables]
    if missing:
        return f"lacks the table{'s' if len(missing) > 1 else ''} {', '.join(missing)} a book font needs"
    from fontTools.ttLib import TTFont  # only books with their own fonts pay for it here

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        for tag in (*REQUIRED_TABLES, *(tag for tag in OPTIONAL_TABLES if tag in tables)):
            table = font[tag]  # decompiled: a damaged table raises here, not in the PDF writer
            if tag in ("cmap", "GSUB"):  # tables fontTools reads lazily: read all their subtables now (50 ms)
                table.ensureDecompiled(recurse=True)
        font.getBestCmap()
    except Exception as exc:  # fontTools raises anything from struct.error to AssertionError on bad tables
        return f"is damaged: fontTools cannot read it ({type(exc).__name__})"
    return None
