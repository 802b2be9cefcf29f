"""The cache of derived files (tate fonts, the output profile): built once, shared by every build."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
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


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it there: a reader (another build) sees the old file or the new
    one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as temporary:
        temporary.write(data)
    os.replace(temporary.name, path)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read each time: cache keys follow content, never file times (10 ms a font)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
