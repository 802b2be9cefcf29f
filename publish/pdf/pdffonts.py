"""The book's derived fonts as PDF fonts: Type 0 (CIDFontType2, Identity-H), each embedded once for the whole book.

A derived font holds only the glyphs the book draws (tatefont.py), so it is
already the subset a PDF embeds: its file goes in as it is, its glyph ids are
the CIDs, and its widths and ToUnicode map are written once every page is drawn
(the ToUnicode map gives each glyph the text it was drawn for: a 縦中横
glyph its digits, a half-width 」 its 」, a variant its character and selector).
"""

from __future__ import annotations

import hashlib
import string

import pikepdf

from publish.pdf.tatefont import TateFont, postscript_safe


class PdfFont:
    """One derived font in one PDF: the glyphs pages draw from it, and its font object."""

    def __init__(self, pdf: pikepdf.Pdf, font: TateFont, resource: str):
        self.font = font
        self.resource = resource  # its name in the pages' resources: /F1 …
        self.drawn: dict[int, str] = {}  # glyph → the text it draws
        self.data = font.path.read_bytes()
        self.object = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0))

    def draw(self, glyphs: list[tuple[str, int]]) -> None:
        for text, glyph in glyphs:
            self.drawn.setdefault(glyph, text)

    def width(self, glyph: int) -> float:
        """A glyph's advance in thousandths of an em, as the PDF's widths say it."""
        return round(self.font.glyph_advance(glyph) * 1000 / self.font.units_per_em, 3)

    def finish(self, pdf: pikepdf.Pdf) -> None:
        """Write the font object: the file, the widths of the glyphs drawn, and their text."""
        font = self.font
        scale = 1000 / font.units_per_em
        # a subset is named with a tag of its own (ISO 32000 9.6.4): here from its content, the same every build
        tag = "".join(string.ascii_uppercase[byte % 26] for byte in hashlib.sha256(self.data).digest()[:6])
        name = pikepdf.Name(f"/{tag}+{postscript_safe(font.postscript_name)}")
        top, bottom = font.em_box_top * scale, (font.em_box_top - font.units_per_em) * scale
        descriptor = pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=name,
            Flags=4,  # symbolic: its glyphs are reached by id, not by a standard encoding
            FontBBox=pikepdf.Array([round(value * scale) for value in font.bounding_box]),
            ItalicAngle=0,
            Ascent=round(top),
            Descent=round(bottom),
            CapHeight=round(top),
            StemV=80,
            FontFile2=pdf.make_stream(self.data, Length1=len(self.data)),
        )
        widths: list = []
        for glyph in sorted(self.drawn):
            widths += [glyph, pikepdf.Array([self.width(glyph)])]
        descendant = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=name,
            CIDSystemInfo=pikepdf.Dictionary(
                Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
            ),
            FontDescriptor=pdf.make_indirect(descriptor),
            DW=1000,
            W=pikepdf.Array(widths),
            CIDToGIDMap=pikepdf.Name.Identity,
        )
        self.object.BaseFont = name
        self.object.Encoding = pikepdf.Name("/Identity-H")
        self.object.DescendantFonts = pikepdf.Array([pdf.make_indirect(descendant)])
        self.object.ToUnicode = pdf.make_stream(_to_unicode(self.drawn))


def _to_unicode(drawn: dict[int, str]) -> bytes:
    """A ToUnicode CMap: each glyph id (two bytes) → its text in UTF-16BE."""
    entries = [f"<{glyph:04X}> <{text.encode('utf-16-be').hex().upper()}>" for glyph, text in sorted(drawn.items())]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):  # at most 100 a block
        chunk = entries[start : start + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CIDResource defineresource pop", "end", "end"]
    return "\n".join(lines).encode()
