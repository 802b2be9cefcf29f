"""Paper, ink and the text block: trim sizes, the type grid and the margins they leave.

The vocabulary of the ``[print]`` table in book.toml; the print writers and
the config check share it, so a grid that cannot fit is refused before any
page is set.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4
# trim name → (width, height) in mm, its default font size in pt, and its default grid
# (characters per line, lines per page) for vertical and for horizontal books
TRIMS: dict[str, tuple[tuple[float, float], float, tuple[int, int], tuple[int, int]]] = {
    "A5": ((148, 210), 9.0, (40, 16), (35, 27)),
    "B6": ((128, 182), 9.0, (36, 14), (31, 23)),
    "A6": ((105, 148), 8.5, (34, 13), (27, 18)),  # 文庫
    "新書": ((105, 173), 8.5, (40, 14), (27, 22)),
    "B5": ((182, 257), 10.0, (44, 18), (40, 30)),  # JIS B5, not ISO
}
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
LINE_GAP = 0.9  # em between lines: room for ruby (half an em) and air
HEAD_SHARE = 0.52  # of the space above and below the block that goes above (天 a little more than 地)
# page furniture, set horizontally in both writing modes
HEAD_SIZE = 7.5  # 柱 (running head), pt
ELLIPSIS = "…"  # ends a 柱 cut short to its box
HEAD_ABOVE_BLOCK = 10 * MM  # from the running head's foot to the text block
NOMBRE_SIZE = 8.0  # ノンブル, pt
NOMBRE_FROM_FOOT = 14 * MM  # from the cut to the top of the nombre
MIN_FOOT = 20 * MM  # room under the block for the nombre
MIN_SIDE = 12 * MM  # のど and 小口: the fold and the thumb


@dataclass(frozen=True)
class PageDesign:
    trim: str
    width: float  # pt
    height: float
    font_size: float
    characters: int
    lines: int

    @classmethod
    def of(
        cls,
        trim: str,
        vertical: bool = True,
        font_size: float | None = None,
        characters: int | None = None,
        lines: int | None = None,
    ) -> PageDesign:
        """A trim size with its default type size and grid, or the ones given."""
        (width, height), size, vertical_grid, horizontal_grid = TRIMS[trim]
        chars, rows = vertical_grid if vertical else horizontal_grid
        return cls(trim, width * MM, height * MM, font_size or size, characters or chars, lines or rows)

    @property
    def pitch(self) -> float:
        return self.font_size * (1 + LINE_GAP)

    @property
    def block_length(self) -> float:
        """The text block along a line, pt."""
        return self.characters * self.font_size

    @property
    def block_depth(self) -> float:
        """The text block across the lines, pt."""
        return (self.lines - 1) * self.pitch + self.font_size

    @property
    def head(self) -> float:
        """天 of a vertical page."""
        return (self.height - self.block_length) * HEAD_SHARE

    @property
    def side(self) -> float:
        """のど = 小口 of a vertical page: the block sits in the middle across the page."""
        return (self.width - self.block_depth) / 2

    def misfit(self, vertical: bool) -> str | None:
        """Why the grid does not fit the page with room for the margins, or None."""
        foot_and_head = self.height - (self.block_length if vertical else self.block_depth)
        sides = self.width - (self.block_depth if vertical else self.block_length)
        if foot_and_head * (1 - HEAD_SHARE) < MIN_FOOT or sides < 2 * MIN_SIDE:
            return (
                f"the text block ({self.characters} characters × {self.lines} lines of {self.font_size:g} pt, "
                f"{self.block_length / MM:.0f} × {self.block_depth / MM:.0f} mm) does not fit the {self.trim} page "
                f"({self.width / MM:.0f} × {self.height / MM:.0f} mm) with its margins; "
                "use fewer characters or lines, or a smaller font size"
            )
        return None
