"""What a book may reach when it asks (book.toml's switches), and what WeasyPrint may read."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_TOML, Epub, epubcheck, make_book, run_publish
from weasyprint.urls import FatalURLFetchingError

from publish.pdf.cache import cache_dir
from publish.pdf.fetch import BookFetcher
from publish.resources import MINCHO

CHAPTER = "章\n==\n\n本文です。\n\n"


def test_includes_inside_the_book_work_when_the_book_turns_them_on(tmp_path):
    book = make_book(
        tmp_path / "book",
        {"ch01.rst": CHAPTER + ".. include:: parts/shared.txt\n", "parts/shared.txt": "共有の段落です。\n"},
        MINIMAL_TOML + "file_insertion_enabled = true\n",
    )
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q", "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert "共有の段落です。" in Epub(tmp_path / "dist" / "book.epub").spine_text()


def test_raw_html_reaches_the_epub_only_when_the_book_turns_it_on(tmp_path):
    raw = '.. raw:: html\n\n   <p class="note">生の<b>HTML</b></p>\n   <script>console.log(1)</script>\n'
    toml = MINIMAL_TOML + 'writing_mode = "horizontal"\nraw_enabled = true\n'
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER + raw}, toml)
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q", "--format", "epub")
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    page = epub.zip.read(epub.base + "xhtml/p-001.xhtml").decode()
    assert '<p class="note">生の<b>HTML</b></p>' in page and "<script>" in page
    [item] = [item for item in epub.manifest().values() if item.get("href") == "xhtml/p-001.xhtml"]
    assert item.get("properties") == "scripted"  # EPUB 3 asks for it on pages with scripts
    assert [message for message in epubcheck(epub.path) if message["severity"] in ("ERROR", "FATAL")] == []
    # the print composer cannot set HTML, in either writing mode: said, and nothing written
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q", "--format", "pdf")
    assert result.returncode == 1 and "ch01.rst:6: raw HTML cannot be set in a print PDF" in result.stderr
    assert not (tmp_path / "dist" / "book.pdf").exists()


@pytest.fixture
def fetcher(tmp_path) -> BookFetcher:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "picture.png").write_bytes(b"\x89PNG")
    (tmp_path / "outside.txt").write_text("secret")
    (tmp_path / "book" / "link.txt").symlink_to(tmp_path / "outside.txt")
    return BookFetcher(tmp_path / "book")


def test_weasyprint_reads_the_book_styles_and_cache(fetcher, tmp_path):
    assert fetcher.fetch((tmp_path / "book" / "picture.png").as_uri()).read() == b"\x89PNG"
    assert fetcher.fetch(MINCHO.as_uri()).read(4) == b"\x00\x01\x00\x00"
    cache_dir().mkdir(parents=True, exist_ok=True)
    assert fetcher.roots[-1] == cache_dir().resolve()
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


@pytest.mark.parametrize(
    "address",
    [
        "http://example.com/picture.png",
        "https://example.com/font.ttf",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "OUTSIDE",
        "LINK",
        "BEHIND",
    ],
)
def test_weasyprint_reads_nothing_else(fetcher, tmp_path, address):
    address = {
        "OUTSIDE": (tmp_path / "outside.txt").as_uri(),
        "LINK": (tmp_path / "book" / "link.txt").as_uri(),  # a symlink out of the book
        "BEHIND": (tmp_path / "book" / ".." / "outside.txt").as_uri(),
    }.get(address, address)
    with pytest.raises(FatalURLFetchingError, match="may not"):
        fetcher.fetch(address)
