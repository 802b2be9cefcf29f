"""The same sources give the same bytes: EPUB, PDF and booklet, across processes and checkouts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import EPOCH, ROOT, Epub, make_book, run_publish


def checkout(folder):
    """A copy of the program and the book, as a clone elsewhere would have them (new paths, new mtimes)."""
    for name in ("publish", "styles", "manuscript"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


# Another machine's habits: Japanese locale, Tokyo time, a strict umask. None may change a byte.
ELSEWHERE = {"LANG": "ja_JP.UTF-8", "LC_ALL": "ja_JP.UTF-8", "TZ": "Asia/Tokyo"}
HERE = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC"}


def publish_in(folder, *args, habits: dict[str, str] = HERE, umask: int = 0o022) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        **habits,
        "PYTHONPATH": str(folder),  # this checkout's package, not the installed one
        "SOURCE_DATE_EPOCH": EPOCH,
        "PUBLISH_CACHE": str(folder / "cache"),  # fonts derived anew in each
    }
    command = [sys.executable, "-m", "publish", *args]
    return subprocess.run(
        command, cwd=folder, env=environment, capture_output=True, text=True, timeout=300,
        preexec_fn=lambda: os.umask(umask),
    )  # fmt: skip


def outputs(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((folder / "dist").iterdir())}


def test_byte_identical_across_processes_checkouts_locales_time_zones_and_umasks(tmp_path):
    first = checkout(tmp_path / "one")
    second = checkout(tmp_path / "elsewhere" / "two")
    probe = subprocess.run(
        [sys.executable, "-c", "import publish; print(publish.__file__)"],
        env={**os.environ, "PYTHONPATH": str(second)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == str(second / "publish" / "__init__.py")
    built = []
    # the first checkout twice: two processes, the cache warm the second time; the second as another machine
    for folder in (first, second, first):
        elsewhere = folder == second
        for command in (["build"], ["booklet"]):
            habits, umask = (ELSEWHERE, 0o077) if elsewhere else (HERE, 0o022)
            result = publish_in(folder, *command, "-q", habits=habits, umask=umask)
            assert result.returncode == 0, result.stderr
        built.append(outputs(folder))
    assert sorted(built[0]) == ["second-partner-booklet.pdf", "second-partner.epub", "second-partner.pdf"]
    assert built[0] == built[1] == built[2]


def test_the_same_bytes_with_no_system_font_at_all(tmp_path):
    """Every glyph comes from the book's fonts: a machine whose fontconfig knows no font builds the same PDFs."""
    empty = tmp_path / "fonts.conf"
    empty.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path / "fc"}</cachedir></fontconfig>\n')
    lists = "章\n==\n\n本文です。\n\n- 一つ目\n- 二つ目\n\n1. 番号\n2. 番号\n\n100. 百\n"
    for mode in ("vertical", "horizontal"):
        toml = 'title = "リスト"\nidentifier = "urn:uuid:12345678-1234-5678-1234-567812345678"\n'
        book = make_book(
            tmp_path / mode, {"ch01.rst": lists}, toml + f'chapters = ["ch01.rst"]\nwriting_mode = "{mode}"\n'
        )
        built = {}
        for name, env in (("usual", {}), ("bare", {"FONTCONFIG_FILE": str(empty)})):
            env["PUBLISH_CACHE"] = str(tmp_path / name / "cache")  # laid out anew: no run from the other build
            result = run_publish("build", str(book), "--format", "pdf", "-o", str(tmp_path / mode / name), env=env)
            assert result.returncode == 0 and "Warning" not in result.stderr, result.stderr
            built[name] = (tmp_path / mode / name / f"{mode}.pdf").read_bytes()
        assert built["usual"] == built["bare"], mode


def test_the_date_directive_shows_the_books_date_never_the_builds(tmp_path):
    """docutils' date directive prints the day it runs; ours the book's: SOURCE_DATE_EPOCH's, or book.toml's."""
    chapter = "章\n==\n\n今日は |today| です。\n\n.. |today| date:: %Y-%m-%d\n"
    toml = 'title = "日付"\nidentifier = "urn:uuid:12345678-1234-5678-1234-567812345678"\nchapters = ["ch01.rst"]\n'
    book = make_book(tmp_path / "book", {"ch01.rst": chapter}, toml)
    for extra, shown in (("", "2026-01-01"), ("date = 2025-07-07\n", "2025-07-07")):
        (book / "book.toml").write_text(toml + extra, encoding="utf-8")
        result = run_publish("build", str(book), "-q", "--format", "epub", "-o", str(tmp_path / "d"))
        assert result.returncode == 0, result.stderr
        page = Epub(tmp_path / "d" / "book.epub").text("xhtml/p-001.xhtml")
        assert "今日は " + shown.replace("-", "") in page.replace("-", ""), page
