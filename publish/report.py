"""Progress messages on stderr, silenced by ``-q``."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar

from publish.errors import Problem, terminal_safe

_ACTIVE: ContextVar[Reporter | None] = ContextVar("reporter", default=None)


class Reporter:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self._start = time.perf_counter()

    def step(self, message: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self._start
            print(f"[{elapsed:5.2f}s] {terminal_safe(message)}", file=sys.stderr)

    def warn(self, problem: Problem) -> None:
        """A problem that does not stop the build, on stderr as ``file:line: warning: message``, even with -q."""
        print(Problem(problem.path, problem.line, f"warning: {problem.message}"), file=sys.stderr)

    def result(self, message: str) -> None:
        """What a command has done, on stdout (where to find the book, how to print it); nothing with -q."""
        if not self.quiet:
            print(terminal_safe(message))

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Within this, ``progress`` reports through this reporter (the writers report long steps as they go)."""
        token = _ACTIVE.set(self)
        try:
            yield
        finally:
            _ACTIVE.reset(token)


def warn(problem: Problem) -> None:
    """A problem that does not stop the build, for the command's reporter if one is active (else nobody asked)."""
    reporter = _ACTIVE.get()
    if reporter is not None:
        reporter.warn(problem)


def progress(message: str) -> None:
    """A step of a long task, for the command's reporter if one is active (a long book shows it is moving)."""
    reporter = _ACTIVE.get()
    if reporter is not None:
        reporter.step(message)
