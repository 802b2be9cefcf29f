"""Manuscript → document trees: one docutils tree per file, Japanese transforms applied.

This is the shared model of the book: every writer visits these trees and
nothing downstream parses reST again.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from docutils import frontend, nodes, utils
from docutils.parsers.rst import Parser
from docutils.readers.standalone import Reader

from publish.bookfiles import BookFolder
from publish.bookschema import Source, Typesetting
from publish.config import BookConfig, book_time
from publish.errors import Problem, PublishError
from publish.indents import class_problem
from publish.reader.breaks import register_breaks
from publish.reader.dates import register_date
from publish.reader.images import read_images
from publish.reader.memo import DocumentMemo
from publish.reader.notes import NoteMarks
from publish.reader.roles import register_roles, ruby
from publish.reader.safety import TOO_DEEP, nesting_problems, substitution_problems, tree_problems
from publish.reader.structure import check_structure, line_of
from publish.reader.transforms import (
    BracketParagraphs,
    ChapterRubric,
    JoinLines,
    SectionIds,
    Unescape,
    VerticalForms,
    chapter_rubric,
    vertical_punctuation,
)

HOUSE_STYLE = Typesetting()  # [typesetting] when a book gives none
SETTINGS = {
    # Every problem is collected by our observer and reported by the CLI.
    "report_level": 5,
    "halt_level": 5,
    # Each file is one chapter whose title is a section, not the document title.
    "doctitle_xform": False,
    "sectsubtitle_xform": False,
    "docinfo_xform": False,
    "smart_quotes": False,
    "language_code": "en",  # reST keywords stay English; the book language is in book.toml
    # Japanese has no spaces around words: let inline markup start anywhere.
    "character_level_inline_markup": True,
}


@dataclass(frozen=True)
class TocEntry:
    title: str
    anchor: str | None  # a section's id; None: the file itself; PART_ANCHOR: the 部扉 before it
    children: tuple[TocEntry, ...] = ()


PART_ANCHOR = "part"  # never a section's id (reader/transforms.py SectionIds: chapter, s1, s2 …)


@dataclass
class Chapter:
    """One manuscript file as a document tree."""

    source: Source
    document: nodes.document

    @property
    def section(self) -> nodes.section | None:
        return next((node for node in self.document.children if isinstance(node, nodes.section)), None)

    @property
    def title(self) -> str | None:
        """The chapter title, or the ``.. title::`` of an untitled front/back file."""
        if self.section is not None:
            return self.section[0].astext()
        return self.document.get("title")

    @property
    def rubric(self) -> str | None:
        rubric = chapter_rubric(self.section) if self.section is not None else None
        return rubric.astext() if rubric is not None else None

    @property
    def warnings(self) -> list[Problem]:
        """What the reader noticed but did not refuse (a picture without alt text)."""
        return self.document.get("publish_warnings", [])

    def toc(self) -> TocEntry | None:
        """This file's entry in the table of contents (None: not listed)."""
        if self.section is None:
            return TocEntry(self.title, None) if self.title else None
        return _toc_entry(self.section)


def _toc_entry(section: nodes.section) -> TocEntry:
    children = tuple(_toc_entry(node) for node in section.children if isinstance(node, nodes.section))
    return TocEntry(section[0].astext(), section["ids"][0], children)


@dataclass
class Book:
    config: BookConfig
    chapters: list[Chapter] = field(default_factory=list)

    @overload
    def display(self, text: str) -> str: ...
    @overload
    def display(self, text: None) -> None: ...
    def display(self, text: str | None) -> str | None:
        """A text from book.toml as the pages show it (vertical forms in vertical books)."""
        return vertical_punctuation(text) if text and self.config.vertical else text

    def contents(self, depth: int = 2) -> list[tuple[int, TocEntry, int]]:
        """(file index, entry, level 1 or 2) in book order, down to ``depth``: the outline's, or the printed
        contents' (``printed_contents``)."""
        items = []
        for index, chapter in enumerate(self.chapters):
            if chapter.source.opens_part:  # the part's title page comes first, level with the chapters
                items.append((index, TocEntry(chapter.source.opens_part, PART_ANCHOR), 1))
            entry = chapter.toc()
            if entry is not None:
                items += [(index, entry, 1)] + [(index, child, 2) for child in entry.children if depth > 1]
        return items

    def printed_contents(self) -> list[tuple[int, TocEntry, int]]:
        """The contents page: as deep as ``[typesetting] contents_depth`` says."""
        return self.contents(self.config.typesetting.contents_depth)

    @property
    def warnings(self) -> list[Problem]:
        return [warning for chapter in self.chapters for warning in chapter.warnings]

    @property
    def uses_ruby(self) -> bool:
        return any(next(chapter.document.findall(ruby), None) for chapter in self.chapters)


def _register(config: BookConfig) -> None:
    """Our roles, and the confined file-reading directives when book.toml turns them on; a new reading pass."""
    config.folder.start_reading()
    register_roles()
    register_breaks()
    if config.file_insertion_enabled or config.raw_enabled:
        from publish.reader.confined import register_directives

        register_directives()


