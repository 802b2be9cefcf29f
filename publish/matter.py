"""Text the writers print about the book itself: the contents and colophon (奥付) pages."""

from __future__ import annotations

import datetime

from publish import __version__
from publish.config import book_time
from publish.marks import kanji_digits, kanji_number
from publish.reader import Book

CONTENTS_TITLE = "目次"
COLOPHON_TITLE = "奥付"
NOTES_TITLE = "注"  # heads the notes at a chapter's end


def colophon_rows(book: Book) -> list[tuple[str, str]]:
    """(term, value) pairs of the colophon (奥付), in a publisher's order: printings, people, ISBN.

    Each printing is a row of its date and 初版第1刷発行; without ``printings``
    the one printing is dated by ``date``, else by SOURCE_DATE_EPOCH, else by
    the day of the build — never by a file's time (config.book_time).
    """
    config, colophon = book.config, book.config.colophon
    edition = "初版" if colophon.edition == 1 else f"第{_number(colophon.edition, config.vertical)}版"
    days = colophon.printings or (book_time(config.date).date(),)
    rows = [
        (date_text(day, config.vertical), f"{edition}第{_number(number, config.vertical)}刷発行")
        for number, day in enumerate(days, 1)
    ]
    people = [("著者", config.author), ("発行所", colophon.publisher), ("印刷所", colophon.printer)]
    rows += [(term, book.display(value)) for term, value in people if value]
    rows += [("連絡先", colophon.contact)] if colophon.contact else []
    rows += [("ISBN", colophon.isbn)] if colophon.isbn else []
    return [*rows, ("制作", f"publish {__version__}")]


def _number(number: int, vertical: bool) -> str:
    return kanji_number(number) if vertical else str(number)


def date_text(date: datetime.date, vertical: bool) -> str:
    """2026年11月27日, or 二〇二六年十一月二十七日 in vertical books (numbers read upright)."""
    if not vertical:
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{kanji_digits(date.year)}年{kanji_number(date.month)}月{kanji_number(date.day)}日"
