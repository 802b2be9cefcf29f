"""Page design and pagination: composed lines on a grid, chapters on odd pages, heads, nombres, contents.

Everything here is measured in points from the text block's start: ``along``
a line and ``across`` the lines, whichever way they run; render.py maps it onto
the PDF's pages. Odd pages are recto pages in both writing modes
(left-hand in a right-bound vertical book, right-hand in a left-bound one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from publish.paper import PageDesign
from publish.pdf.blocks import Block
from publish.pdf.compose import Line, Measure, Unit, compose_lines, solid_lines
from publish.pdf.insets import picture_band, table_bands
from publish.pdf.placed import Band, PlacedLine, PlacedPicture, PlacedRule
from publish.phrases import phrase_breaks

# heading depth → (size in body ems, rows it takes, indent in body ems)
HEADINGS = {1: (16 / 9, 7, 3.0), 2: (11 / 9, 3, 2.0), 3: (10 / 9, 2, 3.0)}
RUBRIC = (1.0, 2, 2.0)
LABEL_SIZE = 10.5 / 9


@dataclass
class Page:
    number: int
    kind: str  # "title", "blank", "toc", "text", "part" (部扉), "colophon"
    lines: list[PlacedLine] = field(default_factory=list)
    running_head: str | None = None
    opener: bool = False
    anchors: list[str] = field(default_factory=list)  # ids of the sections whose headings are here
    pictures: list[PlacedPicture] = field(default_factory=list)
    rules: list[PlacedRule] = field(default_factory=list)
    label: str | None = None  # the number it shows (its nombre, and in the contents); None: it shows none

    @property
    def nombre(self) -> bool:
        return self.kind in ("toc", "text") and self.label is not None


def _band(design: PageDesign, lines: list[Line], scale: float, rows: int, indent: float) -> list[PlacedLine]:
    """Centre ``lines`` of ``scale`` × body size across a band of ``rows`` grid rows."""
    size = design.font_size * scale
    band = (rows - 1) * design.pitch + design.font_size
    step = size * 1.4
    first = (band - (len(lines) - 1) * step - size) / 2
    return [
        PlacedLine(line, first + index * step, indent * design.font_size + line.indent * size, size)
        for index, line in enumerate(lines)
    ]


def by_phrases(units: list[Unit]) -> list[Unit]:
    """``units`` that break only between phrases, outside brackets (publish/phrases.py): a heading's or a title's."""
    breaks = phrase_breaks("".join(unit.text for unit in units))
    joined, offset = [], 0
    for index, unit in enumerate(units):
        offset += len(unit.text)
        last = index == len(units) - 1
        joined.append(unit if last or offset in breaks else replace(unit, joins_next=True))
    return joined


def balanced_lines(units: list[Unit], length: float) -> list[Line]:
    """A heading's lines, as even as they can be, broken between phrases: never a lone character on its last line."""
    units = by_phrases(units)
    lines = solid_lines(units, length)
    if len(lines) > 1:
        even = math.ceil(sum(unit.width for unit in units) / len(lines))
        for shorter in range(even, math.ceil(length)):
            balanced = solid_lines(units, shorter)
            if len(balanced) == len(lines):
                return balanced
    return lines


def block_bands(design: PageDesign, block: Block, vertical: bool = True) -> list[Band]:
    """A block composed into bands of grid rows."""
    chars = design.characters
    if block.picture is not None:
        return [picture_band(design, block.picture, vertical)]
    if block.table is not None:
        return table_bands(design, block.table)
    if block.kind == "blank":
        return [Band([], 1)]
    if block.kind in ("page-break", "recto-break"):
        return [Band([], 0, break_to=block.kind.removesuffix("-break"))]
    if block.kind == "ornament":  # a scene break's ornament, centred on its line
        lines = solid_lines(block.units, chars)
        for line in lines:
            line.indent = (chars - sum(unit.set_width for unit in line.units)) / 2
        return [Band([PlacedLine(line, 0.0, line.indent * design.font_size, design.font_size)], 1) for line in lines]
    if block.kind in ("paragraph", "item"):
        room = chars - block.indent - block.end_indent
        measure = Measure(
            room - block.first_indent,
            room - block.rest_indent,
            block.first_indent,
            block.rest_indent,
            justify=not block.align_end,  # a line set against the end keeps its natural length
        )
        lines = compose_lines(block.units, measure)
        if block.align_end:
            for line in lines:
                line.indent = room - sum(unit.set_width for unit in line.units)
        return [
            Band([PlacedLine(line, 0.0, (block.indent + line.indent) * design.font_size, design.font_size)], 1)
            for line in lines
        ]
    scale, rows, indent = HEADINGS[min(block.level, 3)] if block.kind == "heading" else RUBRIC
    spans = block.kind == "heading" and block.level == 1  # a chapter's title opens its page, over all columns
    length = ((design.block_characters if spans else chars) - indent) / scale
    lines = balanced_lines(block.units, length)
    placed = _band(design, lines, scale, rows, indent)
    if block.label:
        label = compose_lines([Unit(block.label, len(block.label), "word", "gothic")], Measure(length, length))
        placed = _band(design, label, LABEL_SIZE, 2, indent) + [
            PlacedLine(p.line, p.across + design.pitch * 2, p.along, p.size) for p in placed
        ]
        rows += 2
    return [Band(placed, rows, keep_with_next=True, anchor=block.anchor, spans=spans)]


