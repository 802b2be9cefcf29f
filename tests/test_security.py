"""The book folder is a trust boundary: no way out, no crash, no hang, no orphan, all or nothing, safe messages.

Each route a book could read a file by, and each class of hostile input, has
a case here; each fails without the guard it tests.
"""

from __future__ import annotations

import datetime
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import EPOCH, MANUSCRIPT, MINIMAL_TOML, ROOT, Epub, epubcheck, make_book, run_publish

from publish.config import load_config
from publish.errors import PublishError, terminal_safe
from publish.resources import MINCHO

SECRET = "TOP-SECRET-CONTENT"
CHAPTER = "第一章\n======\n\n本文です。\n\n"
INSERTION = MINIMAL_TOML + "file_insertion_enabled = true\nraw_enabled = true\n"
HORIZONTAL = 'writing_mode = "horizontal"\n'


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file beside the book that the book must never reach."""
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def refused(book: Path, expected: str, *formats: str, env: dict | None = None) -> str:
    """The build stops with ``expected`` in one line, exit 1, no traceback, nothing written, no secret shown."""
    dist = book.parent / "dist"
    before = {path.name: path.read_bytes() for path in dist.iterdir()} if dist.exists() else {}
    result = run_publish("build", str(book), "-o", str(dist), "--format", ",".join(formats or ("epub",)), env=env)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert any(expected in line for line in result.stderr.splitlines()), result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert (before if dist.exists() else {}) == {path.name: path.read_bytes() for path in dist.glob("*")}
    return result.stderr


def built(book: Path, *formats: str) -> Path:
    dist = book.parent / "dist"
    result = run_publish("build", str(book), "-o", str(dist), "-q", "--format", ",".join(formats or ("epub",)))
    assert result.returncode == 0, result.stderr
    return dist


# --- 1. one gate for every file read on the book's behalf -------------------------------------------------


@pytest.mark.parametrize(
    ("directive", "expected"),
    [
        (".. include:: {outside}", "ch01.rst:6: '{outside}' leads outside the book folder"),
        (".. include:: <../../../../../../../..{outside}>", "ch01.rst:6: '<../"),
        (".. include:: link.txt", "ch01.rst:6: 'link.txt' leads outside the book folder"),
        (".. include:: link.txt\n   :literal:", "ch01.rst:6: 'link.txt' leads outside the book folder"),
        (".. include:: link.txt\n   :code: text", "ch01.rst:6: 'link.txt' leads outside the book folder"),
        (".. include:: /proc/self/environ", "ch01.rst:6: '/proc/self/environ' leads outside the book folder"),
        (".. include:: pipe", "ch01.rst:6: 'pipe' is not a regular file"),
        (".. include:: folder", "ch01.rst:6: 'folder' is a folder, not a file"),
        (".. raw:: html\n   :file: link.txt", "ch01.rst:6: 'link.txt' leads outside the book folder"),
        (".. raw:: html\n   :file: pipe", "ch01.rst:6: 'pipe' is not a regular file"),
        (".. raw:: html\n   :url: file://{outside}", 'ch01.rst:6: "raw" may not read from the network'),
        (".. csv-table::\n   :file: pipe", "ch01.rst:6: 'pipe' is not a regular file"),
        (".. csv-table::\n   :url: file://{outside}", 'ch01.rst:6: "csv-table" may not read from the network'),
        (".. include:: part.txt\n   :parser: antigravity", 'a book may include files with the "rst" parser only'),
        (".. include:: part.txt\n   :encoding: zlib_codec", '"zlib_codec" is not a text encoding'),
        (".. include:: part.txt\n   :encoding: no-such-codec", 'unknown encoding "no-such-codec"'),
        (".. raw:: html\n   :file: part.txt\n   :encoding: base64", '"base64" is not a text encoding'),
    ],
)
def test_directives_read_only_regular_files_of_the_book(tmp_path, outside, directive, expected):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER + directive.format(outside=outside) + "\n"}, INSERTION)
    (book / "part.txt").write_text("含める段落。\n", encoding="utf-8")
    (book / "link.txt").symlink_to(outside)
    (book / "folder").mkdir()
    os.mkfifo(book / "pipe")  # opening it for reading would wait forever for a writer
    refused(book, expected.format(outside=outside))


def test_the_gate_refuses_sockets_and_special_files_without_opening_them(tmp_path, outside):
    from publish.bookfiles import RefusedFileError, read_admitted

    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "socket"))
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for name, why in [("socket", "not a regular file"), ("pipe", "not a regular file"), ("loop", "cannot be read")]:
        with pytest.raises(RefusedFileError, match=why):
            read_admitted(tmp_path / name, [tmp_path], 1000)
    with pytest.raises(RefusedFileError, match="outside the book folder"):
        read_admitted(Path("/dev/zero"), [tmp_path], 1000)
    with pytest.raises(RefusedFileError, match=r"more than the limit of 10 bytes \(raise it with X in book.toml\)"):
        read_admitted(outside, [tmp_path], 10, "X")
    listening.close()


def test_a_sparse_monster_is_refused_by_its_size_never_read(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    with (book / "ch01.rst").open("r+b") as chapter:
        chapter.truncate(50 * 1024**3)  # 50 GB of holes: reading it would take minutes and all memory
    refused(book, "'ch01.rst' is 51,200.0 MB: more than the limit of 8.0 MB (raise it with [limits] text_mb")
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]')
    book = make_book(tmp_path / "two", {"ch01.rst": CHAPTER, "ch02.rst": CHAPTER}, toml)
    for name in ("ch01.rst", "ch02.rst"):
        os.truncate(book / name, 5 * 1024**2)
    refused(book, "the manuscript is 10.0 MB: more than the limit of 8 MB for a book (raise it with [limits] text_mb")
    (book / "book.toml").write_text(toml + "[limits]\ntext_mb = 16\n", encoding="utf-8")
    refused(book, "ch01.rst:6: NUL control character in the file")  # read now: the holes are NULs
    (book / "book.toml").write_text(MINIMAL_TOML + "[limits]\ntext_mb = 300\n", encoding="utf-8")
    refused(book, "'text_mb' must be between 1 and 256, not 300")


def test_included_standard_files_of_docutils_still_work(tmp_path):
    chapter = CHAPTER + ".. include:: <isonum.txt>\n\n記号 |copy| です。\n"
    book = make_book(tmp_path / "book", {"ch01.rst": chapter}, INSERTION)
    assert "記号 © です。" in Epub(built(book) / "book.epub").spine_text()


@pytest.mark.parametrize("key", ["cover", "body_font", "output_profile"])
@pytest.mark.parametrize("kind", ["symlink out", "pipe"])
def test_files_named_in_book_toml_pass_the_gate(tmp_path, outside, key, kind):
    toml = MINIMAL_TOML + ('cover = "x.bin"\n' if key == "cover" else f'[print]\n{key} = "x.bin"\n')
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER}, toml)
    if kind == "pipe":
        os.mkfifo(book / "x.bin")
        refused(book, "book.toml:4: 'x.bin' is not a regular file" if key == "cover" else "'x.bin' is not a regular")
    else:
        (book / "x.bin").symlink_to(outside)
        refused(book, "'x.bin' leads outside the book folder")


@pytest.mark.parametrize("kind", ["symlink out", "pipe", "folder"])
def test_book_toml_itself_passes_the_gate(tmp_path, outside, kind):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    (book / "book.toml").unlink()
    if kind == "pipe":
        os.mkfifo(book / "book.toml")
    elif kind == "folder":
        (book / "book.toml").mkdir()
    else:
        outside.write_text(MINIMAL_TOML.replace("テストの本", SECRET), encoding="utf-8")
        (book / "book.toml").symlink_to(outside)
    why = {"pipe": "is not a regular file", "folder": "is a folder", "symlink out": "leads outside the book folder"}
    refused(book, f"book.toml: {why[kind]}")


@pytest.mark.parametrize(
    "html",
    [
        r'<p style="background: u\72l(file:///etc/hostname)">x</p>',
        r'<style>@\69mport "file:///etc/hostname";</style>',
        r"<style>p { background: image-set('a.png' 1x) }</style>",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/hostname"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="file:///etc/hostname#a"/></svg>',
    ],
)
def test_raw_html_may_not_load_files_in_any_spelling(tmp_path, html):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER + ".. raw:: html\n\n   " + html + "\n"}, INSERTION)
    refused(book, "ch01.rst:6: raw HTML may not load other files")


# --- 2. text hygiene at the tree level --------------------------------------------------------------------


def test_backslash_escapes_leave_no_nul_and_epubcheck_is_clean(tmp_path):
    chapter = CHAPTER + "星印\\*と縦線\\|と:ruby:`漢《かん》`\\ :bouten:`大切`と\\\n続き。\n"
    book = make_book(tmp_path / "book", {"ch01.rst": chapter})
    epub = Epub(built(book) / "book.epub")
    for name in epub.zip.namelist():
        if not name.endswith((".jpg", ".png")):
            assert b"\x00" not in epub.zip.read(name), name
    assert "星印*と縦線｜と漢大切と続き。" in epub.spine_text()  # | beside Japanese is set full-width
    assert [message for message in epubcheck(epub.path) if message["severity"] in ("ERROR", "FATAL")] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a |x| b\n\n.. |x| unicode:: U+1B\n", "ch01.rst:6: U+001B control character in the text"),
        ("a |x| b\n\n.. |x| unicode:: U+202E\n", "ch01.rst:6: U+202E (RIGHT-TO-LEFT OVERRIDE) in the text"),
        ("a |x| b\n\n.. |x| unicode:: U+2066\n", "ch01.rst:6: U+2066 (LEFT-TO-RIGHT ISOLATE) in the text"),
        ("a |x| b\n\n.. |x| unicode:: U+FFFE\n", "ch01.rst:6: U+FFFE (an unassigned, private-use or noncharacter"),
        ("a |x| b\n\n.. |x| unicode:: U+85\n", "ch01.rst:6: U+0085 control character in the text"),
    ],
)
def test_unprintable_text_made_after_parsing_is_refused_with_its_line(tmp_path, source, expected):
    refused(make_book(tmp_path / "book", {"ch01.rst": CHAPTER + source}), expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('title = "本\\u0000"', "book.toml:1: NUL control character in a value"),
        ('title = "本\\u202e"', "book.toml:1: U+202E (RIGHT-TO-LEFT OVERRIDE) in a value"),
        ('title = "本"\nauthor = "\\u001b[2J"', "book.toml:2: U+001B control character in a value"),
    ],
)
def test_book_toml_values_pass_the_same_rule(tmp_path, value, expected):
    toml = MINIMAL_TOML.replace('title = "テストの本"', value)
    refused(make_book(tmp_path / "book", {"ch01.rst": CHAPTER}, toml), expected)


def test_the_epub_writer_never_ships_a_control_character():
    import io
    import zipfile

    from publish.epub.package import _checked_files

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("item/xhtml/p-001.xhtml", "<p>星\x00*</p>")
    with pytest.raises(AssertionError, match=r"a control character reached item/xhtml/p-001\.xhtml"):
        _checked_files(buffer.getvalue())


def test_ideographic_variants_are_set_when_the_font_has_them(tmp_path):
    kuzu = "葛\U000e0100"  # the font has this variant
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER + f"{kuzu}飾区と:bouten:`{kuzu}`。\n"})
    dist = built(book, "epub", "pdf")
    assert f"{kuzu}飾区と{kuzu}。" in Epub(dist / "book.epub").spine_text()
    import pypdfium2 as pdfium

    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(dist / "book.pdf"))
    text = text.encode("utf-16", "surrogatepass").decode("utf-16")  # pdfium gives UTF-16 halves
    # the variant's glyph reads back as the character and its selector (pdfium moves such a glyph in its line)
    assert "飾区と" in text and text.count("葛") == 2 and "\U000e0100" in text
    (book / "ch01.rst").write_text(CHAPTER + "猫\U000e0105です。\n", encoding="utf-8")
    expected = "ch01.rst:6: '猫\U000e0105' (U+732B U+E0105) is a variant missing from the font BIZUDMincho-Regular"
    refused(book, expected, "epub", "pdf")


# --- 4. no hang -------------------------------------------------------------------------------------------


def test_substitutions_that_double_at_each_level_are_refused_before_they_expand(tmp_path):
    definitions = "".join(f".. |s{level}| replace:: |s{level + 1}| |s{level + 1}|\n" for level in range(30))
    chapter = CHAPTER + "本文 |s0| です。\n\n" + definitions + ".. |s30| replace:: あ\n"
    book = make_book(tmp_path / "book", {"ch01.rst": chapter})
    started = time.monotonic()
    refused(book, "ch01.rst:6: substitutions here would make more than 1,000,000 characters of text")
    assert time.monotonic() - started < 30  # 2³⁰ copies would take hours


def test_includes_that_include_twice_are_bounded(tmp_path):
    files = {"ch01.rst": CHAPTER + ".. include:: p0.txt\n", "p25.txt": "あ\n"}
    twice = ".. include:: p{0}.txt\n\n.. include:: p{0}.txt\n"
    files |= {f"p{level}.txt": twice.format(level + 1) for level in range(25)}
    book = make_book(tmp_path / "book", files, INSERTION)
    refused(book, "is one file too many: a book may include 1,000 files at most")


# --- 3. no crash ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["- ", "* ", "1. ", "#. ", "(a) "])
def test_nesting_written_on_one_line_is_refused_with_its_line(tmp_path, marker):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER + marker * 400 + "深すぎる\n"})
    refused(book, "ch01.rst:6: nested more than 32 levels deep")


def test_tab_indented_nesting_is_refused(tmp_path):
    chapter = CHAPTER + "".join("\t" * depth + "段落\n\n" for depth in range(300))
    refused(make_book(tmp_path / "book", {"ch01.rst": chapter}), "nested more than 32 levels deep")


def test_roles_written_over_two_lines_join(tmp_path):
    chapter = CHAPTER + ":ruby:`漢\n字《かん\n|じ》`と:tcy:`1\n2`と:bouten:`大\n切`。\n"
    epub = Epub(built(make_book(tmp_path / "book", {"ch01.rst": chapter})) / "book.epub")
    page = epub.zip.read(epub.base + "xhtml/p-001.xhtml").decode()
    ruby = "<ruby>漢<rp>（</rp><rt>かん</rt><rp>）</rp>字<rp>（</rp><rt>じ</rt><rp>）</rp></ruby>"
    assert ruby in page and '<span class="tcy">12</span>' in page


def test_deeply_nested_toml_and_folders_are_refused(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER}, MINIMAL_TOML + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    refused(book, "book.toml: TOML nested too deeply")
    book = make_book(tmp_path / "deep", {"ch01.rst": CHAPTER})
    os.makedirs(book / "/".join(["d"] * 40))
    refused(book, "folders nested more than 32 deep in the book")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda data: data[:5000], "runs past the end of the file"),
        (lambda data: data[:4] + struct.pack(">H", 900) + data[6:], "table"),
        (lambda data: data.replace(b"glyf", b"gly_", 1), "has no outlines a book can print"),
        (lambda data: data.replace(b"hmtx", b"hmt_", 1), "lacks the table hmtx a book font needs"),
        (lambda data: b"\x00\x01\x00\x00", "its table directory is cut short"),
        (lambda data: data[:12] + b"\xf7SIG" + data[16:], "holds a name that is no table tag"),
    ],
)
def test_malformed_fonts_are_clear_errors(tmp_path, damage, expected):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER}, MINIMAL_TOML + '[print]\nbody_font = "bad.ttf"\n')
    (book / "bad.ttf").write_bytes(damage(MINCHO.read_bytes()))
    refused(book, "book.toml:5: 'bad.ttf' ", "epub", "pdf")
    refused(book, expected, "epub", "pdf")


@pytest.mark.parametrize("seconds", [13_569_465_600, -2_208_988_800])
def test_file_times_outside_the_calendar_are_named(tmp_path, seconds):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    for path in book.iterdir():
        os.utime(path, (seconds, seconds))
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(book), "-o", str(tmp_path / "dist")],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ": its modification time" in result.stderr and "outside 1980–2107" in result.stderr
    refused(book, "SOURCE_DATE_EPOCH (99,999,999,999 seconds) is outside", env={"SOURCE_DATE_EPOCH": "99999999999"})


def test_an_internal_error_is_one_line_and_a_file(tmp_path):
    code = (
        "import sys; import publish.build as build\n"
        "def broken(*args): raise RuntimeError('a bug of ours')\n"
        "build.read_book = broken\n"
        "from publish.cli import main; sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "build", str(MANUSCRIPT), "-o", str(tmp_path), "--format", "epub"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "TMPDIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 3
    last = result.stderr.splitlines()[-1]
    assert last.startswith("publish: internal error; details in ") and "Traceback" not in result.stderr
    details = Path(last.removeprefix("publish: internal error; details in ")).read_text(encoding="utf-8")
    assert "RuntimeError: a bug of ours" in details and "Traceback" in details


# --- 5. no orphans ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_book(tmp_path_factory) -> Path:
    """The bundled book's chapters six times: about 240 pages, a book that takes a moment to compose."""
    book = tmp_path_factory.mktemp("long") / "book"
    book.mkdir()
    chapters = sorted(MANUSCRIPT.glob("ch*.rst"))
    names = [f"ch{index:02d}.rst" for index in range(1, 6 * len(chapters) + 1)]
    for index, name in enumerate(names):
        (book / name).write_bytes(chapters[index % len(chapters)].read_bytes())
    toml = MINIMAL_TOML.replace('["ch01.rst"]', repr(names).replace("'", '"'))
    (book / "book.toml").write_text(toml + "[proofread]\nperiod-before-bracket = false\n", encoding="utf-8")
    return book


