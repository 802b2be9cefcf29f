"""What a book.toml may say: every key with its type, the values it may take and what it means, and the
settings its tables make (their defaults are the house style). config.py reads a book.toml and checks it
against these; README's key reference is tested against them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.fontfile import BUNDLED_GOTHIC, BUNDLED_MINCHO, BookFont
from publish.paper import LINE_GAPS, TRIMS, PageDesign

CONFIG_NAME = "book.toml"
# what a value of each TOML type is called in a message ("'x' must be a string, not an integer")
TOML_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "a list",
    dict: "a table",
    datetime.date: "a date",
    datetime.datetime: "a date-time",
    datetime.time: "a time",
}


@dataclass(frozen=True)
class Key:
    """One key of book.toml: its name, the TOML types and values it may take, its default and what it means."""

    name: str
    kinds: tuple[type, ...]  # the TOML types its value may have (a boolean is no number, a date-time no date)
    meaning: str  # what it takes, as a message says it: "'name' must be <meaning>, not …"
    default: Any = None  # the house style when a book does not give it (None: nothing, or worked out elsewhere)
    values: tuple[Any, ...] = ()  # when it is a choice: the values it may take
    bounds: tuple[float, float] | None = None  # a number's inclusive range
    required: bool = False

    def problem(self, value: object) -> str | None:
        """What is wrong with ``value`` for this key, as a message; None when nothing is."""
        if not _has_kind(value, self.kinds):
            return f"'{self.name}' must be {self.meaning}, not {TOML_TYPE_NAMES.get(type(value), 'that')}"
        if self.values and value not in self.values:
            return f"'{self.name}' must be {self.meaning}, not {value!r}"
        if self.bounds and not self.bounds[0] <= value <= self.bounds[1]:  # type: ignore[operator]
            return f"'{self.name}' must be between {self.bounds[0]:g} and {self.bounds[1]:g}, not {value}"
        return None


def _has_kind(value: object, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, not to TOML
        return bool in kinds
    if isinstance(value, datetime.datetime):  # likewise a date-time is a date
        return datetime.datetime in kinds
    return isinstance(value, kinds)


def _table(*keys: Key) -> dict[str, Key]:
    return {key.name: key for key in keys}


def _choice(name: str, values: tuple[Any, ...], meaning: str) -> Key:
    """A key that takes one of ``values`` (the first is the default)."""
    kinds = tuple({type(value) for value in values} | ({float} if int in map(type, values) else set()))
    return Key(name, kinds, meaning, values[0], values)


WRITING_MODES = ("vertical", "horizontal")
FILES = "a list of file names"
KEYS = _table(
    Key("title", (str,), "a string", required=True),
    Key("identifier", (str,), "a string", required=True),
    Key("chapters", (list,), FILES, required=True),
    Key("language", (str,), "a string", "ja"),
    _choice("writing_mode", WRITING_MODES, "'vertical' or 'horizontal'"),
    Key("category", (str,), "a string"),
    Key("author", (str,), "a string"),
    Key("date", (datetime.date,), "a date (YYYY-MM-DD)"),
    Key("name", (str,), "a string"),  # default: the book folder's name
    Key("cover", (str,), "a file name"),
    Key("front", (list,), FILES, ()),
    Key("back", (list,), FILES, ()),
    Key("parts", (list,), "a list of [[parts]] tables (title, from)", ()),
    Key("print", (dict,), "a table ([print])", {}),
    Key("proofread", (dict,), "a table ([proofread])", {}),
    Key("limits", (dict,), "a table ([limits])", {}),
    Key("typesetting", (dict,), "a table ([typesetting])", {}),
    Key("colophon", (dict,), "a table ([colophon])", {}),
    # docutils' switches, off: a manuscript may not read other files or carry raw HTML unless the book says so
    Key("file_insertion_enabled", (bool,), "true or false", False),
    Key("raw_enabled", (bool,), "true or false", False),
)
PDF_STANDARDS = ("PDF/X-4", "PDF/X-1a")
FONT_FACE = "a PostScript name (a face of a .ttc collection)"
# [print]: the grid's defaults come from the trim (paper.py), the fonts' from the bundled ones
PRINT_KEYS = _table(
    _choice("trim", tuple(TRIMS), "one of " + ", ".join(TRIMS)),
    Key("font_size", (int, float), "a number of points", bounds=(5, 20)),
    # characters per column; the block must still hold the contents (paper.MIN_BLOCK_CHARACTERS)
    Key("characters_per_line", (int,), "an integer", bounds=(10, 80)),
    Key("lines_per_page", (int,), "an integer", bounds=(10, 50)),  # a chapter heading takes 7
    Key("line_gap", (int, float), "a number of em", bounds=LINE_GAPS),
    Key("pdf", (str,), "one of " + ", ".join(PDF_STANDARDS), PDF_STANDARDS[0], PDF_STANDARDS),
    Key("output_profile", (str,), "a file name"),
    Key("body_font", (str,), "a font file name"),
    Key("heading_font", (str,), "a font file name"),
    Key("body_font_face", (str,), FONT_FACE),
    Key("heading_font_face", (str,), FONT_FACE),
)
LIMIT_KEYS = _table(Key("text_mb", (int,), "a whole number of MB (the size of the manuscript)", 8, bounds=(1, 256)))
SCENE_BREAKS = ("blank", "＊", "＊　＊　＊", "◇", "◇　◇　◇", "◆")  # a transition: a blank line, or an ornament
TYPESETTING_KEYS = _table(
    _choice("tcy_digits", (2, 0, 3), "0 (no 縦中横 for numbers), 2 or 3 (縦中横 for up to that many digits)"),
    _choice("bracket_indent", (1, 0.5, 0), "1, 0.5 or 0 (em before a paragraph that opens with a bracket)"),
    _choice("bracket_rest_indent", (0, 1), "0 or 1 (em before the later lines of such a paragraph)"),
    _choice("contents_depth", (1, 2), "1 (the contents page lists chapters) or 2 (chapters and their sections)"),
    _choice("chapter_start", ("recto", "page"), "'recto' (改丁: chapters open on odd pages) or 'page' (改ページ)"),
    _choice("note_numbers", ("arabic", "kanji"), "'arabic' (※1: 縦中横 in vertical books) or 'kanji' (※一)"),
    _choice(
        "notes",
        ("chapter", "book"),
        "'chapter' (後注 at each chapter's end) or 'book' (巻末注, after the last chapter)",
    ),
    _choice(
        "front_matter_numbers",
        ("arabic", "roman", "none"),
        "'arabic' (one count from the title page), 'roman' (i, ii … before the first chapter, which is page 1) "
        "or 'none' (no numbers before the first chapter, which is page 1)",
    ),
    _choice("scene_break", SCENE_BREAKS, "'blank' (a blank line) or an ornament: " + ", ".join(SCENE_BREAKS[1:])),
)
COLOPHON_KEYS = _table(
    Key("publisher", (str,), "a string"),
    Key("printer", (str,), "a string"),
    Key("contact", (str,), "a string"),
    Key("isbn", (str,), "a string (978-4-…)"),
    Key("edition", (int,), "a whole number (1: 初版)", 1, bounds=(1, 99)),
    Key("printings", (list,), "a list of dates, the first printing first", ()),
)
DEFAULT_DESIGN = PageDesign.of(PRINT_KEYS["trim"].default)
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
    standard: str = PRINT_KEYS["pdf"].default
    output_profile: Path | None = None  # a CMYK ICC profile from the print shop
    body_font: BookFont = BUNDLED_MINCHO  # mincho for the text
    heading_font: BookFont = BUNDLED_GOTHIC  # gothic for headings, rubrics and emphasis


@dataclass(frozen=True)
class Typesetting:
    """The ``[typesetting]`` table: house style choices JLReq leaves open, for both outputs."""

    # half-width digit runs up to this long are 縦中横; longer ones stand upright (vertical books)
    tcy_digits: int = TYPESETTING_KEYS["tcy_digits"].default
    # em before a paragraph opening with 「『（… (JLReq 3.1.5: 1, 0.5 or 0 = 天付き)
    bracket_indent: float = TYPESETTING_KEYS["bracket_indent"].default
    # em before such a paragraph's later lines (dialogue set hanging)
    bracket_rest_indent: float = TYPESETTING_KEYS["bracket_rest_indent"].default
    # the printed contents: chapters only (a novel's), or their sections too
    contents_depth: int = TYPESETTING_KEYS["contents_depth"].default
    # print: each file opens on an odd page (改丁), or on the next page (改ページ)
    chapter_start: str = TYPESETTING_KEYS["chapter_start"].default
    # a note's mark: ※1 (縦中横 in vertical books) or ※一
    note_numbers: str = TYPESETTING_KEYS["note_numbers"].default
    # a transition (----): a blank line, or an ornament on a line of its own
    scene_break: str = TYPESETTING_KEYS["scene_break"].default
    # print: notes at each chapter's end, or all at the book's (after the last chapter)
    notes: str = TYPESETTING_KEYS["notes"].default
    # print: the nombres before the first chapter (arabic, roman or none)
    front_matter_numbers: str = TYPESETTING_KEYS["front_matter_numbers"].default

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
    edition: int = COLOPHON_KEYS["edition"].default  # 初版, 第2版 …
    printings: tuple[datetime.date, ...] = ()  # the dates of 第1刷, 第2刷 … of this edition
