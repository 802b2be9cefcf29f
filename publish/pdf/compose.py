"""The line composer: JLReq / JIS X 4051 line breaking and justification (pure, no fonts, no pages).

A paragraph arrives as a list of ``Unit`` — pieces that never break inside
(a character, a Latin word, ――, a ruby with its base, a 縦中横 run) with their
length in em. ``compose_lines`` breaks them greedily:

* 行頭禁則 / 行末禁則: no line starts with a cl-02…07 or cl-09…11 character,
  none ends with cl-01 (the classes live in ``publish.jlreq``);
* ぶら下げ: 、。 that do not fit may hang past the line end;
* otherwise 追い出し: units move to the next line until the break is allowed;
* every line but a paragraph's last is justified: the slack is spread evenly
  over the gaps between units (never inside a Latin word or ――);
* 約物: where the empty halves of two punctuation marks meet, one goes
  (」「, 。」, 、「 and 「「 take one and a half em, not two);
* 四分アキ: Western words and numbers keep a quarter em from the Japanese
  letters beside them (never at a line's edge).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from publish.jlreq import (
    CLOSING_BRACKETS,
    COMMAS,
    FULL_STOPS,
    HANGING,
    MIDDLE_DOTS,
    OPENING_BRACKETS,
    RUBY_HANG,
    RUBY_MAY_HANG_OVER,
    can_break_between,
)

HALF = 0.5
QUARTER = 0.25
# A Western word's end that takes 四分アキ from Japanese beside it: a letter or a digit (not ―― or ……).
_WESTERN_EDGE = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
_EPSILON = 1e-6
# Punctuation whose glyph fills only the first half of its cell, and only the second half.
INK_FIRST_HALF = frozenset(char for char in CLOSING_BRACKETS + FULL_STOPS + COMMAS if not char.isascii())
INK_SECOND_HALF = frozenset(char for char in OPENING_BRACKETS if not char.isascii())
_PUNCTUATION = INK_FIRST_HALF | INK_SECOND_HALF | frozenset(MIDDLE_DOTS)


@dataclass(frozen=True)
class Unit:
    """A piece of a line that never breaks inside.

    ``kind`` tells the page writer how to draw it ("char", "word", "space",
    "tcy", "ruby", "number"); ``data`` carries what that needs (ruby pairs).
    ``trim_before``/``trim_after`` are the empty halves taken away by 約物 spacing (or, negative, the
    quarter em a Western word keeps from Japanese beside it).
    """

    text: str
    width: float
    kind: str = "char"
    font: str = "body"
    bouten: bool = False
    data: tuple = ()
    trim_before: float = 0.0
    trim_after: float = 0.0
    hang: float = 0.0  # a ruby's reading longer than its base: em it may hang over its neighbours
    joins_next: bool = False  # no line break after it: inside a heading's phrase (publish/phrases.py)

    @property
    def set_width(self) -> float:
        return self.width - self.trim_before - self.trim_after


@dataclass
class Line:
    units: list[Unit]
    gap: float  # em added after every unit but the last (justification)
    hanging: bool = False  # the last unit hangs past the line end
    indent: float = 0.0
    last: bool = False  # a paragraph's last line: set solid, not justified

    @property
    def text(self) -> str:
        return "".join(unit.text for unit in self.units)


@dataclass(frozen=True)
class Measure:
    """Line lengths of one paragraph, in em: its first line and the others."""

    first: float
    rest: float
    first_indent: float = 0.0
    rest_indent: float = 0.0
    justify: bool = True


def space_punctuation(units: list[Unit]) -> list[Unit]:
    """Take away the empty half of punctuation that meets other punctuation (」「, 。」, 「「)."""
    spaced = list(units)
    for index in range(len(spaced) - 1):
        here, after = spaced[index], spaced[index + 1]
        if here.kind != "char" or after.kind != "char" or after.text not in _PUNCTUATION:
            continue
        if here.text in INK_FIRST_HALF:
            spaced[index] = replace(here, trim_after=HALF)
        elif here.text in INK_SECOND_HALF and after.text in INK_SECOND_HALF:
            spaced[index + 1] = replace(after, trim_before=HALF)
    return spaced


def space_western(units: list[Unit]) -> list[Unit]:
    """JLReq Appendix C, table 1 (cl-27 beside cl-19, cl-15 …): a quarter em between Japanese and Western text.

    The space is the Western word's (a negative trim), so that a line's edge takes it back like any trim
    (``_ends``); none is added beside punctuation, brackets or spaces, which have their own rules.
    """
    spaced = list(units)
    for index, unit in enumerate(units):
        if unit.kind != "word":
            continue
        before = index > 0 and _is_japanese_letter(units[index - 1]) and _WESTERN_EDGE.match(unit.text[0])
        after = index + 1 < len(units) and _is_japanese_letter(units[index + 1]) and _WESTERN_EDGE.match(unit.text[-1])
        if before or after:
            spaced[index] = replace(
                unit, trim_before=-QUARTER if before else 0.0, trim_after=-QUARTER if after else 0.0
            )
    return spaced


def _is_japanese_letter(unit: Unit) -> bool:
    """A kanji, a kana or ー 々 (letters outside Latin): what JLReq's ideographic and kana classes hold."""
    char = unit.text[:1]
    return unit.kind in ("char", "ruby") and not char.isascii() and unicodedata.category(char) in ("Lo", "Lm")


