"""docutils' file-reading directives, confined to the book folder and kept off the network.

They matter only when book.toml turns ``file_insertion_enabled`` or
``raw_enabled`` on (docutils refuses them otherwise), so they are loaded only
then: docutils' own module pulls in urllib and http.client.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include, Raw, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable


class _Confined:
    """A directive that may read files, but only inside the book folder and never from the network."""

    def confine(self, path: str | None) -> None:
        if "url" in self.options:
            raise self.error(f'"{self.name}" may not read from the network: copy the file into the book folder')
        if path is None:
            return
        document = self.state.document
        target = Path(adapt_path(path, document.current_source, document.settings.root_prefix))
        if not target.resolve().is_relative_to(Path(document.settings.book_root).resolve()):
            raise self.error(f"'{path}' leads outside the book folder")


class BookInclude(_Confined, Include):
    def run(self) -> list[nodes.Node]:
        path = self.arguments[0]
        standard = path.startswith("<") and path.endswith(">")  # docutils' own files (<isonum.txt>, …)
        if self.state.document.settings.file_insertion_enabled and not standard:
            self.confine(path)
        return super().run()


class BookRaw(_Confined, Raw):
    def run(self) -> list[nodes.Node]:
        if self.state.document.settings.file_insertion_enabled:
            self.confine(self.options.get("file"))
        return super().run()


class BookCSVTable(_Confined, CSVTable):
    def run(self) -> list[nodes.Node]:
        if self.state.document.settings.file_insertion_enabled:
            self.confine(self.options.get("file"))
        return super().run()


def register_directives() -> None:
    directives.register_directive("include", BookInclude)
    directives.register_directive("raw", BookRaw)
    directives.register_directive("csv-table", BookCSVTable)
