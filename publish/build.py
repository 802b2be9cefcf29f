"""The shared builder: book folder → config → document trees → every writer → dist/."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path

from publish.config import load_config
from publish.epub import write_epub
from publish.errors import PublishError
from publish.output import write_outputs
from publish.pdf import write_pdf
from publish.reader import Book, read_book
from publish.report import Reporter

Writer = Callable[[Book, datetime.datetime], bytes]


# format name → (file suffix, writer); the order is the build order.
WRITERS: dict[str, tuple[str, Writer]] = {
    "epub": (".epub", write_epub),
    "pdf": (".pdf", write_pdf),
}


def source_date(book: Book) -> datetime.datetime:
    """The time the outputs claim: SOURCE_DATE_EPOCH, else the newest source file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if not epoch.strip().isdigit():
            raise PublishError.at(None, None, f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'")
        seconds = int(epoch)
    else:
        seconds = int(max(path.stat().st_mtime for path in book.sources))
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def make_outputs(book_dir: Path, formats: list[str] | None, reporter: Reporter) -> tuple[Book, dict[str, bytes]]:
    """Everything a build produces, in memory (``formats`` None: all); nothing is written here."""
    config = load_config(book_dir)
    reporter.step(f"read {config.config_path}")
    book = read_book(config)
    reporter.step(f"read {len(book.chapters)} manuscript files")
    formats = formats or list(WRITERS)
    modified = source_date(book)
    outputs = {}
    for name in formats:
        suffix, writer = WRITERS[name]
        outputs[suffix] = writer(book, modified)
        reporter.step(f"made the {name.upper()} ({len(outputs[suffix]):,} bytes)")
    return book, outputs


def build(book_dir: Path, dist: Path, formats: list[str] | None, reporter: Reporter) -> list[Path]:
    book, outputs = make_outputs(book_dir, formats, reporter)
    files = {dist / f"{book.config.name}{suffix}": data for suffix, data in outputs.items()}
    write_outputs(files)
    for path in files:
        reporter.step(f"wrote {path}")
    return list(files)
