"""The ``date`` directive, dated by the book instead of by the clock of the build.

docutils' own ``.. |today| date::`` prints the day the build runs, so the same
sources give other books on other days (docutils leaves SOURCE_DATE_EPOCH to
its users). Ours prints config.book_time: book.toml's ``date``, else
SOURCE_DATE_EPOCH, else now — the same day the colophon prints.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Date


class BookDate(Date):
    def run(self) -> list[nodes.Node]:
        super().run()  # docutils' checks: only inside a substitution definition
        format_string = "\n".join(self.content) or "%Y-%m-%d"
        return [nodes.Text(self.state.document.settings.book_time.strftime(format_string))]


def register_date() -> None:
    directives.register_directive("date", BookDate)