class Paginator:
    """Fills pages row by row, column by column; each file opens on a new page, an odd one if ``recto_starts`` (改丁).

    A two-column page (段組) is filled one column at a time: the first (upper tier of a vertical page, left column
    of a horizontal one) from its first row to its last, then the second.
    """

    def __init__(self, design: PageDesign, first_number: int, recto_starts: bool = True):
        self.design = design
        self.recto_starts = recto_starts
        self.pages: list[Page] = []
        self.next_number = first_number
        self.row = 0
        self.column = 0
        self.first_row = 0  # of every column of this page: below a title that spans them

    def new_page(self, kind: str, head: str | None = None) -> Page:
        page = Page(self.next_number, kind, running_head=head)
        self.pages.append(page)
        self.next_number += 1
        self.row = self.column = self.first_row = 0
        return page

    def _break_page(self, page: Page, to: str, head: str | None) -> Page:
        """A page break inside a file: the next page, or the next odd one (a blank page before it if need be)."""
        if self.row == self.first_row and self.column == 0:  # nothing set on this page yet
            if to == "page" or page.number % 2 == 1:
                return page
            page.kind, page.running_head = "blank", None
        elif to == "recto" and self.next_number % 2 == 0:
            self.new_page("blank")
        return self.new_page("text", head)

    def _next_column(self, head: str | None) -> Page:
        """The next column of this page, or the first of a new page."""
        if self.column + 1 < self.design.columns:
            self.column += 1
            self.row = self.first_row
            return self.pages[-1]
        return self.new_page("text", head)

    def open_on_odd_page(self) -> None:
        if self.next_number % 2 == 0:
            self.new_page("blank")

    def add_file(self, bands: list[Band], head: str | None) -> int:
        """Set one file's bands from a fresh page (odd, for recto starts); returns its first page number."""
        if self.recto_starts:
            self.open_on_odd_page()
        page = self.new_page("text", head)
        page.opener = True  # a file's first page: no running head
        first = page.number
        floating: list[Band] = []  # pictures that did not fit where they came: at the head of the next column
        for index, band in enumerate(bands):
            if band.break_to:
                page = self._break_page(page, band.break_to, head)
                page = self._place_floating(page, floating, head)
                continue
            if band.pictures and (floating or self._short_of(band.rows)):  # the text goes on, the pictures wait
                floating.append(band)
                continue
            needed = band.rows
            if band.keep_with_next and index + 1 < len(bands):
                needed += min(2, sum(b.rows for b in bands[index + 1 : index + 3]))
            if self._short_of(needed):
                page = self._place_floating(self._next_column(head), floating, head)
            self._place(page, band)
        while floating:  # the file ended before they found room
            page = self._place_floating(self._next_column(head), floating, head)
        return first

    def _short_of(self, rows: int) -> bool:
        """Whether ``rows`` more do not fit this column and should go on in the next one.

        A column with something in it moves on; an empty one keeps anything a fresh page could not hold either,
        but not what only a title above it crowds out (a two-column opener).
        """
        if self.row + rows <= self.design.lines:
            return False
        return self.row > self.first_row or (self.first_row > 0 and rows <= self.design.lines)

    def _place_floating(self, page: Page, floating: list[Band], head: str | None) -> Page:
        """Set the waiting pictures at the head of a fresh column, as many as fit, in their order (JLReq 4.1)."""
        while floating and not self._short_of(floating[0].rows):
            self._place(page, floating.pop(0))
        return page

    def _place(self, page: Page, band: Band) -> None:
        # a title always opens its page; it spans the columns of a two-column one
        spans = band.spans and self.design.columns > 1 and self.column == 0 and self.row == 0
        for placed in band.lines:
            placed.across += self.row * self.design.pitch
            placed.along += self.column * self.design.column_step
            page.lines.append(placed)
        for picture in band.pictures:
            picture.across += self.row * self.design.pitch
            picture.along += self.column * self.design.column_step
            page.pictures.append(picture)
        for rule in band.rules:
            rule.across += self.row * self.design.pitch
            rule.along += self.column * self.design.column_step
            page.rules.append(rule)
        if band.anchor:
            page.anchors.append(band.anchor)
        self.row += band.rows
        if spans:
            self.first_row = self.row
