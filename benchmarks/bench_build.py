"""Time and memory of `publish build`, `booklet` and `proof`; prints a table.

    python benchmarks/bench_build.py [--runs N]

Each run is a fresh process (as a user runs it): wall time from start to exit,
peak memory as the proportional set size of its process tree, sampled. The PDF is
timed with a warm font cache (the usual case) and with an empty one (the first
build of a book); the long books are the bundled one repeated 20 and 15 times,
and a real novel: 吾輩は猫である from the tests' data (about 600 pages), imported
from its Aozora Bunko text and built.
booklet and proof are timed right after a build (they take its print PDF) and
with no print PDF made yet (they lay the book out first).
Two rows time what an author waits for while writing: the ×15 book rebuilt
unchanged, and rebuilt after a chapter in its middle gained a sentence (every
page is written again; the derived fonts come from the cache).
The reference (issue 19): plain WeasyPrint rendering the ×15 book's text as
simple horizontal HTML (its paragraphs, the bundled mincho, an A5 page), in
the same run; the table ends with our ×15 PDF's time over it (target ≤ 1.0).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from html import escape
from pathlib import Path

import pypdfium2
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
NOVEL = ROOT / "tests" / "data" / "aozora" / "wagahaiwa_nekodearu.txt"
REPEAT = 20
BOOKLET_REPEAT = 15  # about 450 pages
# benchmark → (seconds, MB) from the issues; None: measured, no target of its own
TARGETS: dict[str, tuple[float | None, float] | None] = {
    "bundled book → epub": (0.3, 80),
    "bundled book → pdf, warm font cache": (2.0, 600),
    "bundled book → pdf, cold font cache": None,
    f"bundled book ×{REPEAT} → pdf": (15.0, 600),
    "bundled book → proof, after build": (3.0, 600),
    "bundled book → proof, no print PDF yet": (3.0, 600),
    f"bundled book ×{BOOKLET_REPEAT} → booklet, after build": (5.0, 600),
    f"bundled book ×{BOOKLET_REPEAT} → booklet, no print PDF yet": None,
    "bundled book → check": (1.0, 300),  # issue 19: check composes, never draws the PDF
    f"bundled book ×{BOOKLET_REPEAT} → check": (3.0, 300),
    f"bundled book ×{BOOKLET_REPEAT} → pdf": (None, 400),  # issue 19: no slower than the reference, ≤ 400 MB
    f"bundled book ×{BOOKLET_REPEAT} → pdf, rebuilt unchanged": None,
    f"bundled book ×{BOOKLET_REPEAT} → pdf, one chapter edited": None,
    f"plain WeasyPrint: bundled book ×{BOOKLET_REPEAT} as horizontal HTML": None,
    "Aozora novel → import": None,
    "Aozora novel → epub": None,
    "Aozora novel → pdf, warm font cache": None,
}


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a command's whole process tree)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        with contextlib.suppress(OSError):  # a process that just ended
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(child) for child in (task / "children").read_text().split()]
    return found


def _pss_mb(pids: list[int]) -> float:
    """Proportional set size of the processes: shared pages counted once, not once per process."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # already gone
        total += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1))
    return total / 1024


def publish_args(command: list[str], book: Path, dist: Path) -> list[str]:
    """``publish build BOOK -o DIST …``; for an import, ``publish import aozora SOURCE DEST``."""
    if command[0] == "import":
        return [*command, str(book), str(dist), "--force", "-q"]
    if command[0] == "check":  # it writes nothing
        return [*command, str(book), "-q"]
    return [command[0], str(book), "-o", str(dist), "-q", *command[1:]]


# the reference: WeasyPrint alone, rendering an HTML file to a PDF
PLAIN_WEASYPRINT = "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"


