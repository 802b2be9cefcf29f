"""青空文庫 (Aozora Bunko) text → a book folder: book.toml, one reST chapter per top-level part, the colophon.

The notation is the one of Aozora's annotation manual (注記一覧): ruby
``｜base《reading》`` or ``kanji《reading》``, annotations ``［＃…］`` that
mostly refer back to text (``［＃「見当」に傍点］``), 外字 ``※［＃…、第3水準1-85-54］``
and accented Latin in ``〔…〕``. Each source line is a paragraph. What this
project's markup cannot express yet keeps its text and is reported with its
source line (``warnings``); nothing is dropped silently.

A line-by-line converter of our own rather than the ``aozora`` package on the
index: warnings must name the source line of each annotation, and the
package's output (HTML) carries no positions.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import textwrap
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from publish.bookfiles import MB, RefusedFileError, read_admitted
from publish.config import FILE_NAME_RE
from publish.errors import Problem, PublishError
from publish.importers import write_book_folder
from publish.indents import MAX_EM, Indents, class_names
from publish.jlreq import opens_with_bracket
from publish.report import Reporter

HEADING_LEVELS = {"大見出し": 1, "中見出し": 2, "小見出し": 3}
ADORNMENTS = "=-~^"  # chapter, section, subsection …
BOUTEN_KINDS = (
    *("傍点", "白ゴマ傍点", "丸傍点", "白丸傍点", "黒三角傍点"),
    *("白三角傍点", "二重丸傍点", "蛇の目傍点", "ばつ傍点"),
)
LINE_KINDS = ("傍線", "二重傍線", "鎖線", "破線", "波線")
SCRIPTS = ("下付き小文字", "上付き小文字")
PAGE_BREAKS = ("改ページ", "改丁", "改段", "改見開き")
BREAK_DIRECTIVES = {"改ページ": "page-break", "改丁": "recto-break"}  # within a chapter (reader/breaks.py)
KAERITEN = re.compile(r"^(レ|[一二三四上中下甲乙丙丁天地人]レ?)$")
COLOPHON_START = ("底本：", "底本:")
LINE_LIMIT = 1000  # characters of reST on one line (see _wrap)
SOURCE_LIMIT = 16 * MB  # the longest Aozora texts are about 3 MB

# ruby with ｜, ruby without, an annotation, text; a ｜ 《 or ［＃ that opens nothing is text (with a warning)
_RUBY = re.compile(r"｜([^《｜\n]+)《([^》\n]*)》|《([^》\n]*)》|［＃([^］\n]*)］|([^｜《［]+|［(?!＃)|[｜《［])")
_GAIJI = re.compile(r"※［＃([^］\n]*?)(?:、|，)\s*(?:第[34]水準\s*)?([12])-(\d{1,2})-(\d{1,2})[^］\n]*］")
_GAIJI_UNICODE = re.compile(r"※［＃([^］\n]*?)U\+([0-9A-Fa-f]{4,6})[^］\n]*］")
_GAIJI_OTHER = re.compile(r"※［＃([^］\n]*)］")
_ACCENTS = re.compile(r"〔([^〔〕\n]*)〕")
# 校訂注記, the input volunteers' notes on the source (「X」は底本では「Y」, ママ): kept in the reST as comments
_EDITORIAL = re.compile(r"［＃(?:ルビの)?「[^］\n]*?」は?(?:底本では「[^］\n]*」|ママ)］")
# 字下げ, 地付き, 地から字上げ (after ここから and NFKC): the start, 地付き or 地から, the end
_INDENT = re.compile(r"(?:(\d+)字下げ|(地付き|地から(\d+)字上げ))")
_FORWARD = re.compile(r"^「(.+)」(?:に|は)(.+)$")
_BLOCK_START = re.compile(r"^(大見出し|中見出し|小見出し|縦中横|割り注|[^「」]*傍点|[^「」]*傍線|鎖線|破線|波線)$")
# 〔e'〕 → é: the mark after a letter (the manual's 「アクセント分解」)
_MARKS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", ":": "\u0308", "~": "\u0303", ",": "\u0327", "_": "\u0304"}
_LIGATURES = {"ae&": "æ", "AE&": "Æ", "oe&": "œ", "OE&": "Œ", "s&": "ß", "a&": "å", "A&": "Å", "o/": "ø", "O/": "Ø",
              "!@": "¡", "?@": "¿"}  # fmt: skip
_RST_SPECIAL = re.compile(r"([\\*`|_])")
# 。！？ and the closing brackets after them, before a character that can open a line of a paragraph
_SENTENCE_END = re.compile(r"[。！？]+[」』）]*(?=[^\s\\」』）。！？、])")
_ENUMERATOR = re.compile(r"^(\w+|#)[.)]")
_ROLE_START = re.compile(r"^:(ruby|bouten|tcy):`")


@dataclass
class Atom:
    """A piece of a line: its text as printed, and its reST (roles for ruby, 傍点, 縦中横)."""

    text: str
    rst: str
    role: bool = False


@dataclass
class Block:
    line: int
    kind: str  # "paragraph", "heading", "break"
    rst: str = ""
    level: int = 0
    text: str = ""
    notes: list[str] = field(default_factory=list)  # editorial notes, kept as reST comments after the block
    indents: Indents | None = None  # 字下げ, 字上げ, 地付き (publish/indents.py)

    def source(self) -> str:
        """The block's reST, its notes as comments after it (not printed)."""
        return f"{self.rst}\n" + "".join(f"\n.. {note}\n" for note in self.notes)


