"""What a manuscript may reach and how big it may be: a book from anyone never hurts.

Files only inside the book folder (symlinks followed), never the network,
links only to the web or mail, and limits that keep the parser and the
composer out of trouble (docutils recurses once per level of nesting).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include, Raw, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable

from publish.errors import Problem
from publish.reader.structure import line_of

LINK_SCHEMES = ("http", "https", "mailto")
MAX_NESTING = 32  # lists and quotes inside each other; docutils itself gives out near 200
MAX_PARAGRAPH = 100_000  # characters: about 150 pages without a break


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


def nesting_problems(text: str, path: Path) -> list[Problem]:
    """Indentation deeper than ``MAX_NESTING`` levels, found before docutils recurses into it."""
    indents = [0]
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        width = len(line) - len(line.lstrip(" "))
        while indents and width < indents[-1]:
            indents.pop()
        if not indents or width > indents[-1]:
            indents.append(width)
        if len(indents) > MAX_NESTING:
            return [
                Problem(
                    path,
                    number,
                    f"indented more than {MAX_NESTING} levels deep (lists or quotes inside each other): "
                    "a book does not need so many",
                )
            ]
    return []


def tree_problems(document: nodes.document, path: Path) -> list[Problem]:
    """Links to anything but the web or mail (javascript:, file:, data: …) and endless paragraphs."""
    problems = []
    for reference in document.findall(nodes.reference):
        uri = reference.get("refuri")
        if uri is not None and urlsplit(uri).scheme.lower() not in LINK_SCHEMES:
            message = f"a link may lead to {', '.join(LINK_SCHEMES)} addresses only, not '{uri}'"
            problems.append(Problem(path, line_of(reference), message))
    for paragraph in document.findall(nodes.paragraph):
        length = len(paragraph.astext())
        if length > MAX_PARAGRAPH:
            problems.append(
                Problem(
                    path,
                    line_of(paragraph),
                    f"a paragraph of {length:,} characters: break it up (at most {MAX_PARAGRAPH:,} in one paragraph)",
                )
            )
    return problems
