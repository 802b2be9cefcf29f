"""Pictures and tables on the grid: their size, the rows they take, where they stand in their band.

Both come to the paginator as bands like any paragraph's (placed.py), so they
move, wait and break between pages by the same rules as the text.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from publish.errors import Problem, PublishError
from publish.paper import MM, PageDesign
from publish.pdf.blocks import Picture, Table
from publish.pdf.compose import solid_lines
from publish.pdf.placed import Band, PlacedLine, PlacedPicture, PlacedRule
from publish.report import warn

CELL_PADDING = 0.5  # em inside a table cell, before and after its text along the line
RULE = 0.4  # pt: a table's rules
PRINT_DPI = 300  # what a picture needs at its printed size to print sharp
CSS_PIXEL = 0.75  # pt: a picture's pixel at its natural size (96 to the inch, as the EPUB shows it)
_LENGTH = re.compile(r"([0-9.]+)\s*(%|px|pt|pc|in|cm|mm|em|ex)?")
_UNITS = {"px": CSS_PIXEL, "": CSS_PIXEL, "pt": 1.0, "pc": 12.0, "in": 72.0, "cm": 10 * MM, "mm": MM}


def picture_band(design: PageDesign, picture: Picture, vertical: bool) -> Band:
    """A picture's size on the page, and the rows it takes across the lines; a warning if it would print blurred.

    Its size is the manuscript's (:width:, :height: — a percentage of the text block's — or :scale: of its
    natural size, a pixel being 1/96 inch as in the EPUB), shrunk to fit a column and a page: upright, centred
    along the line and across the rows it takes. One of class full-page instead grows to fill the column and
    takes all its rows with its caption.
    """
    column = design.characters * design.font_size
    caption = solid_lines(picture.caption, design.characters)
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
    # a full-page picture grows to the room; any other only shrinks to it
    scale_to_room = min(room_width / width, room_height / height)
    shrink = scale_to_room if picture.full_page else min(1.0, scale_to_room)
    width, height = width * shrink, height * shrink
    length, depth = (height, width) if vertical else (width, height)
    rows = max(1, math.ceil((depth - design.font_size) / design.pitch - 1e-6) + 1)
    if picture.full_page:  # the rows the caption leaves, so that nothing else shares its page (or column)
        rows = max(rows, design.lines - len(caption))
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
    return Band(lines, rows + len(caption), pictures=[placed])


def _points(length: str, whole: float, font_size: float) -> float:
    """A docutils length (50%, 5cm, 300px, 300) in pt; a percentage of ``whole``."""
    match = _LENGTH.fullmatch(length.strip())
    if match is None:
        raise ValueError(f"not a length: {length}")
    number, unit = float(match[1]), match[2] or ""
    if unit == "%":
        return whole * number / 100
    return number * (font_size if unit == "em" else font_size / 2 if unit == "ex" else _UNITS[unit])


def table_bands(design: PageDesign, table: Table) -> list[Band]:
    """A table set in the book's own direction: its rows follow one another as lines do (right to left in a
    vertical book, top down in a horizontal one), its columns are segments along the line; rules between.

    Each column is as long as its longest text (plus padding) when the table fits the line; otherwise the longest
    columns give way until it does, and their text wraps. A row is one band: a long table breaks between rows.
    """
    size, pitch = design.font_size, design.pitch
    columns = max(len(row.cells) for row in table.rows)
    natural = [2 * CELL_PADDING] * columns  # each column: its longest paragraph, padded
    for row in table.rows:
        for j, cell in enumerate(row.cells):
            longest = max((sum(unit.width for unit in text) for text in cell), default=0.0)
            natural[j] = max(natural[j], longest + 2 * CELL_PADDING)
    if columns * (1 + 2 * CELL_PADDING) > design.characters:
        message = f"a table of {columns} columns does not fit a line of {design.characters} characters"
        raise PublishError.at(table.source, table.line, message)
    lengths = _fit_columns(natural, design.characters)
    starts = [sum(lengths[:j]) for j in range(columns + 1)]
    half_gap = (pitch - size) / 2
    bands = []
    if table.title:
        title = solid_lines(table.title, design.characters)
        bands += [Band([PlacedLine(line, 0.0, 0.0, size)], 1, keep_with_next=True) for line in title]
    for index, row in enumerate(table.rows):
        placed: list[PlacedLine] = []
        height = 1
        for j, cell in enumerate(row.cells):
            room = lengths[j] - 2 * CELL_PADDING
            lines = [line for text in cell for line in solid_lines(text, room)]
            along = (starts[j] + CELL_PADDING) * size
            placed += [PlacedLine(line, k * pitch, along, size) for k, line in enumerate(lines)]
            height = max(height, len(lines))
        depth = (height - 1) * pitch + size + 2 * half_gap
        rules = [PlacedRule(0.0, -half_gap - RULE / 2, starts[-1] * size, RULE)]  # before the row
        rules += [PlacedRule(start * size - RULE / 2, -half_gap, RULE, depth) for start in starts]  # between cells
        if index == len(table.rows) - 1:  # after the last row
            rules.append(PlacedRule(0.0, depth - half_gap - RULE / 2, starts[-1] * size, RULE))
        bands.append(Band(placed, height, keep_with_next=row.header, rules=rules))
    return bands


def _fit_columns(natural: list[float], room: float) -> list[float]:
    """Column lengths that fit ``room``: the longest shortened, level with one another, until the table fits."""
    lengths = list(natural)
    while sum(lengths) > room + 1e-6:
        longest = max(lengths)
        shorter = [length for length in lengths if length < longest - 1e-9]
        level = max(max(shorter, default=0.0), (room - sum(shorter)) / (len(lengths) - len(shorter)))
        lengths = [min(length, level) for length in lengths]
    return lengths
