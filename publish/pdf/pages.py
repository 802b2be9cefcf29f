"""Page design and pagination: composed lines on a grid, chapters on odd pages, heads, nombres, contents.

Everything here is measured in points from the text block's start: ``along``
a line and ``across`` the lines, whichever way they run; render.py maps it onto
the pages WeasyPrint lays out. Odd pages are recto pages in both writing modes
(left-hand in a right-bound vertical book, right-hand in a left-bound one).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from publish.errors import Problem, PublishError
from publish.paper import MM, PageDesign
from publish.pdf.compose import Line, Measure, Unit, compose_lines
from publish.pdf.runs import Block, Picture, Table
from publish.phrases import phrase_breaks
from publish.report import warn

CELL_PADDING = 0.5  # em inside a table cell, before and after its text along the line
RULE = 0.4  # pt: a table's rules
PRINT_DPI = 300  # what a picture needs at its printed size to print sharp
CSS_PIXEL = 0.75  # pt: a picture's pixel at its natural size (96 to the inch, as the EPUB shows it)
_LENGTH = re.compile(r"([0-9.]+)\s*(%|px|pt|pc|in|cm|mm|em|ex)?")
_UNITS = {"px": CSS_PIXEL, "": CSS_PIXEL, "pt": 1.0, "pc": 12.0, "in": 72.0, "cm": 10 * MM, "mm": MM}

# heading depth → (size in body ems, rows it takes, indent in body ems)
HEADINGS = {1: (16 / 9, 7, 3.0), 2: (11 / 9, 3, 2.0), 3: (10 / 9, 2, 3.0)}
RUBRIC = (1.0, 2, 2.0)
LABEL_SIZE = 10.5 / 9


@dataclass
class PlacedLine:
    line: Line
    across: float  # from the block's first edge (right in vertical, top in horizontal) to the line's em box, pt
    along: float  # from the block's top to the line start, pt
    size: float  # pt
    number: str | None = None  # a contents line's page number, set at the line end


@dataclass
class PlacedPicture:
    """A picture on the page, upright, in the block's terms: where it starts along and across the lines, pt."""

    digest: str
    along: float
    across: float
    length: float  # along the lines
    depth: float  # across them


@dataclass
class PlacedRule:
    """A table's rule: a thin box in the block's terms, pt (one of its sizes is the rule's thickness)."""

    along: float
    across: float
    length: float
    depth: float


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

    @property
    def nombre(self) -> bool:
        return self.kind in ("toc", "text")


@dataclass
class _Band:
    """Lines to place on consecutive rows; ``rows`` grid rows tall."""

    lines: list[PlacedLine]
    rows: int
    keep_with_next: bool = False
    anchor: str | None = None
    spans: bool = False  # across every column of a two-column page (a chapter's title), its rows taken from each
    break_to: str | None = None  # a page break, no lines: "page" (改ページ) or "recto" (改丁)
    pictures: list[PlacedPicture] = field(default_factory=list)
    rules: list[PlacedRule] = field(default_factory=list)


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
    lines = compose_lines(units, Measure(length, length, justify=False))
    if len(lines) > 1:
        even = math.ceil(sum(unit.width for unit in units) / len(lines))
        for shorter in range(even, math.ceil(length)):
            balanced = compose_lines(units, Measure(shorter, shorter, justify=False))
            if len(balanced) == len(lines):
                return balanced
    return lines


def _picture_band(design: PageDesign, picture: Picture, vertical: bool) -> _Band:
    """A picture's size on the page, and the rows it takes across the lines; a warning if it would print blurred.

    Its size is the manuscript's (:width:, :height: — a percentage of the text block's — or :scale: of its
    natural size, a pixel being 1/96 inch as in the EPUB), shrunk to fit a column and a page: upright, centred
    along the line and across the rows it takes.
    """
    column = design.characters * design.font_size
    caption = compose_lines(list(picture.caption), Measure(design.characters, design.characters, justify=False))
    # across the lines, the picture leaves room for its caption on the same page
    room_depth = (design.lines - len(caption) - 1) * design.pitch + design.font_size if caption else design.block_depth
    room_depth = max(room_depth, design.block_depth / 2)  # a caption longer than half a page takes its own room
    room_width, room_height = (room_depth, column) if vertical else (column, room_depth)
    pixels_wide, pixels_high = picture.pixels
    scale = (picture.scale or 100) / 100
    width, height = pixels_wide * CSS_PIXEL * scale, pixels_high * CSS_PIXEL * scale
    if picture.width:
        width = _points(picture.width, room_width, design.font_size)
        height = (
            _points(picture.height, room_height, design.font_size)
            if picture.height
            else width * pixels_high / pixels_wide
        )
    elif picture.height:
        height = _points(picture.height, room_height, design.font_size)
        width = height * pixels_wide / pixels_high
    shrink = min(1.0, room_width / width, room_height / height)
    width, height = width * shrink, height * shrink
    length, depth = (height, width) if vertical else (width, height)
    rows = max(1, math.ceil((depth - design.font_size) / design.pitch - 1e-6) + 1)
    extent = (rows - 1) * design.pitch + design.font_size
    dpi = pixels_wide / (width / 72)
    if dpi < PRINT_DPI:
        size = f"{width / MM:.0f} × {height / MM:.0f} mm"
        name = Path(picture.book_file).name
        message = f"picture '{name}' prints at {dpi:.0f} dpi ({size}): under {PRINT_DPI}, it will look blurred"
        warn(Problem(picture.source, picture.line, message))
    placed = PlacedPicture(picture.digest, (column - length) / 2, (extent - depth) / 2, length, depth)
    lines = [
        PlacedLine(line, (rows + index) * design.pitch, 0.0, design.font_size) for index, line in enumerate(caption)
    ]
    return _Band(lines, rows + len(caption), pictures=[placed])


