"""The print PDFs made last, kept by a digest of everything they are made from.

``publish booklet`` and ``publish proof`` start from the print PDF; laying out
a long book takes seconds, so they take the one ``publish build`` made when
nothing it depends on has changed since: the book's files, this program with
its styles and fonts, the engines' versions and the date the outputs claim.
Files the manuscript names (its pictures) are known only once it is read: each
kept PDF lists those it read with their digests, and is taken only while they
are unchanged.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import json
import os
import sys
from pathlib import Path

from publish.bookfiles import FONT_LIMIT
from publish.config import BookConfig
from publish.pdf.cache import cache_dir, file_digest, replace_file
from publish.resources import STYLES_DIR

KEEP = 4  # print PDFs kept: a few books worked on at once
ENGINES = ("docutils", "fonttools", "pikepdf", "pillow")
_PROGRAM = Path(__file__).resolve().parent


@functools.cache
def program_digest() -> bytes:
    """This program, its styles and fonts and the engines: once per process (a program does not change under it)."""
    from importlib import metadata  # 15 ms to import: only when a print PDF is made or looked for

    code = [path for path in sorted(_PROGRAM.rglob("*")) if path.is_file() and path.suffix in (".py", ".txt")]
    styles = [path for path in sorted(STYLES_DIR.rglob("*")) if path.is_file()]
    named = [(str(path.relative_to(_PROGRAM)), file_digest(path)) for path in code]
    named += [(f"styles/{path.relative_to(STYLES_DIR)}", file_digest(path)) for path in styles]
    versions = [f"{engine}={metadata.version(engine)}" for engine in ENGINES]
    return _files_digest(named, [sys.version, *versions])


def _files_digest(named: list[tuple[str, str]], extra: list[str]) -> bytes:
    """One digest of (name, file digest) pairs and further strings."""
    parts = [f"{name}\0{digest}" for name, digest in named]
    return hashlib.sha256("\0".join(parts + extra).encode()).digest()


def _book_file_digest(config: BookConfig, path: Path) -> str:
    """The digest of the bytes this build read (the gate keeps them), else of the file as it is now.

    Keyed on content, never on times: a chapter saved while the book was laid
    out gets a key of its own, so the PDF made from the old text is never taken for it.
    """
    real = Path(os.path.realpath(path))
    if real not in config.folder.digests:
        config.folder.read_bytes(path, FONT_LIMIT)
    return config.folder.digests[real]


def print_digest(config: BookConfig, modified: datetime.datetime) -> str:
    settings = config.print
    book_files = [*config.files, settings.body_font.path, settings.heading_font.path]
    if settings.output_profile:
        book_files.append(settings.output_profile)
    named = [
        (str(path.relative_to(config.root)), _book_file_digest(config, path))
        if path.is_relative_to(config.root)
        else (path.name, file_digest(path))  # the bundled fonts
        for path in book_files
    ]
    return _files_digest(named, [program_digest().hex(), modified.isoformat()]).hex()[:32]


def _path(config: BookConfig, modified: datetime.datetime) -> Path:
    return cache_dir() / f"print-{print_digest(config, modified)}.pdf"


def remembered_pdf(config: BookConfig, modified: datetime.datetime) -> bytes | None:
    """The print PDF made from exactly these inputs, if one was kept and the files its book named are unchanged."""
    path = _path(config, modified)
    try:
        named = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if any(not Path(file).is_file() or file_digest(Path(file)) != digest for file, digest in named):
            return None
        return path.read_bytes()
    except (OSError, ValueError):
        return None


def remember_pdf(config: BookConfig, modified: datetime.datetime, pdf: bytes) -> None:
    """Keep ``pdf`` with the files its manuscript named; only the newest few stay. A cache that cannot be
    written only costs time later."""
    listed = {Path(os.path.realpath(path)) for path in config.files}
    named = sorted((str(path), digest) for path, digest in config.folder.digests.items() if path not in listed)
    path = _path(config, modified)
    with contextlib.suppress(OSError):
        # the PDF first, its list second: a reader in between finds the old list, which the new files fail
        replace_file(path, pdf)
        replace_file(path.with_suffix(".json"), json.dumps(named).encode())
        kept = sorted(cache_dir().glob("print-*.pdf"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".json").unlink(missing_ok=True)
