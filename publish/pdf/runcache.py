"""Runs of pages WeasyPrint laid out, kept by the digest of what they were made from: a rebuild lays out
only the runs that changed.

A run's HTML names every file it draws from (the derived fonts, the source
face of the 柱 and nombres, the pictures' print versions) by its path; the key
is the HTML, those files' contents and this program with its engines, so a
run is taken again only when it would come out the same. One chapter edited
changes the runs holding its pages (and the later ones, if its page count
moved): the rest come from here.

The runs live in the cache folder under ``runs/``, at most ``PUBLISH_CACHE_MB``
megabytes of them (256 by default; 0 turns the cache off and empties it), the
least recently used going first. Each
is written beside its name and renamed, and one that vanishes while read (two
builds sharing the cache) is laid out again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import urllib.parse
from pathlib import Path

from publish.pdf.cache import cache_dir, file_digest, replace_file
from publish.printcache import program_digest

DEFAULT_LIMIT_MB = 256
_FILE_URI = re.compile(r"file://[^\"')\s]+")


def limit_bytes() -> int:
    """``PUBLISH_CACHE_MB``: the most the kept runs may weigh together (0 keeps none)."""
    value = os.environ.get("PUBLISH_CACHE_MB", "")
    return (int(value) if value.isdigit() else DEFAULT_LIMIT_MB) * 1024 * 1024


def run_keys(documents: list[str]) -> list[str]:
    """For each run's HTML, the digest of everything its PDF is made from; each file the runs name (the same
    fonts in every run) is read once."""
    named = [sorted(set(_FILE_URI.findall(html))) for html in documents]
    digests = {
        uri: file_digest(Path(urllib.parse.unquote(urllib.parse.urlparse(uri).path)))
        for uri in {uri for uris in named for uri in uris}
    }
    program = program_digest().hex()
    return [
        hashlib.sha256("\0".join([program, html, *(digests[uri] for uri in uris)]).encode()).hexdigest()[:40]
        for html, uris in zip(documents, named, strict=True)
    ]


def _folder() -> Path:
    return cache_dir() / "runs"


def kept_run(key: str) -> bytes | None:
    """The run laid out from exactly these inputs, if it is kept; marked as just used."""
    if not limit_bytes():
        return None
    path = _folder() / f"{key}.pdf"
    try:
        data = path.read_bytes()
        os.utime(path)
    except OSError:
        return None
    return data


def keep_run(key: str, data: bytes) -> None:
    """Keep a run, then drop the least recently used ones over the limit. A cache that cannot be written
    only costs time later."""
    limit, folder = limit_bytes(), _folder()
    with contextlib.suppress(OSError):
        if len(data) <= limit:
            replace_file(folder / f"{key}.pdf", data)
        evict(folder, limit)


def evict(folder: Path, limit: int) -> None:
    """Drop the least recently used runs until those left weigh at most ``limit`` bytes."""
    runs = []
    for path in folder.glob("*.pdf"):
        with contextlib.suppress(OSError):  # another build may have dropped it already
            stat = path.stat()
            runs.append((stat.st_mtime_ns, stat.st_size, path))
    total = sum(size for _, size, _ in runs)
    for _, size, path in sorted(runs):  # oldest use first
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
