"""The page writer: composed pages → PDF pages, every glyph placed where the composer put it.

The composer has already decided every position (compose.py, pages.py), so a
page is written straight into a PDF content stream: each line's glyphs as
text in the derived fonts (pdffonts.py), ruby and emphasis dots as outlines
(glyphmarks.py), pictures as the CMYK JPEGs pictures.py made, rules, leaders,
running heads and nombres. No layout engine is asked for anything: the
derived fonts need no shaping but their own two features (tatefont.py).

A vertical book page is written as one landscape page the size of the bleed
box: the book page turned a quarter counter-clockwise, so that its vertical
lines are horizontal ones in the derived fonts' turned glyphs; pageturn.py
turns it back. Its running heads and nombres are horizontal text, turned back
here. A horizontal book page is written as it is, in the same fonts' horizontal twins.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from PIL import Image

from publish.jlreq import NO_EMPHASIS_DOTS, is_variation_selector
from publish.paper import BLEED, ELLIPSIS, HEAD_SIZE, NOMBRE_SIZE, PageDesign
from publish.pdf.blocks import RUBY_SIZE
from publish.pdf.compose import Unit
from publish.pdf.glyphmarks import DrawnGlyph, GlyphMarks
from publish.pdf.pages import Page
from publish.pdf.pdffonts import PdfFont
from publish.pdf.placed import PlacedLine, PlacedPicture, PlacedRule
from publish.pdf.tatefont import TateFont

INK_FILL, INK_STROKE = "0 0 0 1 k", "0 0 0 1 K"  # text and marks in K only
FURNITURE = "furniture"  # the font of running heads, nombres and the contents' page numbers


class PageWriter:
    """Writes composed pages into ``pdf``: turned for a vertical (right-bound) book, upright for a horizontal one.

    ``furniture`` sets the horizontal text on the page's edges: the body font's
    horizontal twin in a vertical book, the body font itself in a horizontal one.
    """

    def __init__(
        self,
        pdf: pikepdf.Pdf,
        design: PageDesign,
        fonts: dict[str, TateFont],
        furniture: TateFont,
        vertical: bool,
        pictures: dict[str, Path],
    ):
        self.pdf = pdf
        self.design = design
        self.fonts = fonts
        self.vertical = vertical
        self.pictures = pictures  # digest → the print file (pictures.py)
        self._images: dict[str, pikepdf.Object] = {}
        self.marks = GlyphMarks(pdf, fonts)
        self._fitted: dict[str, str] = {}  # running heads as they fit their box
        # each font once in the PDF, whatever roles it plays (a horizontal book's furniture is its body font)
        self.pdf_fonts: dict[str, PdfFont] = {}
        self._embedded: dict[int, PdfFont] = {}
        for role, font in [*fonts.items(), (FURNITURE, furniture)]:
            if id(font) not in self._embedded:
                self._embedded[id(font)] = PdfFont(pdf, font, f"/F{len(self._embedded) + 1}")
            self.pdf_fonts[role] = self._embedded[id(font)]
        top, _, side = design.margins(vertical)
        if vertical:  # the landscape page: the bleed box turned; lines run from 天 down, the first on the right
            self.width, self.height = design.height + 2 * BLEED, design.width + 2 * BLEED
            self.origin = (BLEED + top, BLEED + side)
            self.block_width = design.block_depth  # the text block across the book page
        else:
            self.width, self.height = design.width + 2 * BLEED, design.height + 2 * BLEED
            self.origin = (BLEED + side, BLEED + top)
            self.block_width = design.block_length

    def write(self, pages: list[Page]) -> None:
        """Add ``pages`` to the PDF, then the fonts, now that every glyph they draw is known."""
        for page in pages:
            self.pdf.pages.append(self.page(page))
        for font in self._embedded.values():
            font.finish(self.pdf)

    def left_hand(self, page: Page) -> bool:
        """Odd pages are left-hand pages in a right-bound (vertical) book, right-hand ones in a left-bound book."""
        return (page.number % 2 == 1) == self.vertical

    def page(self, page: Page) -> pikepdf.Page:
        """One page: the content drawn on the page's own coordinates, y up from the bottom of the bleed box."""
        design, vertical = self.design, self.vertical
        content = _Content()
        glyphs: list[DrawnGlyph] = []
        for placed in page.lines:
            left, top = self.origin[0] + placed.along, self.origin[1] + placed.across
            self.line(content, placed, left, top, glyphs)
            if placed.number:
                self.page_number(content, placed, placed.number, left, top)
        for picture in page.pictures:
            self.picture(content, picture)
        for rule in page.rules:
            self.rule(content, rule)
        if page.running_head and not page.opener:
            head = self.running_head(page.running_head)
            top = design.margins(vertical)[0] - design.head_gap(vertical) - HEAD_SIZE
            self.furniture(content, page, head, HEAD_SIZE, top)
        if page.nombre:
            foot = design.height - design.nombre_from_foot(vertical)
            self.furniture(content, page, page.label or "", NOMBRE_SIZE, foot)
        content.operators += self.marks.operators(glyphs, self.height, content.xobjects)
        fonts = {font.resource: font.object for font in self._embedded.values() if font.resource in content.fonts}
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(fonts))
        if content.xobjects:
            resources.XObject = pikepdf.Dictionary(content.xobjects)
        return pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=pikepdf.Array([0, 0, round(self.width, 3), round(self.height, 3)]),
                Resources=resources,
                Contents=self.pdf.make_stream(b"\n".join(content.operators)),
            )
        )

    def rule(self, content: _Content, rule: PlacedRule) -> None:
        """A table's rule: a box in ink (the landscape page turns it with everything else)."""
        left, top = self.origin[0] + rule.along, self.origin[1] + rule.across
        bottom = self.height - top - rule.depth
        content.add(f"{INK_FILL} {left:.3f} {bottom:.3f} {rule.length:.3f} {rule.depth:.3f} re f")

    def picture(self, content: _Content, picture: PlacedPicture) -> None:
        """A picture upright on the book page: on a vertical book's landscape page, turned a quarter back."""
        left, top = self.origin[0] + picture.along, self.origin[1] + picture.across
        name = content.image(picture.digest, self._image(picture.digest))
        bottom = self.height - top - picture.depth
        if self.vertical:  # its width along the page's y, its height against x: turned a quarter counter-clockwise
            place = f"0 {picture.depth:.3f} {-picture.length:.3f} 0 {left + picture.length:.3f} {bottom:.3f}"
        else:
            place = f"{picture.length:.3f} 0 0 {picture.depth:.3f} {left:.3f} {bottom:.3f}"
        content.add(f"q {place} cm {name} Do Q")

    def _image(self, digest: str) -> pikepdf.Object:
        """The picture's print file (a CMYK JPEG) as an image XObject, made once for the book."""
        if digest not in self._images:
            data = self.pictures[digest].read_bytes()
            with Image.open(self.pictures[digest]) as image:
                width, height = image.size
            self._images[digest] = self.pdf.make_stream(
                data,
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=width,
                Height=height,
                ColorSpace=pikepdf.Name.DeviceCMYK,
                BitsPerComponent=8,
                Filter=pikepdf.Name.DCTDecode,
                Decode=pikepdf.Array([1, 0] * 4),  # Adobe's CMYK JPEGs (Pillow's) hold their ink inverted
            )
        return self._images[digest]

    def page_number(self, content: _Content, placed: PlacedLine, number: str, left: float, top: float) -> None:
        """A contents line's page number at the end of the line, always horizontal, and its leader of dots: one
        line with round, zero-length dashes, which the PDF draws as dots."""
        size = placed.size
        digits = len(number) * size / 2
        end = self.origin[0] + self.design.block_length  # where the line ends
        start = left + sum(unit.set_width for unit in placed.line.units) * size + size / 2
        axis = self.height - (top + size / 2)
        # turned, the number stands in the line's last em; upright, it ends the line
        number_start = end - (size if self.vertical else digits)
        dot = size / 8
        content.add(
            f"q {INK_STROKE} {dot:.3f} w 1 J [0 {2 * dot:.3f}] 0 d "
            f"{start + dot / 2:.3f} {axis:.3f} m {number_start - size / 2:.3f} {axis:.3f} l S Q"
        )
        box_top = top + size / 2 + digits / 2 if self.vertical else top
        self.horizontal_text(content, number, size, number_start, box_top, digits, "center")

    def running_head(self, text: str) -> str:
        """The 柱 as it fits the text block's width, cut short with ``ELLIPSIS`` if it must: never out of its box.

        Worked out once per text: a chapter's head repeats on all its pages.
        """
        if text not in self._fitted:
            advance, length = self.pdf_fonts[FURNITURE].font.advance, self.block_width / HEAD_SIZE
            fitted = text
            if advance(text) > length:  # the longest start that leaves room for the ellipsis
                room, cut = length - advance(ELLIPSIS), 0
                while (room := room - advance(text[cut])) >= 0:
                    cut += 1
                fitted = text[:cut].rstrip() + ELLIPSIS
            self._fitted[text] = fitted
        return self._fitted[text]

    def furniture(self, content: _Content, page: Page, text: str, size: float, top: float) -> None:
        """Horizontal text across the text block's width, ``top`` pt from the book page's top, at the outer side."""
        side = self.design.margins(self.vertical)[2]  # book page x of the block
        align = "left" if self.left_hand(page) else "right"  # the outer side: left on a left-hand page
        if self.vertical:  # on the landscape page, turned back
            left, top = BLEED + top, BLEED + self.design.width - side
        else:
            left, top = BLEED + side, BLEED + top
        self.horizontal_text(content, text, size, left, top, self.block_width, align)

    def horizontal_text(
        self, content: _Content, text: str, size: float, left: float, top: float, width: float, align: str
    ) -> None:
        """``text`` in the furniture font, aligned in a box ``width`` long whose start is at (``left``, ``top``) of
        the page, y down; in a vertical book the box is turned a quarter counter-clockwise about that point, so
        that it reads upright on the book page."""
        font = self.pdf_fonts[FURNITURE]
        spare = width - font.font.advance(text) * size
        start = {"left": 0.0, "center": spare / 2, "right": spare}[align]
        baseline = font.font.em_box_top / font.font.units_per_em * size
        if self.vertical:
            matrix = (0, 1, -1, 0, left + baseline, self.height - top + start)
        else:
            matrix = (1, 0, 0, 1, left + start, self.height - top - baseline)
        content.text(font, size, matrix, font.font.glyphs(text))

    def line(self, content: _Content, placed: PlacedLine, left: float, top: float, glyphs: list[DrawnGlyph]) -> None:
        """A line's glyphs where the composer set them: each unit at its start, the gap after all but the last."""
        line, size = placed.line, placed.size
        gap = line.gap * size
        body = line.units[:-1] if line.hanging else line.units
        # a hanging 、。 is pulled back over the gap its neighbour would have had
        pull = gap if line.hanging and body[-1].kind == "char" else 0.0
        runs: list[tuple[str, list[tuple[str, int]], list[float]]] = []  # a font's glyphs in a row, and their places
        x = left
        for index, unit in enumerate(line.units):
            if index >= len(body):
                x -= pull
            self.draw_marks(unit, x, top, size, glyphs)
            if unit.kind == "picture":  # room kept in the line, the picture drawn over it
                along, across = x - self.origin[0], top - self.origin[1]
                self.picture(content, PlacedPicture(unit.data[0], along, across, unit.width * size, size))
            else:
                font = self.fonts[unit.font]
                drawn = font.upright_run(unit.text) if unit.kind == "tcy" else font.glyphs(unit.text, self._half(unit))
                offset, step = self._placement(unit, font, size)
                places, position = [], x + offset
                for _, glyph in drawn:
                    places.append(position)
                    position += font.glyph_advance(glyph) / font.units_per_em * size + step
                if runs and runs[-1][0] == unit.font:
                    runs[-1][1].extend(drawn)
                    runs[-1][2].extend(places)
                else:
                    runs.append((unit.font, drawn, places))
            x += unit.set_width * size + (0.0 if index >= len(body) - 1 else gap)
        for role, drawn, places in runs:
            written = self.pdf_fonts[role]
            baseline = self.height - top - written.font.em_box_top / written.font.units_per_em * size
            content.text(written, size, (1, 0, 0, 1, places[0], baseline), drawn, places)

    @staticmethod
    def _half(unit: Unit) -> bool:
        """A character trimmed by 約物 spacing takes its half-width glyph."""
        return unit.kind == "char" and bool(unit.trim_before or unit.trim_after)

    @staticmethod
    def _placement(unit: Unit, font: TateFont, size: float) -> tuple[float, float]:
        """Where a unit's text starts after the unit's start, and the room after each of its characters, pt.

        A ruby base shorter than its reading is spread (JLReq 3.3.8: 1:2:1, half a step at each end, a step
        between characters) or centred over what the reading does not hang out of: the unit's set width.
        A Western word keeps its 四分アキ from Japanese before it (compose.space_western).
        """
        if unit.kind == "char":
            return 0.0, 0.0
        ruby = unit.kind == "ruby"
        spare = (unit.set_width - font.advance(unit.text)) * size if ruby else 0.0
        if spare > 0.01 and len(unit.text) > 1:
            step = spare / len(unit.text)
            return step / 2, step
        if spare > 0.01 or (ruby and (unit.trim_before or unit.trim_after)):
            return max(spare, 0.0) / 2, 0.0
        if unit.trim_before < 0:
            return -unit.trim_before * size, 0.0
        return 0.0, 0.0

    def draw_marks(self, unit: Unit, x: float, top: float, size: float, glyphs: list[DrawnGlyph]) -> None:
        """Ruby readings and emphasis dots on the right of the line (above it, on the landscape page)."""
        small = size * RUBY_SIZE
        if unit.kind == "ruby":
            start = x - unit.trim_before * size  # a hanging reading starts over the unit before
            [(_, reading)] = unit.data  # a group ruby, or one character of a compound's (blocks.UnitMaker.ruby)
            cell = unit.width * size
            spare = max(0.0, cell - len(reading) * small)
            step = spare / len(reading)  # JIS 1:2:1 spreading of a short reading
            for index, char in enumerate(reading):
                position = start + step / 2 + index * (small + step)
                glyphs.append(DrawnGlyph(unit.font, char, position, top - small, small))
        elif unit.bouten:
            font = self.fonts[unit.font]
            position = x + max(-unit.trim_before, 0.0) * size  # after a Western word's 四分アキ
            for char in unit.text:
                if char not in NO_EMPHASIS_DOTS and not is_variation_selector(char):
                    glyphs.append(DrawnGlyph(unit.font, "﹅", position + (size - small) / 2, top - small, small))
                position += font.advance(char) * size


