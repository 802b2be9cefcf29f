"""Document trees → a print-ready PDF, vertical or horizontal, set by our JLReq composer and drawn by WeasyPrint."""

from __future__ import annotations

import contextlib
import datetime
import os
import warnings
from collections.abc import Iterator

from publish.reader import Book

# fontconfig names a font by the family of the language it runs in (FC_LANG, else the locale), and WeasyPrint
# names the PDF's fonts after fontconfig: under LANG=ja_JP the body font came out as BIZ-UDMincho instead of
# BIZUDMincho-Regular. One language for every machine, set before WeasyPrint starts fontconfig.
os.environ["FC_LANG"] = "en"


@contextlib.contextmanager
def _font_timestamps(modified: datetime.datetime) -> Iterator[None]:
    """fontTools stamps each font it saves (WeasyPrint's subsets) with the time now, unless SOURCE_DATE_EPOCH is set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(modified.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@contextlib.contextmanager
def _engines(modified: datetime.datetime) -> Iterator[None]:
    with _font_timestamps(modified), warnings.catch_warnings():
        # every glyph comes from the book's fonts (@font-face): a machine without system fonts loses nothing
        warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")
        yield


def write_pdf(book: Book, modified: datetime.datetime) -> bytes:
    # The engines (fontTools, pikepdf, WeasyPrint) load only when a PDF is made: EPUB builds start faster.
    with _engines(modified):
        from publish.pdf.book_pdf import write_book_pdf

        return write_book_pdf(book, modified)


def page_count(book: Book, modified: datetime.datetime) -> tuple[int, int]:
    """The print book's pages and how many of them are blank, composed but not drawn (``publish check``).

    No WeasyPrint and no pikepdf: the composer alone knows every page.
    """
    with _engines(modified):
        from publish.pdf.book_pages import compose_book

        pages = compose_book(book).pages
        return len(pages), sum(not page.lines for page in pages)
