"""A real novel end to end: 夏目漱石『吾輩は猫である』 as Aozora Bunko publishes it, imported, built, read back.

377,000 characters, 2,300 ruby, 317 傍点, 外字 and editorial notes: what the
bundled article alone never shows. The source text is read here with a small
reading of the notation of our own (not the importer's), so that the book is
checked against the text, not against itself.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2.raw as pdfium_c
import pytest
from conftest import NS, Epub, epubcheck, run_publish
from lxml import etree
from test_fidelity import normalise
from test_pdf import BODY, PrintedBook

from publish.indents import indents
from publish.jlreq import NO_EMPHASIS_DOTS, NOT_AT_LINE_END, NOT_AT_LINE_START
from publish.pdf.blocks import RUBY_SIZE

pytestmark = pytest.mark.slow  # ./dev test -m "not slow" leaves it out

NOVEL = Path(__file__).parent / "data" / "aozora" / "wagahaiwa_nekodearu.txt"
CHAPTERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
_GAIJI = re.compile(r"※［＃[^］\n]*?、(?:第[34]水準)?([12])-(\d+)-(\d+)］")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff々〆〇ヶ]+$")


def _gaiji(match: re.Match) -> str:
    """A JIS X 0213 plane-row-cell as its character (EUC-JIS-2004 puts plane 2 behind 0x8F)."""
    plane, row, cell = (int(group) for group in match.groups())
    return ((b"\x8f" if plane == 2 else b"") + bytes([0xA0 + row, 0xA0 + cell])).decode("euc_jis_2004")


def body_lines() -> list[str]:
    """The novel's lines between the notation legend and the 底本 colophon, 外字 resolved."""
    lines = NOVEL.read_text(encoding="utf-8").splitlines()
    rules = [index for index, line in enumerate(lines) if re.fullmatch(r"-{10,}", line)]
    end = next(index for index, line in enumerate(lines) if line.startswith("底本："))
    body = lines[rules[1] + 1 : end]
    # ― is JIS X 0208 1-1-29, which this file's conversion wrote U+2014 and the importer writes U+2015, as cp932 does
    return [_GAIJI.sub(_gaiji, line).replace("\u2014", "\u2015") for line in body if line.strip()]


def printed_text(line: str) -> str:
    """What a line prints: no annotations, no readings; 〔〕 accent notation composed (this text has æ only)."""
    line = re.sub(r"［＃[^］]*］", "", line)
    line = re.sub(r"《[^》]*》", "", line).replace("｜", "")
    return re.sub(r"〔([^〕]*)〕", lambda match: match.group(1).replace("ae&", "æ"), line)


def sentences() -> list[str]:
    found = []
    for line in map(printed_text, body_lines()):
        found += [part.strip() for part in re.split(r"(?<=[。！？])(?![」』）])", line) if part.strip()]
    return found


def ruby_pairs() -> list[tuple[str, str]]:
    """(base, reading) in order: ｜ marks the base, else it is the run of kanji before 《."""
    pairs = []
    for line in body_lines():
        line, previous = re.sub(r"［＃[^］]*］", "", line), 0
        for match in re.finditer(r"｜([^《｜]+)《([^》]+)》|《([^》]+)》", line):
            if match.group(1):
                pairs.append((match.group(1), match.group(2)))
            else:
                pairs.append((_KANJI_RUN.search(line[previous : match.start()]).group(), match.group(3)))
            previous = match.end()
    return pairs


def emphasised() -> list[str]:
    """The text under each 傍点, as the annotations name it (［＃「X」に傍点］, and the one block form)."""
    marked = []
    for line in body_lines():
        marked += re.findall(r"［＃「([^」]+)」に傍点］", line)
        marked += [printed_text(block) for block in re.findall(r"［＃傍点］(.*?)［＃傍点終わり］", line)]
    return marked


