"""Every character a book prints must be in its fonts: a missing one is an error with file and line, never tofu."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from publish.errors import Problem, PublishError
from publish.jlreq import upright_digits
from publish.marks import ATTRIBUTION_DASH, BULLET, ROMAN_DIGITS, number_stop
from publish.matter import COLOPHON_TITLE, CONTENTS_TITLE, NOTES_TITLE, colophon_rows
from publish.paper import ELLIPSIS
from publish.pdf.tatefont import font_coverage
from publish.reader import Book
from publish.reader.roles import bouten, ruby, upright
from publish.reader.structure import line_of


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


def tree_text(document: nodes.document, vertical: bool) -> list[tuple[str, int | None]]:
    """Every piece of text a chapter prints, with its line: body text, ruby readings, and the marks of its lists."""
    pieces = printed_marks(document, vertical)
    for node in document.findall(nodes.Text):
        pieces.append((node.astext(), line_of(node.parent)))
    for node in document.findall(ruby):
        pieces.extend((reading, line_of(node)) for _, reading in node["pairs"])
    for node in document.findall(upright) if vertical else ():  # printed as full-width digits
        pieces.append((upright_digits(node.astext()), line_of(node)))
    return pieces


ChapterText = list[tuple[Path, list[tuple[str, int | None]]]]


def generated_text(book: Book) -> str:
    """What the book prints beyond its chapters: title page, contents, colophon (its problems point at book.toml)."""
    config = book.config
    rows = "".join(term + value for term, value in colophon_rows(book))
    any_transition = any(next(chapter.document.findall(nodes.transition), None) for chapter in book.chapters)
    return (
        book.display(config.title)
        + book.display(config.category or "")
        + book.display(config.author or "")
        + rows
        + CONTENTS_TITLE
        + COLOPHON_TITLE
        + "　――"
        + ELLIPSIS
        + "0123456789"  # nombres and the contents' page numbers
        + (ROMAN_DIGITS if config.typesetting.front_matter_numbers == "roman" else "")
        + "".join(chapter.title or "" for chapter in book.chapters)
        + "".join(source.opens_part or "" for source in config.sources)
        + ("﹅" if any(next(chapter.document.findall(bouten), None) for chapter in book.chapters) else "")
        + (NOTES_TITLE if any(next(chapter.document.findall(nodes.label), None) for chapter in book.chapters) else "")
        + (config.typesetting.scene_ornament or "" if any_transition else "")
    )


def check_fonts(book: Book) -> tuple[ChapterText, str]:
    """A character the fonts cannot draw is an error at the first place it occurs in each file, never tofu.

    Returns what it read: each chapter's text, and the generated text.
    """
    vertical = book.config.vertical
    chapters = [(chapter.source.path, tree_text(chapter.document, vertical)) for chapter in book.chapters]
    generated = generated_text(book)
    problems = []
    for source in (book.config.print.body_font, book.config.print.heading_font):
        coverage = font_coverage(source)
        generated_pieces: list[tuple[str, int | None]] = [(generated, None)]
        for path, pieces in [*chapters, (book.config.config_path, generated_pieces)]:
            seen: set[str] = set()
            for text, line in pieces:
                for char in sorted(coverage.missing(text) - seen):
                    seen.add(char)
                    codes = " ".join(f"U+{ord(code):04X}" for code in char)
                    what = "is not in the font" if len(char) == 1 else "is a variant missing from the font"
                    problems.append(Problem(path, line, f"'{char}' ({codes}) {what} {source.label}"))
    if problems:
        raise PublishError(problems)
    return chapters, generated
