"""docutils' file-reading directives, reading through the book's gate and never from the network.

docutils opens files itself — ``docutils.io.FileInput`` in ``include``,
``raw`` and ``csv-table``, ``PIL.Image.open`` in ``figure :figwidth: image``,
``urlopen`` for ``:url:`` — so those names are replaced, in the directive
modules, by ones that read through ``publish.bookfiles``: whatever spelling
or option a manuscript uses, the file is admitted or refused where it is
opened. Our directive subclasses check the same paths first, so a refusal
reads as a plain ``file:line: message``; they also refuse encodings that are
not text encodings and parsers other than reST (docutils would import any
module named by ``:parser:``).

They matter only when book.toml turns ``file_insertion_enabled`` or
``raw_enabled`` on (docutils refuses them otherwise), so they are loaded only
then: docutils' own module pulls in urllib and http.client.
"""

from __future__ import annotations

import codecs
import contextlib
import io
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from types import SimpleNamespace

from docutils import io as docutils_io
from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives import images, misc, tables
from docutils.parsers.rst.directives.images import Figure
from docutils.parsers.rst.directives.misc import Include, Raw, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable

from publish.bookfiles import IMAGE_LIMIT, BookFolder, RefusedFileError, admit

# the folder of docutils' own include files (<isonum.txt> …): the `<…>` form of include reads there only
STANDARD_INCLUDES = Path(Include.standard_include_path).resolve()

# What the directive running now may read: its book folder, and the roots of its paths.
_READING: ContextVar[tuple[BookFolder, tuple[Path, ...]] | None] = ContextVar("reading", default=None)


@contextlib.contextmanager
def _reading(folder: BookFolder, roots: tuple[Path, ...]) -> Iterator[None]:
    token = _READING.set((folder, roots))
    try:
        yield
    finally:
        _READING.reset(token)


def _read(path: str | Path, limit: int | None = None) -> bytes:
    """Every read docutils makes for a directive: through the gate, or refused (an OSError, which docutils reports)."""
    reading = _READING.get()
    if reading is None:
        raise RefusedFileError(path, "may not be read: only our directives read files, for a book")
    folder, roots = reading
    return folder.read_admitted(Path(path), roots, limit)  # remembered, like every read of the book


class GatedFileInput(docutils_io.StringInput):
    """``docutils.io.FileInput`` as the directives call it: the bytes come through the gate when it is made."""

    def __init__(self, source_path: str, encoding: str | None = None, error_handler: str | None = "strict") -> None:
        super().__init__(_read(source_path), source_path, encoding or "utf-8", error_handler or "strict")


def _no_network(url: object, *args: object, **kwargs: object) -> None:
    raise OSError(f"may not read '{url}': a book never uses the network")


def _gated_image_open(path: str) -> object:
    from PIL import Image

    return Image.open(io.BytesIO(_read(path, IMAGE_LIMIT)))


def text_encoding(argument: str) -> str:
    """``:encoding:``: a known text encoding (not zlib, base64, rot13 …: those turn bytes into bytes)."""
    name = argument.strip()
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f'unknown encoding "{name}"') from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f'"{name}" is not a text encoding')
    return name


def rst_parser_only(argument: str) -> type:
    """``:parser:``: docutils imports any module named here; a book may name reST only."""
    if argument.strip().lower() not in ("rst", "restructuredtext"):
        raise ValueError(f'a book may include files with the "rst" parser only, not "{argument.strip()}"')
    return directives.parser_name("rst")


class _Confined(Directive):
    """A directive that reads files through the book's gate and never from the network."""

    def folder(self) -> BookFolder:
        return self.state.document.settings.book_folder

    def confine(self, path: str | None, roots: tuple[Path, ...] | None = None) -> None:
        """Refuse a URL, and a path the gate would refuse, with the directive's own line."""
        if "url" in self.options:
            raise self.error(f'"{self.name}" may not read from the network: copy the file into the book folder')
        if path is None:
            return
        try:
            real = admit(Path(path), roots or (self.folder().real_root,), self.folder().text_limit)
            self.folder().include(Path(path), real.stat().st_size)
        except RefusedFileError as error:
            shown = self.options.get("file") or self.arguments[0]
            raise self.error(f"'{shown}' {error.why}") from None

    def run_reading(self, run, roots: tuple[Path, ...] | None = None) -> list[nodes.Node]:
        with _reading(self.folder(), roots or (self.folder().real_root,)):
            return run()

    def adapted(self, path: str, root_prefix: str | Path | None = None) -> str:
        document = self.state.document
        prefix = document.settings.root_prefix if root_prefix is None else root_prefix
        return adapt_path(path, document.current_source, prefix)


class BookInclude(_Confined, Include):
    option_spec = Include.option_spec | {"encoding": text_encoding, "parser": rst_parser_only}

    def run(self) -> list[nodes.Node]:
        if not self.state.document.settings.file_insertion_enabled:
            return super().run()  # docutils says it is disabled
        path = directives.path(self.arguments[0])
        roots = None
        if path.startswith("<") and path.endswith(">"):  # docutils' own files (<isonum.txt>, …)
            path, roots = self.adapted("/" + path[1:-1], STANDARD_INCLUDES), (STANDARD_INCLUDES,)
        else:
            path = self.adapted(path)
        self.confine(path, roots)
        return self.run_reading(super().run, roots)


class BookRaw(_Confined, Raw):
    option_spec = Raw.option_spec | {"encoding": text_encoding}

    def run(self) -> list[nodes.Node]:
        settings = self.state.document.settings
        if settings.file_insertion_enabled and settings.raw_enabled:
            file = self.options.get("file")
            self.confine(None if file is None else self.adapted(file))
        return self.run_reading(super().run)


class BookCSVTable(_Confined, CSVTable):
    option_spec = CSVTable.option_spec | {"encoding": text_encoding}

    def run(self) -> list[nodes.Node]:
        if self.state.document.settings.file_insertion_enabled:
            file = self.options.get("file")
            self.confine(None if file is None else self.adapted(file))
        return self.run_reading(super().run)


class BookFigure(_Confined, Figure):
    """``:figwidth: image`` opens the picture to measure it."""

    def run(self) -> list[nodes.Node]:
        return self.run_reading(super().run)


def register_directives() -> None:
    # The names docutils' directive modules open files with, pointed at the gate.
    docutils_io.FileInput = GatedFileInput  # include and raw call docutils.io.FileInput
    tables.FileInput = GatedFileInput
    misc.urlopen = tables.urlopen = _no_network
    images.PIL = SimpleNamespace(Image=SimpleNamespace(open=_gated_image_open))
    directives.register_directive("include", BookInclude)
    directives.register_directive("raw", BookRaw)
    directives.register_directive("csv-table", BookCSVTable)
    directives.register_directive("figure", BookFigure)