def _points(length: str, whole: float, font_size: float) -> float:
    """A docutils length (50%, 5cm, 300px, 300) in pt; a percentage of ``whole``."""
    match = _LENGTH.fullmatch(length.strip())
    if match is None:
        raise ValueError(f"not a length: {length}")
    number, unit = float(match[1]), match[2] or ""
    if unit == "%":
        return whole * number / 100
    return number * (font_size if unit == "em" else font_size / 2 if unit == "ex" else _UNITS[unit])


def _table_bands(design: PageDesign, table: Table) -> list[_Band]:
    """A table set in the book's own direction: its rows follow one another as lines do (right to left in a
    vertical book, top down in a horizontal one), its columns are segments along the line; rules between.

    Each column is as long as its longest text (plus padding) when the table fits the line; otherwise the longest
    columns give way until it does, and their text wraps. A row is one band: a long table breaks between rows.
    """
    size, pitch = design.font_size, design.pitch
    columns = max(len(row.cells) for row in table.rows)
    natural = [
        max(
            max((sum(unit.width for unit in text) for text in row.cells[j]), default=0.0)
            for row in table.rows
            if j < len(row.cells)
        )
        + 2 * CELL_PADDING
        for j in range(columns)
    ]
    if columns * (1 + 2 * CELL_PADDING) > design.characters:
        message = f"a table of {columns} columns does not fit a line of {design.characters} characters"
        raise PublishError.at(table.source, table.line, message)
    lengths = _fit_columns(natural, design.characters)
    starts = [sum(lengths[:j]) for j in range(columns + 1)]
    half_gap = (pitch - size) / 2
    bands = []
    if table.title:
        title = compose_lines(list(table.title), Measure(design.characters, design.characters, justify=False))
        bands += [_Band([PlacedLine(line, 0.0, 0.0, size)], 1, keep_with_next=True) for line in title]
    for index, row in enumerate(table.rows):
        placed: list[PlacedLine] = []
        height = 1
        for j, cell in enumerate(row.cells):
            room = lengths[j] - 2 * CELL_PADDING
            lines = [line for text in cell for line in compose_lines(list(text), Measure(room, room, justify=False))]
            along = (starts[j] + CELL_PADDING) * size
            placed += [PlacedLine(line, k * pitch, along, size) for k, line in enumerate(lines)]
            height = max(height, len(lines))
        depth = (height - 1) * pitch + size + 2 * half_gap
        rules = [PlacedRule(0.0, -half_gap - RULE / 2, starts[-1] * size, RULE)]  # before the row
        rules += [PlacedRule(start * size - RULE / 2, -half_gap, RULE, depth) for start in starts]  # between cells
        if index == len(table.rows) - 1:  # after the last row
            rules.append(PlacedRule(0.0, depth - half_gap - RULE / 2, starts[-1] * size, RULE))
        bands.append(_Band(placed, height, keep_with_next=row.header, rules=rules))
    return bands


def _fit_columns(natural: list[float], room: float) -> list[float]:
    """Column lengths that fit ``room``: the longest shortened, level with one another, until the table fits."""
    lengths = list(natural)
    while sum(lengths) > room + 1e-6:
        longest = max(lengths)
        shorter = [length for length in lengths if length < longest - 1e-9]
        count = len(lengths) - len(shorter)
        lengths = [max(max(shorter, default=0.0), (room - sum(shorter)) / count) if length >= longest - 1e-9 else length
                   for length in lengths]  # fmt: skip
    return lengths


def block_bands(design: PageDesign, block: Block, vertical: bool = True) -> list[_Band]:
    """A block composed into bands of grid rows."""
    chars = design.characters
    if block.picture is not None:
        return [_picture_band(design, block.picture, vertical)]
    if block.table is not None:
        return _table_bands(design, block.table)
    if block.kind == "blank":
        return [_Band([], 1)]
    if block.kind in ("page-break", "recto-break"):
        return [_Band([], 0, break_to=block.kind.removesuffix("-break"))]
    if block.kind == "ornament":  # a scene break's ornament, centred on its line
        lines = compose_lines(block.units, Measure(chars, chars, justify=False))
        for line in lines:
            line.indent = (chars - sum(unit.set_width for unit in line.units)) / 2
        return [_Band([PlacedLine(line, 0.0, line.indent * design.font_size, design.font_size)], 1) for line in lines]
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
            _Band([PlacedLine(line, 0.0, (block.indent + line.indent) * design.font_size, design.font_size)], 1)
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
    return [_Band(placed, rows, keep_with_next=True, anchor=block.anchor, spans=spans)]


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

    def add_file(self, bands: list[_Band], head: str | None) -> int:
        """Set one file's bands from a fresh page (odd, for recto starts); returns its first page number."""
        if self.recto_starts:
            self.open_on_odd_page()
        page = self.new_page("text", head)
        page.opener = True  # a file's first page: no running head
        first = page.number
        floating: list[_Band] = []  # pictures that did not fit where they came: at the head of the next column
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

    def _place_floating(self, page: Page, floating: list[_Band], head: str | None) -> Page:
        """Set the waiting pictures at the head of a fresh column, as many as fit, in their order (JLReq 4.1)."""
        while floating and not self._short_of(floating[0].rows):
            self._place(page, floating.pop(0))
        return page

    def _place(self, page: Page, band: _Band) -> None:
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
