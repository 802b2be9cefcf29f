"""The print book through our composer, in either writing mode.

the composed pages (book_pages) → PDF pages, every glyph placed where the
composer set it (render) → pages turned upright if need be, with print boxes
and marks (pageturn) → PDF/X (printready).
"""

from __future__ import annotations

import datetime

import pikepdf

from publish.pdf.book_pages import compose_book, furniture_font
from publish.pdf.pageturn import frame_pages
from publish.pdf.pictures import print_pictures
from publish.pdf.printready import finish_pdf
from publish.pdf.render import PageWriter
from publish.reader import Book
from publish.report import progress


def write_book_pdf(book: Book, modified: datetime.datetime) -> bytes:
    composed = compose_book(book)
    pages = composed.pages
    progress(f"composed {len(pages)} pages")
    vertical = book.config.vertical
    pictures = print_pictures(book, pages)
    pdf = pikepdf.Pdf.new()
    furniture = furniture_font(book, composed)
    PageWriter(pdf, book.config.print.design, composed.fonts, furniture, vertical, pictures).write(pages)
    progress(f"wrote {len(pages)} pages")
    frame_pages(pdf, turn=vertical)
    front_pages = next(index for index, page in enumerate(pages) if page.label == "1")
    return finish_pdf(pdf, book.config, composed.outline, modified, front_pages)
