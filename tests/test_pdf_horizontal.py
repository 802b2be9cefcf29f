"""The horizontal print PDF read back: the print features of the vertical one, set by the same composer."""

from __future__ import annotations

import itertools
import re
import shutil

import pikepdf
import pytest
from conftest import MANUSCRIPT, run_publish
from docutils import nodes
from test_fidelity import normalise, seed_sentences
from test_pdf import A5, K_ONLY, MM, PrintedBook, colour_operations, embedded_fonts

from publish.jlreq import HANGING, NOT_AT_LINE_END, NOT_AT_LINE_START
from publish.paper import PageDesign
from publish.pdf.pages import HEADINGS

BODY = 9.0
MARGIN_SIZES = (7.5, 8.0)  # running heads, nombres


@pytest.fixture(scope="module")
def yoko(tmp_path_factory):
    """The bundled book set horizontally."""
    folder = tmp_path_factory.mktemp("yoko")
    book = folder / "book"
    shutil.copytree(MANUSCRIPT, book)
    toml = (book / "book.toml").read_text(encoding="utf-8")
    (book / "book.toml").write_text(toml.replace('writing_mode = "vertical"', 'writing_mode = "horizontal"'))
    result = run_publish("build", str(book), "-q", "--format", "pdf", "-o", str(folder / "dist"))
    assert result.returncode == 0, result.stderr
    return folder / "dist" / "second-partner.pdf"


@pytest.fixture(scope="module")
def printed(yoko) -> PrintedBook:
    return PrintedBook(yoko)


def lines(printed: PrintedBook, index: int, size: float | None = BODY) -> list[str]:
    """Text of a page's block (of one size, or of any), line by line, top to bottom."""

    def wanted(height: float) -> bool:
        if size is not None:
            return abs(height - size) < 0.15
        return all(abs(height - margin) > 0.15 for margin in MARGIN_SIZES)

    chars = sorted((c for c in printed.pages[index] if wanted(c[4] - c[2])), key=lambda c: (-round(c[2]), c[1]))
    rows = itertools.groupby(chars, key=lambda c: round(c[2]))
    return ["".join(char for char, *_ in row) for _, row in rows]


def test_left_bound_pdf_x4_with_print_boxes(yoko, printed):
    with pikepdf.open(yoko) as pdf:
        assert "/Direction" not in pdf.Root.get("/ViewerPreferences", {})  # left to right
        assert pdf.Root.PageLayout == pikepdf.Name.TwoPageRight  # page 1 is a right-hand page
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "JC200103"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(A5, abs=0.01)
            assert [b - t for b, t in zip(bleed, trim, strict=True)] == pytest.approx([-3 * MM] * 2 + [3 * MM] * 2)
            assert "/Annots" not in page.obj  # PDF/X: the contents' links may not stay
        assert colour_operations(pdf) <= K_ONLY
        fonts = embedded_fonts(pdf)
        assert len(fonts) == 2 and all(font.Subtype != "/Type3" for font in fonts)
    assert len(printed.pages) % 4 == 0


