"""The same sources give the same bytes: EPUB, PDF and booklet, across processes and checkouts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import EPOCH, ROOT


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
