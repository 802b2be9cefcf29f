"""Japanese proofreading: typographic slips in the text, each placed at its line and column.

The rules read the document trees as parsed (before the vertical transforms
change ``?!`` and quotes), so they judge what the author wrote. Each block of
text (paragraph, title, rubric, list line …) is read as the reader sees it —
markup gone, ruby as its base, lines joined — and every character keeps its
place in the source file, found by walking the block's raw source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes

from publish.errors import terminal_safe
from publish.jlreq import is_japanese

# rule name → what it finds (README and book.toml's [proofread] table use these names)
RULES: dict[str, str] = {
    "halfwidth-katakana": "half-width katakana (ｶﾀｶﾅ) instead of カタカナ",
    "mixed-marks": "half-width !? and full-width ！？ both used in the book",
    "ascii-brackets": "ASCII quotes or brackets (\" ' ( ) [ ] …) in Japanese text",
    "unbalanced-brackets": "「」『』（）【】〔〕 that do not pair up within a paragraph",
    "doubled-punctuation": "、、 or 。。",
    "period-after-mark": "。 after ！ or ？, which end the sentence themselves",
    "period-before-bracket": "。 before a closing 」 or 』 (house style: most books drop it)",
    "ellipsis": "an ellipsis written ・・・ or ... or a lone … instead of ……",
    "dash": "a dash written ー, -, — or a lone ― instead of ――",
    "space-between-japanese": "a space between Japanese characters",
    "space-after-mark": "！ or ？ followed directly by text (JLReq: a full-width space after it)",
}

_PAIRS = {"「": "」", "『": "』", "（": "）", "【": "】", "〔": "〕"}
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}
_ASCII_BRACKETS = {'"': "「」", "'": "『』 or ’", "(": "（", ")": "）", "[": "［ or 〔", "]": "］ or 〕",
                   "<": "〈", ">": "〉", "{": "｛", "}": "｝"}  # fmt: skip
_MARKS = "！？!?"
_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fc\uff66-\uff9f]")
_OBJECT = "\ufffc"  # stands for inline code, which is not Japanese text
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    column: int
    rule: str
    message: str

    def __str__(self) -> str:
        return terminal_safe(f"{self.path}:{self.line}:{self.column}: {self.rule}: {self.message}")

    def as_json(self) -> dict[str, object]:
        return {"file": str(self.path), "line": self.line, "column": self.column, "rule": self.rule,
                "message": self.message}  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One block's text as read, each character's (line, column) in the source, and which are 縦中横."""

    path: Path
    text: str
    places: tuple[tuple[int, int], ...]
    upright: frozenset[int]

    def japanese(self, index: int) -> bool:
        """Is the character at ``index`` Japanese text (a space is not)?"""
        return 0 <= index < len(self.text) and self.text[index] != "\u3000" and is_japanese(self.text[index])

    def near_japanese(self, start: int, end: int) -> bool:
        return self.japanese(start - 1) or self.japanese(end)


def blocks(document: nodes.document, path: Path, source: str) -> Iterator[Block]:
    """Every block of running text of a parsed file, in order."""
    lines = source.splitlines()
    for node in document.findall(nodes.TextElement):
        if isinstance(node, (nodes.Inline, nodes.FixedTextElement)) or not node.rawsource:
            continue
        yield _block(node, path, lines)


def _block(node: nodes.TextElement, path: Path, lines: list[str]) -> Block:
    raw, raw_places = _raw_source(node, lines)
    text, places, upright = [], [], set()
    cursor = 0
    for piece in node.findall(nodes.Text):
        parents = {parent.tagname for parent in _parents(piece, node)}
        if "literal" in parents:
            text.append(_OBJECT)
            places.append(raw_places[min(cursor, len(raw_places) - 1)])
            continue
        for char in str(piece):
            # a space may stand for a line break (lines joined)
            found = _find_space(raw, cursor) if char.isspace() else raw.find(char, cursor)
            if found >= 0:
                cursor = found + 1
            if "tcy" in parents:
                upright.add(len(text))
            text.append(char)
            places.append(raw_places[found if found >= 0 else min(cursor, len(raw_places) - 1)])
    return Block(path, "".join(text), tuple(places), frozenset(upright))


def _find_space(raw: str, cursor: int) -> int:
    match = _SPACE.search(raw, cursor)
    return match.start() if match else -1


def _parents(node: nodes.Node, stop: nodes.Element | None) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


