"""booklet and proof take the print PDF the last build made, and only when nothing it is made from changed."""

from __future__ import annotations

import datetime
import os

import pypdfium2 as pdfium
from conftest import MINIMAL_TOML, make_book, run_publish

from publish.config import load_config
from publish.printcache import print_digest

CHAPTER = "章\n==\n\n{text}\n"


def test_booklet_after_build_reuses_the_print_pdf_until_a_source_changes(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER.format(text="最初の本文です。")})
    cache = {"PUBLISH_CACHE": str(tmp_path / "cache")}
    assert run_publish("build", str(book), "-o", str(tmp_path / "dist"), "--format", "pdf", env=cache).returncode == 0
    reused = run_publish("booklet", str(book), "-o", str(tmp_path / "dist"), env=cache)
    assert reused.returncode == 0, reused.stderr
    assert "took the print PDF of the last build" in reused.stderr
    assert "made the PDF" not in reused.stderr
    # the same booklet as one made from nothing
    fresh = run_publish(
        "booklet", str(book), "-o", str(tmp_path / "fresh"), env={"PUBLISH_CACHE": str(tmp_path / "c2")}
    )
    assert "made the PDF" in fresh.stderr
    booklet = (tmp_path / "dist" / "book-booklet.pdf").read_bytes()
    assert booklet == (tmp_path / "fresh" / "book-booklet.pdf").read_bytes()

    (book / "ch01.rst").write_text(CHAPTER.format(text="書き直した本文です。"), encoding="utf-8")
    changed = run_publish("booklet", str(book), "-o", str(tmp_path / "dist"), env=cache)
    assert "made the PDF" in changed.stderr
    text = "".join(
        page.get_textpage().get_text_range() for page in pdfium.PdfDocument(tmp_path / "dist" / "book-booklet.pdf")
    )
    assert "書き直した" in text and "最初の" not in text


def test_the_digest_covers_the_date_and_every_book_file(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER.format(text="本文です。")})
    config = load_config(book)
    day = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    digest = print_digest(config, day)
    assert print_digest(config, day) == digest
    assert print_digest(config, day + datetime.timedelta(seconds=1)) != digest
    (book / "book.toml").write_text((book / "book.toml").read_text() + 'author = "著者"\n', encoding="utf-8")
    assert print_digest(load_config(book), day) != digest


def test_with_file_insertion_every_file_of_the_book_counts(tmp_path):
    chapter = CHAPTER.format(text="本文です。\n\n.. include:: parts/common.txt")
    files = {"ch01.rst": chapter, "parts/common.txt": "共通。\n"}
    book = make_book(tmp_path / "book", files, MINIMAL_TOML + "file_insertion_enabled = true\n")
    day = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    config = load_config(book)
    assert book / "parts" / "common.txt" in config.files
    digest = print_digest(config, day)
    (book / "parts" / "common.txt").write_text("変えた。\n", encoding="utf-8")
    assert print_digest(load_config(book), day) != digest
    # the outputs of a build written into the book folder are not sources
    (book / "dist").mkdir()
    (book / "dist" / "book.pdf").write_bytes(b"%PDF")
    assert book / "dist" / "book.pdf" not in load_config(book).files


def test_a_changed_picture_is_never_taken_for_the_one_the_kept_pdf_was_made_from(tmp_path):
    """A picture is known only once the manuscript is read: the kept PDF lists it, and a new picture misses."""
    from PIL import Image

    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER.format(text="本文。\n\n.. image:: p.png\n   :alt: 図\n")})
    Image.new("L", (600, 400), 0).save(book / "p.png")
    env = {"PUBLISH_CACHE": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    assert run_publish("build", str(book), "-o", str(tmp_path / "dist"), "--format", "pdf", env=env).returncode == 0
    assert "took the print PDF" in run_publish("proof", str(book), "-o", str(tmp_path / "dist"), env=env).stderr
    Image.new("L", (600, 400), 255).save(book / "p.png")  # the same name, the same date: another picture
    remade = run_publish("proof", str(book), "-o", str(tmp_path / "dist"), env=env)
    assert remade.returncode == 0 and "took the print PDF" not in remade.stderr and "made the PDF" in remade.stderr


def test_a_rebuild_lays_out_only_the_runs_of_pages_that_changed(tmp_path):
    """A long book edited in its last chapter: the runs of pages before it come from the run cache, and the PDF
    is the one a build laying out every run makes. The edit uses characters the book has: a new one derives new fonts,
    and every run is laid out again. PUBLISH_CACHE_MB=0 turns the cache off."""
    from publish.pdf.book_pdf import PAGES_PER_RUN, page_runs

    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]')
    toml += '[print]\ntrim = "文庫"\ncharacters_per_line = 20\nlines_per_page = 10\n'
    long_text = "\n\n".join(f"第{n}段落。" for n in range(PAGES_PER_RUN * 11))  # a line each
    files = {"ch01.rst": CHAPTER.format(text=long_text), "ch02.rst": "終章\n====\n\n最後の本文です。\n"}
    book = make_book(tmp_path / "book", files, toml)
    cache = {"PUBLISH_CACHE": str(tmp_path / "cache")}
    first = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "--format", "pdf", env=cache)
    assert first.returncode == 0 and "from the last builds" not in first.stderr, first.stderr
    runs = len(page_runs(len(pdfium.PdfDocument(tmp_path / "dist" / "book.pdf"))))
    assert runs >= 2 and len(list((tmp_path / "cache" / "runs").glob("*.pdf"))) == runs

    (book / "ch02.rst").write_text("終章\n====\n\n最後の本文です。本文です。\n", encoding="utf-8")
    again = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "--format", "pdf", env=cache)
    assert f"took {runs - 1} of {runs} runs of pages from the last builds" in again.stderr, again.stderr
    assert again.stderr.count("laid out pages") == 1

    off = {**cache, "PUBLISH_CACHE_MB": "0"}  # no run cache: every run laid out, and the kept ones dropped
    uncached = run_publish("build", str(book), "-o", str(tmp_path / "d3"), "--format", "pdf", env=off)
    assert uncached.stderr.count("laid out pages") == runs and not list((tmp_path / "cache" / "runs").iterdir())
    # the edited build, half from the cache, is the one every run laid out anew makes
    assert (tmp_path / "dist" / "book.pdf").read_bytes() == (tmp_path / "d3" / "book.pdf").read_bytes()


def test_the_run_cache_drops_the_least_recently_used_runs_over_its_limit(tmp_path):
    from publish.pdf.runcache import evict

    for age, name in enumerate(("old", "used", "new")):
        (tmp_path / f"{name}.pdf").write_bytes(b"x" * 100)
        os.utime(tmp_path / f"{name}.pdf", ns=(age * 10**9, age * 10**9))
    os.utime(tmp_path / "used.pdf", ns=(5 * 10**9, 5 * 10**9))  # taken by a build since
    evict(tmp_path, 250)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["new.pdf", "used.pdf"]
    evict(tmp_path, 100)
    assert [path.name for path in tmp_path.iterdir()] == ["used.pdf"]
