"""Broken books: each gets `file:line: message`, exit 1, no traceback, and the previous outputs untouched.

The static cases live in tests/data/bad/<case>/ (a book folder plus
`expected`, the problem as printed, relative to the book folder); the ones
that cannot be files in git (5 MB, symlinks, an empty folder) are made here.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from conftest import MANUSCRIPT, run_publish

BAD = Path(__file__).parent / "data" / "bad"
CASES = sorted(path.name for path in BAD.iterdir())
TOML = 'title = "壊れた本"\nidentifier = "urn:uuid:12345678-1234-5678-1234-567812345678"\nchapters = ["ch01.rst"]\n'
TITLE = "第一章\n======\n\n"
PREVIOUS = {"book.epub": b"the last good EPUB", "book.pdf": b"the last good PDF", "book-booklet.pdf": b"booklet"}


def previous_build(dist: Path) -> dict[str, bytes]:
    dist.mkdir()
    for name, data in PREVIOUS.items():
        (dist / name).write_bytes(data)
    return PREVIOUS


def assert_refused(book: Path, dist: Path, expected: str, command: str = "build") -> None:
    """The build fails cleanly with ``expected`` (relative to ``book``) and leaves ``dist`` as it was."""
    before = {path.name: path.read_bytes() for path in dist.iterdir()} if dist.exists() else None
    result = run_publish(command, str(book), "-o", str(dist))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.splitlines()
    wanted = expected if expected.startswith("the print PDF") else f"{book}/{expected}"
    assert any(line.startswith(wanted) or (wanted in line) for line in lines), result.stderr
    assert lines[-1].startswith("publish: ") and lines[-1].endswith("nothing was written")
    after = {path.name: path.read_bytes() for path in dist.iterdir()} if dist.exists() else None
    assert after == before


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_broken_book(tmp_path, case):
    book = tmp_path / "book"
    shutil.copytree(BAD / case, book, symlinks=True)
    expected = (book / "expected").read_text(encoding="utf-8").strip()
    (book / "expected").unlink()
    previous_build(tmp_path / "dist")
    assert_refused(book, tmp_path / "dist", expected)


def write_book(folder: Path, chapter: str | bytes, toml: str = TOML) -> Path:
    folder.mkdir()
    (folder / "book.toml").write_text(toml, encoding="utf-8")
    path = folder / "ch01.rst"
    path.write_bytes(chapter if isinstance(chapter, bytes) else chapter.encode("utf-8"))
    return folder


def test_a_five_megabyte_paragraph(tmp_path):
    line = "あいうえおかきくけこ。" * 10 + "\n"
    book = write_book(tmp_path / "book", TITLE + line * (5_000_000 // len(line.encode()) + 1) + "\n")
    assert (book / "ch01.rst").stat().st_size >= 5_000_000
    previous_build(tmp_path / "dist")
    assert_refused(book, tmp_path / "dist", "ch01.rst:4: a paragraph of 1,661,660 characters: break it up")


def test_a_five_megabyte_line(tmp_path):
    book = write_book(tmp_path / "book", TITLE + "あいうえおかきくけこ。" * 160_000 + "\n")
    assert_refused(book, tmp_path / "dist", "ch01.rst:4: a line of more than 10,000 characters")


def test_lists_nested_two_hundred_deep(tmp_path):
    items = "".join("  " * depth + "- 項目\n\n" for depth in range(200))
    book = write_book(tmp_path / "book", TITLE + items)
    previous_build(tmp_path / "dist")
    # the 33rd level is on line 4 + 2 × 32
    assert_refused(book, tmp_path / "dist", "ch01.rst:68: nested more than 32 levels deep")


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels, with one tiny compressed row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((12_000, 3_000), "'cover.png' is 12000 × 3000 pixels: at most 10,000 on a side"),
        ((30_000, 30_000), "'cover.png' has too many pixels to be a cover"),
    ],
)
def test_huge_cover_images_are_never_decoded(tmp_path, size, message):
    book = write_book(tmp_path / "book", TITLE + "本文です。\n", TOML + 'cover = "cover.png"\n')
    (book / "cover.png").write_bytes(png_header(*size))
    previous_build(tmp_path / "dist")
    assert_refused(book, tmp_path / "dist", f"book.toml:4: {message}")


def test_a_cover_of_another_format(tmp_path):
    from PIL import Image

    book = write_book(tmp_path / "book", TITLE + "本文です。\n", TOML + 'cover = "cover.gif"\n')
    Image.new("RGB", (16, 16)).save(book / "cover.gif")
    assert_refused(book, tmp_path / "dist", "book.toml:4: 'cover.gif' must be a JPEG or PNG image, not GIF")


def test_an_empty_manuscript_folder(tmp_path):
    (tmp_path / "book").mkdir()
    previous_build(tmp_path / "dist")
    assert_refused(tmp_path / "book", tmp_path / "dist", "book.toml: book.toml not found")


def test_no_book_folder_at_all(tmp_path):
    result = run_publish("build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path / 'nowhere'}: book folder not found\n")
    assert not (tmp_path / "dist").exists()


def test_an_unwritable_output_folder(tmp_path):
    book = write_book(tmp_path / "book", TITLE + "本文です。\n")
    (tmp_path / "blocker").write_text("a file where the output folder should be")
    result = run_publish("build", str(book), "-o", str(tmp_path / "blocker" / "dist"), "--format", "epub")
    assert result.returncode == 1
    assert f"{tmp_path / 'blocker' / 'dist'}: cannot write the output" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "blocker").read_text() == "a file where the output folder should be"


def test_a_chapter_that_is_a_symlink_out_of_the_book(tmp_path):
    outside = tmp_path / "secret.rst"
    outside.write_text(TITLE + "本の外の文章。\n", encoding="utf-8")
    book = write_book(tmp_path / "book", b"")
    (book / "ch01.rst").unlink()
    (book / "ch01.rst").symlink_to(outside)
    assert_refused(book, tmp_path / "dist", "book.toml:3: 'ch01.rst' leads outside the book folder")


def test_an_include_that_is_a_symlink_out_of_the_book(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("本の外の文章。\n", encoding="utf-8")
    toml = TOML + "file_insertion_enabled = true\n"
    book = write_book(tmp_path / "book", TITLE + "本文です。\n\n.. include:: inside.txt\n", toml)
    (book / "inside.txt").symlink_to(outside)
    assert_refused(book, tmp_path / "dist", "ch01.rst:6: 'inside.txt' leads outside the book folder")


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A chapter of the bundled book with tab-free, LF, BOM-less text, built."""
    folder = tmp_path_factory.mktemp("clean")
    text = (MANUSCRIPT / "ch01.rst").read_text(encoding="utf-8") + "\n.. epigraph::\n\n        引用の一行。\n"
    book = write_book(folder / "book", text)
    result = run_publish("build", str(book), "-o", str(folder / "dist"), "-q")
    assert result.returncode == 0, result.stderr
    return book, {path.name: path.read_bytes() for path in (folder / "dist").iterdir()}


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(lambda text: "\ufeff" + text, id="BOM"),
        pytest.param(lambda text: text.replace("        ", "\t"), id="tabs"),
    ],
)
def test_crlf_bom_and_tabs_build_exactly_like_the_clean_file(tmp_path, clean_build, variant):
    clean_book, clean_outputs = clean_build
    book = shutil.copytree(clean_book, tmp_path / "book")
    text = (clean_book / "ch01.rst").read_text(encoding="utf-8")
    changed = variant(text)
    assert changed != text
    (book / "ch01.rst").write_bytes(changed.encode("utf-8"))
    # the same claimed date, so only the text can make a difference
    os.utime(book / "ch01.rst", (0, (clean_book / "ch01.rst").stat().st_mtime))
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q")
    assert result.returncode == 0, result.stderr
    assert {path.name: path.read_bytes() for path in (tmp_path / "dist").iterdir()} == clean_outputs
