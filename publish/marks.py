"""Marks publish prints that the manuscript does not spell: declared once, checked against the book's fonts.

A list's bullets and numbers, an attribution's dash: the print writers draw
them (pdf/runs.py; the horizontal stylesheet spells the same ones), and the
font check (pdf/fontcheck.py) asks the book's fonts for them at the list's
line, like the manuscript's own text — so none is ever drawn from a system font.
"""

from __future__ import annotations

from docutils import nodes

from publish.reader.structure import line_of

BULLET = "・"  # a bullet list's item: 中点, as Japanese books set it
NUMBER_STOP = "．"  # after an item's number in a vertical book (the number itself is 縦中横 or upright)
NUMBER_STOP_HORIZONTAL = "."  # after an item's number in a horizontal book (the stylesheet's decimal list)
ATTRIBUTION_DASH = "――"  # before a quotation's attribution


def number_stop(vertical: bool) -> str:
    return NUMBER_STOP if vertical else NUMBER_STOP_HORIZONTAL


def item_numbers(node: nodes.enumerated_list) -> range:
    """The numbers an enumerated list prints."""
    start = node.get("start", 1)
    return range(start, start + len(node.children))


def printed_marks(document: nodes.document, vertical: bool) -> list[tuple[str, int | None]]:
    """The marks a chapter's lists and attributions print, each with the line of the list that prints it."""
    marks: list[tuple[str, int | None]] = []
    for node in document.findall(nodes.bullet_list):
        marks.append((BULLET, line_of(node)))
    for node in document.findall(nodes.enumerated_list):
        digits = "".join(str(number) for number in item_numbers(node))
        marks.append((digits + number_stop(vertical), line_of(node)))
    for node in document.findall(nodes.attribution):
        marks.append((ATTRIBUTION_DASH, line_of(node)))
    return marks