class _Content:
    """A page's content stream as it is written, and the fonts and XObjects it names."""

    def __init__(self) -> None:
        self.operators: list[bytes] = []
        self.fonts: set[str] = set()
        self.xobjects: dict[str, pikepdf.Object] = {}  # pictures, ruby and dot glyphs

    def add(self, operators: str) -> None:
        self.operators.append(operators.encode())

    def image(self, digest: str, image: pikepdf.Object) -> str:
        name = f"/Im{digest[:12]}"
        self.xobjects[name] = image
        return name

    def text(
        self,
        font: PdfFont,
        size: float,
        matrix: tuple[float, ...],
        glyphs: list[tuple[str, int]],
        places: list[float] | None = None,
    ) -> None:
        """Glyphs along one baseline from the text matrix's origin: at their natural advances, or each at its
        place (pt along the line, as x on the page): a TJ moves the pen by the difference."""
        if not glyphs:
            return
        font.draw(glyphs)
        self.fonts.add(font.resource)
        shown, pen = [], places[0] if places else 0.0
        for index, (_, glyph) in enumerate(glyphs):
            if places:
                moved = round((places[index] - pen) * 1000 / size, 2)
                if moved:
                    shown.append(f"{-moved:g}")
                    pen += moved * size / 1000
            shown.append(f"<{glyph:04X}>")
            pen += font.width(glyph) * size / 1000
        numbers = " ".join(f"{value:.3f}" for value in matrix)
        self.add(f"BT {INK_FILL} {font.resource} {size:.3f} Tf {numbers} Tm [{''.join(shown)}] TJ ET")