def plain_html(epub: Path, out: Path) -> Path:
    """The book's paragraphs, as its EPUB has them, as one plain horizontal HTML document (the reference)."""
    paragraphs = []
    with zipfile.ZipFile(epub) as archive:
        for name in sorted(archive.namelist()):
            if re.search(r"xhtml/p-\d+\.xhtml$", name):
                page = etree.fromstring(archive.read(name))
                paragraphs += ["".join(p.itertext()) for p in page.iter("{http://www.w3.org/1999/xhtml}p")]
    font = (ROOT / "styles" / "fonts" / "BIZUDMincho-Regular.ttf").as_uri()
    style = f'@font-face {{ font-family: m; src: url("{font}"); }} @page {{ size: A5; margin: 20mm; }} '
    style += "body { font-family: m; font-size: 9pt; line-height: 1.9; } p { margin: 0; text-indent: 1em; }"
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    out.write_text(f'<!DOCTYPE html><html lang="ja"><style>{style}</style><body>{body}</body></html>', "utf-8")
    return out


def run_once(command: list[str], book: Path, dist: Path, cache: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the whole process tree, sampled every 10 ms)."""
    start = time.perf_counter()
    if command[0] == "weasyprint":  # the reference
        dist.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-c", PLAIN_WEASYPRINT, str(book), str(dist / "plain.pdf")]
    else:
        argv = [sys.executable, "-m", "publish", *publish_args(command, book, dist)]
    process = subprocess.Popen(
        argv,
        cwd=ROOT,
        env={**os.environ, "PUBLISH_CACHE": str(cache)},
        stdout=subprocess.DEVNULL,
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _pss_mb(_tree(process.pid)))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"publish {' '.join(command)} failed for {book}")
    return wall, peak


def long_book(folder: Path, repeat: int) -> Path:
    """The bundled book with its chapters repeated: every copy a file of its own."""
    book = folder / f"long-{repeat}"
    shutil.copytree(ROOT / "manuscript", book)
    toml = (book / "book.toml").read_text(encoding="utf-8")
    chapters = re.findall(r'"(ch\d+\.rst)"', toml)
    names = []
    for copy in range(repeat):
        for name in chapters:
            copied = f"{Path(name).stem}-{copy:02d}.rst"
            shutil.copy(book / name, book / copied)
            names.append(copied)
    for name in chapters:
        (book / name).unlink()
    listing = "chapters = [\n" + "".join(f'  "{name}",\n' for name in names) + "]"
    (book / "book.toml").write_text(re.sub(r"chapters = \[[^\]]*\]", listing, toml), encoding="utf-8")
    return book


def edit_a_chapter(book: Path, run: int) -> None:
    """An author's edit in the book's middle: a sentence of the chapter written once more (with characters the
    book has, so the derived fonts stay; a new character derives new ones)."""
    chapters = sorted(book.glob("ch*.rst"))
    chapter = chapters[len(chapters) // 2 + run % 3]
    text = chapter.read_text(encoding="utf-8")
    sentence = re.search(r"[^\n。]+。", text.split("\n\n", 2)[2])[0]
    chapter.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")


def forget_print_pdfs(cache: Path) -> None:
    for pdf in cache.glob("print-*.pdf"):
        pdf.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        warm = scratch / "warm-cache"
        manuscript = ROOT / "manuscript"
        run_once(["build", "--format", "pdf"], manuscript, scratch / "dist", warm)  # fill the cache
        long, booklet_book = long_book(scratch, REPEAT), long_book(scratch, BOOKLET_REPEAT)
        novel = scratch / "novel"
        run_once(["import", "aozora"], NOVEL, novel, warm)
        run_once(["build", "--format", "epub"], booklet_book, scratch / "epub", warm)
        reference = plain_html(next((scratch / "epub").glob("*.epub")), scratch / "plain.html")
        few = max(1, args.runs // 2)
        # name → (command, book, font cache for run n, runs, whether a print PDF is already made)
        plans = {
            "bundled book → epub": (["build", "--format", "epub"], manuscript, lambda _: warm, args.runs, True),
            "bundled book → pdf, warm font cache": (
                ["build", "--format", "pdf"],
                manuscript,
                lambda _: warm,
                args.runs,
                True,
            ),
            "bundled book → pdf, cold font cache": (
                ["build", "--format", "pdf"],
                manuscript,
                lambda run: scratch / f"cold-{run}",
                args.runs,
                True,
            ),
            f"bundled book ×{REPEAT} → pdf": (["build", "--format", "pdf"], long, lambda _: warm, few, True),
            "bundled book → proof, after build": (["proof"], manuscript, lambda _: warm, args.runs, True),
            "bundled book → proof, no print PDF yet": (["proof"], manuscript, lambda _: warm, args.runs, False),
            f"bundled book ×{BOOKLET_REPEAT} → booklet, after build": (
                ["booklet"],
                booklet_book,
                lambda _: warm,
                args.runs,
                True,
            ),
            f"bundled book ×{BOOKLET_REPEAT} → booklet, no print PDF yet": (
                ["booklet"],
                booklet_book,
                lambda _: warm,
                few,
                False,
            ),
            "bundled book → check": (["check"], manuscript, lambda _: warm, args.runs, True),
            f"bundled book ×{BOOKLET_REPEAT} → check": (["check"], booklet_book, lambda _: warm, args.runs, True),
            f"bundled book ×{BOOKLET_REPEAT} → pdf": (
                ["build", "--format", "pdf"],
                booklet_book,
                lambda _: warm,
                few,
                True,
            ),
            f"bundled book ×{BOOKLET_REPEAT} → pdf, rebuilt unchanged": (
                ["build", "--format", "pdf"],
                booklet_book,
                lambda _: warm,
                args.runs,
                True,
            ),
            f"bundled book ×{BOOKLET_REPEAT} → pdf, one chapter edited": (
                ["build", "--format", "pdf"],
                booklet_book,
                lambda _: warm,
                args.runs,
                True,
            ),
            f"plain WeasyPrint: bundled book ×{BOOKLET_REPEAT} as horizontal HTML": (
                ["weasyprint"],
                reference,
                lambda _: warm,
                few,
                True,
            ),
            "Aozora novel → import": (["import", "aozora"], NOVEL, lambda _: warm, args.runs, True),
            "Aozora novel → epub": (["build", "--format", "epub"], novel, lambda _: warm, args.runs, True),
            "Aozora novel → pdf, warm font cache": (["build", "--format", "pdf"], novel, lambda _: warm, few, True),
        }
        pages = {}
        medians = {}
        for name, (command, book, cache, runs, made) in plans.items():
            dist = scratch / name.replace(" ", "_")
            if command[0] in ("proof", "booklet") and made:
                run_once(["build", "--format", "pdf"], book, scratch / "build", cache(0))
            # after a first build: the fonts derived, as an author's next build finds them
            if name.endswith(("warm font cache", "rebuilt unchanged", "one chapter edited")):
                run_once(command, book, scratch / "first", cache(0))
            results = []
            for run in range(runs):
                if not made:
                    forget_print_pdfs(cache(run))
                if name.endswith("one chapter edited"):
                    edit_a_chapter(book, run)
                results.append(run_once(command, book, dist, cache(run)))
            made_pdf = next(dist.glob("*.pdf"), None)
            if made_pdf is not None:
                pages[name] = len(pypdfium2.PdfDocument(made_pdf))
                if command[0] == "booklet":
                    pages[name] *= 2  # two book pages on a side
            walls = [wall for wall, _ in results]
            peak = max(rss for _, rss in results)
            median = medians[name] = statistics.median(walls)
            target = TARGETS[name]
            if target is None:
                goal, verdict = "(for comparison)", ""
            else:
                seconds, megabytes = target
                goal = f"≤ {seconds} s, ≤ {megabytes} MB" if seconds is not None else f"≤ reference, ≤ {megabytes} MB"
                verdict = "ok" if (seconds is None or median <= seconds) and peak <= megabytes else "OVER"
            label = f"{name} ({pages[name]} pages)" if name in pages else name
            rows.append((label, f"{median:.3f}", f"{min(walls):.3f}", f"{peak:.0f}", goal, verdict))
    header = ("benchmark", "median s", "min s", "peak MB", "target", "")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    ours = medians[f"bundled book ×{BOOKLET_REPEAT} → pdf"]
    plain = medians[f"plain WeasyPrint: bundled book ×{BOOKLET_REPEAT} as horizontal HTML"]
    print(f"×{BOOKLET_REPEAT} PDF against plain WeasyPrint: {ours / plain:.2f} (target ≤ 1.0)")
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    print(f"({args.runs} runs each, the long books and the booklet with no print PDF {few}; {machine})")


if __name__ == "__main__":
    main()
