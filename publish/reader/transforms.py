"""Japanese transforms over a chapter's document tree (run after parsing)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes
from docutils.transforms import Transform

from publish.indents import indents
from publish.jlreq import is_japanese, opens_with_bracket
from publish.reader.roles import ruby, tcy, upright

# Text inside these is never touched: code, and our own nodes (already final).
_UNTOUCHABLE = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.comment, ruby, tcy, upright)
OPENS_WITH_BRACKET = "opens-bracket"


def _text_nodes(element: nodes.Element) -> Iterator[nodes.Text]:
    for node in element.findall(nodes.Text):
        if not any(isinstance(parent, _UNTOUCHABLE) for parent in _ancestors(node, element)):
            yield node


def _ancestors(node: nodes.Node, stop: nodes.Element) -> Iterator[nodes.Node]:
    parent = node.parent
    while parent is not None and parent is not stop.parent:
        yield parent
        parent = parent.parent


class Unescape(Transform):
    """Text as the author meant it: docutils keeps each backslash escape as a NUL in the tree.

    ``\\*`` is stored as NUL + ``*`` and ``\\ `` as NUL + space, and only
    ``astext()`` drops them; everything after this transform (our transforms,
    the writers, the text check) sees the text without them.
    """

    default_priority = 690  # before JoinLines: an escaped line end joins like any other

    def apply(self) -> None:
        for node in list(self.document.findall(nodes.Text)):
            text = node.astext()
            if text != str(node):
                node.parent.replace(node, nodes.Text(text))


class JoinLines(Transform):
    """A line break inside a paragraph is not a space in Japanese.

    reST keeps the author's line breaks; HTML would show them as spaces between
    kanji. Drop a break next to Japanese text, keep it as one space elsewhere.
    """

    default_priority = 700

    def apply(self) -> None:
        touchable = set(_text_nodes(self.document))
        for block in self.document.findall(nodes.TextElement):
            if isinstance(block, nodes.Inline):
                continue
            # a break at the edge of a text node (next to inline markup) is judged by the text beyond it
            texts = list(block.findall(nodes.Text))
            pieces = [str(node) for node in texts]
            for index, node in enumerate(texts):
                if "\n" in node and node in touchable:
                    before = pieces[index - 1][-1:] if index else ""
                    after = pieces[index + 1][:1] if index + 1 < len(pieces) else ""
                    node.parent.replace(node, nodes.Text(_join_lines(str(node), before, after)))
        if "\n" in self.document.get("title", ""):  # a ``.. title::`` written over two lines
            self.document["title"] = _join_lines(self.document["title"])


_LINE_BREAK = re.compile(r"(?<=(\S))[ \t]*\n[ \t]*(?=(\S))")


def _join_lines(text: str, before: str = "", after: str = "") -> str:
    """``text`` with its line breaks joined; ``before`` and ``after`` are the characters around it."""

    def joint(match: re.Match) -> str:
        return "" if is_japanese(match[1]) or is_japanese(match[2]) else " "

    joined = _LINE_BREAK.sub(joint, before + text + after)
    return joined[len(before) : len(joined) - len(after)].replace("\n", " ")


CHAPTER_RUBRIC = "chapter-rubric"


def chapter_rubric(section: nodes.Node) -> nodes.rubric | None:
    """The label ChapterRubric gave this chapter section, if any."""
    for child in section.children if isinstance(section, nodes.section) else ():
        if is_chapter_rubric(child):
            return child
    return None


def is_chapter_rubric(node: nodes.Node) -> bool:
    return isinstance(node, nodes.rubric) and CHAPTER_RUBRIC in node["classes"]


class ChapterRubric(Transform):
    """``.. rubric::`` right before the chapter title becomes the chapter's label.

    It moves into the chapter section, after the title, with class
    ``chapter-rubric``: a heading label shown with the title, never a section
    of its own and never a table-of-contents entry.
    """

    default_priority = 710

    def apply(self) -> None:
        children = self.document.children
        for index, node in enumerate(children[:-1]):
            following = children[index + 1]
            if isinstance(node, nodes.rubric) and isinstance(following, nodes.section):
                self.document.remove(node)
                node["classes"].append(CHAPTER_RUBRIC)
                following.insert(1, node)
                return


class BracketParagraphs(Transform):
    """A paragraph that opens with a bracket (「『（…) gets the class ``opens-bracket``.

    JLReq 3.1.5 lists three indents for it (1 em, half an em, none): the
    writers set the one ``[typesetting] bracket_indent`` chooses. A paragraph
    set in by an indent class (字下げ) keeps that indent alone.
    """

    default_priority = 725

    def apply(self) -> None:
        for paragraph in self.document.findall(nodes.paragraph):
            if isinstance(paragraph.parent, nodes.list_item) or indents(paragraph["classes"]):
                continue
            if opens_with_bracket(paragraph.astext()):
                paragraph["classes"].append(OPENS_WITH_BRACKET)


class SectionIds(Transform):
    """Stable ids for sections, the same for every writer: ``chapter``, ``s1``, ``s2``…; links to a section
    follow its new id."""

    default_priority = 720

    def apply(self) -> None:
        renamed: dict[str, str] = {}
        for number, section in enumerate(self.document.findall(nodes.section)):
            stable = "chapter" if number == 0 else f"s{number}"
            renamed.update(dict.fromkeys(section["ids"], stable))
            section["ids"] = [stable]
        for node in self.document.findall(nodes.Element):  # links to a section (`節一`_) follow it
            if node.get("refid") in renamed:
                node["refid"] = renamed[node["refid"]]
        # and so do those docutils resolves later, by name (DanglingReferences, priority 850)
        for old, stable in renamed.items():
            if old in self.document.ids:
                self.document.ids[stable] = self.document.ids.pop(old)
        for name, old in self.document.nameids.items():
            if old in renamed:
                self.document.nameids[name] = renamed[old]


# --- vertical forms -------------------------------------------------------

# a number standing alone (not part of 3.14, 1,000, 10%, a URL or a word), or !? !! ?? ?!
_AUTO_TCY = re.compile(r"(?<![0-9A-Za-z.,:/])[0-9]+(?![0-9A-Za-z.,:/%])|(?<![!?])[!?]{2}(?![!?])")
_FULL_WIDTH = {"?": "？", "!": "！", ":": "：", "|": "｜"}
_QUOTES = {"“": "〝", "”": "〟", "‘": "〝", "’": "〟"}
_SPACES_BY_QUOTE = re.compile(r"(?<=[〝〟]) +(?=\S)|(?<=\S) +(?=[〝〟])")


class VerticalForms(Transform):
    """Make Latin-script punctuation and numbers read well in vertical text.

    - a number of up to ``tcy_digits`` half-width digits (``[typesetting]``, 2
      by default) and ``!?``/``!!`` become 縦中横; a longer number stands
      upright, one digit to a cell (JLReq 3.2.3: never lying sideways);
    - ASCII ``? ! : |`` next to Japanese text become their full-width forms,
      which stand upright in vertical text;
    - quotation marks around Japanese text become 〝〟 (the vertical double
      prime quotes), and the spaces set around them for horizontal text go.
    Applied only to vertical books.
    """

    default_priority = 730

    @property
    def tcy_digits(self) -> int:
        return self.document.settings.tcy_digits  # read_document sets it from [typesetting]

    def apply(self) -> None:
        for block in list(self.document.findall(nodes.TextElement)):
            if isinstance(block, (nodes.Inline, *_UNTOUCHABLE)):
                continue
            self._convert_block(block)

    def _convert_block(self, block: nodes.TextElement) -> None:
        texts = [node for node in _text_nodes(block) if _owning_block(node) is block]
        # The visible neighbours of each text node, for deciding by context.
        lefts, left = [], ""
        for node in texts:
            lefts.append(left)
            left = _last_visible(str(node)) or left
        rights, right = [], ""
        for node in reversed(texts):
            rights.append(right)
            right = _first_visible(str(node)) or right
        rights.reverse()
        open_quote = False
        for node, left, right in zip(texts, lefts, rights, strict=True):
            pieces, open_quote = _vertical_pieces(str(node), left, right, open_quote, self.tcy_digits)
            if pieces != [str(node)]:
                position = node.parent.index(node)
                replacement = [piece if isinstance(piece, nodes.Node) else nodes.Text(piece) for piece in pieces]
                node.parent[position : position + 1] = replacement


def _owning_block(node: nodes.Node) -> nodes.Node:
    parent = node.parent
    while isinstance(parent, nodes.Inline):
        parent = parent.parent
    return parent


def _last_visible(text: str) -> str:
    stripped = text.rstrip()
    return stripped[-1] if stripped else ""


def _first_visible(text: str) -> str:
    stripped = text.lstrip()
    return stripped[0] if stripped else ""


def _vertical_pieces(text: str, left: str, right: str, open_quote: bool, tcy_digits: int) -> tuple[list, bool]:
    """Split ``text`` into strings, tcy and upright nodes; convert punctuation by context."""
    pieces: list = []
    position = 0
    before = left
    for match in _AUTO_TCY.finditer(text):
        converted, open_quote = _punctuation(text[position : match.start()], before, match.group()[0], open_quote)
        run = match.group()
        short = not run.isdigit() or len(run) <= tcy_digits
        pieces += [converted, tcy(run, run) if short else upright(run, run)]
        position = match.end()
        before = text[position - 1]
    converted, open_quote = _punctuation(text[position:], before, right, open_quote)
    pieces.append(converted)
    return [piece for piece in pieces if not isinstance(piece, str) or piece], open_quote


_VISIBLE = re.compile(r"\S")


def _punctuation(text: str, left: str, right: str, open_quote: bool) -> tuple[str, bool]:
    out: list[str] = []
    before = left  # the last visible character written so far
    for index, char in enumerate(text):
        if char in _FULL_WIDTH or char in _QUOTES or char == '"':
            following = _VISIBLE.search(text, index + 1)
            after = following.group() if following else right
            if is_japanese(before) or is_japanese(after):
                if char == '"':
                    char = "〟" if open_quote else "〝"
                    open_quote = not open_quote
                else:
                    char = _FULL_WIDTH.get(char) or _QUOTES[char]
        out.append(char)
        if not char.isspace():
            before = char
    converted = "".join(out)
    return _SPACES_BY_QUOTE.sub(lambda m: "" if _japanese_around(m, converted) else m.group(), converted), open_quote


def vertical_punctuation(text: str) -> str:
    """The punctuation part of VerticalForms, for short texts outside any tree (titles)."""
    return _punctuation(text, "", "", False)[0]


def _japanese_around(match: re.Match, text: str) -> bool:
    """Spaces next to 〝〟 go only when the text on their other side is Japanese."""
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return is_japanese(before) and is_japanese(after)
