"""Atomic outputs: old or new, never half; killed and simultaneous builds leave good files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import EPOCH, MANUSCRIPT, ROOT

from publish.errors import PublishError
from publish.output import write_outputs


def test_all_or_nothing(tmp_path):
    first = tmp_path / "book.epub"
    first.write_bytes(b"old")
    (tmp_path / "blocker").write_text("a file where a folder should be")
    with pytest.raises(PublishError, match="cannot write the output"):
        write_outputs({first: b"new", tmp_path / "blocker" / "book.pdf": b"new"})
    assert first.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["blocker", "book.epub"]


def test_leftovers_of_dead_builds_go_and_live_ones_stay(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f".book.epub.{int(gone.stdout)}.x1y2z3.part"
    live = tmp_path / f".book.epub.{os.getpid()}.a1b2c3.part"  # a build running now
    other = tmp_path / ".notes.txt.1.abc.part"  # not ours
    for path in (dead, live, other):
        path.write_bytes(b"partial")
    write_outputs({tmp_path / "book.epub": b"new"})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["book.epub", live.name, other.name])


def start_build(book, dist, cache) -> subprocess.Popen:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PUBLISH_CACHE": str(cache)}
    return subprocess.Popen(
        [sys.executable, "-m", "publish", "build", str(book), "-o", str(dist), "-q"],
        cwd=ROOT,
        env=environment,
        stderr=subprocess.PIPE,
    )


def outputs(dist) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in dist.iterdir() if not path.name.endswith(".part")}


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    """The bundled book and an edited copy, each built once: the outputs a kill may leave."""
    folder = tmp_path_factory.mktemp("versions")
    cache = folder / "cache"
    old, new = folder / "old", folder / "new"
    shutil.copytree(MANUSCRIPT, old)
    shutil.copytree(MANUSCRIPT, new)
    chapter = new / "ch01.rst"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("。", "。\n\n新しい段落。", 1), encoding="utf-8")
    built = {}
    for name, book in (("old", old), ("new", new)):
        process = start_build(book, folder / f"dist-{name}", cache)
        assert process.wait() == 0, process.stderr.read()
        built[name] = outputs(folder / f"dist-{name}")
    assert built["old"].keys() == built["new"].keys() and built["old"] != built["new"]
    return new, built, cache


@pytest.mark.parametrize("when", ["while layout", "while writing"])
def test_a_killed_build_leaves_the_previous_files(tmp_path, two_versions, when):
    new, built, cache = two_versions
    caught_writing = 0
    for attempt in range(3):
        dist = tmp_path / f"dist-{attempt}"
        dist.mkdir()
        for name, data in built["old"].items():
            (dist / name).write_bytes(data)
        process = start_build(new, dist, cache)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            # kill as soon as a partial file shows (or half-way through the layout)
            if when == "while writing" and any(path.name.endswith(".part") for path in dist.iterdir()):
                caught_writing += 1
                break
            if when == "while layout" and time.monotonic() > deadline - 59:
                break
            time.sleep(0.0005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        left = outputs(dist)
        assert left.keys() == built["old"].keys()
        for name, data in left.items():
            assert data in (built["old"][name], built["new"][name]), name  # one or the other, never half
    assert caught_writing >= (1 if when == "while writing" else 0)  # a partial file was there when it died
    # the next build cleans up after the killed ones
    process = start_build(new, dist, cache)
    assert process.wait() == 0
    assert sorted(path.name for path in dist.iterdir()) == sorted(built["new"])
    assert outputs(dist) == built["new"]


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path, two_versions):
    new, built, cache = two_versions
    dist = tmp_path / "dist"
    processes = [start_build(new, dist, cache) for _ in range(2)]
    assert [process.wait() for process in processes] == [0, 0]
    assert sorted(path.name for path in dist.iterdir()) == sorted(built["new"])
    assert outputs(dist) == built["new"]
