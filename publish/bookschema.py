"""What a book.toml may say: every key with its type, the values it may take and what it means, and the
settings its tables make (their defaults are the house style). config.py reads a book.toml and checks it
against these; README's key reference is tested against them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from publish.fontfile import BUNDLED_GOTHIC, BUNDLED_MINCHO, BookFont
from publish.paper import LINE_GAPS, PageDesign

CONFIG_NAME = "book.toml"
WRITING_MODES = ("vertical", "horizontal")

# key → (expected Python type, description for messages, required)
KEYS: dict[str, tuple[type, str, bool]] = {
    "title": (str, "a string", True),
    "identifier": (str, "a string", True),
    "chapters": (list, "a list of file names", True),
    "language": (str, "a string", False),
    "writing_mode": (str, "a string", False),
    "category": (str, "a string", False),
    "author": (str, "a string", False),
    "date": (datetime.date, "a date (YYYY-MM-DD)", False),
    "name": (str, "a string", False),
    "cover": (str, "a file name", False),
    "front": (list, "a list of file names", False),
    "back": (list, "a list of file names", False),
    "parts": (list, "a list of [[parts]] tables (title, from)", False),
    "print": (dict, "a table ([print])", False),
    "proofread": (dict, "a table ([proofread])", False),
    "limits": (dict, "a table ([limits])", False),
    "typesetting": (dict, "a table ([typesetting])", False),
    "colophon": (dict, "a table ([colophon])", False),
    # docutils' switches, off: a manuscript may not read other files or carry raw HTML unless the book says so
    "file_insertion_enabled": (bool, "true or false", False),
    "raw_enabled": (bool, "true or false", False),
}
# [print] key → (expected Python types, description for messages)
PRINT_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "trim": ((str,), "a trim size name"),
    "font_size": ((int, float), "a number of points"),
    "characters_per_line": ((int,), "an integer"),
    "lines_per_page": ((int,), "an integer"),
    "line_gap": ((int, float), "a number of em"),
    "pdf": ((str,), "a string"),
    "output_profile": ((str,), "a file name"),
    "body_font": ((str,), "a font file name"),
    "heading_font": ((str,), "a font file name"),
    "body_font_face": ((str,), "a PostScript name (a face of a .ttc collection)"),
    "heading_font_face": ((str,), "a PostScript name (a face of a .ttc collection)"),
}
# [limits] key → (range in MB, what it limits)
LIMIT_KEYS: dict[str, tuple[tuple[int, int], str]] = {"text_mb": ((1, 256), "the size of the manuscript")}
SCENE_BREAKS = ("blank", "＊", "＊　＊　＊", "◇", "◇　◇　◇", "◆")  # a transition: a blank line, or an ornament
# [typesetting] key → (the values it may take, what they mean)
TYPESETTING_KEYS: dict[str, tuple[tuple[float | str, ...], str]] = {
    "tcy_digits": ((0, 2, 3), "0 (no 縦中横 for numbers), 2 or 3 (縦中横 for up to that many digits)"),
    "bracket_indent": ((1, 0.5, 0), "1, 0.5 or 0 (em before a paragraph that opens with a bracket)"),
    "bracket_rest_indent": ((0, 1), "0 or 1 (em before the later lines of such a paragraph)"),
    "contents_depth": ((1, 2), "1 (the contents page lists chapters) or 2 (chapters and their sections)"),
    "chapter_start": (
        ("recto", "page"),
        "'recto' (改丁: chapters open on odd pages) or 'page' (改ページ)",
    ),
    "note_numbers": (("arabic", "kanji"), "'arabic' (※1: 縦中横 in vertical books) or 'kanji' (※一)"),
    "notes": (("chapter", "book"), "'chapter' (後注 at each chapter's end) or 'book' (巻末注, after the last chapter)"),
    "front_matter_numbers": (
        ("arabic", "roman", "none"),
        "'arabic' (one count from the title page), 'roman' (i, ii … before the first chapter, which is page 1) "
        "or 'none' (no numbers before the first chapter, which is page 1)",
    ),
    "scene_break": (SCENE_BREAKS, "'blank' (a blank line) or an ornament: " + ", ".join(SCENE_BREAKS[1:])),
}
# [colophon] key → (expected Python type, description for messages)
COLOPHON_KEYS: dict[str, tuple[type, str]] = {
    "publisher": (str, "a string"),
    "printer": (str, "a string"),
    "contact": (str, "a string"),
    "isbn": (str, "a string (978-4-…)"),
    "edition": (int, "a whole number (1: 初版)"),
    "printings": (list, "a list of dates, the first printing first"),
}
PDF_STANDARDS = ("PDF/X-4", "PDF/X-1a")
DEFAULT_DESIGN = PageDesign.of("A5")
# [print] key → inclusive range it must lie in
# characters (per column; the block must still hold the contents: paper.MIN_BLOCK_CHARACTERS);
# lines: a chapter heading takes 7
PRINT_RANGES = {
    "font_size": (5, 20),
    "characters_per_line": (10, 80),
    "lines_per_page": (10, 50),
    "line_gap": LINE_GAPS,
}
# the grid's keys, the first one a book gives named in a misfit's message
GRID_KEYS = ("characters_per_line", "lines_per_page", "font_size", "line_gap")


@dataclass(frozen=True)
class Source:
    """One manuscript file and its place in the book."""

    path: Path
    part: str  # "front", "chapter" or "back"
    opens_part: str | None = None  # the title of the 部 ([[parts]]) this chapter opens


@dataclass(frozen=True)
class PrintSettings:
    """The ``[print]`` table: the page and the PDF standard of the print PDF."""

    design: PageDesign = DEFAULT_DESIGN
    standard: str = "PDF/X-4"
    output_profile: Path | None = None  # a CMYK ICC profile from the print shop
    body_font: BookFont = BUNDLED_MINCHO  # mincho for the text
    heading_font: BookFont = BUNDLED_GOTHIC  # gothic for headings, rubrics and emphasis


@dataclass(frozen=True)
class Typesetting:
    """The ``[typesetting]`` table: house style choices JLReq leaves open, for both outputs."""

    tcy_digits: int = 2  # half-width digit runs up to this long are 縦中横; longer ones stand upright (vertical books)
    bracket_indent: float = 1.0  # em before a paragraph opening with 「『（… (JLReq 3.1.5: 1, 0.5 or 0 = 天付き)
    bracket_rest_indent: float = 0.0  # em before such a paragraph's later lines (dialogue set hanging)
    contents_depth: int = 1  # the printed contents: chapters only (a novel's), or their sections too
    chapter_start: str = "recto"  # print: each file opens on an odd page (改丁), or on the next page (改ページ)
    note_numbers: str = "arabic"  # a note's mark: ※1 (縦中横 in vertical books) or ※一
    scene_break: str = "blank"  # a transition (----): a blank line, or an ornament on a line of its own
    notes: str = "chapter"  # print: notes at each chapter's end, or all at the book's (after the last chapter)
    front_matter_numbers: str = "arabic"  # print: the nombres before the first chapter (arabic, roman or none)

    @property
    def scene_ornament(self) -> str | None:
        """What a scene break prints, centred on its line; None: it is a blank line."""
        return None if self.scene_break == "blank" else self.scene_break


@dataclass(frozen=True)
class Colophon:
    """The ``[colophon]`` table: what a publisher prints in the 奥付 besides title and author."""

    publisher: str | None = None  # 発行所, also the EPUB's dc:publisher
    printer: str | None = None  # 印刷所
    contact: str | None = None  # 連絡先: an address, mail or web page
    isbn: str | None = None  # ISBN-13 as written (hyphens kept), its check digit verified
    edition: int = 1  # 初版, 第2版 …
    printings: tuple[datetime.date, ...] = ()  # the dates of 第1刷, 第2刷 … of this edition