@dataclass
class ImportedBook:
    title: str
    author: str | None
    translator: str | None
    chapters: list[tuple[str, str]]  # (file name, reST)
    front: list[tuple[str, str]] = field(default_factory=list)
    colophon: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    dialogue_flush: bool = False  # the source sets most lines that open with a bracket 天付き (no 　 before 「)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or Shift_JIS (cp932) as published, with ``\\n`` line ends."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            error = exc
    else:
        line = data[: error.start].count(b"\n") + 1
        raise PublishError.at(path, line, "neither UTF-8 nor Shift_JIS: not an Aozora Bunko text")
    # ― (JIS X 0208 1-1-29, the full-width dash) is U+2015 in cp932, U+2014 where a text was read with the JIS
    # mapping; the fonts' U+2014 is a half-width Latin dash, so ―― would print one em long
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2014", "\u2015")


def rst_text(text: str) -> str:
    """Text as reST that prints it as written: inline markup characters escaped, and ``::`` (a literal block)."""
    return _RST_SPECIAL.sub(r"\\\1", text).replace("::", ":\\:")


def _block_safe(rst: str) -> str:
    """A paragraph's reST that cannot start a list, a comment, a field, a transition or a literal block.

    A paragraph that starts with ASCII punctuation or an enumerator (``1.``)
    is opened with an escaped space, which reST drops from the text.
    """
    punctuation = rst[:1].isascii() and not rst[:1].isalnum()
    if not rst or _ROLE_START.match(rst) or not (_ENUMERATOR.match(rst) or punctuation):
        return rst
    return "\\ " + rst


def _role(name: str, content: str) -> str:
    escaped = content.replace("\\", "\\\\").replace("`", "\\`")
    return f":{name}:`{escaped}`"


def _is_kanji(char: str) -> bool:
    return char in "々〆〇ヶ仝" or unicodedata.name(char, "").startswith("CJK")


