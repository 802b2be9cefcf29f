"""The print book through our composer, in either writing mode.

the composed pages (book_pages) → HTML, landscape for a vertical book (render)
→ WeasyPrint → pages turned upright if need be, with print boxes and marks
(pageturn) → PDF/X (printready).
"""

from __future__ import annotations

import datetime
import functools
import io
import os
from pathlib import Path

import pikepdf

from publish.pdf.book_pages import compose_book
from publish.pdf.fetch import book_html, refused_fetches
from publish.pdf.pageturn import frame_pages
from publish.pdf.pictures import print_pictures
from publish.pdf.printready import finish_pdf
from publish.pdf.render import PageRenderer
from publish.pdf.workers import worker_pool
from publish.reader import Book
from publish.report import progress

PAGES_PER_RUN = 160  # pages WeasyPrint lays out in one process


def _lay_out(html: str, book_root: Path) -> bytes:
    # uncompressed: pikepdf compresses every stream once, at the end, faster than WeasyPrint would
    return book_html(html, book_root).write_pdf(uncompressed_pdf=True)


def _lay_out_runs(documents: list[str], book_root: Path, pages: int) -> pikepdf.Pdf:
    """WeasyPrint on each run of pages, one process per core, joined in order.

    Every page is self-contained (absolutely placed lines), so runs of pages can
    be laid out apart; the run length is fixed, so the output does not depend
    on the machine. Each run embeds its own font subsets.
    """
    lay_out = functools.partial(_lay_out, book_root=book_root)
    with refused_fetches():
        if len(documents) == 1:
            parts = [lay_out(documents[0])]
        else:
            workers = min(len(documents), os.cpu_count() or 1)
            parts = []
            with worker_pool(workers) as pool:
                for part in pool.imap(lay_out, documents):  # in order, each as soon as it and those before are done
                    parts.append(part)
                    first, last = (len(parts) - 1) * PAGES_PER_RUN + 1, min(len(parts) * PAGES_PER_RUN, pages)
                    progress(f"laid out pages {first}–{last} of {pages}")
    book = pikepdf.Pdf.new()
    for part in parts:
        book.pages.extend(pikepdf.open(io.BytesIO(part)).pages)
    return book


def write_book_pdf(book: Book, modified: datetime.datetime) -> bytes:
    composed = compose_book(book)
    pages = composed.pages
    progress(f"composed {len(pages)} pages")
    vertical = book.config.vertical
    pictures = print_pictures(book, pages)
    renderer = PageRenderer(book.config.print.design, composed.fonts, book.config.print.body_font, vertical, pictures)
    title = book.display(book.config.title)
    runs = [pages[start : start + PAGES_PER_RUN] for start in range(0, len(pages), PAGES_PER_RUN)]
    documents = [renderer.document(run, title, book.config.language) for run in runs]
    pdf = _lay_out_runs(documents, book.config.root, len(pages))
    frame_pages(pdf, turn=vertical)
    front_pages = next(index for index, page in enumerate(pages) if page.label == "1")
    return finish_pdf(pdf, book.config, composed.outline, modified, front_pages)
