"""The print book's pages, composed but not drawn: 扉, contents, chapters, colophon.

fonts (tatefont) → blocks of units (blocks) → lines (compose) → pages (pages).
Vertical and horizontal books alike: the composer sets lines along one axis,
the page writer (book_pdf.py) decides which way it runs on the page.
``publish check`` stops here.
No pikepdf here: composing a book takes a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from publish.jlreq import VARIANT
from publish.marks import roman_number
from publish.matter import CONTENTS_TITLE, NOTES_TITLE, colophon_rows
from publish.paper import ELLIPSIS, PageDesign
from publish.pdf.blocks import Block, UnitMaker, chapter_blocks, notes_under
from publish.pdf.compose import INK_FIRST_HALF, INK_SECOND_HALF, Line, Unit, solid_lines
from publish.pdf.fontcheck import ChapterText, check_fonts
from publish.pdf.pages import Page, Paginator, block_bands, by_phrases
from publish.pdf.placed import PlacedLine
from publish.pdf.tatefont import TateFont, tate_font_file
from publish.reader import PART_ANCHOR, Book, TocEntry
from publish.reader.roles import tcy

FAMILIES = {"body": "Mincho", "gothic": "Gothic"}  # of the derived fonts: Tate Mincho, Yoko Gothic …


def _fonts(book: Book, chapters: ChapterText, generated: str) -> dict[str, TateFont]:
    """The derived fonts the book's lines are set in: turned for a vertical book, as they are for a horizontal one."""
    vertical = book.config.vertical
    chars = set(generated)  # with ﹅ when the book has 傍点, and the marks publish adds (publish/marks.py)
    for _, pieces in chapters:
        chars.update(*(text for text, _ in pieces))
    # 縦中横 exists only in vertical lines: a horizontal book sets the same digits as they are
    runs = {node.astext() for chapter in book.chapters for node in chapter.document.findall(tcy)} if vertical else set()
    variants = {pair.group() for _, pieces in chapters for text, _ in pieces for pair in VARIANT.finditer(text)}
    text = "".join(sorted(chars))
    half = dict.fromkeys(INK_FIRST_HALF, True) | dict.fromkeys(INK_SECOND_HALF, False)
    prefix = "Tate " if vertical else "Yoko "
    return {
        role: TateFont(tate_font_file(source, prefix + FAMILIES[role], text, runs, half, variants, vertical))
        for role, source in (("body", book.config.print.body_font), ("gothic", book.config.print.heading_font))
    }


@dataclass(frozen=True)
class _TocLine:
    chapter: int  # index of the file in the book
    anchor: str | None  # its section, None for the file itself
    level: int
    title: str
    line: Line
    last: bool  # an entry's last line carries the page number


Contents = list[tuple[int, TocEntry, int]]  # (file index, entry, level), as Book.contents gives them
NOTES_FILE = -1  # the book's notes (巻末注, [typesetting] notes = "book"): a file of its own after the last chapter


def _with_book_notes(contents: Contents, after: int | None) -> Contents:
    """``contents`` with the book's notes after the entries of file ``after`` (None: the notes are not there)."""
    if after is None:
        return contents
    at = next((position for position, (index, _, _) in enumerate(contents) if index > after), len(contents))
    return [*contents[:at], (NOTES_FILE, TocEntry(NOTES_TITLE, None), 1), *contents[at:]]


def _toc_lines(contents: Contents, design: PageDesign, units: UnitMaker) -> list[_TocLine]:
    lines = []
    for index, item, level in contents:
        indent = 2.0 if level == 1 else 4.0
        font = "gothic" if level == 1 else "body"
        length = design.block_characters - indent - 4  # room for the leader and the number
        composed = _single_lines(item.title, units, font, length)
        for number, line in enumerate(composed):
            last = number == len(composed) - 1
            lines.append(_TocLine(index, item.anchor, level, item.title, Line(line.units, 0.0, indent=indent), last))
    return lines


def _toc_pages(paginator: Paginator, toc: list[_TocLine], numbers: Sequence[str | None]) -> None:
    design = paginator.design
    page = paginator.new_page("toc")
    heading = Line([Unit(CONTENTS_TITLE, 2.0, "word", "gothic")], 0.0, indent=3.0)
    page.lines.append(PlacedLine(heading, 0.0, 3.0 * design.font_size, design.font_size * 16 / 9))
    paginator.row = 3
    for item, number in zip(toc, numbers, strict=True):
        if item.level == 1 and paginator.row > 3:
            paginator.row += 1  # air between chapters
        if paginator.row >= design.lines:
            page = paginator.new_page("toc")
        along = item.line.indent * design.font_size
        placed = PlacedLine(item.line, paginator.row * design.pitch, along, design.font_size)
        placed.number = number if item.last else None
        page.lines.append(placed)
        paginator.row += 1


