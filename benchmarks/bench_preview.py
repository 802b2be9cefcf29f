"""How fast `publish preview` shows a save: prints a table.

    python benchmarks/bench_preview.py [--runs N] [--repeat N | --novel]

A copy of the bundled book is previewed in headless Chromium (Debian's
`chromium`, driven as in the tests). Timed: from starting the command to the
first pages on screen, and from saving an edit of a chapter — scrolled into
view first, as an author looks at what they edit — to the moment the viewer
swaps in its new pages (the watcher's poll, the EPUB build, the browser laying
out the changed chapter's pages on screen); the median is held to issue 19's
0.3 s. Memory: the preview server's process, PSS.
--repeat N previews the bundled book's chapters N times over; --novel the
Aozora novel of the tests' data (吾輩は猫である, chapters of about 90 preview
pages), imported first, a save editing its third chapter.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import NOVEL, ROOT, _pss_mb, long_book

sys.path.insert(0, str(ROOT / "tests"))
from browser import Browser  # the tests' DevTools client

from publish.config import load_config

SHOWN = (
    "[...document.querySelectorAll('#pages .page:not(.pending) iframe')]"
    ".some((f) => f.contentDocument.body.textContent.includes(%s))"
)
SAVE_TARGET = 0.3  # seconds, the median: issue 19, "preview save → updated pages ≤ 0.3 s whatever the book's length"
# The moment the viewer swaps the new pages in (it then sets body's data-shown), by the page's clock: polling
# for the edited text on screen would add its own interval to the time.
OBSERVE = (
    "window.shownAt = null; new MutationObserver((_, observer) => { window.shownAt = Date.now(); "
    "observer.disconnect(); }).observe(document.body, { attributes: true, attributeFilter: ['data-shown'] })"
)


LOOK_AT = "document.querySelector(`.page[data-href$='/${%s}']`).scrollIntoView({block: 'center', inline: 'center'})"


def epub_name(book: Path, chapter: Path) -> str:
    """The chapter's document in the EPUB (the writer numbers them in reading order)."""
    paths = [source.path for source in load_config(book).sources]
    return f"p-{paths.index(chapter) + 1:03d}.xhtml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1, help="the bundled book's chapters this many times over")
    parser.add_argument("--novel", action="store_true", help="the Aozora novel of the tests' data instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.novel:
            book = Path(scratch) / "novel"
            subprocess.run(
                [sys.executable, "-m", "publish", "import", "aozora", str(NOVEL), str(book), "-q"], check=True
            )
            name, chapter_name = "Aozora novel", "ch003.rst"
        elif args.repeat > 1:
            book = long_book(Path(scratch), args.repeat)
            name, chapter_name = f"bundled book ×{args.repeat}", "ch03-00.rst"
        else:
            book = Path(scratch) / "book"
            shutil.copytree(ROOT / "manuscript", book)
            name, chapter_name = "bundled book", "ch03.rst"
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "publish", "preview", str(book), "--port", "0", "-q"],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            text=True,
        )
        url = server.stdout.readline().split(" at ")[1].split()[0]
        browser = Browser(url)
        try:
            browser.wait_for("document.body.dataset.shown === '1'", timeout=60)
            first = time.perf_counter() - started
            pages = browser.evaluate("document.querySelectorAll('#pages .page').length")
            chapter = book / chapter_name
            browser.evaluate(LOOK_AT % json.dumps(epub_name(book, chapter)))  # an author looks at what they edit
            time.sleep(1)
            text = chapter.read_text(encoding="utf-8")
            saves, peak = [], 0.0
            for run in range(args.runs):
                word = f"追記{run}号"
                time.sleep(0.5)  # an author types between saves
                browser.evaluate(OBSERVE)
                began = time.time()
                # saved whole at once, from outside the book: one build a save (a half-written file, or an
                # editor's temporary file in the folder, would set off a build of its own and stop the clock)
                saving = Path(scratch) / "saving.rst"
                saving.write_text(text.replace("。\n", f"。{word}\n", 1), encoding="utf-8")
                os.replace(saving, chapter)
                browser.wait_for(SHOWN % json.dumps(word), timeout=30)
                saves.append(browser.evaluate("window.shownAt") / 1000 - began)
                peak = max(peak, _pss_mb([server.pid]))
        finally:
            browser.close()
            server.terminate()
            server.wait()
    rows = [
        (f"{name} ({pages} pages): start → first pages", f"{first:.2f}", "", "", ""),
        (
            f"{name}: save a chapter → new pages on screen",
            f"{statistics.median(saves):.2f}",
            f"{max(saves):.2f}",
            f"{peak:.0f}",
            f"≤ {SAVE_TARGET} s " + ("ok" if statistics.median(saves) <= SAVE_TARGET else "OVER"),
        ),
    ]
    header = ("benchmark", "median s", "max s", "server MB", "target")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"({args.runs} saves; {os.cpu_count()} cores, Python {sys.version.split()[0]}, {shutil.which('chromium')})")


if __name__ == "__main__":
    main()