class Converter:
    """One Aozora text → blocks; collects the warnings, each with its source line."""

    def __init__(self, path: Path):
        self.path = path
        self.warnings: list[Problem] = []
        self._pending: dict[str, list[int]] = {}
        self.open_block: tuple[Indents, int] | None = None  # a ここから…字下げ block being read, and its line

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message))

    def pending(self, line: int, what: str) -> None:
        """An annotation this project cannot set yet: reported once per kind, with every line."""
        self._pending.setdefault(what, []).append(line)

    def finish(self) -> None:
        if self.open_block is not None:
            self.warn(self.open_block[1], "this indented block is never closed: it runs to the end of the text")
        for what, lines in self._pending.items():
            more = f" (and {len(lines) - 1} more lines)" if len(lines) > 1 else ""
            self.warn(lines[0], f"{what}: not supported yet, the text is kept without it{more}")
        self.warnings.sort(key=lambda problem: problem.line or 0)

    # -- one line ------------------------------------------------------------------------------------
    def line(self, number: int, source: str) -> Block:
        block = self._block(number, _EDITORIAL.sub("", source))
        block.notes = _EDITORIAL.findall(source)
        return block

    def _block(self, number: int, source: str) -> Block:
        text = self._characters(number, source)
        alone = re.fullmatch(r"[\s\u3000]*［＃(.+?)］[\s\u3000]*", text)
        if alone and alone.group(1) in PAGE_BREAKS:
            return Block(number, "break", text=alone.group(1))
        atoms: list[Atom] = []
        heading: int | None = None
        indent_notes: list[tuple[str, bool]] = []  # (annotation, whether it opens the line)
        block_start: tuple[str, int] | None = None
        for match in _RUBY.finditer(text):
            base, reading, bare_reading, annotation, plain = match.groups()
            if base is not None:
                atoms.append(self._ruby(number, base, reading))
            elif bare_reading is not None:
                self._bare_ruby(number, atoms, bare_reading, match.group())
            elif annotation is not None:
                match self._annotation(number, annotation.strip(), atoms, block_start):
                    case ("heading", int(level)):
                        heading = level
                    case ("indent", str(note)):
                        indent_notes.append((note, not "".join(atom.text for atom in atoms).strip()))
                    case ("start", str(what)):
                        block_start = (what, len(atoms))
                    case ("end", _):
                        block_start = None
            elif plain in ("｜", "《") or text.startswith("［＃", match.start()):  # opens nothing
                what = "an unclosed annotation '［＃'" if plain == "［" else f"'{plain}' with no ruby after it"
                self.warn(number, f"{what} is kept as text: {text[match.start() : match.start() + 20]}")
                atoms.append(Atom(plain, rst_text(plain)))
            else:
                atoms.append(Atom(plain, rst_text(plain)))
        visible = "".join(atom.text for atom in atoms)
        if heading is not None:  # a heading's place on the page is the layout's: its 字下げ is no loss
            return Block(number, "heading", _block_safe(_join(atoms).strip()), heading, visible.strip())
        wanted = self.open_block[0] if self.open_block else None
        for note, opens_line in indent_notes:
            wanted = self._indent(number, note, opens_line, wanted)
        paragraph = _block_safe(_join(atoms).removeprefix("\u3000").strip())
        return Block(number, "paragraph", _wrap(paragraph), text=visible, indents=wanted)

    def _indent(self, number: int, note: str, opens_line: bool, wanted: Indents | None) -> Indents | None:
        """One 字下げ/地付き/字上げ annotation: the indents of this line; a block form opens or closes a block."""
        form = unicodedata.normalize("NFKC", note)  # ２字下げ → 2字下げ
        block = form.startswith("ここから")
        if form.startswith("ここで") and form.endswith("終わり"):
            if self.open_block is None:
                self.warn(number, f"［＃{note}］ closes no block: left out")
            self.open_block = None
            return wanted
        match = _INDENT.fullmatch(form.removeprefix("ここから"))
        if match is None:  # 折り返して…, 天付き, 字詰め: a block is open, its lines are set plain
            self.pending(number, "字下げ with 折り返して, 改行天付き or 字詰め (set without it)")
            if block:
                self.open_block = Indents(), number
            return wanted
        if not (block or opens_line):
            self.pending(number, "字下げ, 地付き or 字上げ inside a line")
            return wanted
        start, end = (int(group or 0) for group in match.group(1, 3))
        if max(start, end) > MAX_EM:
            self.warn(number, f"［＃{note}］: set as {MAX_EM} em, the most a book's stylesheet gives")
        found = Indents(start, end, align_end=match.group(2) is not None)
        if block:
            self.open_block = found, number
        return found

    def _characters(self, number: int, text: str) -> str:
        """外字 and accented Latin, resolved to the characters they stand for."""

        def jis(match: re.Match) -> str:
            plane, row, cell = (int(group) for group in match.group(2, 3, 4))
            prefix = b"\x8f" if plane == 2 else b""
            try:
                return (prefix + bytes([0xA0 + row, 0xA0 + cell])).decode("euc_jis_2004")
            except (UnicodeDecodeError, ValueError):
                self.warn(number, f"外字 {match.group()} is not in JIS X 0213: kept as ※")
                return "※"

        def unicode(match: re.Match) -> str:
            return chr(int(match.group(2), 16))

        def other(match: re.Match) -> str:
            self.warn(number, f"外字 {match.group()} names no JIS X 0213 cell or Unicode code point: kept as ※")
            return "※"

        text = _GAIJI_UNICODE.sub(unicode, _GAIJI.sub(jis, text))
        text = _GAIJI_OTHER.sub(other, text)
        return _ACCENTS.sub(lambda match: _accented(match.group(1)) or match.group(), text)

    def _ruby(self, number: int, base: str, reading: str) -> Atom:
        if not reading.strip():
            self.warn(number, f"ruby with no reading: ｜{base}《》 is kept as its base")
            return Atom(base, rst_text(base))
        return Atom(base, _role("ruby", f"{base}《{reading}》"), role=True)

    def _bare_ruby(self, number: int, atoms: list[Atom], reading: str, written: str) -> None:
        """``漢字《かんじ》``: the reading belongs to the run of kanji before it (other bases need ｜)."""
        last = atoms[-1] if atoms and not atoms[-1].role else None
        if last is None or not last.text or not reading.strip() or not _is_kanji(last.text[-1]):
            self.warn(number, f"'{written}' has no base text before it: kept as text")
            atoms.append(Atom(written, rst_text(written)))
            return
        start = len(last.text)
        while start > 0 and _is_kanji(last.text[start - 1]):
            start -= 1
        base, rest = last.text[start:], last.text[:start]
        atoms[-1:] = ([Atom(rest, rst_text(rest))] if rest else []) + [self._ruby(number, base, reading)]

    def _annotation(
        self, number: int, note: str, atoms: list[Atom], block_start: tuple[str, int] | None
    ) -> tuple[str, object] | None:
        forward = _FORWARD.match(note)
        if forward:
            return self._forward(number, forward.group(1), forward.group(2), atoms)
        if note in PAGE_BREAKS:  # on a line of its own it is a Block of its own (see line())
            self.pending(number, f"［＃{note}］ inside a line")
            return None
        if _BLOCK_START.match(note):
            return ("start", note)
        if note.endswith("終わり") and block_start is not None and note.removesuffix("終わり") == block_start[0]:
            what, first = block_start
            self._apply(number, what, atoms, first, len(atoms))
            return ("heading", HEADING_LEVELS[what]) if what in HEADING_LEVELS else ("end", what)
        if KAERITEN.match(note):
            self.pending(number, "返り点 (kaeriten)")
            return None
        if note.startswith("（") and note.endswith("）"):
            self.pending(number, "訓点送り仮名, kept as text in （）")
            atoms.append(Atom(note, rst_text(note)))
            return None
        if re.match(r"^(ここから|ここで)?.*(字下げ|地付き|字上げ|字詰め)", note):
            return ("indent", note)  # pending, unless the line is a heading (see line())
        self.warn(number, f"unknown annotation ［＃{note}］: left out, the text around it is kept")
        return None

    def _forward(self, number: int, target: str, what: str, atoms: list[Atom]) -> tuple[str, object] | None:
        """``［＃「X」に傍点］``: X is the latest text of the line that reads X."""
        visible = "".join(atom.text for atom in atoms)
        end = visible.rfind(target)
        if end < 0:
            self.warn(number, f"［＃「{target}」{what}］ refers to text that is not before it on the line: left out")
            return None
        first, last = _cut(atoms, end, end + len(target))
        what = what.removeprefix("同行").removeprefix("窓")
        if what in HEADING_LEVELS:
            return ("heading", HEADING_LEVELS[what])
        self._apply(number, what, atoms, first, last)
        return None

    def _apply(self, number: int, what: str, atoms: list[Atom], first: int, last: int) -> None:
        """Set the atoms ``first:last`` as ``what`` says (傍点, 縦中横 …) where the project can."""
        inner = atoms[first:last]
        text = "".join(atom.text for atom in inner)
        if what in HEADING_LEVELS:
            return
        if what == "縦中横":
            upright = unicodedata.normalize("NFKC", text)
            short = 1 <= len(upright) <= 3 and all("!" <= char <= "~" for char in upright)
            if short and not any(atom.role for atom in inner):
                atoms[first:last] = [Atom(text, _role("tcy", upright), role=True)]
            else:
                self.pending(number, "縦中横 of more than three half-width characters")
        elif what == "傍点" and not any(atom.role for atom in inner):
            atoms[first:last] = [Atom(text, _role("bouten", text), role=True)]
        elif what in BOUTEN_KINDS or what in LINE_KINDS:
            self.pending(number, f"{what}" + (" over ruby" if what == "傍点" else ""))
        elif what in SCRIPTS:
            self.pending(number, f"{what} (set as ordinary text)")
        elif what == "割り注":
            atoms[first:last] = [Atom("（", "（"), *inner, Atom("）", "）")]
            self.pending(number, "割り注 (set in （） for now)")
        else:
            self.warn(number, f"unknown annotation ［＃「{text}」{what}］: left out, the text is kept")


