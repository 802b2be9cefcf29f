"""What a book may reach when it asks (book.toml's switches)."""

from __future__ import annotations

from conftest import MINIMAL_TOML, Epub, epubcheck, make_book, run_publish

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
