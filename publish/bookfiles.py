"""The one gate for every file read on a book's behalf.

A book folder is untrusted input: chapters, includes, the cover, fonts, the
ICC profile and book.toml itself come from whoever wrote the book. Every read
made for the book — by our code, by docutils' directives — goes through
``admit``/``BookFolder.read_bytes`` here, which lets through only *regular
files inside the allowed folders after resolving symlinks*, under a size
limit. Nothing that is not a regular file (FIFOs, devices, sockets, folders,
/proc) is ever opened for reading, so nothing can
block or leak. The decision is made where the file is opened, never by
looking at the text that names it.

A ``BookFolder`` also remembers a digest of each file's bytes as read, so the
caches are keyed on the content a build really used (a chapter saved during a
build is never taken for the one that was laid out).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.textfile import decode_text

MB = 1024 * 1024
# What one file of a book may weigh; book.toml's [limits] raises the manuscript's.
CONFIG_LIMIT = 1 * MB  # book.toml
TEXT_LIMIT = 8 * MB  # the manuscript, all files together (a 1,000-page novel is about 2 MB of UTF-8)
FONT_LIMIT = 64 * MB
IMAGE_LIMIT = 32 * MB
PROFILE_LIMIT = 16 * MB
MAX_INCLUSIONS = 1_000  # files docutils' directives may read for one book (includes that include twice double)


class RefusedFileError(OSError):
    """A read the gate refused: ``why`` follows the file's name in messages ("'x' is a folder, not a file")."""

    def __init__(self, path: Path | str, why: str):
        super().__init__(why)
        self.path = Path(path)
        self.why = why

    def __str__(self) -> str:
        return f"'{self.path}' {self.why}"


def _size(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size:,} bytes"


def admit(path: Path, roots: Iterable[Path], limit: int, limit_setting: str | None = None) -> Path:
    """``path`` resolved, if it is a regular file inside one of ``roots`` (resolved) and at most ``limit`` bytes.

    Raises RefusedFileError otherwise. ``limit_setting`` names the book.toml setting that raises the limit.
    """
    try:
        real = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        raise RefusedFileError(path, "does not exist") from None
    except OSError as exc:  # a symlink loop, a name too long, a folder we may not enter
        raise RefusedFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    if not any(real.is_relative_to(root) for root in roots):
        raise RefusedFileError(path, "leads outside the book folder")
    try:
        status = os.stat(real)
    except OSError as exc:
        raise RefusedFileError(path, f"cannot be read: {exc.strerror}") from None
    _check_status(path, status, limit, limit_setting)
    return real


def _check_status(path: Path, status: os.stat_result, limit: int, limit_setting: str | None) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise RefusedFileError(path, "is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):  # a FIFO, a device or a socket: reading could block forever or never end
        raise RefusedFileError(path, "is not a regular file (a pipe, device or socket is never read)")
    _check_size(path, status.st_size, limit, limit_setting)


def _check_size(path: Path, size: int, limit: int, limit_setting: str | None) -> None:
    if size > limit:
        raised = f" (raise it with {limit_setting} in book.toml)" if limit_setting else ""
        raise RefusedFileError(path, f"is {_size(size)}: more than the limit of {_size(limit)}{raised}")


def read_admitted(path: Path, roots: Iterable[Path], limit: int, limit_setting: str | None = None) -> bytes:
    """The bytes of ``path`` once ``admit`` lets it through; checked again on the open file (it may have changed)."""
    real = admit(path, roots, limit, limit_setting)
    try:
        # O_NONBLOCK: a FIFO swapped in after the check opens without waiting, and fstat refuses it below
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise RefusedFileError(path, f"cannot be read: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as stream:
        _check_status(path, os.fstat(descriptor), limit, limit_setting)
        data = stream.read(limit + 1)
    _check_size(path, len(data), limit, limit_setting)  # it grew after fstat
    return data


@dataclass(frozen=True)
class Read:
    """One file read through the gate: how, and the digest of what it held."""

    path: Path
    roots: tuple[Path, ...] | None
    limit: int | None
    digest: str


class BookFolder:
    """A book folder's files, as the gate lets them be read; remembers what was read (for cache keys)."""

    def __init__(self, root: Path, text_limit: int = TEXT_LIMIT):
        self.root = root
        self.real_root = Path(os.path.realpath(root))
        self.text_limit = text_limit
        self.digests: dict[Path, str] = {}  # resolved path → SHA-256 of the bytes read
        self.reads: list[Read] = []  # every read, in order: what a chapter read, to read again (reader/memo.py)
        self.start_reading()

    def start_reading(self) -> None:
        """A new pass over the manuscript (build, then proofreading): the directives' budget starts again."""
        self.inclusions = 0  # files read for directives in this pass, and their bytes
        self.included_bytes = 0

    def _limit(self, limit: int | None) -> tuple[int, str | None]:
        """The limit for a read, and the book.toml setting that raises it (the manuscript's unless given)."""
        return (self.text_limit, "[limits] text_mb") if limit is None else (limit, None)

    def admit(self, path: Path, limit: int | None = None) -> Path:
        return admit(path, [self.real_root], *self._limit(limit))

    def include(self, path: Path, size: int) -> None:
        """Count one file read for a directive; past the book's budget, refuse it (a bounded build, not a hang)."""
        self.inclusions += 1
        self.included_bytes += size
        if self.inclusions > MAX_INCLUSIONS:
            raise RefusedFileError(path, f"is one file too many: a book may include {MAX_INCLUSIONS:,} files at most")
        if self.included_bytes > self.text_limit:
            limit = _size(self.text_limit)
            raise RefusedFileError(path, f"makes the included files more than {limit} (raise [limits] text_mb)")

    def read_admitted(self, path: Path, roots: Iterable[Path] | None = None, limit: int | None = None) -> bytes:
        """The file's bytes through the gate (``roots``: the book folder unless given), remembered for cache keys."""
        data = read_admitted(path, roots or [self.real_root], *self._limit(limit))
        digest = hashlib.sha256(data).hexdigest()
        self.digests[Path(os.path.realpath(path))] = digest
        self.reads.append(Read(path, tuple(roots) if roots else None, limit, digest))
        return data

    def unchanged(self, reads: Iterable[Read]) -> bool:
        """Whether files read before read the same again, through the gate as then (and remembered as then)."""
        try:
            for read in reads:
                self.read_admitted(read.path, read.roots, read.limit)
                if self.reads[-1].digest != read.digest:  # the digest that read recorded
                    return False
        except OSError:  # gone, or refused now (RefusedFileError): read anew, to say why
            return False
        return True

    def read_bytes(self, path: Path, limit: int | None = None) -> bytes:
        """The file's bytes (``limit``: the manuscript's unless given); a refused read is the file's problem."""
        try:
            return self.read_admitted(path, limit=limit)
        except RefusedFileError as error:
            raise PublishError.at(path, None, error.why) from None

    def read_text(self, path: Path) -> str:
        """An author's text file (UTF-8, see textfile.py)."""
        return decode_text(self.read_bytes(path), path)
