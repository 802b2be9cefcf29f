"""The publish command: defaults, exit codes, messages, and outputs left intact on failure."""

import shutil
import subprocess
import sys

import pypdfium2
import pytest
from conftest import MANUSCRIPT, MINIMAL_TOML, ROOT, make_book, run_publish


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


def test_a_command_in_a_book_folder_takes_that_book(tmp_path):
    """publish new, cd into it, publish build: the book here, not manuscript/."""
    assert run_publish("new", "私の本", "-q", cwd=tmp_path).returncode == 0
    book = tmp_path / "私の本"
    result = run_publish("build", "-q", "--format", "epub", cwd=book)
    assert result.returncode == 0, result.stderr
    assert [path.name for path in (book / "dist").iterdir()] == ["watashi-no-hon.epub"]
    assert run_publish("check", "-q", cwd=book).returncode == 0  # its own dist/ is no part of the book
    (book / "book.toml").unlink()
    result = run_publish("build", "-q", cwd=book)  # no book here, no manuscript/: said so
    assert result.returncode == 1 and "manuscript" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["build", "--format", "epub"],
        ["check"],
        ["booklet"],
        ["new", "新しい本"],
        ["import", "aozora", str(ROOT / "tests" / "data" / "aozora" / "wagahaiwa_nekodearu.txt"), "猫"],
    ],
    ids=lambda command: command[0],
)
def test_quiet_prints_nothing_on_every_command(workspace, command):
    result = run_publish(*command, "-q", cwd=workspace)
    # the novel's import leaves one warning: -q keeps warnings and errors, nothing else
    expected_stderr = "" if command[0] != "import" else result.stderr
    assert "warning:" in expected_stderr or command[0] != "import"
    assert (result.returncode, result.stdout, result.stderr) == (0, "", expected_stderr)


def test_check_good_book_writes_nothing(workspace, bundled_dist):
    result = run_publish("check", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stderr
    assert sorted(path.name for path in workspace.iterdir()) == ["manuscript"]
    # the grid and the pages, blank ones counted from the book as built
    pages = list(pypdfium2.PdfDocument(bundled_dist / "second-partner.pdf"))
    blank = sum(not page.get_textpage().count_chars() for page in pages)
    assert 5 < blank < len(pages)
    grid = "40 characters × 16 lines of 9 pt, line gap 0.9 em, on A5; margins 天 43.2, 地 39.8, sides 27.2 mm"
    assert f"grid: {grid}; {len(pages)} pages, {blank} of them blank" in result.stderr


def _pages_and_blank(pdf) -> tuple[int, int]:
    pages = list(pypdfium2.PdfDocument(pdf))
    return len(pages), sum(not page.get_textpage().count_chars() for page in pages)


def test_check_counts_the_pages_a_build_prints_without_drawing_them(workspace):
    """check composes the book and counts its pages, in both writing modes; it never starts the PDF writer."""
    probe = "import sys; from publish.cli import main; main(['check', '-q', 'manuscript']) or 0"
    probe += "; print('publish.pdf.render' in sys.modules, 'pikepdf' in sys.modules)"
    toml = workspace / "manuscript" / "book.toml"
    text = toml.read_text(encoding="utf-8").replace('writing_mode = "vertical"', 'writing_mode = "horizontal"')
    toml.write_text(text.replace("[typesetting]\n", '[typesetting]\nchapter_start = "page"\n'), encoding="utf-8")
    for mode in ("horizontal", "vertical"):
        result = subprocess.run(
            [sys.executable, "-c", probe], cwd=workspace, capture_output=True, text=True, timeout=120
        )
        assert result.stdout.split() == ["False", "False"], (mode, result.stderr)
        checked = run_publish("check", cwd=workspace)
        assert run_publish("build", "-q", "--format", "pdf", cwd=workspace).returncode == 0
        pages, blank = _pages_and_blank(workspace / "dist" / "second-partner.pdf")
        assert f"; {pages} pages, {blank} of them blank" in checked.stderr, (mode, checked.stderr)
        toml.write_text(toml.read_text(encoding="utf-8").replace("horizontal", "vertical"), encoding="utf-8")


@pytest.mark.parametrize("args", [[], ["build", "--format", "mobi"], ["frobnicate"], ["build", "--colour"]])
def test_usage_errors_exit_2(workspace, args):
    result = run_publish(*args, cwd=workspace)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_failed_build_keeps_previous_output(workspace):
    assert run_publish("build", "-q", cwd=workspace).returncode == 0
    output = workspace / "dist" / "second-partner.epub"
    before = output.read_bytes()
    (workspace / "manuscript" / "ch02.rst").write_text("章\n==\n\n:nope:`x`\n", encoding="utf-8")
    result = run_publish("build", cwd=workspace)
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert output.read_bytes() == before
    assert sorted(path.name for path in (workspace / "dist").iterdir()) == ["second-partner.epub", "second-partner.pdf"]


def test_every_problem_of_every_file_is_reported(tmp_path):
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]')
    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n:x:`1`\n", "ch02.rst": "本文だけ。\n"}, toml)
    result = run_publish("check", str(book))
    assert result.returncode == 1
    assert f"{book}/ch01.rst:4:" in result.stderr and f"{book}/ch02.rst:1:" in result.stderr
    assert "2 problems" in result.stderr


def test_doctor_finds_what_building_needs_and_says_what_to_install():
    healthy = run_publish("doctor")
    assert healthy.returncode == 0, healthy.stdout
    for name in ("Python", "bundled fonts", "cache folder"):
        assert f"      ok  {name}: " in healthy.stdout
    assert run_publish("doctor", "-q").stdout == ""
    # a cache that cannot be written
    sick = run_publish("doctor", "-q", env={"PUBLISH_CACHE": "/proc/no-cache"})
    assert sick.returncode == 1 and "Traceback" not in sick.stderr
    assert " MISSING  cache folder: /proc/no-cache cannot be written" in sick.stdout
    assert "bundled fonts" not in sick.stdout  # -q: only what is missing


def test_shell_completion_completes_commands_and_options(tmp_path):
    script = tmp_path / "publish.bash"
    result = run_publish("completion", "bash")
    assert result.returncode == 0, result.stderr
    script.write_text(result.stdout, encoding="utf-8")
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0

    def completions(line: str) -> list[str]:
        words = line.split(" ")
        probe = (
            f"source {script}; COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}; "
            f"COMP_LINE='{line}'; COMP_POINT={len(line)}; _shtab_publish; echo \"${{COMPREPLY[@]}}\""
        )
        return subprocess.run(["bash", "-c", probe], capture_output=True, text=True).stdout.split()

    assert completions("publish bu") == ["build"]
    assert "--format" in completions("publish build --fo")
    assert "#compdef publish" in run_publish("completion", "zsh").stdout