def _cut(atoms: list[Atom], start: int, end: int) -> tuple[int, int]:
    """Split text atoms so that characters ``start:end`` of the line are whole atoms; their index range."""
    position, index = 0, 0
    while index < len(atoms):
        atom = atoms[index]
        stop = position + len(atom.text)
        for cut in (start, end):
            if position < cut < stop and not atom.role:
                left, right = atom.text[: cut - position], atom.text[cut - position :]
                atoms[index : index + 1] = [Atom(left, rst_text(left)), Atom(right, rst_text(right))]
                atom, stop = atoms[index], position + len(left)
        position, index = stop, index + 1
    bounds, position = [], 0
    for index, atom in enumerate(atoms):
        if position == start:
            bounds.append(index)
        position += len(atom.text)
        if position == end:
            return (bounds[0] if bounds else index), index + 1
    return len(atoms), len(atoms)


def _join(atoms: list[Atom]) -> str:
    """The atoms' reST: runs of text escaped as one (``:`` + ``:`` is a literal block marker), and two roles side by
    side with the backslash-space reST asks for between them."""
    out: list[str] = []
    text = ""
    for index, atom in enumerate(atoms):
        if not atom.role:
            text += atom.text
            continue
        out.append(rst_text(text) if text else "\\ " if index and atoms[index - 1].role else "")
        out.append(atom.rst)
        text = ""
    out.append(rst_text(text))
    return "".join(out)


