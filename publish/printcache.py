"""The print PDFs made last, kept by a digest of everything they are made from.

``publish booklet`` and ``publish proof`` start from the print PDF; laying out
a long book takes seconds, so they take the one ``publish build`` made when
nothing it depends on has changed since: the book's files, this program with
its styles and fonts, the engines' versions and the date the outputs claim.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import sys
from pathlib import Path

from publish.config import BookConfig
from publish.pdf.cache import cache_dir, cached_file
from publish.resources import STYLES_DIR

KEEP = 4  # print PDFs kept: a few books worked on at once
ENGINES = ("docutils", "fonttools", "pikepdf", "pillow", "pydyf", "weasyprint")
_PROGRAM = Path(__file__).resolve().parent


def _program_files() -> list[tuple[str, Path]]:
    code = [path for path in sorted(_PROGRAM.rglob("*")) if path.is_file() and path.suffix in (".py", ".txt")]
    styles = [path for path in sorted(STYLES_DIR.rglob("*")) if path.is_file()]
    return [(str(path.relative_to(_PROGRAM)), path) for path in code] + [
        (f"styles/{path.relative_to(STYLES_DIR)}", path) for path in styles
    ]


def print_digest(config: BookConfig, modified: datetime.datetime) -> str:
    from importlib import metadata  # 15 ms to import: only when a print PDF is made or looked for

    digest = hashlib.sha256()
    settings = config.print
    book_files = [*config.files, settings.body_font, settings.heading_font]
    if settings.output_profile:
        book_files.append(settings.output_profile)
    named = [
        (str(path.relative_to(config.root)) if path.is_relative_to(config.root) else path.name, path)
        for path in book_files
    ]
    for name, path in _program_files() + named:
        digest.update(f"{name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    versions = [f"{engine}={metadata.version(engine)}" for engine in ENGINES]
    digest.update("\0".join([sys.version, *versions, modified.isoformat()]).encode())
    return digest.hexdigest()[:32]


def _path(config: BookConfig, modified: datetime.datetime) -> Path:
    return cache_dir() / f"print-{print_digest(config, modified)}.pdf"


def remembered_pdf(config: BookConfig, modified: datetime.datetime) -> bytes | None:
    """The print PDF made from exactly these inputs, if one was kept."""
    path = _path(config, modified)
    return path.read_bytes() if path.exists() else None


def remember_pdf(config: BookConfig, modified: datetime.datetime, pdf: bytes) -> None:
    """Keep ``pdf``; only the newest few stay. A cache that cannot be written only costs time later."""
    with contextlib.suppress(OSError):
        cached_file(_path(config, modified).name, lambda file: file.write(pdf)).touch()
        kept = sorted(cache_dir().glob("print-*.pdf"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
