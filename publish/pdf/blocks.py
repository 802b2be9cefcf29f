"""Document tree → blocks of line units: what the print composer sets, chapter by chapter.

A docutils visitor like the EPUB translator, but instead of markup it emits
``Block``s (a paragraph, a heading, a list item …) whose text is already cut
into composer ``Unit``s with their lengths from the derived fonts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from docutils import nodes

from publish.bookschema import Typesetting
from publish.errors import PublishError
from publish.indents import Indents, indents
from publish.jlreq import VARIATION_SELECTORS, upright_digits
from publish.marks import ATTRIBUTION_DASH, BULLET, number_stop
from publish.pdf.compose import Unit
from publish.pdf.tatefont import TateFont
from publish.reader.breaks import page_break
from publish.reader.notes import NOTES
from publish.reader.roles import bouten, ruby, tcy, upright
from publish.reader.structure import BookVisitor, is_inline, line_of
from publish.reader.transforms import OPENS_WITH_BRACKET, chapter_rubric, is_chapter_rubric

RUBY_SIZE = 0.5  # ruby is set at half the size of its base
# Pieces of running text: ―― and …… pairs, runs of spaces, Latin words, single characters (with their
# variation selector, if any).
_PIECES = re.compile(
    rf"(―+|…+|‥+)|( +)|([!-~\u00a0-\u024f\u2010-\u2027\u2030-\u205e]+)|(.[{VARIATION_SELECTORS}]?)", re.S
)


@dataclass
class Block:
    """One thing on the page that the composer breaks into lines."""

    kind: str  # "paragraph", "item", "heading", "rubric", "blank", "ornament", "page-break", "recto-break",
    # "picture", "table"
    units: list[Unit] = field(default_factory=list)
    level: int = 0  # heading depth: 1 = chapter title
    indent: float = 0.0  # em before every line (block quotes)
    first_indent: float = 0.0  # em more before the first line
    rest_indent: float = 0.0  # em more before the other lines
    end_indent: float = 0.0  # em kept free at every line's end (字上げ)
    align_end: bool = False  # lines set against the end (地付き)
    anchor: str | None = None
    label: str | None = None  # a chapter title's rubric (体験談, まとめ)
    picture: Picture | None = None
    table: Table | None = None

    @property
    def text(self) -> str:
        return "".join(unit.text for unit in self.units)


@dataclass(frozen=True)
class Picture:
    """A picture as the manuscript places it (reader/images.py read the file): what the page needs to set it."""

    digest: str  # names the print version of the file
    book_file: str
    pixels: tuple[int, int]
    width: str | None  # :width: / :height: as written (50%, 5cm, 300px), :scale: in percent
    height: str | None
    scale: int | None
    caption: tuple[Unit, ...]  # a figure's caption, set under the picture: the two move together
    source: Path | None
    line: int | None
    full_page: bool = False  # class full-page: as large as the page allows, alone on it with its caption


@dataclass(frozen=True)
class TableRow:
    header: bool
    cells: tuple[tuple[tuple[Unit, ...], ...], ...]  # each cell's paragraphs, as units


@dataclass(frozen=True)
class Table:
    rows: tuple[TableRow, ...]
    title: tuple[Unit, ...]  # set before the table
    source: Path | None
    line: int | None


class _Style:
    def __init__(self, font: str = "body", dots: bool = False):
        self.font, self.dots = font, dots


FULL_PAGE = "full-page"  # a picture's or figure's class: a page of its own (a column, in a two-column book)
OBJECT_REPLACEMENT = "\ufffc"  # a picture unit's text: never drawn, an ordinary character to 禁則
INLINE_PICTURE_LENGTH = 4.0  # em along the line, at most, for a picture inside a paragraph


class UnitMaker:
    """Cuts text into units measured with the book's derived fonts."""

    def __init__(self, fonts: dict[str, TateFont], vertical: bool = True):
        self.fonts = fonts
        self.vertical = vertical  # the fonts' lines: vertical (turned glyphs, 縦中横) or horizontal

    def text(self, text: str, font: str = "body", dots: bool = False) -> Iterator[Unit]:
        measure = self.fonts[font].advance
        for match in _PIECES.finditer(text):
            pair, spaces, word, char = match.groups()
            if pair:
                for start in range(0, len(pair), 2):
                    piece = pair[start : start + 2]
                    yield Unit(piece, measure(piece), "word", font, dots)
            elif spaces:
                yield Unit(" ", measure(" "), "space", font)
            elif word:
                yield Unit(word, measure(word), "word", font, dots)
            else:
                yield Unit(char, measure(char), "char", font, dots)

    def ruby(self, pairs: list[tuple[str, str]], font: str = "body") -> list[Unit]:
        """A group ruby as one unit; mono ruby as one unit per base character, set as 熟語ルビ (JLReq 3.3.6).

        A reading longer than its base first takes the free side of a neighbouring base of the same word whose
        reading is shorter (half that base's spare: the neighbour's reading stays centred); what is left may
        hang outside the word, over kana and punctuation (compose.hang_ruby), or spreads the base. A line may
        break between the characters of a compound, each keeping its reading.
        """
        bases = [self.fonts[font].advance(base) for base, _ in pairs]
        readings = [len(reading) * RUBY_SIZE for _, reading in pairs]
        free = [max(0.0, base - reading) / 2 for base, reading in zip(bases, readings, strict=True)]  # each side
        units = []
        for index, ((base, reading), length) in enumerate(zip(pairs, readings, strict=True)):
            excess = max(0.0, length - bases[index])
            before_free = free[index - 1] if index > 0 else 0.0
            after_free = free[index + 1] if index + 1 < len(pairs) else 0.0
            before = min(excess / 2, before_free)
            after = min(excess - before, after_free)
            before = min(excess - after, before_free)
            if index > 0:
                free[index - 1] -= before
            if index + 1 < len(pairs):
                free[index + 1] -= after
            width = max(bases[index], length)
            data = ((base, reading),)
            hang = excess - before - after
            units.append(Unit(base, width, "ruby", font, data=data, trim_before=before, trim_after=after, hang=hang))
        return units

    def picture(self, digest: str, pixels: tuple[int, int]) -> Unit:
        """A picture inside a paragraph (a 外字, an icon), set as a character: one em across the line, as long
        along it as its proportions make it (at most ``INLINE_PICTURE_LENGTH`` em)."""
        wide, high = pixels
        length = high / wide if self.vertical else wide / high
        return Unit(OBJECT_REPLACEMENT, min(length, INLINE_PICTURE_LENGTH), "picture", data=(digest,))

    def tcy(self, text: str, font: str = "body") -> list[Unit]:
        """縦中横: one upright em in a vertical line; a horizontal line sets the characters as they are."""
        if not self.vertical:
            return list(self.text(text, font))
        return [Unit(text, 1.0, "tcy", font)]