def _book_document(config: BookConfig, path: Path, vertical: bool, text: str | None = None) -> nodes.document:
    return read_document(
        path,
        vertical=vertical,
        folder=config.folder,
        file_insertion=config.file_insertion_enabled,
        raw=config.raw_enabled,
        text=text,
        typesetting=config.typesetting,
        date=config.date,
    )


def read_book(config: BookConfig, memo: DocumentMemo | None = None) -> Book:
    """Parse every manuscript file (``memo``: take the trees of unchanged ones from it); raise PublishError with
    all problems of all files."""
    _register(config)
    book = Book(config)
    problems: list[Problem] = []
    for source in config.sources:
        try:
            if memo is None:
                document = _book_document(config, source.path, config.vertical)
            else:
                read = functools.partial(_book_document, config, source.path, config.vertical)
                document = memo.document(config, source.path, read)
        except PublishError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_structure(document, source.path, source.part))
        book.chapters.append(Chapter(source, document))
    if problems:
        raise PublishError(problems)
    return book


def read_as_written(config: BookConfig) -> list[tuple[Path, nodes.document, str]]:
    """Every manuscript file as (path, tree, source text), without the vertical forms: what proofreading reads."""
    _register(config)
    files = []
    for source in config.sources:
        text = config.folder.read_text(source.path)
        files.append((source.path, _book_document(config, source.path, False, text), text))
    return files


def read_document(
    path: Path,
    vertical: bool,
    *,
    folder: BookFolder | None = None,
    file_insertion: bool = False,
    raw: bool = False,
    text: str | None = None,
    typesetting: Typesetting = HOUSE_STYLE,
    date: datetime.date | None = None,
) -> nodes.document:
    """One reST file → document tree; any docutils warning or error is a problem.

    ``folder`` is the book folder's gate, the only way included files may be
    read (default: the file's folder); ``file_insertion`` and ``raw`` are
    book.toml's switches for docutils'; ``text`` is the file's text when the
    caller has read it already; ``date`` is book.toml's (the date directive prints it, else
    SOURCE_DATE_EPOCH's day, else today's).
    """
    folder = folder or BookFolder(path.parent)
    text = folder.read_text(path) if text is None else text
    too_deep = nesting_problems(text, path)
    if too_deep:
        raise PublishError(too_deep)
    parser = Parser()
    reader = Reader(parser=parser)
    settings = frontend.get_default_settings(Parser, Reader)
    for key, value in SETTINGS.items():
        setattr(settings, key, value)
    settings.file_insertion_enabled = file_insertion
    settings.raw_enabled = raw
    settings.book_folder = folder
    settings.tcy_digits = typesetting.tcy_digits
    settings.note_numbers = typesetting.note_numbers
    settings.book_time = book_time(date)
    register_date()  # the directive reads book_time from the settings
    document = utils.new_document(str(path), settings)
    problems: list[Problem] = []

    def observe(message: nodes.system_message) -> None:
        text = " ".join(message[0].astext().split()) if message.children else ""  # one line per problem
        too_long = re.match(r"Line (\d+) exceeds the line-length-limit", text)
        if too_long:  # docutils gives this one no line of its own
            limit = settings.line_length_limit
            text = f"a line of more than {limit:,} characters: break it (a paragraph may run over many lines)"
            message["line"] = int(too_long.group(1))
        if text.startswith("Multiple roles in interpreted text"):  # :ruby:`…`:ruby:`…` reads as one text, two roles
            text += " Two roles side by side need a backslash and a space between them: :ruby:`…`\\ :ruby:`…`"
        # WARNING and above, and the note that a short underline made a title plain text.
        if message["level"] >= 2 or text.startswith("Possible title underline"):
            problems.append(Problem(path, message.get("line"), text))

    document.reporter.attach_observer(observe)
    try:
        parser.parse(text, document)
    except RecursionError:  # nesting written on one line ("- - - - …") escapes the indentation count
        line = parser.statemachine.abs_line_number() if parser.statemachine else None
        raise PublishError.at(path, line, TOO_DEEP) from None
    too_big = substitution_problems(document, path)
    if too_big:
        raise PublishError(too_big)
    transforms = [Unescape, JoinLines, ChapterRubric, BracketParagraphs, SectionIds, NoteMarks]
    transforms += [VerticalForms] if vertical else []
    document.transformer.populate_from_components((reader, parser))
    document.transformer.add_transforms(transforms)
    document.transformer.apply_transforms()
    problems += tree_problems(document, path)
    image_problems, document["publish_warnings"] = read_images(document, path, folder)
    problems += image_problems
    problems += [
        Problem(path, line_of(node), message)
        for node in document.findall(nodes.Element)
        for message in map(class_problem, node["classes"])
        if message
    ]
    if problems:
        raise PublishError(sorted(problems, key=lambda problem: problem.line or 0))
    return document
