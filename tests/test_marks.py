"""The marks publish prints without the manuscript spelling them (publish/marks.py)."""

from __future__ import annotations

import pytest

from publish.marks import ROMAN_DIGITS, kanji_digits, kanji_number, note_mark, roman_number


@pytest.mark.parametrize(
    ("number", "kanji"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (105, "百五"), (1234, "千二百三十四")]
)
def test_kanji_numbers_read_as_counts(number, kanji):
    assert kanji_number(number) == kanji


def test_kanji_digits_read_digit_by_digit():
    assert kanji_digits(2026) == "二〇二六"


@pytest.mark.parametrize(
    ("number", "roman"),
    [(1, "i"), (3, "iii"), (4, "iv"), (9, "ix"), (14, "xiv"), (40, "xl"), (49, "xlix")],
)
def test_front_matter_pages_in_roman_numerals(number, roman):
    assert roman_number(number) == roman
    assert set(roman) <= set(ROMAN_DIGITS)  # what the font check asks the book's fonts for


def test_note_marks():
    assert note_mark("3", citation=False, numerals="arabic") == "※3"
    assert note_mark("12", citation=False, numerals="kanji") == "※十二"
    assert note_mark("*", citation=False, numerals="arabic") == "＊"
    assert note_mark("SOSEKI", citation=True, numerals="arabic") == "［SOSEKI］"
