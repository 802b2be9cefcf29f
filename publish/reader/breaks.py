"""Page breaks inside a chapter: ``.. page-break::`` (改ページ) and ``.. recto-break::`` (改丁).

A chapter always opens a page; these break one within it: the text after a
``page-break`` starts on the next page, after a ``recto-break`` on the next
odd (recto) page, with a blank page before it when needed. The EPUB asks
reading systems for a new page at both (they have no rectos). The Japanese
names work too: ``.. 改ページ::``, ``.. 改丁::``.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive, directives


class page_break(nodes.Element):
    """A page break; ``node["recto"]``: the next page must be an odd one (改丁)."""


class _PageBreak(Directive):
    recto = False

    def run(self) -> list[nodes.Node]:
        node = page_break(recto=self.recto)
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        return [node]


class _RectoBreak(_PageBreak):
    recto = True


def register_breaks() -> None:
    for name in ("page-break", "改ページ"):
        directives.register_directive(name, _PageBreak)
    for name in ("recto-break", "改丁"):
        directives.register_directive(name, _RectoBreak)
