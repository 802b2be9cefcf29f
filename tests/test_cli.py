"""The publish command: defaults, exit codes, messages, and outputs left intact on failure."""

import shutil

import pytest
from conftest import MANUSCRIPT, MINIMAL_TOML, make_book, run_publish

GOOD = {"ch01.rst": "章\n==\n\n本文です。\n"}


@pytest.fixture
def workspace(tmp_path):
    """A folder holding a copy of the bundled book as manuscript/, like a fresh clone."""
    shutil.copytree(MANUSCRIPT, tmp_path / "manuscript")
    return tmp_path


def test_build_defaults(workspace):
    result = run_publish("build", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert (workspace / "dist" / "second-partner.epub").is_file()
    assert "wrote dist/second-partner.epub" in result.stderr  # progress on stderr
    assert result.stdout == ""


def test_quiet_build_prints_nothing(workspace):
    result = run_publish("build", "-q", "--format", "epub", cwd=workspace)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_good_book_writes_nothing(workspace):
    result = run_publish("check", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stderr
    assert sorted(path.name for path in workspace.iterdir()) == ["manuscript"]


@pytest.mark.parametrize("args", [[], ["build", "--format", "mobi"], ["frobnicate"], ["build", "--colour"]])
def test_usage_errors_exit_2(workspace, args):
    result = run_publish(*args, cwd=workspace)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


BAD_CHAPTERS = {
    "bad underline": ("長い見出し\n=====\n\n:ruby:`漢字《かんじ》`。\n", ":2: Title underline too short"),
    "unknown directive": ("章\n==\n\n.. sidebar2:: x\n", ':4: Unknown directive type "sidebar2"'),
    "unknown role": ("章\n==\n\n:bold:`太字`\n", ':4: Unknown interpreted text role "bold"'),
    "bad ruby": ("章\n==\n\n:ruby:`漢字`\n", ":4: ruby must be written 'base《reading》'"),
    "not utf-8": ("章\n==\n\n本文。\n".encode("shift_jis"), ":1: not valid UTF-8"),
    "no title": ("本文だけ。\n", ":1: chapter without a title"),
}


@pytest.mark.parametrize("case", sorted(BAD_CHAPTERS))
@pytest.mark.parametrize("command", ["build", "check"])
def test_bad_manuscript(tmp_path, case, command):
    text, expected = BAD_CHAPTERS[case]
    book = make_book(tmp_path / "book", GOOD)
    chapter = book / "ch01.rst"
    chapter.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    dist = tmp_path / "dist"
    result = run_publish(command, str(book), *(["-o", str(dist)] if command == "build" else []))
    assert result.returncode == 1
    assert f"{chapter}{expected}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not dist.exists()


BAD_TOML = {
    "syntax": (MINIMAL_TOML + "title = \n", "book.toml:4: TOML syntax error"),
    "missing key": (MINIMAL_TOML.replace("chapters", "#"), "book.toml: missing key 'chapters'"),
    "wrong type": (MINIMAL_TOML + 'date = "today"\n', "book.toml:4: 'date' must be a date (YYYY-MM-DD), not a string"),
    "unknown key": (MINIMAL_TOML + 'titel = "x"\n', "book.toml:4: unknown key 'titel' (did you mean 'title'?)"),
    "missing chapter": (
        MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch09.rst"]'),
        "book.toml:3: file 'ch09.rst' listed in 'chapters' not found",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TOML))
def test_bad_book_toml(tmp_path, case):
    toml, expected = BAD_TOML[case]
    book = make_book(tmp_path / "book", GOOD, toml)
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert f"{book}/{expected}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "dist").exists()


def test_unlisted_chapter(tmp_path):
    book = make_book(tmp_path / "book", {**GOOD, "extra.rst": "章\n==\n\n本文。\n"})
    result = run_publish("check", str(book))
    assert result.returncode == 1
    assert f"{book}/extra.rst: chapter file not listed in book.toml" in result.stderr


def test_failed_build_keeps_previous_output(workspace):
    assert run_publish("build", "-q", cwd=workspace).returncode == 0
    output = workspace / "dist" / "second-partner.epub"
    before = output.read_bytes()
    (workspace / "manuscript" / "ch02.rst").write_text("章\n==\n\n:nope:`x`\n", encoding="utf-8")
    result = run_publish("build", cwd=workspace)
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert output.read_bytes() == before
    assert sorted(path.name for path in (workspace / "dist").iterdir()) == ["second-partner.epub", "second-partner.pdf"]


def test_unwritable_output(workspace):
    (workspace / "blocker").write_text("a file, not a folder")
    result = run_publish("build", "-o", "blocker/dist", cwd=workspace)
    assert result.returncode == 1
    assert "blocker/dist: cannot write the output" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_problem_of_every_file_is_reported(tmp_path):
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]')
    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n:x:`1`\n", "ch02.rst": "本文だけ。\n"}, toml)
    result = run_publish("check", str(book))
    assert result.returncode == 1
    assert f"{book}/ch01.rst:4:" in result.stderr and f"{book}/ch02.rst:1:" in result.stderr
    assert "2 problems" in result.stderr