def _wrap(rst: str) -> str:
    """A paragraph over ``LINE_LIMIT`` characters as several lines, each ending at a sentence end.

    docutils refuses lines over 10,000 characters, and an editor is easier on
    shorter ones; the reader joins lines between Japanese characters without a
    space, so the break changes nothing on the page.
    """
    lines: list[str] = []
    while len(rst) > LINE_LIMIT:
        ends = [match.end() for match in _SENTENCE_END.finditer(rst, 0, LINE_LIMIT)]
        if not ends:
            break  # no sentence end to break at: one long line (the reader names it if it is too long)
        lines.append(rst[: ends[-1]])
        rst = rst[ends[-1] :]
    return "\n".join([*lines, rst])


def _accented(inner: str) -> str | None:
    """``e'`` → é, ``ae&`` → æ inside 〔〕; None when there is nothing to compose (the 〔〕 stay)."""
    out, changed, index = [], False, 0
    while index < len(inner):
        three, two = inner[index : index + 3], inner[index : index + 2]
        if three in _LIGATURES or two in _LIGATURES:
            key = three if three in _LIGATURES else two
            out.append(_LIGATURES[key])
            index, changed = index + len(key), True
        elif inner[index].isascii() and inner[index].isalpha() and inner[index + 1 : index + 2] in _MARKS:
            out.append(unicodedata.normalize("NFC", inner[index] + _MARKS[inner[index + 1]]))
            index, changed = index + 2, True
        else:
            out.append(inner[index])
            index += 1
    return "".join(out) if changed else None


