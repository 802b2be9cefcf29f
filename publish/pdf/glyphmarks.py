"""Ruby readings and emphasis dots, drawn into the laid-out pages as outlines in PDF path operators.

They are outlines, not text, so that the text layer holds the text alone
(a reader's search and copy find 漢字, not 漢字かんじ). Each glyph's operators are
made once per book and placed with a ``cm`` per use.
"""

from __future__ import annotations

from dataclasses import dataclass

from publish.pdf.tatefont import TateFont


@dataclass(frozen=True)
class DrawnGlyph:
    """A glyph drawn on a page: in points from the page's top left corner, ``y`` the top of its em box."""

    font: str  # "body" or "gothic"
    char: str
    x: float
    y: float
    size: float


def glyph_operators(glyphs: list[DrawnGlyph], fonts: dict[str, TateFont], page_height: float) -> list[bytes]:
    """A page's glyphs as filled outlines, in black ink alone (K, as the text); ``page_height`` turns the
    glyphs' top-down ``y`` into the PDF's."""
    if not glyphs:
        return []
    operators = [b"q 0 0 0 1 k"]
    for glyph in glyphs:
        font = fonts[glyph.font]
        scale = glyph.size / font.units_per_em
        baseline = page_height - glyph.y - scale * font.em_box_top
        operators.append(f"q {scale:.6f} 0 0 {scale:.6f} {glyph.x:.3f} {baseline:.3f} cm".encode())
        operators += [font.pdf_path(glyph.char), b"f Q"]
    operators.append(b"Q")
    return operators