def set_in() -> list[tuple[str, str]]:
    """(classes, text) of every line the source sets in: 字下げ (but a heading's), 地から字上げ, ここから blocks."""
    found, block = [], None
    for line in body_lines():
        form = line.translate(_DIGITS)
        opened = re.fullmatch(r"［＃ここから(\d+)字下げ］", form)
        if opened or form == "［＃ここで字下げ終わり］":
            block = f"start-{opened[1]}em" if opened else None
        elif indent := re.match(r"［＃(\d+)字下げ］(?!.*見出し)", form):
            found.append((f"start-{indent[1]}em", printed_text(line)))
        elif raised := re.match(r"［＃地から(\d+)字上げ］", form):
            found.append((f"end-{raised[1]}em align-end", printed_text(line)))
        elif block and "見出し" not in form:
            found.append((block, printed_text(line)))
    return found


def assert_in_order(text: str, wanted: list[str], width: bool = False) -> None:
    """Every sentence found in ``text``, each after the one before; ``width``: half- and full-width alike."""

    def folded(text: str) -> str:
        return normalise(unicodedata.normalize("NFKC", text) if width else text)

    text, position = folded(text), 0
    for sentence in wanted:
        found = text.find(folded(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found + len(folded(sentence))


def test_the_source_is_the_whole_novel():
    assert len(NOVEL.read_text(encoding="utf-8")) > 370_000
    assert sentences()[:2] == ["一", "吾輩は猫である。"]
    assert sentences()[-1] == "ありがたいありがたい。"
    assert len(ruby_pairs()) > 2000 and len(emphasised()) == 317


@pytest.fixture(scope="module")
def novel(tmp_path_factory) -> tuple[Path, str]:
    """The novel imported and built once (EPUB and PDF); the import's messages."""
    folder = tmp_path_factory.mktemp("novel")
    imported = run_publish("import", "aozora", str(NOVEL), str(folder / "book"))
    assert imported.returncode == 0, imported.stderr
    built = run_publish("build", str(folder / "book"), "-o", str(folder / "dist"), "-q", timeout=900)
    assert built.returncode == 0, built.stderr
    return folder, imported.stderr


@pytest.fixture(scope="module")
def novel_epub(novel) -> Epub:
    return Epub(novel[0] / "dist" / "book.epub")


@pytest.fixture(scope="module")
def novel_pdf(novel) -> PrintedBook:
    return PrintedBook(novel[0] / "dist" / "book.pdf")


def chapter_hrefs(epub: Epub) -> list[str]:
    return [href for href in epub.spine_hrefs() if re.search(r"p-\d+\.xhtml$", href)]


def test_import_reports_only_what_the_markup_cannot_set_yet(novel):
    folder, messages = novel
    warnings = [line for line in messages.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, messages
    assert f"{NOVEL}:276: warning: 下付き小文字 (set as ordinary text)" in warnings[0]
    toml = (folder / "book" / "book.toml").read_text(encoding="utf-8")
    assert 'title = "吾輩は猫である"' in toml and 'author = "夏目漱石"' in toml
    # the input volunteers' notes on the source stay in the reST, as comments
    notes = "".join(path.read_text(encoding="utf-8") for path in sorted((folder / "book").glob("ch*.rst")))
    written = re.findall(r"［＃[^］]*(?:底本では|ママ)[^］]*］", NOVEL.read_text(encoding="utf-8"))
    assert re.findall(r"^\.\. (［＃.*］)$", notes, re.M) == written and len(written) == 6


def test_chapters_and_the_colophon_in_the_contents(novel_epub):
    hrefs = chapter_hrefs(novel_epub)
    headings = [novel_epub.xml(href).find(".//{http://www.w3.org/1999/xhtml}h1") for href in hrefs]
    titles = ["".join(heading.itertext()) if heading is not None else None for heading in headings]
    assert titles == [*CHAPTERS, None]  # the colophon names itself in the contents only (.. title::)
    entries = ["".join(link.itertext()) for link in novel_epub.nav().iterfind(".//x:nav[@epub:type='toc']//x:a", NS)]
    assert entries == [*CHAPTERS, "底本"]
    colophon = novel_epub.text(hrefs[-1])
    assert "底本：「夏目漱石全集1」ちくま文庫、筑摩書房" in colophon and "1999年9月17日公開" in colophon


def test_every_sentence_in_order_in_the_epub(novel_epub):
    assert_in_order("".join(novel_epub.text(href) for href in chapter_hrefs(novel_epub)), sentences())


def test_every_ruby_and_every_emphasis_in_the_epub(novel_epub):
    x = "{http://www.w3.org/1999/xhtml}"
    pairs, marked = [], []
    for href in chapter_hrefs(novel_epub):
        root = novel_epub.xml(href)
        for ruby in root.iter(f"{x}ruby"):
            reading = "".join(rt.text or "" for rt in ruby.iter(f"{x}rt"))
            assert [rp.text for rp in ruby.iter(f"{x}rp")] == ["（", "）"]  # for reading systems without ruby
            etree.strip_elements(ruby, f"{x}rt", f"{x}rp", with_tail=False)
            base = "".join(ruby.itertext())
            pairs.append((base, reading))
        marked += ["".join(em.itertext()) for em in root.iter(f"{x}em") if "em-sesame" in em.get("class", "")]
    assert pairs == ruby_pairs()
    assert marked == emphasised()


def test_every_indent_in_the_epub(novel_epub):
    x = "{http://www.w3.org/1999/xhtml}"
    found = []
    for href in chapter_hrefs(novel_epub):
        root = novel_epub.xml(href)
        etree.strip_elements(root, f"{x}rt", f"{x}rp", with_tail=False)
        paragraphs = [p for p in root.iter(f"{x}p") if indents(p.get("class", "").split())]
        found += [(p.get("class"), normalise("".join(p.itertext()))) for p in paragraphs]
    wanted = [(classes, normalise(text)) for classes, text in set_in()]
    assert found == wanted and len(wanted) == 41  # 37 lines in 30 blocks, one 字下げ line, three 字上げ


def test_epubcheck_finds_nothing(novel):
    assert epubcheck(novel[0] / "dist" / "book.epub") == []


def test_every_sentence_in_order_in_the_pdf(novel_pdf):
    text = []
    for index in range(len(novel_pdf.pages)):
        for column in novel_pdf.columns(index, None):  # body and headings; ruby is drawn, not text
            text.append("".join(char for char, *_ in column))
    assert len(novel_pdf.pages) > 500
    assert_in_order("".join(text), sentences(), width=True)  # a lone digit is set upright, full-width


def test_every_reading_and_dot_is_drawn_in_the_pdf(novel_pdf, novel_epub):
    """Ruby and 傍点 are outlines, one placed form (glyphmarks.py) per glyph: count those of their size."""
    small = BODY * RUBY_SIZE + 0.1
    drawn = 0
    for page in novel_pdf.pdf:
        for glyph in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_FORM]):
            left, bottom, right, top = glyph.get_bounds()
            drawn += right - left <= small and top - bottom <= small
    readings = sum(len(reading) for _, reading in ruby_pairs())
    dots = sum(char not in NO_EMPHASIS_DOTS for text in emphasised() for char in text)
    assert drawn == readings + dots
    # each glyph's outline is in the file once, whatever the number of times it is drawn
    with pikepdf.open(novel_pdf.path) as pdf:
        forms = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"]
        outlines = [form.read_bytes() for form in forms]
    kana = {char for _, reading in ruby_pairs() for char in reading}
    assert len(outlines) == len(set(outlines)) <= 2 * (len(kana) + 1)  # kana and ﹅, in mincho and in gothic


def test_no_line_breaks_kinsoku_in_the_novel(novel_pdf):
    lines = 0
    for index in range(len(novel_pdf.pages)):
        for column in novel_pdf.columns(index):
            text = "".join(char for char, *_ in column)
            assert text[0] not in NOT_AT_LINE_START, f"page {index + 1}: {text}"
            assert text[-1] not in NOT_AT_LINE_END, f"page {index + 1}: {text}"
            lines += 1
    assert lines > 500 * 15
