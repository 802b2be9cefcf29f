"""Time and memory of `publish build` on the bundled book; prints a table.

    python benchmarks/bench_build.py [--runs N]

Each run is a fresh process (as a user runs it): wall time from start to exit,
peak resident memory from the kernel's accounting of that child.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"epub": (0.3, 80)}  # format → (seconds, MB) from the issues


def run_once(book: Path, dist: Path, fmt: str) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "build", str(book), "-o", str(dist), "-q", "--format", fmt], cwd=ROOT
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"publish build failed for {fmt}")
    return wall, usage.ru_maxrss / 1024  # KB → MB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as dist:
        for fmt, (target_s, target_mb) in TARGETS.items():
            results = [run_once(ROOT / "manuscript", Path(dist), fmt) for _ in range(args.runs)]
            walls = [wall for wall, _ in results]
            peak = max(rss for _, rss in results)
            median = statistics.median(walls)
            verdict = "ok" if median <= target_s and peak <= target_mb else "OVER"
            rows.append(
                (
                    f"bundled book → {fmt}",
                    f"{median:.3f}",
                    f"{min(walls):.3f}",
                    f"{peak:.0f}",
                    f"≤ {target_s} s, ≤ {target_mb} MB",
                    verdict,
                )
            )
    header = ("benchmark", "median s", "min s", "peak MB", "target", "")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"({args.runs} runs each, {os.cpu_count()} cores, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
