"""Character classes of JLReq (Requirements for Japanese Text Layout, appendix A).

Shared by everything that breaks or inspects Japanese lines (the cover, the
print composer, the tests); the class numbers follow JLReq.
"""

from __future__ import annotations

import re

OPENING_BRACKETS = "‘“（〔［｛〈《「『【｟〘〖«〝([{"  # cl-01: never at a line end
CLOSING_BRACKETS = "’”）〕］｝〉》」』】｠〙〗»〟)]}"  # cl-02
HYPHENS = "‐〜゠–"  # cl-03
DIVIDING_PUNCTUATION = "！？‼⁇⁈⁉!?"  # cl-04
MIDDLE_DOTS = "・：；:;"  # cl-05
FULL_STOPS = "。．."  # cl-06
COMMAS = "、，,"  # cl-07
ITERATION_MARKS = "ヽヾゝゞ々〻"  # cl-09
PROLONGED_SOUND_MARK = "ー"  # cl-10
SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿㇷ゚"  # cl-11
INSEPARABLE = "―…‥"  # cl-08: ―― and …… never split

NOT_AT_LINE_START = frozenset(
    CLOSING_BRACKETS
    + HYPHENS
    + DIVIDING_PUNCTUATION
    + MIDDLE_DOTS
    + FULL_STOPS
    + COMMAS
    + ITERATION_MARKS
    + PROLONGED_SOUND_MARK
    + SMALL_KANA
)
NOT_AT_LINE_END = frozenset(OPENING_BRACKETS)
# JLReq 3.3.8: ruby longer than its base may hang over kana (cl-15, cl-16) and punctuation (cl-01…07), not kanji
RUBY_MAY_HANG_OVER = frozenset(
    [chr(code) for code in range(0x3041, 0x30FF)]  # hiragana and katakana
    + list(OPENING_BRACKETS + CLOSING_BRACKETS + HYPHENS + DIVIDING_PUNCTUATION + MIDDLE_DOTS + FULL_STOPS + COMMAS)
    + list(PROLONGED_SOUND_MARK)
)
RUBY_HANG = 0.5  # em of the base: one ruby character at most (JLReq 3.3.8, its note corrected to half an em)
HANGING = frozenset("、。，．")  # ぶら下げ: only these may hang past the line end
# 傍点 mark letters, never punctuation or spaces
NO_EMPHASIS_DOTS = frozenset(OPENING_BRACKETS + CLOSING_BRACKETS + FULL_STOPS + COMMAS + "・：；　 ")


def opens_with_bracket(text: str) -> bool:
    """Whether the text's first visible character is an opening bracket (JLReq 3.1.5: 「 opening a paragraph)."""
    stripped = text.lstrip()  # a full-width space is whitespace too: 　「 opens with a bracket
    return bool(stripped) and stripped[0] in OPENING_BRACKETS


_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def upright_digits(text: str) -> str:
    """A number set upright in vertical text as it prints: one full-width digit to a cell (JLReq 3.2.3)."""
    return text.translate(_FULL_WIDTH_DIGITS)


def can_break_between(before: str, after: str) -> bool:
    """May a line end after ``before`` and the next start with ``after``?"""
    if before in NOT_AT_LINE_END or after in NOT_AT_LINE_START:
        return False
    return not (before in INSEPARABLE and after == before)


def is_japanese(char: str) -> bool:
    """Kana, kanji, CJK punctuation and full-width forms: text that sets in em cells."""
    if not char:
        return False
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK symbols and punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility (vertical) forms
        or 0xFF01 <= code <= 0xFF60  # full-width ASCII
        or 0xFF61 <= code <= 0xFF9F  # half-width katakana
        or 0x20000 <= code <= 0x3FFFF  # CJK extensions B and later
        or char in "―…‥"
    )


# Variation selectors (UAX #37: IVS U+E0100–E01EF; standardized variants U+FE00–FE0F): they pick a
# glyph of the character before them and are never set apart from it.
VARIATION_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
VARIANT = re.compile(f"[^{VARIATION_SELECTORS}][{VARIATION_SELECTORS}]")


def is_variation_selector(char: str) -> bool:
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"