# -- the whole text ---------------------------------------------------------------------------------------


def _header(lines: list[str]) -> tuple[str, str | None, str | None, list[str], int]:
    """Title, author, translator and subtitles from the lines before the first blank one; where the body starts."""
    end = next((index for index, line in enumerate(lines) if not line.strip()), len(lines))
    head = [line.strip() for line in lines[:end]]
    title = head[0] if head else ""
    translator = head[-1] if len(head) >= 3 and head[-1].endswith("訳") else None
    rest = head[1:-1] if translator else head[1:]
    author = rest[-1] if rest else None
    subtitles = rest[:-1]
    start = end
    # 【テキスト中に現れる記号について】 sits between two lines of hyphens
    rules = [index for index in range(end, min(len(lines), end + 80)) if re.match(r"^-{10,}\s*$", lines[index])]
    if len(rules) >= 2:
        start = rules[1] + 1
    return title, author, translator, subtitles, start


def _colophon_start(lines: list[str]) -> int:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith(COLOPHON_START):
            return index
    return len(lines)


def convert(text: str, path: Path) -> ImportedBook:
    """An Aozora text → chapters of reST (one per top-level heading), front matter and the colophon."""
    lines = text.split("\n")
    title, author, translator, subtitles, start = _header(lines)
    if not title:
        raise PublishError.at(path, 1, "no title on the first line: not an Aozora Bunko text")
    end = _colophon_start(lines)
    converter = Converter(path)
    blocks = [converter.line(number + 1, lines[number]) for number in range(start, end) if lines[number].strip()]
    levels = sorted({block.level for block in blocks if block.kind == "heading"})
    top = levels[0] if levels else None
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        opens_chapter = following is None or (following.kind == "heading" and following.level == top)
        if block.kind == "break" and not opens_chapter:
            if block.text in BREAK_DIRECTIVES:
                block.rst = f".. {BREAK_DIRECTIVES[block.text]}::"
            else:
                converter.pending(block.line, f"［＃{block.text}］ within a chapter")
    converter.finish()
    chapters: list[list[Block]] = []
    front: list[Block] = []
    for block in blocks:
        if block.kind == "break" and not block.rst:
            continue  # every chapter opens a page; a break it cannot set was reported above
        if block.kind == "heading" and block.level == top:
            chapters.append([])
        target = chapters[-1] if chapters else front
        if block.kind == "heading":
            depth = levels.index(block.level)
            block.rst += "\n" + ADORNMENTS[min(depth, 3)] * _width(block.rst)
        if block.rst or block.notes:  # a line that only opened or closed a block prints nothing
            target.append(block)
    subtitle = "　".join(subtitles)
    front_files = []
    if not chapters:  # a story without headings: one chapter under the book's title
        heading = _block_safe(rst_text(title))
        chapters, front = [[Block(0, "heading", f"{heading}\n{'=' * _width(heading)}"), *front]], []
    if front:
        heading = f".. title:: {subtitle or title}\n\n" if subtitle else ""
        front_files.append(("front.rst", heading + _rst(front)))
    colophon = "\n".join(lines[end:]).strip()
    dialogue = [line for line in lines[start:end] if opens_with_bracket(line)]
    flush = sum(not line.startswith("\u3000") for line in dialogue)
    return ImportedBook(
        title=title,
        author=author,
        translator=translator,
        chapters=[(f"ch{index:03d}.rst", _rst(parts)) for index, parts in enumerate(chapters, 1)],
        front=front_files,
        colophon=_colophon(colophon) if colophon else None,
        warnings=converter.warnings,
        dialogue_flush=flush > len(dialogue) - flush,
    )


