"""Ruby readings and emphasis dots, drawn into the laid-out pages as outlines in PDF path operators.

They are outlines, not text, so that the text layer holds the text alone
(a reader's search and copy find 漢字, not 漢字かんじ). Handed to WeasyPrint
as SVG paths they cost most of a ruby-heavy novel's layout (its SVG parser
reads every point of every glyph, and there are tens of thousands); written
here, each glyph's operators are made once per book and placed with a
``cm`` per use.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf

from publish.pdf.tatefont import TateFont


@dataclass(frozen=True)
class DrawnGlyph:
    """A glyph drawn on a page: in points from the page's top left corner, ``y`` the top of its em box."""

    font: str  # "body" or "gothic"
    char: str
    x: float
    y: float
    size: float


def draw_glyphs(pdf: pikepdf.Pdf, pages: list[list[DrawnGlyph]], fonts: dict[str, TateFont]) -> None:
    """Add each page's glyphs over what WeasyPrint drew on it, in black ink alone (K, as the text)."""
    for page, glyphs in zip(pdf.pages, pages, strict=True):
        if not glyphs:
            continue
        _, bottom, _, top = (float(value) for value in page.obj.MediaBox)
        operators = [b"q /DeviceCMYK cs 0 0 0 1 scn"]
        for glyph in glyphs:
            font = fonts[glyph.font]
            scale = glyph.size / font.units_per_em
            baseline = top - bottom - glyph.y - scale * font.em_box_top
            operators.append(f"q {scale:.6f} 0 0 {scale:.6f} {glyph.x:.3f} {baseline:.3f} cm".encode())
            operators += [font.pdf_path(glyph.char), b"f Q"]
        operators.append(b"Q\n")
        # WeasyPrint's drawing kept in a state of its own, so that the glyphs start from the page's
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + b"\n".join(operators)))