def hang_ruby(units: list[Unit]) -> list[Unit]:
    """JLReq 3.3.8: a reading longer than its base hangs over an adjacent kana or punctuation mark.

    Up to ``RUBY_HANG`` on each side, as trims, so a line's first and last
    units take them back (``_ends``): at a line's edge the reading aligns with
    it and the base moves in. What cannot hang keeps the base spread around.
    """
    hung = list(units)
    for index, unit in enumerate(units):
        if not unit.hang:
            continue
        before = index > 0 and _may_hang_over(units[index - 1])
        after = index + 1 < len(units) and _may_hang_over(units[index + 1])
        share = unit.hang / 2 if before and after else unit.hang
        hung[index] = replace(  # a side that meets no kana keeps what a compound's ruby took there (jukugo)
            unit,
            trim_before=min(share, RUBY_HANG) if before else unit.trim_before,
            trim_after=min(share, RUBY_HANG) if after else unit.trim_after,
        )
    return hung


def _may_hang_over(unit: Unit) -> bool:
    return unit.kind == "char" and unit.text[:1] in RUBY_MAY_HANG_OVER


def _first(unit: Unit) -> str:
    return unit.text[:1]


def _last(unit: Unit) -> str:
    return unit.text[-1:]


def _breakable(before: Unit, after: Unit) -> bool:
    if before.kind == "space" or after.kind == "space":
        return True
    if before.joins_next:
        return False
    if before.kind == "word" and after.kind == "word":
        return False
    return can_break_between(_last(before), _first(after))


def _length(units: list[Unit]) -> float:
    """Set length of units as one line: the line's ends keep their full cells."""
    if not units:
        return 0.0
    return sum(unit.set_width for unit in units) + units[0].trim_before + units[-1].trim_after


def _strip_spaces(units: list[Unit]) -> list[Unit]:
    start, end = 0, len(units)
    while start < end and units[start].kind == "space":
        start += 1
    while end > start and units[end - 1].kind == "space":
        end -= 1
    return units[start:end]


def _ends(units: list[Unit]) -> list[Unit]:
    """A line's first and last units take their trimmed halves back (nothing beside them to close up on)."""
    if not units:
        return units
    units = list(units)
    units[0] = replace(units[0], trim_before=0.0)
    units[-1] = replace(units[-1], trim_after=0.0)
    return units


def _fit(units: list[Unit], start: int, length: float) -> int:
    """The end (exclusive) of the longest run from ``start`` that fits ``length``."""
    end, used = start, 0.0
    while end < len(units):
        unit = units[end]
        before = unit.trim_before if end > start else 0.0
        if used + unit.width - before > length + _EPSILON:
            break
        used += unit.width - before - unit.trim_after
        end += 1
    return end


def _break_point(units: list[Unit], start: int, end: int) -> tuple[int, bool]:
    """Where the line from ``start`` really ends, given that ``units[start:end]`` fits; and whether it hangs."""
    if end >= len(units):
        return len(units), False
    if end == start:  # a unit longer than the line: it goes alone
        return start + 1, False
    following = units[end + 1] if end + 1 < len(units) else None
    if (
        units[end].kind == "char"
        and units[end].text in HANGING
        and (following is None or _breakable(units[end], following))
    ):
        return end + 1, True
    cut = end
    while cut > start + 1 and not _breakable(units[cut - 1], units[cut]):
        cut -= 1
    if not _breakable(units[cut - 1], units[cut]):
        return end, False  # no allowed break at all: keep the line full rather than overflow it
    return cut, False


def solid_lines(units: list[Unit] | tuple[Unit, ...], length: float) -> list[Line]:
    """Lines of at most ``length`` em, set solid (not justified): headings, captions, table cells, the contents."""
    return compose_lines(list(units), Measure(length, length, justify=False))


def compose_lines(units: list[Unit], measure: Measure) -> list[Line]:
    """Break a paragraph's units into justified lines."""
    units = hang_ruby(space_western(space_punctuation(units)))
    lines: list[Line] = []
    start = 0
    while start < len(units):
        first = not lines
        length = measure.first if first else measure.rest
        indent = measure.first_indent if first else measure.rest_indent
        end, hanging = _break_point(units, start, _fit(units, start, length))
        line_units = units[start:end]
        start = end
        while start < len(units) and units[start].kind == "space":
            start += 1
        last = start >= len(units)
        body = _ends(_strip_spaces(line_units[:-1] if hanging else line_units))
        hang = [line_units[-1]] if hanging else []
        gap = 0.0
        if measure.justify and not last and len(body) > 1:
            gap = max(0.0, (length - _length(body)) / (len(body) - 1))
        lines.append(Line(body + hang, gap, hanging, indent, last))
    return lines