def test_every_seed_sentence_in_order_without_ruby(printed):
    title, category, *sentences = seed_sentences()
    first = "".join(lines(printed, 0, None))
    assert normalise(first) == normalise(category + title)
    text = normalise("".join(line for index in range(1, len(printed.pages)) for line in lines(printed, index, None)))
    position = 0
    for sentence in sentences:
        found = text.find(normalise(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found + len(normalise(sentence))
    assert "曖昧で" in text and "あいまい" not in text


def test_lines_keep_kinsoku(printed):
    checked = 0
    for index in range(len(printed.pages)):
        for line in lines(printed, index):
            body = line.removeprefix("・")  # a list item's mark
            assert body[0] not in NOT_AT_LINE_START, f"page {index + 1}: {line}"
            assert line[-1] not in NOT_AT_LINE_END, f"page {index + 1}: {line}"
            checked += 1
    assert checked > 250


def body_lines(printed: PrintedBook, index: int) -> list[list[tuple]]:
    """The characters of a page's body-size lines, each line left to right, top to bottom."""
    chars = sorted((c for c in printed.pages[index] if abs((c[4] - c[2]) - BODY) < 0.15), key=lambda c: -c[2])
    rows = itertools.groupby(chars, key=lambda c: round(c[2]))
    return [sorted(row, key=lambda c: c[1]) for _, row in rows]


def test_lines_are_flush_at_both_ends_but_a_paragraphs_last(printed, bundled_book):
    """両端揃え (JLReq 3.8): every line of running text but a paragraph's last ends at the block's right edge.

    The text block comes from the A5 horizontal grid; a ragged line is one whose last character stops short
    of it by more than half a point (as the vertical test allows: letter-spacing is kept in Pango's units).
    Only a paragraph's (or a poem line's) end may stop short.
    """
    design = PageDesign.of("A5", vertical=False)
    side = design.margins(False)[2]
    endings = {
        normalise(node.astext())
        for chapter in bundled_book.chapters
        for node in chapter.document.findall(lambda node: isinstance(node, nodes.paragraph | nodes.line | nodes.rubric))
    }
    flush = ragged = 0
    for index in range(1, len(printed.pages) - 1):  # not the title page nor the colophon: rows set solid
        left = printed.trim(index)[0]
        block_start, block_end = left + side, left + side + design.block_length
        for line in body_lines(printed, index):
            if line[0][1] < block_start - 0.5:
                continue  # not running text (the colophon's rows)
            body = line[:-1] if line[-1][0] in HANGING and line[-1][3] > block_end + 1 else line  # a hanging 、。
            end = body[-1][3]
            assert end <= block_end + 0.5, f"page {index + 1}: past the block: {''.join(c[0] for c in line)}"
            text = re.sub(r"^(・|\d+\.)", "", normalise("".join(c[0] for c in line)))  # a list item's mark
            if end >= block_end - 0.5:
                flush += 1
            elif not any(ending.endswith(text) for ending in endings):
                ragged += 1
                print(f"page {index + 1}: ragged: {text}")
    assert ragged == 0
    assert flush > 150


def test_chapters_on_odd_pages_with_heads_and_nombres(printed, bundled_book):
    outline = [(item.level, item.get_title(), item.get_dest().get_index()) for item in printed.pdf.get_toc()]
    starts = {index: title for level, title, index in outline if level == 0}
    assert len(starts) == 8 and all((index + 1) % 2 == 1 for index in starts)  # odd: right-hand pages
    sections = [(title, index) for level, title, index in outline if level == 1]
    assert len(sections) == 21
    for title, index in sections:
        assert any(normalise(title) == normalise(line) for line in lines(printed, index, BODY * HEADINGS[2][0])), title
    chapter, heads, headless = None, 0, []
    for index in range(min(starts), len(printed.pages) - 1):
        if not printed.pages[index]:
            continue
        number = index + 1
        if index in starts:
            chapter = starts[index]
        head = printed.horizontal(index, 7.5)
        if index in starts:
            assert head == ""  # an opener
        elif head:
            assert head == chapter, number
            heads += 1
        else:
            headless.append(number)  # only where a file without a title opens, on an odd page
            chapter = None
        nombre = printed.horizontal_chars(index, 8.0)
        assert "".join(c[0] for c in nombre) == str(number)
        left, bottom, right, _ = printed.trim(index)
        assert min(c[2] for c in nombre) >= bottom + 5 * MM
        # at the outer edge: right on an odd (right-hand) page, left on an even one
        assert {c[1] > (left + right) / 2 for c in nombre} == {number % 2 == 1}, number
    assert heads >= 7
    untitled = [chapter for chapter in bundled_book.chapters if chapter.title is None]
    assert len(headless) == len(untitled) and all(number % 2 == 1 for number in headless)


def test_a_western_word_keeps_a_quarter_em_from_the_japanese_beside_it(printed):
    """「匿名掲示板やSNSの声」: や SNS の with a quarter em (2.25 pt) more than the line's own spacing (JLReq
    Appendix C), read from the glyph boxes."""
    for index in range(len(printed.pages)):
        for line in body_lines(printed, index):
            text = "".join(c[0] for c in line)
            at = text.find("板やSNSの声")
            if at < 0:
                continue
            ita, ya, s, _, last_s, no = line[at : at + 6]
            spacing = ya[1] - ita[3]  # between two Japanese characters of this line
            assert s[1] - ya[3] - spacing == pytest.approx(BODY / 4, abs=0.1)
            assert no[1] - last_s[3] - spacing == pytest.approx(BODY / 4, abs=0.1)
            return
    raise AssertionError("や SNS の not found")
