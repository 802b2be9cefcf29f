"""Marks publish prints that the manuscript does not spell: declared once, checked against the book's fonts.

A list's bullets and numbers, an attribution's dash: the print writer draws
them (pdf/blocks.py), and the font check (pdf/fontcheck.py) asks the book's
fonts for them at the list's line, like the manuscript's own text — so none
is ever drawn from a system font. A note's mark (※1, ※一) is written into the
tree by the reader (reader/notes.py), so both writers and the font check see
it as text.
"""

from __future__ import annotations

BULLET = "・"  # a bullet list's item: 中点, as Japanese books set it
NUMBER_STOP = "．"  # after an item's number in a vertical book (the number itself is 縦中横 or upright)
NUMBER_STOP_HORIZONTAL = "."  # after an item's number in a horizontal book, as a decimal list is written
ATTRIBUTION_DASH = "――"  # before a quotation's attribution
NOTE_MARK = "※"  # 合印: before a note's number, where the text refers to it and before the note itself
_KANJI_DIGITS = "〇一二三四五六七八九"
# docutils' auto-symbol labels that lie on their side in vertical text: their full-width forms stand upright
_UPRIGHT_SYMBOLS = str.maketrans({"*": "＊", "#": "＃"})


def kanji_digits(number: int) -> str:
    """A number in 漢数字 digit by digit, as a year is read: 二〇二六."""
    return "".join(_KANJI_DIGITS[int(digit)] for digit in str(number))


def kanji_number(number: int) -> str:
    """A whole number in 漢数字 as a count is read: 一, 十二, 二十, 百五, 千二百三十四 (above 9999: digit by digit)."""
    if number >= 10_000:
        return kanji_digits(number)
    if number == 0:
        return _KANJI_DIGITS[0]
    out = ""
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit, number = divmod(number, value)
        if digit:
            out += ("" if digit == 1 else _KANJI_DIGITS[digit]) + name
    return out + (_KANJI_DIGITS[number] if number else "")


ROMAN_DIGITS = "ivxlcdm"  # what a front matter's nombre may print (front_matter_numbers = "roman")


def roman_number(number: int) -> str:
    """A page number in lower-case roman numerals, as front matter is numbered: i, iv, xii, xlix."""
    out = ""
    for value, name in _ROMAN:
        count, number = divmod(number, value)
        out += name * count
    return out


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def note_mark(label: str, citation: bool, numerals: str) -> str:
    """A note's mark from its reST label: ※1 (or ※一 with ``numerals = "kanji"``), ＊ † … as they are, ［漱石1905］.

    Numbers are left as digits for the reader's 縦中横; a citation keeps its key, in brackets.
    """
    if citation:
        return f"［{label}］"
    if label.isdigit():
        return NOTE_MARK + (kanji_number(int(label)) if numerals == "kanji" else label)
    return label.translate(_UPRIGHT_SYMBOLS)


def number_stop(vertical: bool) -> str:
    return NUMBER_STOP if vertical else NUMBER_STOP_HORIZONTAL
