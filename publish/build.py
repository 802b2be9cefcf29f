"""The shared builder: book folder → config → document trees → every writer → dist/."""

from __future__ import annotations

import datetime
import glob
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from publish.config import BookConfig, load_config
from publish.epub import epub_files, write_epub
from publish.errors import PublishError
from publish.output import write_outputs
from publish.pdf import page_count, write_pdf
from publish.pdf.cache import one_build
from publish.printcache import remember_pdf, remembered_pdf
from publish.reader import Book, read_as_written, read_book
from publish.reader.memo import DocumentMemo
from publish.report import Reporter

if TYPE_CHECKING:
    from publish.impose import Booklet
    from publish.proofread import Finding

Writer = Callable[[Book, datetime.datetime], bytes]


# format name → (file suffix, writer); the order is the build order.
WRITERS: dict[str, tuple[str, Writer]] = {
    "epub": (".epub", write_epub),
    "pdf": (".pdf", write_pdf),
}


# The times every output can record: a zip entry's date runs from 1980 to 2107.
FIRST_DATE = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
LAST_DATE = datetime.datetime(2107, 12, 31, 23, 59, 58, tzinfo=datetime.UTC)


def source_date(config: BookConfig) -> datetime.datetime:
    """The time the outputs claim: SOURCE_DATE_EPOCH, else the newest source file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if not epoch.strip().isdigit():
            raise PublishError.at(None, None, f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'")
        seconds, source = int(epoch), None
    else:
        seconds, source = max((int(path.stat().st_mtime), path) for path in config.files)
    if not FIRST_DATE.timestamp() <= seconds <= LAST_DATE.timestamp():
        what = "SOURCE_DATE_EPOCH" if source is None else "its modification time"
        message = (
            f"{what} ({seconds:,} seconds) is outside {FIRST_DATE.year}–{LAST_DATE.year}, the years an EPUB can record"
        )
        hint = "" if source is None else ": touch the file, or set SOURCE_DATE_EPOCH"
        raise PublishError.at(source, None, message + hint)
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def read_config(book_dir: Path, reporter: Reporter) -> BookConfig:
    config = load_config(book_dir)
    reporter.step(f"read {config.config_path}")
    return config


def make_outputs(config: BookConfig, formats: list[str] | None, reporter: Reporter) -> tuple[Book, dict[str, bytes]]:
    """Everything a build produces, in memory (``formats`` None: all); nothing is written here."""
    book = read_book(config)
    reporter.step(f"read {len(book.chapters)} manuscript files")
    for warning in book.warnings:
        reporter.warn(warning)
    formats = formats or list(WRITERS)
    modified = source_date(config)
    outputs = {}
    with one_build():
        for name in formats:
            suffix, writer = WRITERS[name]
            with reporter.active():
                outputs[suffix] = writer(book, modified)
            reporter.step(f"made the {name.upper()} ({len(outputs[suffix]):,} bytes)")
        if ".pdf" in outputs:
            remember_pdf(config, modified, outputs[".pdf"])
    return book, outputs


def preview_files(config: BookConfig, memo: DocumentMemo) -> dict[str, bytes]:
    """The EPUB's files, unzipped, for the preview: a long-lived process, it keeps the trees of the chapters it
    read in ``memo``."""
    book = read_book(config, memo)
    with one_build():
        return epub_files(book, source_date(config))


def print_pdf(config: BookConfig, reporter: Reporter) -> bytes:
    """The print PDF: the one the last build made if nothing has changed since, else a new one."""
    pdf = remembered_pdf(config, source_date(config))
    if pdf is not None:
        reporter.step("took the print PDF of the last build: nothing it is made from has changed")
        return pdf
    return make_outputs(config, ["pdf"], reporter)[1][".pdf"]


def check(config: BookConfig, reporter: Reporter) -> list[Finding]:
    """Everything a build checks, writing nothing: the EPUB made, the print book composed (its pages counted,
    not drawn), then the proofreading rules book.toml leaves on."""
    from publish.proofread import proofread

    book = make_outputs(config, ["epub"], reporter)[0]
    with one_build(), reporter.active():  # the derived fonts it uses stay in the cache while it composes
        pages, blank = page_count(book)
    grid = config.print.design.summary(config.vertical)
    reporter.step(f"grid: {grid}; {pages} pages, {blank} of them blank")
    findings = proofread(read_as_written(config), config.proofread_off)
    reporter.step(f"proofread: {len(findings)} finding{'' if len(findings) == 1 else 's'}")
    return findings


def _write(files: dict[Path, bytes], reporter: Reporter) -> list[Path]:
    write_outputs(files)
    for path in files:
        reporter.step(f"wrote {path}")
    return list(files)


def build(book_dir: Path, dist: Path, formats: list[str] | None, reporter: Reporter) -> list[Path]:
    config = read_config(book_dir, reporter)
    outputs = make_outputs(config, formats, reporter)[1]
    return _write({dist / f"{config.name}{suffix}": data for suffix, data in outputs.items()}, reporter)


def build_booklet(
    book_dir: Path, dist: Path, sheet: str | None, signature: int | None, creep: float, reporter: Reporter
) -> tuple[Path, Booklet]:
    """The print PDF imposed for saddle stitching → dist/<name>-booklet.pdf."""
    from publish.impose import impose, sheet_for  # pikepdf loads only for commands that need it, as in publish.pdf

    config = read_config(book_dir, reporter)
    design = config.print.design
    sheet = sheet_for((design.width, design.height), sheet)[0]  # a sheet too small is refused before the build
    booklet = impose(print_pdf(config, reporter), config.vertical, sheet, signature, creep)
    reporter.step(f"imposed {booklet.pages} pages on {booklet.sheets} {booklet.sheet} sheets")
    path = dist / f"{config.name}-booklet.pdf"
    _write({path: booklet.pdf}, reporter)
    return path, booklet


def build_proof(book_dir: Path, dist: Path, reporter: Reporter) -> list[Path]:
    """Every spread of the print PDF → dist/<name>-proof.png, or -proof-1.png, -proof-2.png … for long books."""
    from publish.proof import proof_images  # pdfium loads only for the proof

    config = read_config(book_dir, reporter)
    images = proof_images(print_pdf(config, reporter), config.vertical)
    name = config.name
    if len(images) == 1:
        files = {dist / f"{name}-proof.png": images[0]}
    else:
        files = {dist / f"{name}-proof-{index}.png": image for index, image in enumerate(images, 1)}
    written = _write(files, reporter)
    # a longer book's earlier proof would otherwise leave pages that are no longer true
    for old in dist.glob(f"{glob.escape(name)}-proof*.png"):
        if old not in files and re.fullmatch(rf"{re.escape(name)}-proof(-\d+)?\.png", old.name):
            old.unlink()
    return written