def _rst(blocks: list[Block]) -> str:
    """The blocks' reST; a run of paragraphs set in alike is one ``.. class::`` directive around them."""
    parts = []
    for wanted, run in itertools.groupby(blocks, key=lambda block: block.indents or None):
        if wanted is None:
            parts += [block.source() for block in run]
        else:
            body = "\n".join(textwrap.indent(block.source(), "   ") for block in run)
            parts.append(f".. class:: {' '.join(class_names(wanted))}\n\n{body}")
    return "\n".join(parts)


def _width(text: str) -> int:
    """Columns a title's reST takes: wide characters count two (docutils' rule), an underline needs as many."""
    return max(4, sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text))


def _colophon(text: str) -> str:
    """底本 details, line by line (a line block), as the back matter titled 底本."""
    body = "\n".join(f"| {rst_text(line)}" if line.strip() else "|" for line in text.split("\n"))
    return f".. title:: 底本\n\n{body}\n"


def book_toml(book: ImportedBook, name: str) -> str:
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"aozora:{book.title}:{book.author}")
    lines = [f"title = {_toml_string(book.title)}"]
    if book.author:
        lines.append(f"author = {_toml_string(book.author)}")
    lines += [
        f'identifier = "urn:uuid:{identifier}"',
        'writing_mode = "vertical"',
        f'name = "{name}"',
    ]
    if book.front:
        lines.append(f"front = {_toml_list(name for name, _ in book.front)}")
    lines.append(f"chapters = {_toml_list(name for name, _ in book.chapters)}")
    if book.colophon:
        lines.append('back = ["colophon.rst"]')
    if book.dialogue_flush:
        lines += ["", "[typesetting]", "bracket_indent = 0  # as the source sets it: a line opening with 「 is 天付き"]
    return "# Imported from an Aozora Bunko text by publish import aozora.\n" + "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_list(names: Iterator[str] | list[str]) -> str:
    return "[" + ", ".join(_toml_string(name) for name in names) + "]"


def book_files(book: ImportedBook, name: str) -> dict[str, str]:
    files = {"book.toml": book_toml(book, name), **dict(book.front), **dict(book.chapters)}
    if book.colophon:
        files["colophon.rst"] = book.colophon
    return files


def _text_in_zip(data: bytes, source: Path) -> bytes:
    """The one .txt file of an Aozora Bunko zip, judged by its declared size before it is read (no zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts = [info for info in archive.infolist() if info.filename.lower().endswith(".txt")]
            if len(texts) != 1:
                raise PublishError.at(source, None, f"a zip with {len(texts)} .txt files: Aozora Bunko's hold one")
            if texts[0].file_size > SOURCE_LIMIT:
                raise PublishError.at(source, None, f"the text in the zip is over {SOURCE_LIMIT // MB} MB")
            with archive.open(texts[0]) as member:
                text = member.read(SOURCE_LIMIT + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise PublishError.at(source, None, f"not a readable zip: {exc}") from None
    if len(text) > SOURCE_LIMIT:  # the declared size lied
        raise PublishError.at(source, None, f"the text in the zip is over {SOURCE_LIMIT // MB} MB")
    return text


def import_aozora(source: Path, dest: Path | None, force: bool, reporter: Reporter) -> tuple[Path, list[Problem]]:
    """``source`` (an Aozora text) → the book folder ``dest`` (default: beside it, named after it); its warnings."""
    try:  # the text passes the gate too: a FIFO or a device is never opened
        data = read_admitted(source, [Path(os.path.realpath(source)).parent], SOURCE_LIMIT)
    except RefusedFileError as error:
        raise PublishError.at(source, None, error.why) from None
    if data.startswith(b"PK\x03\x04"):  # the .zip Aozora Bunko distributes
        data = _text_in_zip(data, source)
    book = convert(decode(data, source), source)
    reporter.step(f"read {source}: {len(book.chapters)} chapters, {len(book.warnings)} warnings")
    dest = dest or source.with_suffix("")  # kokoro.txt or kokoro.zip → kokoro/
    name = dest.resolve().name if FILE_NAME_RE.match(dest.resolve().name) else "book"
    write_book_folder(dest, book_files(book, name), force, reporter)
    return dest, book.warnings
