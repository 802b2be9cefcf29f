"""Where a heading or a title may break: between phrases, never inside a word or inside brackets.

Body text breaks between any two characters that kinsoku allows (JLReq
3.1.7), but a heading broken inside a word (匿名掲|示板) or inside a
bracketed name reads badly, and a typesetter breaks it by phrase (文節)
instead. BudouX (Google's phrase segmenter for Japanese, a small model with
no dependencies) finds the phrases; this module adds that a bracketed span
never breaks. The vertical PDF composes headings and titles with these breaks
only, and the EPUB marks them with ``<wbr/>``.
"""

from __future__ import annotations

from functools import cache

import budoux

from publish.jlreq import CLOSING_BRACKETS, OPENING_BRACKETS


@cache
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def phrase_breaks(text: str) -> frozenset[int]:
    """Offsets into ``text`` before which a line may break: where a phrase starts, outside brackets."""
    breaks, offset = set(), 0
    for phrase in _parser().parse(text)[:-1]:
        offset += len(phrase)
        breaks.add(offset)
    depth = 0
    for offset, char in enumerate(text):
        if depth:
            breaks.discard(offset)
        if char in OPENING_BRACKETS:
            depth += 1
        elif char in CLOSING_BRACKETS and depth:
            depth -= 1
    return frozenset(breaks)
