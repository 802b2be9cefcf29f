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


def test_the_cache_drops_the_least_recently_used_files_over_its_limit(tmp_path):
    from publish.pdf.cache import evict

    for age, name in enumerate(("old", "used", "new", "kept")):
        (tmp_path / f"{name}.ttf").write_bytes(b"x" * 100)
        os.utime(tmp_path / f"{name}.ttf", ns=(age * 10**9, age * 10**9))
    os.utime(tmp_path / "used.ttf", ns=(5 * 10**9, 5 * 10**9))  # taken by a build since
    keep = {tmp_path / "kept.ttf"}  # the build under way uses it
    evict(tmp_path, 350, keep)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.ttf", "new.ttf", "used.ttf"]
    evict(tmp_path, 0, keep)
    assert [path.name for path in tmp_path.iterdir()] == ["kept.ttf"]


def test_the_cache_keeps_to_its_limit_but_never_drops_what_a_build_uses(tmp_path):
    """PUBLISH_CACHE_MB=0: each build keeps only the files it uses (its derived fonts), and builds as well."""
    cache = {"PUBLISH_CACHE": str(tmp_path / "cache"), "PUBLISH_CACHE_MB": "0"}
    first = make_book(tmp_path / "first", {"ch01.rst": "章\n==\n\n猫の本です。\n"})
    second = make_book(tmp_path / "second", {"ch01.rst": "章\n==\n\n犬の本です。\n"})  # other fonts
    fonts = {}
    for book in (first, second):
        dist = tmp_path / f"{book.name}-dist"
        result = run_publish("build", str(book), "-o", str(dist), "--format", "pdf", env=cache)
        assert result.returncode == 0, result.stderr
        fonts[book.name] = {path.name for path in (tmp_path / "cache").glob("*.ttf")}
    assert len(fonts["first"]) == len(fonts["second"]) == 3 and fonts["first"] != fonts["second"]  # gone
    again = run_publish("build", str(second), "-o", str(tmp_path / "again"), "--format", "pdf", env=cache)
    assert again.returncode == 0
    assert (tmp_path / "again" / "second.pdf").read_bytes() == (tmp_path / "second-dist" / "second.pdf").read_bytes()