def test_a_long_book_shows_its_progress(tmp_path, long_book):
    result = run_publish("build", str(long_book), "-o", str(tmp_path / "dist"), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    steps = [line.split("] ", 1)[1] for line in result.stderr.splitlines()]
    composed = next(step for step in steps if step.startswith("composed "))
    pages = int(composed.split()[1])
    assert pages > 150 and f"wrote {pages} pages" in steps
    assert steps.index(composed) < steps.index(f"wrote {pages} pages") < len(steps) - 1


@pytest.mark.parametrize("how", ["SIGTERM to the build", "SIGINT to the build", "SIGTERM to its group"])
def test_stopping_a_build_stops_it_at_once_and_writes_nothing(tmp_path, long_book, how):
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PUBLISH_CACHE": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "build", str(long_book), "-o", str(tmp_path / "dist")],
        cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    read = ""
    while "manuscript files" not in read and process.poll() is None:  # composing has begun
        read = process.stderr.readline()
    signum = signal.SIGINT if "SIGINT" in how else signal.SIGTERM
    stopped = time.monotonic()
    if "group" in how:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    process.wait(timeout=10)
    assert time.monotonic() - stopped < 2
    assert process.returncode in (130, -signum) and "Traceback" not in process.stderr.read()
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_the_preview_survives_clients_that_vanish_or_stall(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "preview", str(book), "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        address = process.stdout.readline().split(" at ")[1].split()[0]
        host, port = address.removeprefix("http://").rstrip("/").split(":")
        stalled = socket.create_connection((host, int(port)))
        stalled.sendall(b"GET / HTTP/1.1\r\n")  # and nothing more
        for _ in range(20):  # ask for the viewer and hang up before reading it
            vanishing = socket.create_connection((host, int(port)))
            vanishing.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            vanishing.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            vanishing.close()  # a reset, mid-response
        with urllib.request.urlopen(address + "state", timeout=10) as response:
            assert response.status == 200
        stalled.close()
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr and "Error" not in stderr


def test_a_port_the_user_may_not_take_is_a_message(monkeypatch, tmp_path):
    from publish import preview

    def not_allowed(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(preview, "ThreadingHTTPServer", not_allowed)
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    with pytest.raises(PublishError, match=r"cannot listen on 127.0.0.1:80 \(Permission denied\): try --port"):
        preview.serve(book, 80, preview.Reporter(quiet=True))


# --- 6. all or nothing ------------------------------------------------------------------------------------


def test_an_output_path_taken_by_a_folder_replaces_nothing(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "book.epub").write_bytes(b"the last good EPUB")
    (dist / "book.pdf").mkdir()
    result = run_publish("build", str(book), "-o", str(dist))
    assert result.returncode == 1 and "book.pdf: cannot write the output" in result.stderr
    assert (dist / "book.epub").read_bytes() == b"the last good EPUB"


def test_a_failed_rename_puts_back_what_was_replaced(tmp_path, monkeypatch):
    from publish import output

    first, second = tmp_path / "book.epub", tmp_path / "book.pdf"
    first.write_bytes(b"old epub")
    second.write_bytes(b"old pdf")
    real_replace = os.replace

    def failing(source, target):
        if Path(target) == second and str(source).endswith(".new.part"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", failing)
    with pytest.raises(PublishError, match="No space left on device"):
        output.write_outputs({first: b"new epub", second: b"new pdf"})
    assert (first.read_bytes(), second.read_bytes()) == (b"old epub", b"old pdf")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["book.epub", "book.pdf"]


def test_the_print_cache_is_keyed_on_the_bytes_the_build_read(tmp_path, monkeypatch):
    from publish.printcache import print_digest, remember_pdf, remembered_pdf
    from publish.reader import read_book

    monkeypatch.setenv("PUBLISH_CACHE", str(tmp_path / "cache"))
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    chapter = book / "ch01.rst"
    day = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    config = load_config(book)
    read_book(config)  # the build reads the chapter ...
    status = chapter.stat()
    chapter.write_text(CHAPTER.replace("本文", "改稿"), encoding="utf-8")  # ... it is saved meanwhile,
    os.utime(chapter, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size, same time
    remember_pdf(config, day, b"%PDF laid out from the old text")
    assert remembered_pdf(load_config(book), day) is None  # the new text is never given the old PDF
    assert print_digest(load_config(book), day) != print_digest(config, day)


# --- 7. terminal-safe messages ----------------------------------------------------------------------------


def test_file_names_and_text_cannot_drive_the_terminal(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER})
    (book / "x\x1b[2J\nfake.rst").write_text("x", encoding="utf-8")
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "x\\x1b[2J\\x0afake.rst: chapter file not listed" in result.stderr
    assert terminal_safe("本文\u202e\u3000！") == "本文\\u202e\u3000！"
