"""Paper, ink and the text block: trim sizes, the type grid and the margins they leave.

The vocabulary of the ``[print]`` table in book.toml; the print writers and
the config check share it, so a grid that cannot fit is refused before any
page is set.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4


@dataclass(frozen=True)
class Trim:
    """A trade format: the trim in mm, and the grid books of that format are set on by default."""

    size: tuple[float, float]  # width, height in mm
    font_size: float  # pt
    vertical: tuple[int, int]  # characters per line, lines per page, in a vertical book
    horizontal: tuple[int, int]  # the same in a horizontal book
    line_gap: float  # em between lines (行間; the 行送り is 1 + line_gap em)
    columns: int = 1  # 段組: two tiers of vertical lines, or two columns of horizontal ones, on each page


# trim name → its format. The 文庫, 新書 and 四六判 grids are the trade's (8.5–9 pt, 38–42 字,
# 15–18 行, 行間 about three quarters of an em: JLReq 2.4.2 and the formats' house styles).
_BUNKO = Trim((105, 148), 8.5, (39, 16), (27, 18), 0.75)
TRIMS: dict[str, Trim] = {
    "A5": Trim((148, 210), 9.0, (40, 16), (35, 27), 0.9),
    "B6": Trim((128, 182), 9.0, (36, 14), (31, 23), 0.9),
    "A6": _BUNKO,
    "文庫": _BUNKO,  # A6
    "新書": Trim((105, 173), 9.0, (41, 15), (26, 22), 0.75),
    "四六判": Trim((127, 188), 9.0, (42, 18), (31, 24), 0.75),
    "B5": Trim((182, 257), 10.0, (44, 18), (40, 30), 0.9),  # JIS B5, not ISO
    # 二段組, as 同人誌 novels and magazines set A5 and B5: characters per line are per column
    "A5二段組": Trim((148, 210), 9.0, (26, 20), (17, 30), 0.75, columns=2),
    "B5二段組": Trim((182, 257), 9.0, (28, 24), (22, 36), 0.75, columns=2),
}
MIN_BLOCK_CHARACTERS = 20  # across the block: the contents page sets titles, leaders and page numbers on it
COLUMN_GAP = 2.0  # em between the columns (段間) of a two-column page: JLReq's usual two ems (jlreq's 2zw)
LINE_GAPS = (0.5, 1.5)  # em: the least leaves room for ruby (half an em); the most still reads as one text
# printer paper for home booklets: name → (width, height) in mm, portrait
SHEETS: dict[str, tuple[float, float]] = {
    "A5": (148, 210),
    "B5": (182, 257),  # JIS
    "A4": (210, 297),
    "B4": (257, 364),  # JIS
    "A3": (297, 420),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
    "Tabloid": (279.4, 431.8),
}
BLEED = 3 * MM
INK = "device-cmyk(0 0 0 1)"  # text and marks in K only
HEAD_SHARE = 0.52  # of the space above and below the block that goes above (天 a little more than 地)
# page furniture, set horizontally in both writing modes
HEAD_SIZE = 7.5  # 柱 (running head), pt
ELLIPSIS = "…"  # ends a 柱 cut short to its box
HEAD_ABOVE_BLOCK = 10 * MM  # from the running head's foot to the text block, where the head margin has room
NOMBRE_SIZE = 8.0  # ノンブル, pt
NOMBRE_FROM_FOOT = 14 * MM  # from the cut to the top of the nombre, where the foot margin has room
# What print shops ask of a page: important text at least 10 mm inside the trim (fukurakushia.jp's
# 原稿作成時の注意), anything that must print 3–5 mm inside it (pico-net.com's 本文編; taiyoushuppan.co.jp
# asks 3 mm): the text block keeps 10 mm, the 柱 and the nombre 5 mm, and stay clear of the text.
MIN_MARGIN = 10 * MM
SAFE_ZONE = 5 * MM
FURNITURE_GAP = 3 * MM  # at least between the 柱 or the nombre and the text block


@dataclass(frozen=True)
class PageDesign:
    trim: str
    width: float  # pt
    height: float
    font_size: float
    characters: int  # per line: in a two-column book, per column
    lines: int
    line_gap: float  # em
    columns: int = 1

    @classmethod
    def of(
        cls,
        trim: str,
        vertical: bool = True,
        font_size: float | None = None,
        characters: int | None = None,
        lines: int | None = None,
        line_gap: float | None = None,
    ) -> PageDesign:
        """A trim size with its default type size and grid, or the ones given."""
        format_ = TRIMS[trim]
        chars, rows = format_.vertical if vertical else format_.horizontal
        width, height = format_.size
        return cls(
            trim,
            width * MM,
            height * MM,
            font_size or format_.font_size,
            characters or chars,
            lines or rows,
            format_.line_gap if line_gap is None else line_gap,
            format_.columns,
        )

    @property
    def pitch(self) -> float:
        """行送り: from one line to the next, pt."""
        return self.font_size * (1 + self.line_gap)

    @property
    def block_characters(self) -> int:
        """The text block along a line, in characters: its columns and the gaps between them.

        What the title page, the contents and the colophon set their lines on: they span the columns.
        """
        return round(self.columns * self.characters + (self.columns - 1) * COLUMN_GAP)

    @property
    def block_length(self) -> float:
        """The text block along a line, pt."""
        return self.block_characters * self.font_size

    @property
    def column_step(self) -> float:
        """From one column's start to the next one's, along the lines, pt."""
        return (self.characters + COLUMN_GAP) * self.font_size

    @property
    def block_depth(self) -> float:
        """The text block across the lines, pt."""
        return (self.lines - 1) * self.pitch + self.font_size

    @property
    def head(self) -> float:
        """天 of a vertical page."""
        return self.margins(True)[0]

    @property
    def side(self) -> float:
        """のど = 小口 of a vertical page: the block sits in the middle across the page."""
        return self.margins(True)[2]

    def margins(self, vertical: bool) -> tuple[float, float, float]:
        """天, 地 and each side (のど = 小口) of the text block, pt."""
        tall = self.block_length if vertical else self.lines * self.pitch
        wide = self.block_depth if vertical else self.block_length
        head = (self.height - tall) * HEAD_SHARE
        return head, self.height - tall - head, (self.width - wide) / 2

    def head_gap(self, vertical: bool) -> float:
        """From the 柱's foot to the block: HEAD_ABOVE_BLOCK, or the middle of a narrow 天."""
        head = self.margins(vertical)[0]
        return max(FURNITURE_GAP, min(HEAD_ABOVE_BLOCK, (head - HEAD_SIZE) / 2))

    def nombre_from_foot(self, vertical: bool) -> float:
        """From the cut to the nombre's top: NOMBRE_FROM_FOOT, or the middle of a narrow 地."""
        foot = self.margins(vertical)[1]
        return min(NOMBRE_FROM_FOOT, (foot + NOMBRE_SIZE) / 2)

    def misfit(self, vertical: bool) -> str | None:
        """Why the grid does not fit the page with the margins print shops ask for, or None."""
        if self.block_characters < MIN_BLOCK_CHARACTERS:
            return (
                f"the text block is {self.block_characters} characters long ({self.grid}); the contents page "
                f"needs {MIN_BLOCK_CHARACTERS} for titles, leaders and page numbers: use more characters per line"
            )
        head, foot, side = self.margins(vertical)
        furniture_fits = (
            head - self.head_gap(vertical) - HEAD_SIZE >= SAFE_ZONE
            and foot - self.nombre_from_foot(vertical) >= FURNITURE_GAP
            and self.nombre_from_foot(vertical) - NOMBRE_SIZE >= SAFE_ZONE
        )
        if min(head, foot, side) < MIN_MARGIN or not furniture_fits:
            tall, wide = (self.block_length, self.block_depth) if vertical else (self.block_depth, self.block_length)
            return (
                f"the text block ({self.grid}, "
                f"{tall / MM:.0f} × {wide / MM:.0f} mm) does not fit the {self.trim} page "
                f"({self.width / MM:.0f} × {self.height / MM:.0f} mm) with margins of 10 mm and room for the "
                "running head and the page number; use fewer characters or lines, a smaller font size or line gap"
            )
        return None

    @property
    def grid(self) -> str:
        columns = f" × {self.columns} columns" if self.columns > 1 else ""
        return f"{self.characters} characters × {self.lines} lines{columns} of {self.font_size:g} pt"

    def summary(self, vertical: bool) -> str:
        """The grid and its margins, as ``publish check`` reports them."""
        head, foot, side = self.margins(vertical)
        return (
            f"{self.grid}, line gap "
            f"{self.line_gap:g} em, on {self.trim}; margins 天 {head / MM:.1f}, 地 {foot / MM:.1f}, "
            f"sides {side / MM:.1f} mm"
        )