class BlockMaker(BookVisitor):
    """Visits one chapter's tree and collects its blocks."""

    def __init__(self, document: nodes.document, units: UnitMaker, typesetting: Typesetting, characters: int):
        super().__init__(document)
        self.typesetting = typesetting
        self.characters = characters  # the length of a line, in em
        self.source = Path(document["source"])
        self.units = units
        self.blocks: list[Block] = []
        self.depth = 0
        self.quote = 0.0
        self.verse = 0  # depth of line blocks: a poem's indented lines are line blocks inside it
        self.styles = [_Style()]
        self.current: Block | None = None
        self.items: list[tuple[str, int]] = []  # open lists: (marker kind, next number)
        self.notes: list[Block] = []  # the chapter's notes, set at its end under 注 (後注)
        self.text_blocks: list[Block] = []  # the chapter's own blocks while a note is being read
        self.note_mark: list[Unit] | None = None  # a note's mark, to open its first paragraph
        self.reference_start = 0  # where a note's mark starts among the units of its block

    # -- blocks
    def _open(self, block: Block) -> Block:
        block.indent += self.quote
        self.blocks.append(block)
        self.current = block
        return block

    def _close(self, node: nodes.Node = None) -> None:
        self.current = None

    def _put(self, block: Block) -> None:
        """A block with no inline content of its own to read (a blank, a break, a picture, a table)."""
        self._open(block)
        self._close()

    @property
    def _units(self) -> list[Unit]:
        """The units of the block being read: inline nodes and list markers come only inside one."""
        if self.current is None:
            raise AssertionError("inline content outside a block")
        return self.current.units

    def visit_document(self, node: nodes.document) -> None:
        pass

    def visit_section(self, node: nodes.section) -> None:
        self.depth += 1

    def depart_section(self, node: nodes.section) -> None:
        self.depth -= 1

    def _open_heading(self, block: Block) -> None:
        self._open(block)
        self.styles.append(_Style("gothic"))

    def _close_heading(self, node: nodes.Node) -> None:
        self.styles.pop()
        self._close()

    def visit_title(self, node: nodes.title) -> None:
        section = node.parent
        rubric = chapter_rubric(section)
        anchor = section["ids"][0] if section["ids"] else None
        label = rubric.astext() if rubric is not None else None
        self._open_heading(Block("heading", level=self.depth, anchor=anchor, label=label))

    def visit_rubric(self, node: nodes.rubric) -> None:
        if is_chapter_rubric(node):
            raise nodes.SkipNode
        self._open_heading(Block("rubric"))

    depart_title = depart_rubric = _close_heading

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        parent = node.parent
        if isinstance(parent, nodes.list_item) and parent.index(node) == 0:
            kind, number = self.items[-1]
            marker = BULLET if kind == "bullet" else None
            self._open(Block("item", first_indent=1.0, rest_indent=2.0))
            if marker:
                self._units.append(Unit(marker, 1.0, "char"))
            else:
                self._units.extend(self._number(number))
                self.items[-1] = (kind, number + 1)
        elif isinstance(parent, nodes.list_item):
            self._open(Block("paragraph", first_indent=2.0, rest_indent=2.0))
        elif self.note_mark is not None:  # a note's first paragraph: its mark, a space, its text; the rest hang
            self._open(Block("paragraph", rest_indent=1.0)).units.extend([*self.note_mark, *self.units.text("\u3000")])
            self.note_mark = None
        elif isinstance(parent, NOTES):
            self._open(Block("paragraph", indent=1.0, first_indent=1.0))
        elif OPENS_WITH_BRACKET in node["classes"]:  # JLReq 3.1.5: the house's choice, from [typesetting]
            first, rest = self.typesetting.bracket_indent, self.typesetting.bracket_rest_indent
            self._open(Block("paragraph", first_indent=first, rest_indent=rest))
        else:
            wanted = indents(node["classes"])
            block = self._open(Block("paragraph", first_indent=0.0 if wanted else 1.0))  # set in: no own indent
            _set_in(block, wanted)

    def _number(self, number: int) -> list[Unit]:
        digits, vertical = str(number), self.units.vertical
        run = self.units.tcy(digits) if len(digits) <= 2 or not vertical else list(self.units.text(digits))
        return [*run, *self.units.text(number_stop(vertical))]

    depart_paragraph = _close

    def visit_bullet_list(self, node: nodes.Element) -> None:
        self.items.append(("bullet", 1))

    def visit_enumerated_list(self, node: nodes.Element) -> None:
        self.items.append(("number", node.get("start", 1)))

    def depart_bullet_list(self, node: nodes.Element) -> None:
        self.items.pop()

    depart_enumerated_list = depart_bullet_list

    def visit_list_item(self, node: nodes.list_item) -> None:
        pass

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        self.quote += _quote_indent(node)

    def depart_block_quote(self, node: nodes.block_quote) -> None:
        self.quote -= _quote_indent(node)

    def visit_attribution(self, node: nodes.attribution) -> None:
        self._open(Block("paragraph", align_end=True))
        self._units.extend(self.units.text(ATTRIBUTION_DASH))

    depart_attribution = _close

    def visit_line_block(self, node: nodes.line_block) -> None:
        self.verse += 1

    def depart_line_block(self, node: nodes.line_block) -> None:
        self.verse -= 1

    def visit_line(self, node: nodes.line) -> None:
        """A poem's line: a line of its own, its wrapped part set in one em, as verse is set; an empty one a blank."""
        if not node.children:
            self._put(Block("blank"))
            raise nodes.SkipNode
        block = self._open(Block("paragraph", indent=self.verse - 1.0, rest_indent=1.0))
        _set_in(block, indents(node.parent["classes"]))

    depart_line = _close

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        self.reference_start = len(self._units)

    def depart_footnote_reference(self, node: nodes.Element) -> None:
        """A note's mark never starts a line: it keeps to the word before it, and its own characters together."""
        units = self._units
        for index in range(max(self.reference_start - 1, 0), len(units) - 1):
            units[index] = replace(units[index], joins_next=True)

    visit_citation_reference, depart_citation_reference = visit_footnote_reference, depart_footnote_reference

    def visit_footnote(self, node: nodes.Element) -> None:
        self.text_blocks, self.blocks = self.blocks, self.notes

    def depart_footnote(self, node: nodes.Element) -> None:
        self.blocks = self.text_blocks

    visit_citation, depart_citation = visit_footnote, depart_footnote

    def visit_label(self, node: nodes.label) -> None:
        """A note's mark: made into units now, set at the start of the note's first paragraph."""
        self.note_mark = self._inline_units(node)
        raise nodes.SkipNode

    def _inline_units(self, node: nodes.Element, font: str | None = None) -> list[Unit]:
        """The units of ``node``'s inline content, for a block made elsewhere (a mark, a caption, a cell)."""
        self.current = Block("inline")  # collects the units; never set on its own
        if font:
            self.styles.append(_Style(font))
        for child in node.children:
            child.walkabout(self)
        if font:
            self.styles.pop()
        units, self.current = self.current.units, None
        return units

    def visit_transition(self, node: nodes.transition) -> None:
        """A scene break: a blank line, or [typesetting]'s ornament centred on a line of its own."""
        ornament = self.typesetting.scene_ornament
        units = list(self.units.text(ornament)) if ornament else []
        self._put(Block("ornament" if ornament else "blank", units))

    def visit_page_break(self, node: page_break) -> None:
        self._put(Block("recto-break" if node["recto"] else "page-break"))

    # -- inline
    def visit_Text(self, node: nodes.Text) -> None:
        if self.current is not None:
            style = self.styles[-1]
            self._units.extend(self.units.text(node.astext(), style.font, style.dots))

    def visit_ruby(self, node: ruby) -> None:
        units = self.units.ruby(node["pairs"], self.styles[-1].font)
        widest = max(unit.width for unit in units)
        if widest > self.characters:  # a ruby never breaks inside a base: it would run past the foot, cut off
            message = (
                f"ruby {node.astext()}《{''.join(reading for _, reading in node['pairs'])}》 takes {widest:g} em, "
                f"more than a line of {self.characters} characters: shorten it or split it into several"
            )
            raise PublishError.at(self.source, line_of(node), message)
        self._units.extend(units)
        raise nodes.SkipNode

    def visit_tcy(self, node: tcy) -> None:
        self._units.extend(self.units.tcy(node.astext(), self.styles[-1].font))
        raise nodes.SkipNode

    def visit_upright(self, node: upright) -> None:
        style = self.styles[-1]
        text = upright_digits(node.astext()) if self.units.vertical else node.astext()  # upright: vertical only
        self._units.extend(self.units.text(text, style.font, style.dots))
        raise nodes.SkipNode

    def visit_bouten(self, node: bouten) -> None:
        self.styles.append(_Style(self.styles[-1].font, dots=True))

    def visit_strong(self, node: nodes.Element) -> None:
        # Vertical Japanese has no italics: emphasis and strong are set in gothic.
        self.styles.append(_Style("gothic", self.styles[-1].dots))

    visit_emphasis = visit_strong

    def depart_inline_style(self, node: nodes.Element) -> None:
        self.styles.pop()

    depart_bouten = depart_strong = depart_emphasis = depart_inline_style

    def _plain(self, node: nodes.Node) -> None:
        pass

    visit_reference = visit_literal = visit_title_reference = visit_inline = _plain

    def visit_target(self, node: nodes.target) -> None:
        """An inline target's text prints as it stands (a link has no place on paper); ``.. _name:`` prints
        nothing."""
        if not is_inline(node):
            raise nodes.SkipNode

    def visit_figure(self, node: nodes.figure) -> None:
        """A figure: its picture with its caption under it, one block that moves whole; then its legend."""
        [image] = [child for child in node.children if isinstance(child, nodes.image)]
        captions = [self._inline_units(child) for child in node.children if isinstance(child, nodes.caption)]
        self._picture(image, captions[0] if captions else [])
        for child in node.children:
            if isinstance(child, nodes.legend):
                child.walkabout(self)
        raise nodes.SkipNode

    def visit_legend(self, node: nodes.legend) -> None:
        pass

    def visit_image(self, node: nodes.image) -> None:
        if is_inline(node):  # inside a paragraph: set as a character
            self._units.append(self.units.picture(node["digest"], tuple(node["pixels"])))
        else:
            self._picture(node, [])
        raise nodes.SkipNode

    def _picture(self, node: nodes.image, caption: list[Unit]) -> None:
        """A picture: upright on the grid, the lines it takes across kept free (pages.py sizes and places it)."""
        picture = Picture(
            node["digest"],
            node["book_file"],
            tuple(node["pixels"]),
            node.get("width"),
            node.get("height"),
            node.get("scale"),
            tuple(caption),
            self.source,
            line_of(node),
            FULL_PAGE in node["classes"] + (node.parent["classes"] if isinstance(node.parent, nodes.figure) else []),
        )
        self._put(Block("picture", picture=picture))

    def visit_table(self, node: nodes.table) -> None:
        """A table (grid, simple, list-table, csv-table): its cells' text, row by row; pages.py lays it out."""
        titles = [self._inline_units(child) for child in node.children if isinstance(child, nodes.title)]
        rows: list[TableRow] = []
        for section in node.findall(lambda found: isinstance(found, nodes.thead | nodes.tbody)):
            header = isinstance(section, nodes.thead)
            for row in section.children:
                rows.append(TableRow(header, tuple(self._cell(entry, header) for entry in row.children)))
        table = Table(tuple(rows), tuple(titles[0]) if titles else (), self.source, line_of(node))
        self._put(Block("table", table=table))
        raise nodes.SkipNode

    def _cell(self, entry: nodes.entry, header: bool) -> tuple[tuple[Unit, ...], ...]:
        """A cell's paragraphs as units (a header's in gothic); a cell spanning others, or holding more, is refused."""
        if entry.get("morecols") or entry.get("morerows"):
            message = "a table cell spanning several columns or rows cannot be set yet: give each its own cell"
            raise PublishError.at(self.source, line_of(entry), message)
        paragraphs = []
        for child in entry.children:
            if not isinstance(child, nodes.paragraph):
                message = f"a table cell holds text only, not a {child.tagname.replace('_', ' ')}"
                raise PublishError.at(self.source, line_of(child), message)
            paragraphs.append(tuple(self._inline_units(child, "gothic" if header else None)))
        return tuple(paragraphs)

    def visit_raw(self, node: nodes.raw) -> None:
        if "html" in node.get("format", "").split():
            raise PublishError.at(
                self.source,
                line_of(node),
                "raw HTML cannot be set in a print PDF: build the EPUB alone (--format epub)",
            )
        raise nodes.SkipNode  # raw output for some other format: not ours


def _quote_indent(node: nodes.block_quote) -> float:
    """Em a quotation is set in by: an epigraph (.. epigraph::) further than a quotation, as the EPUB sets it."""
    return 4.0 if "epigraph" in node["classes"] else 2.0


def _set_in(block: Block, wanted: Indents) -> None:
    """字下げ, 字上げ and 地付き from a node's classes (publish/indents.py) on its block."""
    block.indent += wanted.start
    block.end_indent += wanted.end
    block.align_end = block.align_end or wanted.align_end


def chapter_blocks(
    document: nodes.document, units: UnitMaker, typesetting: Typesetting, characters: int
) -> tuple[list[Block], list[Block]]:
    """A chapter's blocks, for lines of ``characters`` em, and its notes' (book_pages.py places them)."""
    maker = BlockMaker(document, units, typesetting, characters)
    document.walkabout(maker)
    return maker.blocks, maker.notes


def notes_under(heading: Block, notes: list[Block]) -> list[Block]:
    """Notes after a blank line, under ``heading`` (注 at a chapter's end, the chapter's title at the book's)."""
    return [Block("blank"), heading, *notes]
