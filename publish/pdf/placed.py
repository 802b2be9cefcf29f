"""What the paginator places on a page, in the text block's terms: lines, pictures, rules, and the bands they come in.

``along`` runs along the lines from the block's start, ``across`` across them
from its first edge (right in a vertical book, top in a horizontal one), in pt;
render.py maps both onto the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from publish.pdf.compose import Line


@dataclass
class PlacedLine:
    line: Line
    across: float  # from the block's first edge (right in vertical, top in horizontal) to the line's em box, pt
    along: float  # from the block's start to the line's start, pt
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
class Band:
    """What a block becomes for the paginator: lines (pictures, rules) to place on ``rows`` consecutive grid rows."""

    lines: list[PlacedLine]
    rows: int
    keep_with_next: bool = False
    anchor: str | None = None
    spans: bool = False  # across every column of a two-column page (a chapter's title), its rows taken from each
    break_to: str | None = None  # a page break, no lines: "page" (改ページ) or "recto" (改丁)
    pictures: list[PlacedPicture] = field(default_factory=list)
    rules: list[PlacedRule] = field(default_factory=list)
