"""Document trees → a print-ready PDF: vertical books by our tategaki engine, horizontal ones by WeasyPrint."""

from __future__ import annotations

import datetime

from publish.reader import Book


def write_pdf(book: Book, modified: datetime.datetime) -> bytes:
    # The engines (fontTools, pikepdf, WeasyPrint) load only when a PDF is made: EPUB builds start faster.
    if book.config.vertical:
        from publish.pdf.vertical import write_vertical_pdf as write
    else:
        from publish.pdf.horizontal import write_horizontal_pdf as write
    return write(book, modified)