# role names and ruby readings are markup: masked so that no character of the text is matched to them
_ROLE_NAME = re.compile(r":[A-Za-z][\w.+:-]*:(?=`)")
_RUBY_READING = re.compile(r"(?<=:ruby:`)([^`《]*)(《[^`]*》)")


def _raw_source(node: nodes.TextElement, lines: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The block's raw source (markup masked) and the (line, column) of each of its characters."""
    raw_lines = node.rawsource.split("\n")
    start = _first_line(node, raw_lines[0], lines)
    places = []
    for offset, raw_line in enumerate(raw_lines):
        number = start + offset
        source_line = lines[number - 1] if number <= len(lines) else ""
        column = max(source_line.find(raw_line), 0)
        places += [(number, column + index + 1) for index in range(len(raw_line) + 1)]  # +1: the line break
    raw = _RUBY_READING.sub(lambda match: match[1] + "\0" * len(match[2]), "\n".join(raw_lines))
    raw = _ROLE_NAME.sub(lambda match: "\0" * len(match[0]), raw)
    return raw, places


def _first_line(node: nodes.TextElement, first: str, lines: list[str]) -> int:
    """The source line a block starts on: docutils gives a title its underline's line, a rubric its directive's."""
    near = node.line or next((parent.line for parent in _parents(node, None) if parent.line), 1)
    for number in (near, near - 1, near - 2, near + 1):
        if 1 <= number <= len(lines) and first.strip() and first.strip() in lines[number - 1]:
            return number
    return near


# ---------------------------------------------------------------- the rules

Match = tuple[int, str]  # (index in the block's text, message)


def _halfwidth_katakana(block: Block) -> Iterator[Match]:
    for match in re.finditer(r"[\uff61-\uff9f]+", block.text):
        yield match.start(), f"half-width '{match[0]}': write '{unicodedata.normalize('NFKC', match[0])}'"


def _ascii_brackets(block: Block) -> Iterator[Match]:
    for index, char in enumerate(block.text):
        if char in _ASCII_BRACKETS and index not in block.upright and block.near_japanese(index, index + 1):
            yield index, f"ASCII '{char}' in Japanese text: write {_ASCII_BRACKETS[char]}"


def _unbalanced_brackets(block: Block) -> Iterator[Match]:
    stack: list[int] = []
    for index, char in enumerate(block.text):
        if char in _PAIRS:
            stack.append(index)
        elif char in _CLOSERS:
            if stack and block.text[stack[-1]] == _CLOSERS[char]:
                stack.pop()
            elif stack:
                opened = stack.pop()
                opener, line = block.text[opened], block.places[opened][0]
                yield index, f"'{char}' closes '{opener}' (line {line}): expected '{_PAIRS[opener]}'"
            else:
                yield index, f"'{char}' closes nothing: no '{_CLOSERS[char]}' before it in the paragraph"
    for index in stack:
        yield index, f"'{block.text[index]}' is never closed in the paragraph: expected '{_PAIRS[block.text[index]]}'"


def _pattern_rule(pattern: str, message: str, *, japanese_only: bool = False) -> Callable[[Block], Iterator[Match]]:
    """A rule that is one regular expression; ``{0}`` in the message is what matched."""
    compiled = re.compile(pattern)

    def rule(block: Block) -> Iterator[Match]:
        for match in compiled.finditer(block.text):
            if any(index in block.upright for index in range(match.start(), match.end())):
                continue  # 縦中横 is the author's explicit choice
            if japanese_only and not block.near_japanese(match.start(), match.end()):
                continue
            yield match.start(), message.format(match[0])

    return rule


def _dash(block: Block) -> Iterator[Match]:
    for match in re.finditer(r"ー+", block.text):
        if not _KANA.match(block.text[match.start() - 1 : match.start()] or " "):  # a long vowel follows kana
            yield match.start(), f"'{match[0]}' is the long-vowel mark, not a dash: write '――'"
    yield from _ascii_dash(block)
    yield from _lone_dash(block)


_ascii_dash = _pattern_rule(r"-+|[—–─－]+", "'{0}' used as a dash: write '――'", japanese_only=True)
_lone_dash = _pattern_rule(r"(?<!―)―(?:――)*(?!―)", "'{0}': the dash is two characters, '――'")


_dotted_ellipsis = _pattern_rule(r"・{2,}|。{3,}", "'{0}': write the ellipsis '……'")
_ascii_ellipsis = _pattern_rule(r"\.{2,}", "'{0}': write the ellipsis '……'", japanese_only=True)
_lone_ellipsis = _pattern_rule(r"(?<!…)…(?:……)*(?!…)", "'{0}': the ellipsis is two characters, '……'")


def _ellipsis(block: Block) -> Iterator[Match]:
    yield from _dotted_ellipsis(block)
    yield from _ascii_ellipsis(block)
    yield from _lone_ellipsis(block)


def _space_between_japanese(block: Block) -> Iterator[Match]:
    for match in re.finditer(r"[ \t\u3000]+", block.text):
        start, end = match.start(), match.end()
        if not (block.japanese(start - 1) and block.japanese(end)):
            continue
        after_mark = block.text[start - 1] in _MARKS
        if after_mark and match[0] == "\u3000":
            continue  # JLReq's space after ！？
        if after_mark:
            yield start, f"a half-width space after '{block.text[start - 1]}': write one full-width space '　'"
        else:
            yield start, "a space between Japanese characters: remove it"


def _space_after_mark(block: Block) -> Iterator[Match]:
    for match in re.finditer(r"[！？!?]+", block.text):
        following = block.text[match.end() : match.end() + 1]
        if following and following != "ー" and (following in "「『（【" or unicodedata.category(following) == "Lo"):
            yield match.end(), f"text right after '{match[0]}': put a full-width space '　' after it"


RULE_CHECKS: dict[str, Callable[[Block], Iterator[Match]]] = {
    "halfwidth-katakana": _halfwidth_katakana,
    "ascii-brackets": _ascii_brackets,
    "unbalanced-brackets": _unbalanced_brackets,
    "doubled-punctuation": _pattern_rule(r"[、。]{2,}", "doubled punctuation '{0}'"),
    "period-after-mark": _pattern_rule(r"(?<=[！？!?])。", "'。' after '！' or '？': the mark ends the sentence"),
    "period-before-bracket": _pattern_rule(
        r"。[」』]", "'{0}': most house styles drop the '。' ([proofread] period-before-bracket = false keeps it)"
    ),
    "ellipsis": _ellipsis,
    "dash": _dash,
    "space-between-japanese": _space_between_japanese,
    "space-after-mark": _space_after_mark,
}


def _marks(block: Block) -> Iterator[tuple[int, bool]]:
    """Every ！？ of the block used in Japanese text: (index, half-width?).

    A pair such as ``!?`` is left out: vertical books set it as 縦中横, JLReq's way to write two marks.
    """
    for match in re.finditer(r"[！？]|(?<![!?])[!?](?![!?])", block.text):
        index = match.start()
        if match[0] in "！？":
            yield index, False
        elif index not in block.upright and block.near_japanese(index, index + 1):
            yield index, True


def _mixed_marks(all_blocks: list[Block]) -> Iterator[tuple[Block, int, str]]:
    """Both widths in one book: every mark of the less used width (a tie: the half-width ones)."""
    widths = Counter(half for block in all_blocks for _, half in _marks(block))
    if len(widths) < 2:
        return
    odd = widths[True] <= widths[False]
    usual = "full-width ！？" if odd else "half-width !?"
    for block in all_blocks:
        for index, half in _marks(block):
            if half == odd:
                message = f"'{block.text[index]}' while the book uses {usual} {widths[not odd]} times: use one width"
                yield block, index, message


def proofread(files: list[tuple[Path, nodes.document, str]], disabled: frozenset[str] = frozenset()) -> list[Finding]:
    """Every finding of the enabled rules over (path, parsed tree, source text) files, in file order."""
    all_blocks = [block for path, document, source in files for block in blocks(document, path, source)]
    found: list[tuple[Block, int, str, str]] = []
    for name, check in RULE_CHECKS.items():
        if name not in disabled:
            found += [(block, index, name, message) for block in all_blocks for index, message in check(block)]
    if "mixed-marks" not in disabled:
        found += [(block, index, "mixed-marks", message) for block, index, message in _mixed_marks(all_blocks)]
    order = {path: number for number, (path, _, _) in enumerate(files)}
    findings = {
        Finding(block.path, *block.places[min(index, len(block.places) - 1)], rule, message)
        for block, index, rule, message in found
    }
    return sorted(findings, key=lambda item: (order[item.path], item.line, item.column, item.rule))
