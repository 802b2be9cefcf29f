"""Document trees → a print-ready PDF: vertical books by our tategaki engine, horizontal ones by WeasyPrint."""

from __future__ import annotations

import datetime

from publish.pdf.horizontal import write_horizontal_pdf
from publish.pdf.vertical import write_vertical_pdf
from publish.reader import Book


def write_pdf(book: Book, modified: datetime.datetime) -> bytes:
    return (write_vertical_pdf if book.config.vertical else write_horizontal_pdf)(book, modified)
