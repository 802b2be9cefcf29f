"""The cache of derived files (tate fonts, the output profile): built once, shared by every build."""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def cache_dir() -> Path:
    """$PUBLISH_CACHE, else the XDG cache folder."""
    if os.environ.get("PUBLISH_CACHE"):
        return Path(os.environ["PUBLISH_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "publish"


def cached_file(name: str, write: Callable[[BinaryIO], None]) -> Path:
    """The cached file ``name``; ``write`` makes it first if the cache has none.

    The name must carry everything the content depends on (a hash of the inputs).
    """
    folder = cache_dir()
    path = folder / name
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    # Written beside its final name and renamed: a concurrent build never reads half a file.
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as temporary:
        write(temporary)
    os.replace(temporary.name, path)
    return path


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read once per process while its size and time stay the same.

    The fonts (megabytes) are hashed by every cache key that depends on them.
    """
    status = path.stat()
    return _digest(path.resolve(), status.st_size, status.st_mtime_ns)


@functools.cache
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
