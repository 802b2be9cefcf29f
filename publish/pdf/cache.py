"""The cache of derived files (tate fonts, the output profile): built once, shared by every build."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import IO


def cache_dir() -> Path:
    """$PUBLISH_CACHE, else the XDG cache folder."""
    if os.environ.get("PUBLISH_CACHE"):
        return Path(os.environ["PUBLISH_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "publish"


def cached_file(name: str, write: Callable[[IO[bytes]], object]) -> Path:
    """The cached file ``name``; ``write`` makes it first if the cache has none.

    The name must carry everything the content depends on (a hash of the inputs).
    """
    path = cache_dir() / name
    if not path.exists():
        made = io.BytesIO()
        write(made)
        replace_file(path, made.getvalue())  # a concurrent build never reads half a file
    return path


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it there: a reader (another build) sees the old file or the new
    one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as temporary:
        temporary.write(data)
    os.replace(temporary.name, path)


# While a build runs (``files_hashed_once``), each file's digest by its absolute path.
_BUILD_DIGESTS: ContextVar[dict[str, str] | None] = ContextVar("build_digests", default=None)


@contextlib.contextmanager
def files_hashed_once() -> Iterator[None]:
    """Within this (one build), ``file_digest`` reads each file once: one build's cache keys name the same book
    fonts again and again (what they draw, the derived fonts, the runs of pages, the print PDF), 15 ms a time."""
    token = _BUILD_DIGESTS.set({})
    try:
        yield
    finally:
        _BUILD_DIGESTS.reset(token)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read each time (once a build within ``files_hashed_once``): cache keys follow
    content, never file times."""
    digests = _BUILD_DIGESTS.get()
    key = os.path.abspath(path)
    if digests is not None and key in digests:
        return digests[key]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digests is not None:
        digests[key] = digest
    return digest
