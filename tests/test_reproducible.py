"""The same sources give the same bytes: EPUB, PDF and booklet, across processes and checkouts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import EPOCH, ROOT, make_book, run_publish


def checkout(folder):
    """A copy of the program and the book, as a clone elsewhere would have them (new paths, new mtimes)."""
    for name in ("publish", "styles", "manuscript"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def publish_in(folder, *args) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PYTHONPATH": str(folder),  # this checkout's package, not the installed one
        "SOURCE_DATE_EPOCH": EPOCH,
        "PUBLISH_CACHE": str(folder / "cache"),  # fonts derived anew in each
    }
    command = [sys.executable, "-m", "publish", *args]
    return subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, timeout=300)


def outputs(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((folder / "dist").iterdir())}


def test_byte_identical_across_processes_and_checkouts(tmp_path):
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
    for folder in (first, second, first):  # the first checkout twice: two processes, the cache warm the second time
        for command in (["build"], ["booklet"]):
            result = publish_in(folder, *command, "-q")
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
            result = run_publish("build", str(book), "--format", "pdf", "-o", str(tmp_path / mode / name), env=env)
            assert result.returncode == 0 and "Warning" not in result.stderr, result.stderr
            built[name] = (tmp_path / mode / name / f"{mode}.pdf").read_bytes()
        assert built["usual"] == built["bare"], mode
