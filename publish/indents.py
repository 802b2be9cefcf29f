"""字下げ, 字上げ and 地付き: the class names that say them, read and written in this one place.

A manuscript sets a block in from the start of the line (字下げ), short of its
end (字上げ) or against its end (地付き) with docutils' own ``.. class::``
directive and the class names of the 電書協 EPUB 3 guide, which Japanese
ebook stylesheets already know::

    .. class:: start-2em

       拝啓……

    .. class:: align-end end-2em

       縫田針作

``start-Nem`` and ``end-Nem`` go from 1 to ``MAX_EM``. The stylesheets in
``styles/`` give the EPUB and the horizontal PDF their look; the vertical PDF
reads them with ``indents()``; the Aozora importer writes them with
``class_names()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_EM = 10  # the 電書協 guide's stylesheet stops at 10 em too
ALIGN_END = "align-end"
_AMOUNT = re.compile(r"(start|end)-(\d+)em")


@dataclass(frozen=True)
class Indents:
    """Em set in before every line (``start``), short of its end (``end``), and whether lines end flush."""

    start: int = 0
    end: int = 0
    align_end: bool = False

    def __bool__(self) -> bool:
        return bool(self.start or self.end or self.align_end)


def indents(classes: Iterable[str]) -> Indents:
    """The indents a node's classes ask for (other classes are the stylesheets' business)."""
    amounts = {"start": 0, "end": 0}
    align_end = False
    for name in classes:
        match = _AMOUNT.fullmatch(name)
        if match and 1 <= int(match.group(2)) <= MAX_EM:
            amounts[match.group(1)] = int(match.group(2))
        align_end = align_end or name == ALIGN_END
    return Indents(amounts["start"], amounts["end"], align_end)


def class_problem(name: str) -> str | None:
    """Why an indent class cannot be set (an amount out of range); None for any other class."""
    match = _AMOUNT.fullmatch(name)
    if match and not 1 <= int(match.group(2)) <= MAX_EM:
        return f"class {name}: indents go from 1 to {MAX_EM} em ({match.group(1)}-1em … {match.group(1)}-{MAX_EM}em)"
    return None


def class_names(wanted: Indents) -> list[str]:
    """``wanted`` as class names (amounts beyond ``MAX_EM`` are set at ``MAX_EM``)."""
    names = [f"start-{min(wanted.start, MAX_EM)}em"] if wanted.start else []
    names += [f"end-{min(wanted.end, MAX_EM)}em"] if wanted.end else []
    return names + ([ALIGN_END] if wanted.align_end else [])