def _single_lines(text: str, units: UnitMaker, font: str, length: float) -> list[Line]:
    return solid_lines(by_phrases(list(units.text(text, font))), length)


TITLE_SCALES = (2.0, 1.6, 1.3, 1.0)  # the title's size against the body's, tried largest first
PART_SCALE = 1.6  # a part's title on its 部扉, against the body's size


def _part_page(page: Page, title: str, design: PageDesign, units: UnitMaker) -> None:
    """部扉: the part's title in gothic, its lines in the middle across the page, set in from the head."""
    lines = _single_lines(title, units, "gothic", design.block_characters / PART_SCALE - 4)
    row = (design.lines - PART_SCALE * len(lines)) / 2
    for line in lines:
        page.lines.append(PlacedLine(line, row * design.pitch, 6 * design.font_size, design.font_size * PART_SCALE))
        row += PART_SCALE


def _title_page(page: Page, book: Book, design: PageDesign, units: UnitMaker) -> None:
    """扉: the category, the title and the author, centred across the page and never on top of each other.

    The title is set as large as lets the three fit between the page's first
    and last lines (twice the body size for most titles, smaller for a long one).
    """
    config = book.config
    category = _single_lines(book.display(config.category or ""), units, "gothic", design.block_characters - 12)
    author = _single_lines(book.display(config.author or ""), units, "body", design.block_characters - 20)
    for scale in TITLE_SCALES:
        title = _single_lines(book.display(config.title), units, "body", design.block_characters / scale - 4)
        rows = 2 * len(category) + scale * len(title) + 2 * len(author)  # a line's worth of air between the parts
        if rows <= design.lines:
            break
    row = (design.lines - rows) / 2
    for line in category:
        page.lines.append(PlacedLine(line, row * design.pitch, 6 * design.font_size, design.font_size))
        row += 1
    row += bool(category)
    for line in title:
        page.lines.append(PlacedLine(line, row * design.pitch, 6 * design.font_size, design.font_size * scale))
        row += scale
    row += bool(author)
    for line in author:
        page.lines.append(PlacedLine(line, row * design.pitch, 24 * design.font_size, design.font_size * 1.2))
        row += 1


def _files(
    book: Book, chapters: list[tuple[list[Block], list[Block]]], notes_after: int | None, units: UnitMaker
) -> list[tuple[int, list[Block]]]:
    """(file index, blocks) in the book's order: each chapter with its notes at its end (後注), or, when
    ``notes_after`` is given, the book's notes in a file of their own after that one (巻末注)."""

    def heading(text: str, kind: str = "rubric", level: int = 0) -> Block:
        return Block(kind, list(units.text(text, "gothic")), level=level)

    files = [
        (index, blocks + (notes_under(heading(NOTES_TITLE), notes) if notes and notes_after is None else []))
        for index, (blocks, notes) in enumerate(chapters)
    ]
    if notes_after is not None:  # under 注, each chapter's notes under its title
        blocks = [heading(NOTES_TITLE, "heading", 1)]
        for chapter, (_, notes) in zip(book.chapters, chapters, strict=True):
            blocks += notes_under(heading(book.display(chapter.title or "")), notes) if notes else []
        files.insert(notes_after + 1, (NOTES_FILE, blocks))
    return files


