"""The cache of derived files (tate fonts, what a font draws, pictures in print colours, the output profile):
built once, shared by every build.

Every name carries a digest of what the file is made from, so a file is taken
again only when it would come out the same. The cache holds at most
``PUBLISH_CACHE_MB`` megabytes (256 by default), the least recently used
files going first, but never one the build under way has used. Each file is
written beside its name and renamed, so two builds may share the cache.
"""

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


DEFAULT_LIMIT_MB = 256


def limit_bytes() -> int:
    """``PUBLISH_CACHE_MB``: the most the cached files may weigh together."""
    value = os.environ.get("PUBLISH_CACHE_MB", "")
    return (int(value) if value.isdigit() else DEFAULT_LIMIT_MB) * 1024 * 1024


def cached_file(name: str, write: Callable[[IO[bytes]], object]) -> Path:
    """The cached file ``name``; ``write`` makes it first if the cache has none (then the least recently used
    files over the limit go).

    The name must carry everything the content depends on (a hash of the inputs).
    """
    path = cache_dir() / name
    used = _BUILD_USED.get()
    if used is not None:
        used.add(path)
    try:
        os.utime(path)  # used now: the last to go
        return path
    except FileNotFoundError:
        pass
    made = io.BytesIO()
    write(made)
    replace_file(path, made.getvalue())  # a concurrent build never reads half a file
    with contextlib.suppress(OSError):  # a cache that cannot be trimmed only weighs more
        evict(path.parent, limit_bytes(), keep=used or {path})
    return path


def evict(folder: Path, limit: int, keep: set[Path]) -> None:
    """Drop the least recently used files until those left weigh at most ``limit`` bytes; never those in ``keep``."""
    files = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):  # another build may have dropped it already
            stat = path.stat()
            if path.is_file() and path not in keep:
                files.append((stat.st_mtime_ns, stat.st_size, path))
    total = sum(size for _, size, _ in files) + sum(path.stat().st_size for path in keep if path.exists())
    for _, size, path in sorted(files):  # oldest use first
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it there: a reader (another build) sees the old file or the new
    one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as temporary:
        temporary.write(data)
    os.replace(temporary.name, path)


# While a build runs (``one_build``): each file's digest by its absolute path, and the cached files it used.
_BUILD_DIGESTS: ContextVar[dict[str, str] | None] = ContextVar("build_digests", default=None)
_BUILD_USED: ContextVar[set[Path] | None] = ContextVar("build_used", default=None)


@contextlib.contextmanager
def one_build() -> Iterator[None]:
    """Within this (one build), ``file_digest`` reads each file once: one build's cache keys name the same book
    fonts again and again (what they draw, the derived fonts, the print PDF), 15 ms a time; and the cached
    files it uses stay, whatever the limit, until it is done."""
    tokens = _BUILD_DIGESTS.set({}), _BUILD_USED.set(set())
    try:
        yield
    finally:
        _BUILD_DIGESTS.reset(tokens[0])
        _BUILD_USED.reset(tokens[1])


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read each time (once a build within ``one_build``): cache keys follow
    content, never file times."""
    digests = _BUILD_DIGESTS.get()
    key = os.path.abspath(path)
    if digests is not None and key in digests:
        return digests[key]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digests is not None:
        digests[key] = digest
    return digest
