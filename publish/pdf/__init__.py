"""Document trees → a print-ready PDF, vertical or horizontal: our JLReq composer sets it, our page writer writes it."""

from __future__ import annotations

import datetime

from publish.reader import Book


def write_pdf(book: Book, modified: datetime.datetime) -> bytes:
    # The engines (fontTools, pikepdf) load only when a PDF is made: EPUB builds start faster.
    from publish.pdf.book_pdf import write_book_pdf

    return write_book_pdf(book, modified)


def page_count(book: Book) -> tuple[int, int]:
    """The print book's pages and how many of them are blank, composed but not drawn (``publish check``).

    No pikepdf: the composer alone knows every page.
    """
    from publish.pdf.book_pages import compose_book

    pages = compose_book(book).pages
    return len(pages), sum(not page.lines for page in pages)