def paginate(book: Book, design: PageDesign, units: UnitMaker) -> tuple[list[Page], list[tuple[str, int, int]]]:
    """The book's pages, and its outline as (title, level, page index)."""
    config = book.config
    paginator = Paginator(design, 1)
    # 扉 (title page), its blank back, then the contents on an odd page.
    _title_page(paginator.new_page("title"), book, design, units)
    paginator.new_page("blank")

    # every file's blocks first: whether the book's end has notes decides the contents
    chapters = [
        chapter_blocks(chapter.document, units, config.typesetting, design.characters) for chapter in book.chapters
    ]
    book_notes = config.typesetting.notes == "book" and any(notes for _, notes in chapters)
    in_body = [index for index, chapter in enumerate(book.chapters) if chapter.source.part == "chapter"]
    first_chapter, last_chapter = in_body[0], in_body[-1]
    notes_after = last_chapter if book_notes else None
    toc = _toc_lines(_with_book_notes(book.printed_contents(), notes_after), design, units)
    rehearsal = Paginator(design, 3)
    _toc_pages(rehearsal, toc, [None] * len(toc))  # the contents' length does not depend on its numbers
    toc_pages = len(rehearsal.pages)
    body = Paginator(design, 3 + toc_pages + (toc_pages % 2), config.typesetting.chapter_start == "recto")
    # (file, anchor) → page number; anchor None: the file's first page
    targets: dict[tuple[int, str | None], int] = {}
    numbering = config.typesetting.front_matter_numbers
    text_starts = 1  # the page number the count starts from again at 1 (front_matter_numbers)
    for index, blocks in _files(book, chapters, notes_after, units):
        if numbering != "arabic" and index == first_chapter:  # page 1 is a recto, whatever chapter_start says
            body.open_on_odd_page()
            text_starts = body.next_number
        part = book.chapters[index].source.opens_part if index != NOTES_FILE else None
        if part:  # 部扉: on a recto, its verso blank, whatever chapter_start says
            body.open_on_odd_page()
            page = body.new_page("part")
            _part_page(page, book.display(part), design, units)
            targets[index, PART_ANCHOR] = page.number
            body.new_page("blank")
        bands = [band for block in blocks for band in block_bands(design, block, config.vertical)]
        start = len(body.pages)
        title = NOTES_TITLE if index == NOTES_FILE else book.chapters[index].title
        targets[index, None] = body.add_file(bands, book.display(title) if title else None)
        for page in body.pages[start:]:
            for anchor in page.anchors:
                targets.setdefault((index, anchor), page.number)
    numbers = [
        _page_label(targets.get((item.chapter, item.anchor), targets[item.chapter, None]), text_starts, numbering)
        for item in toc
    ]
    # bookmarks: (title, level, page index) of every chapter and section, however deep the contents page goes
    outline = [
        (item.title, level, targets.get((index, item.anchor), targets[index, None]) - 1)
        for index, item, level in _with_book_notes(book.contents(), notes_after)
    ]
    _toc_pages(paginator, toc, numbers)
    paginator.open_on_odd_page()
    paginator.pages.extend(body.pages)
    paginator.next_number = body.next_number
    # The colophon is the last page of a whole number of sheets (four pages each).
    while paginator.next_number % 4 != 0:
        paginator.new_page("blank")
    colophon = paginator.new_page("colophon")
    rows = [(book.display(config.title), "gothic")] + [
        (f"{term}　{value}", "body") for term, value in colophon_rows(book)
    ]
    for index, (text, font) in enumerate(rows):
        for line in _single_lines(text, units, font, design.block_characters - 4):
            row = design.lines - len(rows) - 1 + index + (1 if index else 0)
            colophon.lines.append(PlacedLine(line, row * design.pitch, 2 * design.font_size, design.font_size))
    for page in paginator.pages:
        page.label = _page_label(page.number, text_starts, numbering)
    return paginator.pages, outline


def _page_label(number: int, text_starts: int, numbering: str) -> str | None:
    """What page ``number`` shows: its number, counted again from the first chapter but for arabic front matter."""
    if number >= text_starts:
        return str(number - text_starts + 1)
    return roman_number(number) if numbering == "roman" else None


@dataclass
class ComposedBook:
    pages: list[Page]
    outline: list[tuple[str, int, int]]  # (title, level, page index) of every chapter and section
    fonts: dict[str, TateFont]


def compose_book(book: Book) -> ComposedBook:
    """Every page of the print book, its lines set; a character the fonts lack stops it first."""
    chapters, generated = check_fonts(book)
    fonts = _fonts(book, chapters, generated)
    pages, outline = paginate(book, book.config.print.design, UnitMaker(fonts, book.config.vertical))
    return ComposedBook(pages, outline, fonts)


def furniture_font(book: Book, composed: ComposedBook) -> TateFont:
    """The font of the horizontal text on the pages' edges (running heads, nombres, the contents' page numbers):
    in a vertical book the body font's horizontal twin, with just the characters they show (the font check has
    seen them all: titles and digits); a horizontal book's body font is horizontal already."""
    if not book.config.vertical:
        return composed.fonts["body"]
    shown = {ELLIPSIS}
    for page in composed.pages:
        shown.update(page.running_head or "", page.label or "", *(line.number or "" for line in page.lines))
    text = "".join(sorted(shown))
    return TateFont(tate_font_file(book.config.print.body_font, "Yoko " + FAMILIES["body"], text, (), {}, (), False))
