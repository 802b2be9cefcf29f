"""Fuzzing: a mutated manuscript gives a clean build or a clean error, never a traceback or a hang.

Each case is a file of the bundled book with reST syntax inserted, random
Unicode inserted, lines shuffled or the text cut short, built in-process
(EPUB and print PDF) by the command's own entry point. 300 cases in the normal
run, the same ones every time; PUBLISH_FUZZ_EXAMPLES=5000 runs that many new ones.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal

import pytest
from conftest import MANUSCRIPT, MINIMAL_TOML
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from publish.cli import main

EXAMPLES = int(os.environ.get("PUBLISH_FUZZ_EXAMPLES", "300"))
SECONDS_PER_CASE = 60  # a hang is anything longer
# the fuzzed book: the bundled lead (front matter, no title) and a chapter, one file mutated at a time
FILES = {name: (MANUSCRIPT / name).read_text(encoding="utf-8") for name in ("lead.rst", "ch01.rst")}
TOML = MINIMAL_TOML.replace('chapters = ["ch01.rst"]', 'front = ["lead.rst"]\nchapters = ["ch01.rst"]')
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
        operation = draw(st.sampled_from(["syntax", "unicode", "shuffle", "truncate"]))
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
        else:  # any character at all, or the book's own (which the fonts have): more cases get through
            insert = draw(st.text(min_size=1, max_size=12) | st.text(BOOK_CHARACTERS, min_size=1, max_size=40))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + insert + text[at:]
    return name, text


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "book").mkdir()
    (folder / "book" / "book.toml").write_text(TOML, encoding="utf-8")
    cache = os.environ.get("PUBLISH_CACHE")
    os.environ["PUBLISH_CACHE"] = str(folder / "cache")  # the derived fonts of random texts stay here
    previous = signal.signal(signal.SIGALRM, _alarm)
    yield folder
    signal.signal(signal.SIGALRM, previous)
    if cache is None:
        del os.environ["PUBLISH_CACHE"]
    else:
        os.environ["PUBLISH_CACHE"] = cache


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="PUBLISH_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutated=mutated_file())
def test_mutated_manuscripts_build_or_fail_cleanly(book, mutated):
    for name, text in FILES.items():
        (book / "book" / name).write_text(text, encoding="utf-8")
    name, text = mutated
    (book / "book" / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    errors = io.StringIO()
    signal.alarm(SECONDS_PER_CASE)
    try:
        with contextlib.redirect_stderr(errors):
            status = main(["build", str(book / "book"), "-o", str(book / "dist"), "-q"])
    finally:
        signal.alarm(0)
    report = errors.getvalue()
    event("built" if status == 0 else "refused")  # pytest --hypothesis-show-statistics shows the share
    assert status in (0, 1), report  # 3 is our own bug, caught
    assert "Traceback" not in report and "internal error" not in report
    if status == 1:
        *problems, summary = report.splitlines()
        assert summary.startswith("publish: ") and summary.endswith("nothing was written")
        # every problem names its file (with its line where there is one)
        located = rf"{re.escape(str(book))}/book/\S+?(:\d+)?: \S"
        assert problems and all(re.match(located, line) for line in problems), report
