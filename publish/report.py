"""Progress messages on stderr, silenced by ``-q``."""

from __future__ import annotations

import sys
import time

from publish.errors import terminal_safe


class Reporter:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self._start = time.perf_counter()

    def step(self, message: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self._start
            print(f"[{elapsed:5.2f}s] {terminal_safe(message)}", file=sys.stderr)
