"""Document tree → blocks of line units: what the print composer sets, chapter by chapter.

A docutils visitor like the EPUB translator, but instead of markup it emits
``Block``s (a paragraph, a heading, a list item …) whose text is already cut
into composer ``Unit``s with their lengths from the derived fonts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes

from publish.config import Typesetting
from publish.errors import PublishError
from publish.indents import Indents, indents
from publish.jlreq import VARIATION_SELECTORS, upright_digits
from publish.marks import ATTRIBUTION_DASH, BULLET, number_stop
from publish.pdf.compose import Unit
from publish.pdf.tatefont import TateFont
from publish.reader.roles import bouten, ruby, tcy, upright
from publish.reader.structure import BookVisitor, line_of
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

    kind: str  # "paragraph", "item", "heading", "rubric", "blank"
    units: list[Unit] = field(default_factory=list)
    level: int = 0  # heading depth: 1 = chapter title
    indent: float = 0.0  # em before every line (block quotes)
    first_indent: float = 0.0  # em more before the first line
    rest_indent: float = 0.0  # em more before the other lines
    end_indent: float = 0.0  # em kept free at every line's end (字上げ)
    align_end: bool = False  # lines set against the end (地付き)
    anchor: str | None = None
    label: str | None = None  # a chapter title's rubric (体験談, まとめ)

    @property
    def text(self) -> str:
        return "".join(unit.text for unit in self.units)


class _Style:
    def __init__(self, font: str = "body", dots: bool = False):
        self.font, self.dots = font, dots


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
        self.styles = [_Style()]
        self.current: Block | None = None
        self.items: list[tuple[str, int]] = []  # open lists: (marker kind, next number)

    # -- blocks
    def _open(self, block: Block) -> Block:
        block.indent += self.quote
        self.blocks.append(block)
        self.current = block
        return block

    def _close(self, node: nodes.Node = None) -> None:
        self.current = None

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
        self.quote += 2.0

    def depart_block_quote(self, node: nodes.block_quote) -> None:
        self.quote -= 2.0

    def visit_attribution(self, node: nodes.attribution) -> None:
        self._open(Block("paragraph", align_end=True))
        self._units.extend(self.units.text(ATTRIBUTION_DASH))

    depart_attribution = _close

    def visit_line_block(self, node: nodes.line_block) -> None:
        pass

    def visit_line(self, node: nodes.line) -> None:
        _set_in(self._open(Block("paragraph")), indents(node.parent["classes"]))

    depart_line = _close

    def visit_transition(self, node: nodes.transition) -> None:
        self._open(Block("blank"))
        self._close()

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

    def visit_raw(self, node: nodes.raw) -> None:
        if "html" in node.get("format", "").split():
            raise PublishError.at(
                self.source,
                line_of(node),
                "raw HTML cannot be set in a print PDF: build the EPUB alone (--format epub)",
            )
        raise nodes.SkipNode  # raw output for some other format: not ours


def _set_in(block: Block, wanted: Indents) -> None:
    """字下げ, 字上げ and 地付き from a node's classes (publish/indents.py) on its block."""
    block.indent += wanted.start
    block.end_indent += wanted.end
    block.align_end = block.align_end or wanted.align_end


def chapter_blocks(
    document: nodes.document, units: UnitMaker, typesetting: Typesetting, characters: int
) -> list[Block]:
    """A chapter's blocks, for lines of ``characters`` em."""
    maker = BlockMaker(document, units, typesetting, characters)
    document.walkabout(maker)
    return maker.blocks
