"""The print book through our composer, in either writing mode.

the composed pages (book_pages) → HTML, landscape for a vertical book (render)
→ WeasyPrint → ruby and emphasis dots drawn over them (glyphmarks) → pages
turned upright if need be, with print boxes and marks (pageturn) → PDF/X
(printready).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pikepdf

from publish.pdf.book_pages import compose_book
from publish.pdf.fetch import book_html, refused_fetches
from publish.pdf.glyphmarks import draw_glyphs
from publish.pdf.pageturn import frame_pages
from publish.pdf.pictures import print_pictures
from publish.pdf.printready import finish_pdf
from publish.pdf.render import PageRenderer
from publish.pdf.runcache import keep_run, kept_run, run_keys
from publish.pdf.workers import worker_pool
from publish.reader import Book
from publish.report import progress

PAGES_PER_RUN = 160  # the most pages WeasyPrint lays out in one process


def page_runs(count: int) -> list[range]:
    """The runs of pages laid out apart: at most PAGES_PER_RUN pages each and, when there are several, an even
    number of runs of equal length, so that two cores stay busy to the end (460 pages: four runs of 115, not
    160 + 160 and then 140 on one core while the other waits). The page count alone decides, never the machine,
    so that every machine makes the same PDF."""
    runs = -(-count // PAGES_PER_RUN)
    if runs > 1:
        runs += runs % 2
    length = -(-count // runs)
    return [range(start, min(start + length, count)) for start in range(0, count, length)]


def _lay_out(html: str, book_root: Path) -> bytes:
    # uncompressed: pikepdf compresses every stream once, at the end, faster than WeasyPrint would
    return book_html(html, book_root).write_pdf(uncompressed_pdf=True)


def _lay_out_runs(documents: list[str], book_root: Path, runs: list[range]) -> pikepdf.Pdf:
    """WeasyPrint on each run of pages, one process per core, joined in order; a run laid out before from the
    same inputs is taken from the run cache (runcache.py) instead.

    Every page is self-contained (absolutely placed lines), so runs of pages can
    be laid out apart (``page_runs``). Each run embeds its own font subsets.
    """
    keys = run_keys(documents)
    parts: list[bytes | None] = [kept_run(key) for key in keys]
    missing = [index for index, part in enumerate(parts) if part is None]
    if len(missing) < len(parts):
        progress(f"took {len(parts) - len(missing)} of {len(parts)} runs of pages from the last builds")
    lay_out = functools.partial(_lay_out, book_root=book_root)
    laid_out: Iterator[bytes]
    with refused_fetches(), contextlib.ExitStack() as stack:
        if len(missing) > 1:
            pool = stack.enter_context(worker_pool(min(len(missing), os.cpu_count() or 1)))
            laid_out = pool.imap(lay_out, [documents[index] for index in missing])
        else:
            laid_out = map(lay_out, [documents[index] for index in missing])
        for index in missing:  # in order, each as soon as it and those before are done
            made: bytes = next(laid_out)
            parts[index] = made
            keep_run(keys[index], made)
            progress(f"laid out pages {runs[index].start + 1}–{runs[index].stop} of {runs[-1].stop}")
    book = pikepdf.Pdf.new()
    for kept in parts:
        assert kept is not None  # every run is kept or laid out by now
        book.pages.extend(pikepdf.open(io.BytesIO(kept)).pages)
    return book


def write_book_pdf(book: Book, modified: datetime.datetime) -> bytes:
    composed = compose_book(book)
    pages = composed.pages
    progress(f"composed {len(pages)} pages")
    vertical = book.config.vertical
    pictures = print_pictures(book, pages)
    renderer = PageRenderer(book.config.print.design, composed.fonts, book.config.print.body_font, vertical, pictures)
    title = book.display(book.config.title)
    runs = page_runs(len(pages))
    documents, glyphs = zip(
        *(renderer.document(pages[run.start : run.stop], title, book.config.language) for run in runs), strict=True
    )
    pdf = _lay_out_runs(list(documents), book.config.root, runs)
    draw_glyphs(pdf, [page for run in glyphs for page in run], composed.fonts)
    frame_pages(pdf, turn=vertical)
    front_pages = next(index for index, page in enumerate(pages) if page.label == "1")
    return finish_pdf(pdf, book.config, composed.outline, modified, front_pages)
