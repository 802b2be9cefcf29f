"""Ruby readings and emphasis dots, drawn into the laid-out pages as outlines in PDF path operators.

They are outlines, not text, so that the text layer holds the text alone
(a reader's search and copy find 漢字, not 漢字かんじ). Each glyph is a form
XObject made once per book and placed with a ``cm`` per use.
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


class GlyphMarks:
    """The ruby and dot glyphs of one PDF: each a form XObject made once for the book, placed with a ``cm`` per
    use (a ruby-heavy novel draws the same kana tens of thousands of times)."""

    def __init__(self, pdf: pikepdf.Pdf, fonts: dict[str, TateFont]):
        self.pdf = pdf
        self.fonts = fonts
        self._forms: dict[tuple[str, str], tuple[str, pikepdf.Object]] = {}  # (font, char) → name, form

    def operators(self, glyphs: list[DrawnGlyph], page_height: float, used: dict[str, pikepdf.Object]) -> list[bytes]:
        """A page's glyphs, in black ink alone (K, as the text); ``page_height`` turns the glyphs' top-down ``y``
        into the PDF's, and ``used`` gets the forms the page names."""
        if not glyphs:
            return []
        operators = [b"q 0 0 0 1 k"]
        for glyph in glyphs:
            font = self.fonts[glyph.font]
            name, used[name] = self._form(glyph.font, glyph.char)
            scale = glyph.size / font.units_per_em
            baseline = page_height - glyph.y - scale * font.em_box_top
            operators.append(f"q {scale:.6f} 0 0 {scale:.6f} {glyph.x:.3f} {baseline:.3f} cm {name} Do Q".encode())
        operators.append(b"Q")
        return operators

    def _form(self, role: str, char: str) -> tuple[str, pikepdf.Object]:
        """The glyph's outline filled, in font units, y up from the baseline."""
        if (role, char) not in self._forms:
            font = self.fonts[role]
            form = self.pdf.make_stream(
                font.pdf_path(char) + b" f",
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Form,
                BBox=pikepdf.Array(font.bounding_box),
            )
            self._forms[role, char] = f"/G{len(self._forms) + 1}", form
        return self._forms[role, char]
