"""Fuzzing: a mutated manuscript gives a clean build or a clean error, never a traceback or a hang.

Each case is a file of the bundled book with reST syntax inserted, random
Unicode inserted, structure inserted (lists and quotes nested on one line or
by indentation, roles with escapes and line breaks, file-reading directives
with random options and paths, some to a FIFO or out of the book), lines
shuffled or the text cut short, built in-process (EPUB and print PDF) by the
command's own entry point, with file insertion and raw HTML on or off. A
second test damages the book's font. 300 and 30 cases in the normal run, the
same ones every time; PUBLISH_FUZZ_EXAMPLES=5000 (the slow tier) runs that
many new ones of each.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import zipfile

import pytest
from conftest import MANUSCRIPT, MINIMAL_TOML
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from publish.cli import main
from publish.resources import MINCHO

pytestmark = pytest.mark.slow  # ./dev test -m "not slow" leaves it out

EXAMPLES = int(os.environ.get("PUBLISH_FUZZ_EXAMPLES", "300"))
FONT_EXAMPLES = int(os.environ.get("PUBLISH_FUZZ_EXAMPLES", "30"))
COMMON_SETTINGS = {
    "deadline": None,
    "derandomize": "PUBLISH_FUZZ_EXAMPLES" not in os.environ,  # the normal run: the same cases every time
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
SECONDS_PER_CASE = 60  # a hang is anything longer
# the fuzzed book: the bundled lead (front matter, no title) and a chapter, one file mutated at a time
FILES = {name: (MANUSCRIPT / name).read_text(encoding="utf-8") for name in ("lead.rst", "ch01.rst")}
TOML = MINIMAL_TOML.replace('chapters = ["ch01.rst"]', 'front = ["lead.rst"]\nchapters = ["ch01.rst"]')
SECRET = "TOP-SECRET-OUTSIDE-THE-BOOK"
FONT = MINCHO.read_bytes()
BOOK_CHARACTERS = sorted(set("".join(FILES.values())))
SYNTAX = [
    "*", "**", "`", "``", "_", "|", "\\", ":", "::", "..", ".. ", "\n\n", "\n", "  ", "\t", "\r", "\ufeff",
    ":ruby:`", "《", "》", ":ruby:`漢字《かん|じ》`", ":ruby:`字《》`", ":tcy:`12`", ":tcy:`1234`", ":bouten:`",
    ":bouten:`傍点`", "\n.. rubric:: 見出し\n\n", "\n.. rubric::\n", "\n====\n", "\n章\n==\n\n", "\n--\n",
    "\n- 項目\n", "\n1. 項目\n", "\n#. 項目\n", "\n    引用\n", "\n| 行\n", "\n::\n\n    literal\n",
    "\n.. include:: ch01.rst\n", "\n.. raw:: html\n\n   <b>\n", "\n.. image:: x.png\n", "[#]_", "[1]_",
    "\n.. [1] 注\n", "|sub|", "\n.. |sub| replace:: 置換\n", "`x <javascript:alert(1)>`_", "`x <https://a.jp>`_",
    "x_", "`x`_", "\n.. _x:\n", "\n.. note:: 注意\n", "\n.. epigraph::\n\n   引用\n", "\n-----\n\n",
    "!?", "!!", "??", "12", "123", "3.14", "A!B", "――", "……", "「", "」", "（", "）", "、", "。", "ー", "〝", "〟",
]  # fmt: skip


DIRECTIVES = ["include", "raw", "csv-table", "figure", "image", "unicode", "code", "title"]
OPTIONS = ["file", "url", "encoding", "parser", "literal", "code", "start-line", "end-line", "start-after",
           "figwidth", "tab-width", "class", "name", "header-rows", "delim"]  # fmt: skip
VALUES = ["pipe", "outside", "../../../../etc/hostname", "/proc/self/environ", "<isonum.txt>", "<../../x>", "ch01.rst",
          "lead.rst", "image", "utf-8", "zlib_codec", "rot13", "nope", "rst", "antigravity", "1", "-5", "99999",
          "file:///etc/hostname", "http://127.0.0.1:9/x", "", "html", "U+1B", "0x202E", "U+E0100"]  # fmt: skip


@st.composite
def structure(draw) -> str:
    """Nesting, roles and directives as a writer (or an attacker) might spell them."""
    kind = draw(st.sampled_from(["nesting", "indent", "role", "directive"]))
    if kind == "nesting":  # lists and quotes inside each other on one line
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "#. ", "(a) ", "| ", "+ "]))
        return "\n\n" + marker * draw(st.integers(1, 300)) + "入れ子\n\n"
    if kind == "indent":
        unit = draw(st.sampled_from([" ", "  ", "\t", "    "]))
        depth = draw(st.integers(1, 80))
        return "\n\n" + "".join(unit * level + "段落\n\n" for level in range(0, depth, max(1, depth // 8)))
    if kind == "role":
        role = draw(st.sampled_from(["ruby", "tcy", "bouten", "emphasis", "strong", "literal", "nosuch"]))
        pieces = ["漢", "字", "《", "》", "|", "\\", "\n", " ", "`", "1", "!"]
        body = draw(st.text(st.sampled_from(pieces), max_size=12))
        return f":{role}:`{body}`"
    name = draw(st.sampled_from(DIRECTIVES))
    argument = draw(st.sampled_from(VALUES))
    options = draw(st.lists(st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)), max_size=3))
    lines = "".join(f"   :{option}: {value}\n" for option, value in options)
    return f"\n\n.. {name}:: {argument}\n{lines}\n" + draw(st.sampled_from(["", "   本文\n\n"]))


class Hang(BaseException):
    """Raised by the alarm: past the handler that turns our bugs into exit code 3."""


def _alarm(signum, frame):
    raise Hang(f"a case took more than {SECONDS_PER_CASE} s")


@st.composite
def mutated_file(draw) -> tuple[str, str]:
    """(file name, its mutated text)."""
    name = draw(st.sampled_from(sorted(FILES)))
    text = FILES[name]
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["syntax", "unicode", "structure", "shuffle", "truncate"]))
        if operation == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
            continue
        if operation == "shuffle":
            lines = text.split("\n")
            random = draw(st.randoms(use_true_random=False))
            start = random.randrange(len(lines))
            stretch = lines[start : start + random.randint(2, 12)]
            random.shuffle(stretch)
            text = "\n".join(lines[:start] + stretch + lines[start + len(stretch) :])
            continue
        if operation == "syntax":
            insert = draw(st.sampled_from(SYNTAX))
        elif operation == "structure":
            insert = draw(structure())
        else:  # any character at all, or the book's own (which the fonts have): more cases get through
            insert = draw(st.text(min_size=1, max_size=12) | st.text(BOOK_CHARACTERS, min_size=1, max_size=40))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + insert + text[at:]
    return name, text


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "book").mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "book" / "outside").symlink_to(folder / "secret.txt")
    os.mkfifo(folder / "book" / "pipe")  # read, it would hang the case
    cache = os.environ.get("PUBLISH_CACHE")
    os.environ["PUBLISH_CACHE"] = str(folder / "cache")  # the derived fonts of random texts stay here
    previous = signal.signal(signal.SIGALRM, _alarm)
    yield folder
    signal.signal(signal.SIGALRM, previous)
    if cache is None:
        del os.environ["PUBLISH_CACHE"]
    else:
        os.environ["PUBLISH_CACHE"] = cache


@settings(max_examples=EXAMPLES, **COMMON_SETTINGS)
@given(mutated=mutated_file(), switches=st.booleans())
def test_mutated_manuscripts_build_or_fail_cleanly(book, mutated, switches):
    toml = TOML + ("file_insertion_enabled = true\nraw_enabled = true\n" if switches else "")
    (book / "book" / "book.toml").write_text(toml, encoding="utf-8")
    for name, text in FILES.items():
        (book / "book" / name).write_text(text, encoding="utf-8")
    name, text = mutated
    (book / "book" / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    assert_clean(book, ["build", str(book / "book"), "-o", str(book / "dist"), "-q"])


def assert_clean(book, command: list[str]) -> None:
    """The command builds (0) or refuses (1) with one located line per problem; never a bug, a hang or a leak."""
    errors = io.StringIO()
    signal.alarm(SECONDS_PER_CASE)
    try:
        with contextlib.redirect_stderr(errors):
            status = main(command)
    finally:
        signal.alarm(0)
    report = errors.getvalue()
    event("built" if status == 0 else "refused")  # pytest --hypothesis-show-statistics shows the share
    assert status in (0, 1), report  # 3 is our own bug, caught
    assert "Traceback" not in report and "internal error" not in report
    assert SECRET not in report
    for output in (book / "dist").glob("*.epub"):
        with zipfile.ZipFile(output) as epub:
            assert not any(SECRET.encode() in epub.read(name) for name in epub.namelist())
    if status == 1:
        *problems, summary = report.splitlines()
        assert summary.startswith("publish: ") and summary.endswith("nothing was written")
        # every problem names its file (with its line where there is one)
        located = rf"{re.escape(str(book))}/book/\S+?(:\d+)?: \S"
        assert problems and all(re.match(located, line) for line in problems), report


@st.composite
def damaged_font(draw) -> bytes:
    """The bundled font cut short, with bytes overwritten (the table directory most often), or tables dropped."""
    data = bytearray(FONT)
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["truncate", "overwrite directory", "overwrite anywhere", "rename table"]))
        if operation == "truncate":
            del data[draw(st.integers(0, len(data))) :]
        elif operation == "rename table" and len(data) > 12:
            entry = 12 + 16 * draw(st.integers(0, max(0, min(20, (len(data) - 28) // 16))))
            data[entry : entry + 4] = draw(st.sampled_from([b"xxxx", b"glyf", b"cmap", b"head", b"loca"]))
        else:
            end = 12 + 16 * 20 if operation == "overwrite directory" else len(data)
            at = draw(st.integers(0, max(0, min(end, len(data)) - 1)))
            patch = draw(st.binary(min_size=1, max_size=8))
            data[at : at + len(patch)] = patch
    return bytes(data)


@settings(max_examples=FONT_EXAMPLES, **COMMON_SETTINGS)
@given(font=damaged_font())
def test_damaged_fonts_build_or_fail_cleanly(book, font):
    (book / "book" / "book.toml").write_text(TOML + '[print]\nbody_font = "font.ttf"\n', encoding="utf-8")
    for name, text in FILES.items():
        (book / "book" / name).write_text(text, encoding="utf-8")
    (book / "book" / "font.ttf").write_bytes(font)
    assert_clean(book, ["build", str(book / "book"), "-o", str(book / "dist"), "-q", "--format", "pdf"])
