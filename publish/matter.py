"""Text the writers print about the book itself: the contents and colophon (奥付) pages."""

from __future__ import annotations

import datetime

from publish import __version__
from publish.reader import Book

_KANJI_DIGITS = "〇一二三四五六七八九"
CONTENTS_TITLE = "目次"
COLOPHON_TITLE = "奥付"


def colophon_rows(book: Book, modified: datetime.datetime) -> list[tuple[str, str]]:
    """(term, value) pairs of the colophon, in order."""
    config = book.config
    date = config.date or modified.date()
    rows = [("発行", date_text(date, config.vertical))]
    if config.author:
        rows.append(("著者", book.display(config.author)))
    return [*rows, ("識別子", config.identifier), ("制作", f"publish {__version__}")]


def date_text(date: datetime.date, vertical: bool) -> str:
    """2026年11月27日, or 二〇二六年十一月二十七日 in vertical books (numbers read upright)."""
    if not vertical:
        return f"{date.year}年{date.month}月{date.day}日"
    year = "".join(_KANJI_DIGITS[int(digit)] for digit in str(date.year))
    return f"{year}年{_kanji_number(date.month)}月{_kanji_number(date.day)}日"


def _kanji_number(number: int) -> str:
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else "十" if tens == 1 else _KANJI_DIGITS[tens] + "十") + (
        _KANJI_DIGITS[ones] if ones else ""
    )
