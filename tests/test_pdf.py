"""The print PDF read back: boxes, fonts, vertical geometry, kinsoku, flush lines, heads, nombres, outline, text."""

from __future__ import annotations

import ctypes
import datetime
import functools
import io
import itertools
import re
import shutil
import statistics

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import MANUSCRIPT, MINIMAL_TOML, NS, Epub, make_book, run_publish
from fontTools.ttLib import TTFont
from PIL import Image, ImageCms
from test_fidelity import normalise, seed_sentences

from publish.jlreq import HANGING, NOT_AT_LINE_END, NOT_AT_LINE_START
from publish.paper import PageDesign

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
BODY = 9.0
HEAD = (210 * MM - 40 * BODY) * 0.52  # 天 of the default design


class PrintedBook:
    """Characters of every page in book coordinates (PDF points, y up), with the font that set them."""

    def __init__(self, path):
        self.path = path
        # pdfium reads a /Direction /R2L document as right-to-left script and mirrors
        # brackets that stand alone in a text object: read a copy without it.
        with pikepdf.open(path) as pdf:
            if "/ViewerPreferences" in pdf.Root:
                del pdf.Root.ViewerPreferences.Direction
            copy = io.BytesIO()
            pdf.save(copy)
        self.pdf = pdfium.PdfDocument(copy.getvalue())
        self.pages = []
        for page in self.pdf:
            text = page.get_textpage()
            chars = []
            for index in range(text.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
                if char.strip():
                    # a line of the vertical text runs down the page: its glyphs are turned a quarter
                    turned = abs(pdfium_c.FPDFText_GetCharAngle(text.raw, index)) > 0.1
                    chars.append((char, *text.get_charbox(index, loose=True), turned))
            self.pages.append(chars)

    def trim(self, index: int) -> tuple[float, float, float, float]:
        return self.pdf[index].get_trimbox()

    def columns(self, index: int, size: float | None = BODY) -> list[list[tuple]]:
        """Vertical text (of one size, or of any) as columns, right to left, each top to bottom.

        A character's box is one em across the column whatever its advance, so
        the size is its width; 縦中横 digits share a cell and sort left to right.
        """
        vertical = [c for c in self.pages[index] if c[5] and (size is None or abs((c[3] - c[1]) - size) < 0.15)]
        columns: list[list[tuple]] = []
        previous = None
        for char in sorted(vertical, key=lambda c: -(c[1] + c[3]) / 2):
            centre = (char[1] + char[3]) / 2
            if previous is None or previous - centre > 3.0:
                columns.append([])
            columns[-1].append(char)
            previous = centre
        return [sorted(column, key=lambda c: (-round(c[4], 1), c[1])) for column in columns]

    def horizontal(self, index: int, size: float) -> str:
        """Horizontal text of one size (running heads, nombres), left to right."""
        return "".join(c[0] for c in self.horizontal_chars(index, size))

    def horizontal_chars(self, index: int, size: float) -> list[tuple]:
        chars = [c for c in self.pages[index] if not c[5] and abs((c[4] - c[2]) - size) < 0.15]
        return sorted(chars, key=lambda c: (-round(c[2]), c[1]))

    def reading_text(self, start: int = 0, stop: int | None = None) -> str:
        """The vertical text of pages ``start`` to ``stop`` in reading order."""
        return "".join(
            char
            for index in range(start, len(self.pages) if stop is None else stop)
            for column in self.columns(index, None)
            for char, *_ in column
        )


def printed_book(tmp_path, files: dict[str, str], toml: str = MINIMAL_TOML) -> PrintedBook:
    """A small book built as its print PDF alone, read back."""
    book = make_book(tmp_path / "book", files, toml)
    result = run_publish("build", str(book), "-q", "--format", "pdf", "-o", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    return PrintedBook(tmp_path / "d" / "book.pdf")


def page_with(printed: PrintedBook, char: str) -> int:
    """The one page that prints ``char``."""
    [index] = [index for index, chars in enumerate(printed.pages) if any(c[0] == char for c in chars)]
    return index


@pytest.fixture(scope="module")
def printed(bundled_dist) -> PrintedBook:
    return PrintedBook(bundled_dist / "second-partner.pdf")


@pytest.fixture(scope="module")
def outline(printed) -> list[tuple[int, str, int]]:
    return [(item.level, item.get_title(), item.get_dest().get_index()) for item in printed.pdf.get_toc()]


def body_pages(printed, outline) -> list[int]:
    first = min(index for _, _, index in outline)
    return list(range(first, len(printed.pages) - 1))


def test_print_boxes(printed, bundled_dist):
    with pikepdf.open(bundled_dist / "second-partner.pdf") as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.obj.MediaBox]
            assert trim[2] - trim[0] == pytest.approx(A5[0], abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(A5[1], abs=0.01)
            assert [b - t for b, t in zip(bleed, trim, strict=True)] == pytest.approx(
                [-3 * MM, -3 * MM, 3 * MM, 3 * MM]
            )
            # room for the crop marks outside the bleed
            assert media[0] <= bleed[0] - 8 * MM and media[3] >= bleed[3] + 8 * MM
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
        assert str(pdf.Root.Lang) == "ja"
        assert str(pdf.docinfo.Title) == "【匿名の声】セカンドパートナーを求める人たちの本音"
    assert len(printed.pages) % 4 == 0


def embedded_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    fonts = {}
    for page in pdf.pages:
        for _name, font in page.obj.Resources.get("/Font", {}).items():
            fonts[font.objgen] = font
        for _, xobject in page.obj.Resources.get("/XObject", {}).items():
            for _name, font in xobject.get("/Resources", {}).get("/Font", {}).items():
                fonts[font.objgen] = font
    return list(fonts.values())


def test_fonts_embedded_subsets_never_type3(bundled_dist):
    with pikepdf.open(bundled_dist / "second-partner.pdf") as pdf:
        fonts = embedded_fonts(pdf)
        assert fonts
        for font in fonts:
            assert font.Subtype != "/Type3"
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
            # a subset, named as preflight tools and print shops expect: a tag of its own, the face's PostScript name
            assert re.fullmatch(r"/[A-Z]{6}\+(BIZUDMincho-Regular|BIZUDGothic-Bold)", str(font.BaseFont)), font.BaseFont
            assert descriptor.FontName == font.BaseFont
        tags = [str(font.BaseFont)[1:7] for font in fonts]
        assert len(set(tags)) == len(tags) == 3  # the tate mincho, the tate gothic, the upright mincho


def test_lines_run_down_and_right_to_left(printed, outline):
    checked = 0
    for index in body_pages(printed, outline):
        previous_x = None
        for column in printed.columns(index):
            xs = [(left + right) / 2 for _, left, _, right, *_ in column]
            assert max(xs) - min(xs) < 0.3  # one column
            tops = [char[4] for char in column]
            assert tops == sorted(tops, reverse=True) and tops[0] > tops[-1]  # downwards (縦中横: one cell)
            if previous_x is not None:
                assert xs[0] < previous_x  # the next line is to the left
            previous_x = xs[0]
            checked += 1
    assert checked > 200


def test_full_lines_are_flush(printed, outline):
    full = 0
    for index in body_pages(printed, outline):
        top = printed.trim(index)[3] - HEAD
        bottom = top - 40 * BODY
        columns = printed.columns(index)
        for column, following in itertools.pairwise(columns):
            if abs(following[0][4] - top) > 0.5:  # the next line is indented: this one may end a paragraph
                continue
            assert abs(column[0][4] - top) < 0.5 or column[0][4] < top  # starts at the head (or indented)
            last = column[-1]
            if last[0] in HANGING and last[2] < bottom - 0.5:
                last = column[-2]  # a hanging 、。 sits past the end
            assert last[2] == pytest.approx(bottom, abs=0.5), "".join(c for c, *_ in column)
            full += 1
    assert full > 100


def test_ruby_and_dots_stay_out_of_the_text(printed):
    text = printed.reading_text()
    assert "曖昧で" in text and "あいまい" not in text and "﹅" not in text


def test_rebuild_is_byte_identical_with_a_warm_font_cache(bundled_dist, tmp_path):
    result = run_publish("build", "-q", "--format", "pdf", "-o", str(tmp_path), env={"PUBLISH_CACHE": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    cached = sorted(path.name for path in tmp_path.glob("*.ttf"))
    assert len(cached) == 3  # body mincho and heading gothic, and the running heads' (horizontal) mincho
    again = run_publish(
        "build", "-q", "--format", "pdf", "-o", str(tmp_path / "again"), env={"PUBLISH_CACHE": str(tmp_path)}
    )
    assert again.returncode == 0
    assert sorted(path.name for path in tmp_path.glob("*.ttf")) == cached
    built = (tmp_path / "second-partner.pdf").read_bytes()
    assert (
        built
        == (tmp_path / "again" / "second-partner.pdf").read_bytes()
        == (bundled_dist / "second-partner.pdf").read_bytes()
    )


def test_a_ruby_longer_than_a_line_is_an_error_not_cut_off(tmp_path):
    reading = "な" * 90
    book = make_book(tmp_path / "book", {"ch01.rst": f"章\n==\n\n本文です。\n\n本文:ruby:`長《{reading}》`です。\n"})
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = f"{book}/ch01.rst:6: ruby 長《{reading}》 takes 45 em, more than a line of 40 characters"
    assert message in result.stderr and not (tmp_path / "dist").exists()


def test_character_missing_from_the_font_is_an_error(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n本文です。\n\n😀がない。\n"})
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert f"{book}/ch01.rst:6: '😀' (U+1F600) is not in the font" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "dist").exists()


def test_no_line_breaks_kinsoku_anywhere(printed):
    lines = bullets = 0
    for index in range(len(printed.pages)):
        for column in printed.columns(index, None):
            text = "".join(char for char, *_ in column)
            if text.startswith("・"):
                bullets += 1  # a list item's mark, counted against the manuscript below
                text = text[1:]
            assert text[0] not in NOT_AT_LINE_START, f"page {index + 1}: {text}"
            assert text[-1] not in NOT_AT_LINE_END, f"page {index + 1}: {text}"
            lines += 1
    items = sum(len(re.findall(r"^\s*[-*+] ", path.read_text(), re.M)) for path in MANUSCRIPT.glob("*.rst"))
    assert bullets == items and lines > 250


def chapter_starts(outline) -> dict[int, str]:
    return {index: title for level, title, index in outline if level == 0}


def test_chapters_open_on_odd_pages_under_their_titles(printed, outline):
    starts = chapter_starts(outline)
    assert len(starts) == 8
    headed = 0
    for index, title in starts.items():
        assert (index + 1) % 2 == 1, title  # odd: the left-hand page of a right-bound book
        heading = ["".join(char for char, *_ in column) for column in printed.columns(index, 16.0)]
        if heading:  # はじめに names itself only in the contents (".. title::")
            assert normalise("".join(heading)) == normalise(title)
            headed += 1
        assert printed.pages[index - 1] or printed.pages[index - 2]  # at most one blank page before it
    assert headed == 7


def test_contents_leaders_are_lines_of_round_dots(bundled_dist, outline):
    """Each entry's leader is one stroked line of zero-length round-capped dashes: dots the PDF draws itself
    (not a curve per dot: a 460-page book's contents would weigh 1.5 MB more)."""
    contents_pages = range(2, min(chapter_starts(outline)))  # the bundled book's lists chapters and sections
    with pikepdf.open(bundled_dist / "second-partner.pdf") as pdf:
        operators = [
            (str(operator), [float(value) for value in operands[0]] if str(operator) == "d" else list(operands))
            for index in contents_pages
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[index])
        ]
    dashes = [operands for operator, operands in operators if operator == "d"]
    assert len(dashes) == len(outline)  # one per entry
    assert all(dash[0] == 0 and 1.5 < dash[1] < 3 for dash in dashes)
    assert ("J", [1]) in operators  # round caps: a zero-length dash is a dot


def test_outline_lands_on_each_section(printed, outline):
    sections = [(title, index) for level, title, index in outline if level == 1]
    assert len(sections) == 21
    for title, index in sections:
        headings = ["".join(c for c, *_ in column) for column in printed.columns(index, BODY * 11 / 9)]
        assert normalise(title) in map(normalise, headings), (title, index + 1)


def test_running_heads_and_nombres(printed, outline):
    starts = chapter_starts(outline)
    first = min(starts)
    chapter = None
    checked = 0
    for index in range(2, len(printed.pages) - 1):  # after the title page, before the colophon
        number, head, nombre = index + 1, printed.horizontal(index, 7.5), printed.horizontal(index, 8.0)
        if not printed.pages[index]:
            continue  # blank: nothing at all
        untitled = (
            index > first and index not in starts and number % 2 == 1 and not printed.pages[index - 1] and head == ""
        )
        chapter = None if untitled else starts.get(index, chapter)  # the closing file has no title
        assert nombre == str(number)
        if index < first or index in starts or untitled:
            assert head == ""  # contents and chapter openers carry no running head
        else:
            assert head == chapter, number
            checked += 1
        left, bottom, right, _ = printed.trim(index)
        boxes = printed.horizontal_chars(index, 8.0)
        assert min(c[2] for c in boxes) >= bottom + 5 * MM
        # at the outer edge: left on an odd (left-hand) page, right on an even one
        assert {c[1] < (left + right) / 2 for c in boxes} == {number % 2 == 1}, number
    assert printed.horizontal(0, 8.0) == printed.horizontal(len(printed.pages) - 1, 8.0) == ""
    assert checked > 10


def test_every_seed_sentence_in_order(printed):
    title, category, *sentences = seed_sentences()
    assert normalise(printed.reading_text(0, 1)) == normalise(category + title)  # the title page
    text = normalise(printed.reading_text(1, len(printed.pages)))
    position = 0
    for sentence in sentences:
        found = text.find(normalise(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found + len(normalise(sentence))


# black ink alone, to fill (text, marks) and to stroke (rules, the contents' dotted leaders)
K_ONLY = {
    *(("cs", ("/DeviceCMYK",)), ("scn", ("0", "0", "0", "1")), ("k", ("0", "0", "0", "1"))),
    ("K", ("0", "0", "0", "1")),
    *(("CS", ("/DeviceCMYK",)), ("SCN", ("0", "0", "0", "1"))),
}


def colour_operations(pdf: pikepdf.Pdf) -> set[tuple[str, tuple[str, ...]]]:
    found = set()
    for page in pdf.pages:
        streams = [page, *(xobject for _, xobject in page.obj.Resources.get("/XObject", {}).items())]
        for stream in streams:
            for operands, operator in pikepdf.parse_content_stream(stream):
                if str(operator) in ("cs", "CS", "sc", "SC", "scn", "SCN", "g", "G", "rg", "RG", "k", "K"):
                    found.add((str(operator), tuple(str(operand) for operand in operands)))
    return found


def test_pdf_x4_with_a_cmyk_output_intent_and_k_only_text(bundled_dist):
    with pikepdf.open(bundled_dist / "second-partner.pdf") as pdf:
        assert pdf.pdf_version == "1.6"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "JC200103"
        profile = intent.DestOutputProfile.read_bytes()
        assert intent.DestOutputProfile.N == 4 and profile[12:20] == b"prtrCMYK" and profile[36:40] == b"acsp"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4" and pdf.docinfo.Trapped == pikepdf.Name.False_
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp and "<pdf:Trapped>False<" in xmp
        # ink: the text and the marks set in black alone, no other colour space declared anywhere
        assert colour_operations(pdf) <= K_ONLY
        names = {str(value) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) for _, value in obj.items()}
        assert not names & {"/DeviceRGB", "/CalRGB", "/Lab", "/ICCBased", "/DeviceGray"}
    # a real profile: littleCMS reads it and prints K as a neutral near-black
    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    to_lab = ImageCms.buildTransform(cmyk, ImageCms.createProfile("LAB"), "CMYK", "LAB")
    black = ImageCms.applyTransform(Image.new("CMYK", (1, 1), (0, 0, 0, 255)), to_lab).getpixel((0, 0))
    assert black[0] < 30 * 255 / 100 and abs(black[1] - 128) < 3 and abs(black[2] - 128) < 3


MARKUP = "章\n==\n\nこれは:bouten:`大切`なことです。:ruby:`東京《とう|きょう》`と:tcy:`12`月。\n"


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
def test_pdf_x1a_and_other_trims_from_book_toml(tmp_path, mode):
    toml = MINIMAL_TOML + f'writing_mode = "{mode}"\n[print]\ntrim = "B6"\npdf = "PDF/X-1a"\n'
    book = make_book(tmp_path / "book", {"ch01.rst": MARKUP}, toml)
    assert run_publish("build", str(book), "-q", "--format", "pdf", "-o", str(tmp_path / "d")).returncode == 0
    data = (tmp_path / "d" / "book.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.3") and b"/ObjStm" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "JC200103" and "/DestOutputProfile" not in intent
        assert str(pdf.docinfo.GTS_PDFXConformance) == "PDF/X-1a:2001"
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((128 * MM, 182 * MM), abs=0.01)
        # no transparency (groups, soft masks, opacity keys) and no colour space but DeviceCMYK
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                assert not {"/Group", "/SMask", "/ca", "/CA", "/ColorSpace", "/Pattern", "/Shading"} & set(obj.keys())
        assert colour_operations(pdf) <= K_ONLY


def test_each_font_is_embedded_once_for_the_whole_book(bundled_dist):
    """The page writer embeds each derived font once (the glyphs the book draws: tatefont.py), and every page
    names that one font object: no subset per page or per run of pages."""
    with pikepdf.open(bundled_dist / "second-partner.pdf") as pdf:
        named = {font.objgen for page in pdf.pages for _, font in page.obj.Resources.Font.items()}
        files = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj]
        assert len(named) == len(files) == 3
        for font in embedded_fonts(pdf):
            descendant = font.DescendantFonts[0]
            assert descendant.Subtype == "/CIDFontType2" and font.Encoding == "/Identity-H"
            program = TTFont(io.BytesIO(descendant.FontDescriptor.FontFile2.read_bytes()))
            widths = descendant.W
            for index in range(0, len(widths), 2):  # [glyph [width]]: the font's own advance, in 1/1000 em
                glyph, [width] = int(widths[index]), widths[index + 1]
                advance = program["hmtx"][program.getGlyphName(glyph)][0] / program["head"].unitsPerEm * 1000
                assert float(width) == pytest.approx(advance, abs=0.001)


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
def test_the_text_layer_holds_what_each_glyph_stands_for(tmp_path, mode):
    """A glyph the writer picks itself reads back as the text it sets: a 縦中横 run's one glyph as its digits, a
    half-width bracket as the bracket, a variant as its character and selector."""
    text = "章\n==\n\n「これは」「:tcy:`12`月」の葛\U000e0100城です。\n"
    printed = printed_book(tmp_path, {"ch01.rst": text}, MINIMAL_TOML + f'writing_mode = "{mode}"\n')
    index = page_with(printed, "城")
    page_text = "".join(c[0] for c in printed.pages[index] if c[0].strip())  # in reading order
    page_text = page_text.encode("utf-16", "surrogatepass").decode("utf-16")  # pdfium gives UTF-16 halves
    assert "「これは」「12月」の葛\U000e0100城です。" in page_text


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
def test_ruby_and_emphasis_dots_are_drawn_beside_their_base_and_stay_out_of_the_text(tmp_path, mode):
    toml = MINIMAL_TOML + f'writing_mode = "{mode}"\n'
    printed = printed_book(tmp_path, {"ch01.rst": MARKUP}, toml)
    index = page_with(printed, "大")
    chars = {c[0]: c for c in printed.pages[index]}
    page_text = "".join(c[0] for c in printed.pages[index])
    assert "大切" in page_text and "東京" in page_text
    assert not set("うきょ﹅") & set(page_text)  # letters of the readings and the dot that the text lacks
    scale = 4
    image = printed.pdf[index].render(scale=scale).to_pil().convert("L")
    _, _, _, media_top = printed.pdf[index].get_mediabox()

    def ink_beside(char: str) -> int:
        """Dark pixels in the band where ruby and dots go: right of a vertical line, above a horizontal one."""
        _, left, bottom, right, top, _ = chars[char]
        size = BODY
        if mode == "vertical":
            box = (right + 0.1 * size, top, right + 0.6 * size, bottom)
        else:
            box = (left, top + 0.6 * size, right, top + 0.1 * size)
        x0, y0, x1, y1 = (round(v * scale) for v in (box[0], media_top - box[1], box[2], media_top - box[3]))
        return sum(image.crop((x0, y0, x1, y1)).histogram()[:128])

    for marked in "大切東京":
        assert ink_beside(marked) > 5, marked
    assert ink_beside("れ") == 0 and ink_beside("月") == 0


INDENTED = (
    "章\n==\n\n本文の一行目です。\n\n.. class:: start-3em\n\n   字下げの段落。\n\n"
    ".. class:: end-2em align-end\n\n   署名\n\n.. class:: align-end\n\n   地付き\n"
)


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
def test_indent_classes_set_lines_in_from_either_end(tmp_path, mode):
    """start-3em: 3 em from the line's start, no first-line indent; end-2em align-end: 2 em short of the end."""
    printed = printed_book(tmp_path, {"ch01.rst": INDENTED}, MINIMAL_TOML + f'writing_mode = "{mode}"\n')
    index = page_with(printed, "署")
    chars = {c[0]: c for c in printed.pages[index]}

    def start(char: str) -> float:  # along the line, from its start
        return -chars[char][4] if mode == "vertical" else chars[char][1]

    def end(char: str) -> float:
        return -chars[char][2] if mode == "vertical" else chars[char][3]

    assert start("字") - start("本") == pytest.approx(2 * BODY, abs=0.3)  # 3 em against the paragraph's 1
    assert end("き") - end("名") == pytest.approx(2 * BODY, abs=0.3)
    if mode == "vertical":
        assert -end("き") == pytest.approx(printed.trim(index)[3] - HEAD - 40 * BODY, abs=0.3)  # 地付き: at the foot


def test_a_long_number_stands_upright_one_digit_to_a_cell(tmp_path):
    """JLReq 3.2.3: 1914 is not laid on its side; each digit takes a cell, turned like the kanji around it."""
    printed = printed_book(tmp_path, {"ch01.rst": "章\n==\n\n大正3年は1914年。\n"})
    index = page_with(printed, "大")
    [column] = [column for column in printed.columns(index) if column[0][0] == "大"]
    text = "".join(c[0] for c in column)
    assert text == "大正3年は１９１４年。"
    digits = column[5:9]
    for above, below in itertools.pairwise(column[3:10]):  # 年 １ ９ １ ４ 年: one full cell after another
        assert above[2] - below[2] == pytest.approx(BODY, abs=0.3)
    page = printed.pdf[index].get_textpage()
    angles = {}
    for at in range(page.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(page.raw, at))
        if char in "年１９４":
            angles.setdefault(char, round(pdfium_c.FPDFText_GetCharAngle(page.raw, at), 3))
    assert len(angles) == 4 and len(set(angles.values())) == 1  # the digits turned as 年 is: upright
    assert all(abs((d[3] - d[1]) - BODY) < 0.3 for d in digits)  # a full-width cell across, not a half-width side


@pytest.mark.parametrize(("first", "rest"), [(1, 0), (0.5, 0), (0, 0), (1, 1)])
def test_a_paragraph_opening_with_a_bracket_is_indented_as_book_toml_says(tmp_path, first, rest):
    dialogue = "「" + "会話が続きます。" * 8 + "」"
    chapter = f"章\n==\n\n本文の段落です。\n\n{dialogue}\n"
    toml = MINIMAL_TOML + f"[typesetting]\nbracket_indent = {first}\nbracket_rest_indent = {rest}\n"
    printed = printed_book(tmp_path, {"ch01.rst": chapter}, toml)
    index = page_with(printed, "「")
    columns = printed.columns(index)
    [at] = [number for number, column in enumerate(columns) if column[0][0] == "「"]
    top = printed.trim(index)[3] - HEAD
    assert top - columns[at - 1][0][4] == pytest.approx(BODY, abs=0.3)  # 本文: the paragraph's one em
    assert top - columns[at][0][4] == pytest.approx(first * BODY, abs=0.3)
    assert top - columns[at + 1][0][4] == pytest.approx(rest * BODY, abs=0.3)  # the dialogue's second line


def test_headings_and_the_contents_break_between_phrases(tmp_path):
    """On an A6 page the title takes three lines: each ends where a phrase does (publish/phrases.py)."""
    from publish.phrases import phrase_breaks

    title = "匿名掲示板で語られる「葛藤」と、セカンドパートナーを持つことで得られたもの"
    chapter = f"{title}\n{'=' * 80}\n\n本文。\n"
    printed = printed_book(tmp_path, {"ch01.rst": chapter}, MINIMAL_TOML + '[print]\ntrim = "A6"\n')
    breaks = phrase_breaks(title)
    seen = 0
    for index in range(len(printed.pages)):
        columns = ["".join(c[0] for c in column) for column in printed.columns(index, None)]
        for start, end in itertools.combinations(range(len(columns) + 1), 2):
            lines = columns[start:end]
            if "".join(lines) == title:  # the chapter heading (16 pt) and the contents entry (the body size)
                ends = itertools.accumulate(len(line) for line in lines[:-1])
                assert len(lines) > 1 and set(ends) <= breaks, lines
                seen += 1
    assert seen == 2


COLOPHON = (
    'author = "夏目漱石"\n[colophon]\npublisher = "青空書房"\nprinter = "猫印刷"\ncontact = "neko@example.org"\n'
    'isbn = "978-0-306-40615-7"\nprintings = [2026-04-01, 2026-06-15]\n'
)


def test_the_colophon_a_publisher_prints(tmp_path):
    """奥付: each printing with its date, the people, the ISBN — in both outputs; no urn:uuid."""
    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n本文。\n"}, MINIMAL_TOML + COLOPHON)
    assert run_publish("build", str(book), "-q", "-o", str(tmp_path / "d")).returncode == 0
    printed = PrintedBook(tmp_path / "d" / "book.pdf")
    last = ["".join(c[0] for c in column) for column in printed.columns(len(printed.pages) - 1, None)]
    assert last[:7] == [
        "テストの本",
        "二〇二六年四月一日初版第一刷発行",
        "二〇二六年六月十五日初版第二刷発行",
        "著者夏目漱石",
        "発行所青空書房",
        "印刷所猫印刷",
        "連絡先neko@example.org",
    ]
    assert last[7] == "ISBN978-0-306-40615-7" and "urn" not in "".join(last)
    epub = Epub(tmp_path / "d" / "book.epub")
    assert epub.opf.findtext(".//dc:publisher", namespaces=NS) == "青空書房"
    assert epub.opf.findtext(".//dc:date", namespaces=NS) == "2026-04-01"
    colophon = epub.text(epub.spine_hrefs()[-1]).replace("\n", "")
    assert "二〇二六年六月十五日初版第二刷発行" in colophon and "ISBN978-0-306-40615-7" in colophon


def test_the_colophon_date_is_never_a_files_time(tmp_path):
    import os
    import subprocess
    import sys

    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n本文。\n"})
    for path in book.iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))  # 2001
    from publish.matter import date_text

    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    command = [sys.executable, "-m", "publish", "build", str(book), "-q", "--format", "epub", "-o", str(tmp_path / "d")]
    before = datetime.datetime.now(datetime.UTC).date()
    assert subprocess.run(command, env=environment, capture_output=True, timeout=120).returncode == 0
    after = datetime.datetime.now(datetime.UTC).date()
    colophon = Epub(tmp_path / "d" / "book.epub").text("xhtml/p-colophon.xhtml")
    assert "二〇〇一年" not in colophon  # not the files' time
    assert date_text(before, True) in colophon or date_text(after, True) in colophon  # the day of the build


def _small_outlines(printed: PrintedBook, index: int) -> list[tuple[float, float, float, float]]:
    """The boxes of the ruby and dot glyphs drawn on a page (half the body size at most), each a placed form."""
    boxes = []
    for glyph in printed.pdf[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_FORM]):
        left, bottom, right, top = glyph.get_bounds()
        if right - left <= BODY / 2 + 0.1 and top - bottom <= BODY / 2 + 0.1:
            boxes.append((left, bottom, right, top))
    return boxes


def _reading_beside(readings: list[tuple], base: tuple) -> tuple[float, float]:
    """Top and bottom of the reading drawn right of ``base`` (a character of a vertical line)."""
    beside = [r for r in readings if base[3] < r[0] < base[3] + BODY and base[2] - BODY < r[3] < base[4] + BODY]
    return max(r[3] for r in beside), min(r[1] for r in beside)


def test_a_long_reading_hangs_over_kana_not_kanji_and_aligns_at_the_line_head(tmp_path):
    """JLReq 3.3.8: ひがし over 東 (half an em too long) hangs a quarter em over の on each side; between kanji the
    base is spread instead; at the head of a line the reading starts at the head with its base and hangs over
    the kana after it, which keeps its own cell."""
    chapter = "章\n==\n\n| あの:ruby:`東《ひがし》`の空\n| 漢:ruby:`東《ひがし》`漢字\n| :ruby:`東《ひがし》`の果て\n"
    printed = printed_book(tmp_path, {"ch01.rst": chapter})
    index = page_with(printed, "空")
    kana, kanji, head = (column for column in printed.columns(index) if "東" in "".join(c[0] for c in column))
    reading_of = functools.partial(_reading_beside, _small_outlines(printed, index))
    east = next(c for c in kana if c[0] == "東")
    assert kana[1][2] - east[4] == pytest.approx(0, abs=0.3) and east[2] - kana[3][4] == pytest.approx(0, abs=0.3)
    top, bottom = reading_of(east)
    assert top - east[4] == pytest.approx(BODY / 4, abs=0.6) and east[2] - bottom == pytest.approx(BODY / 4, abs=0.6)
    east = kanji[1]  # between 漢 and 漢: no hanging, a quarter em of space on each side of the base
    assert kanji[0][2] - east[4] == pytest.approx(BODY / 4, abs=0.3)
    assert east[2] - kanji[2][4] == pytest.approx(BODY / 4, abs=0.3)
    east, no = head[0], head[1]
    line_head = kana[0][4]  # あ starts the first line at the head
    top, bottom = reading_of(east)
    assert line_head - east[4] == pytest.approx(0, abs=0.3)  # the base at the head, in its own cell
    assert line_head - top < 0.6  # the reading starts at the head of the line, flush
    assert east[2] - bottom == pytest.approx(BODY / 2, abs=0.6)  # and hangs half an em over の
    assert east[2] - no[4] == pytest.approx(0, abs=0.3)  # の follows the base: nothing overlaps


@pytest.mark.parametrize("depth", [None, 2])
def test_the_contents_page_lists_chapters_or_sections_too_as_book_toml_says(tmp_path, depth):
    """A novel's contents list its chapters (the default); contents_depth = 2 adds the sections. The EPUB's
    navigation and the PDF's outline keep every level."""
    chapter = "第一章\n======\n\n本文。\n\n一節\n----\n\n本文。\n\n二節\n----\n\n本文。\n"
    toml = MINIMAL_TOML + (f"[typesetting]\ncontents_depth = {depth}\n" if depth else "")
    book = make_book(tmp_path / "book", {"ch01.rst": chapter}, toml)
    assert run_publish("build", str(book), "-q", "-o", str(tmp_path / "d")).returncode == 0
    listed = ["第一章", "一節", "二節"] if depth == 2 else ["第一章"]
    printed = PrintedBook(tmp_path / "d" / "book.pdf")
    contents = ["".join(c[0] for c in column) for column in printed.columns(2, None)]
    assert contents == ["目次", *listed]
    bookmarks = [(item.level, item.get_title()) for item in printed.pdf.get_toc()]
    assert bookmarks == [(0, "第一章"), (1, "一節"), (1, "二節")]
    epub = Epub(tmp_path / "d" / "book.epub")
    page = [a.text for a in epub.xml("xhtml/p-toc.xhtml").iter(f"{{{NS['x']}}}a")]
    assert page == listed
    assert [a.text for a in epub.nav().iter(f"{{{NS['x']}}}a")][:3] == ["第一章", "一節", "二節"]


def test_a_base_shorter_than_its_reading_is_spread_one_two_one(tmp_path):
    """JLReq 3.3.8: ああああああ (3 em) over 字体 between kanji: half a step at each end, a step between."""
    printed = printed_book(tmp_path, {"ch01.rst": "章\n==\n\n| 漢:ruby:`字体《ああああああ》`漢\n"})
    index = page_with(printed, "体")
    [column] = [column for column in printed.columns(index) if column[0][0] == "漢"]
    assert "".join(c[0] for c in column) == "漢字体漢"
    gaps = [above[2] - below[4] for above, below in itertools.pairwise(column)]
    assert gaps == pytest.approx([BODY / 4, BODY / 2, BODY / 4], abs=0.3)


def test_a_long_title_never_overprints_the_category_or_the_author(tmp_path):
    """扉 on an A6 page: a title of 60 characters is set smaller, between the category and the author."""
    title = "吾輩は猫である　または名前のまだ無い一匹の猫が苦沙弥先生の家で見聞きした人間たちの哀しい日々の記録"
    toml = (
        MINIMAL_TOML.replace('title = "テストの本"', f'title = "{title}"')
        + 'category = "長い題の試験"\nauthor = "夏目漱石"\n[print]\ntrim = "A6"\n'
    )
    printed = printed_book(tmp_path, {"ch01.rst": "章\n==\n\n本文。\n"}, toml)
    boxes = printed.pages[0]
    assert normalise(printed.reading_text(0, 1)) == normalise("長い題の試験" + title + "夏目漱石")
    for first, second in itertools.combinations(boxes, 2):
        apart = first[3] <= second[1] + 0.01 or second[3] <= first[1] + 0.01  # side by side
        apart = apart or first[2] >= second[4] - 0.01 or second[2] >= first[4] - 0.01  # one above the other
        assert apart, (first, second)
    top, bottom = printed.trim(0)[3], printed.trim(0)[1]
    assert all(bottom < box[2] and box[4] < top for box in boxes)


def test_a_bunko_page_keeps_its_running_head_and_nombre_inside_the_print_shops_margins(tmp_path):
    """文庫's trade grid (39 字 × 16 行, 8.5 pt, 行間 0.75 em) leaves narrow margins: the text block stays 10 mm
    from the trim, the 柱 (a long one cut short inside the block's width) and the nombre 5 mm, both clear of
    the text."""
    title = "苦沙弥先生の書斎で起きた出来事と迷亭や寒月や東風がそれぞれに語る長い長い話のこと"
    chapter = f"{title}\n{'=' * 90}\n\n" + "本文です。" * 800 + "\n"
    printed = printed_book(tmp_path, {"ch01.rst": chapter}, MINIMAL_TOML + '[print]\ntrim = "文庫"\n')
    heads, lines, characters = 0, [], []
    for index in range(len(printed.pages)):
        head = printed.horizontal_chars(index, 7.5)
        if not head:
            continue
        text = "".join(c[0] for c in head)
        assert text.endswith("…") and title.startswith(text[:-1]) and len(text) > 15
        columns = printed.columns(index, 8.5)
        lines.append(len(columns))
        characters.extend(len(column) - (column[-1][0] in HANGING) for column in columns)  # 。 may hang
        body = [c for column in columns for c in column]
        left, bottom, right, top = printed.trim(index)
        block = (min(c[1] for c in body), min(c[2] for c in body), max(c[3] for c in body), max(c[4] for c in body))
        assert block[0] - left >= 10 * MM and right - block[2] >= 10 * MM
        assert top - block[3] >= 10 * MM and block[1] - bottom >= 10 * MM
        if len(columns) == 16:  # a full page shows the block's width
            assert block[0] - 0.5 <= min(c[1] for c in head) and max(c[3] for c in head) <= block[2] + 0.5
        assert top - max(c[4] for c in head) >= 5 * MM and min(c[2] for c in head) - block[3] >= 3 * MM
        nombre = printed.horizontal_chars(index, 8.0)
        assert min(c[2] for c in nombre) - bottom >= 5 * MM and block[1] - max(c[4] for c in nombre) >= 3 * MM
        heads += 1
    assert heads > 3 and max(lines) == 16 and statistics.mode(characters) == 39


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
def test_a_two_column_page_reads_one_column_after_the_other(tmp_path, mode):
    """A5二段組: 26 字 × 20 行 in two tiers of a vertical page (17 字 × 30 行 side by side on a horizontal one),
    two ems apart; the text runs down the first column to its last line, then on in the second; a chapter's
    title spans both columns, and the columns start below it."""
    vertical = mode == "vertical"
    design = PageDesign.of("A5二段組", vertical)
    text = "".join(sentence for sentence in seed_sentences()[2:] if not re.search(r"[!-~]", sentence))
    title = "二段組の頁で章の題は二つの段にまたがって一行に組まれる"  # 27 characters: longer than a column
    toml = MINIMAL_TOML + f'writing_mode = "{mode}"\n[print]\ntrim = "A5二段組"\n'
    printed = printed_book(tmp_path, {"ch01.rst": f"{title}\n{'=' * 60}\n\n{text}\n"}, toml)
    column = design.characters * BODY
    [opener] = [
        index
        for index, chars in enumerate(printed.pages)
        if "".join(c[0] for c in chars if abs(_cell(c, vertical) - BODY * 16 / 9) < 0.2) == title
    ]
    read, full_columns = [], 0
    for index in range(opener, len(printed.pages) - 1):  # the chapter's pages: not the contents nor the colophon
        place = functools.partial(_in_block, trim=printed.trim(index), design=design, vertical=vertical)
        body = [place(c) for c in printed.pages[index] if c[5] == vertical and abs(_cell(c, vertical) - BODY) < 0.15]
        # a character starts in the first column (a hanging 、。 right at its end) or in the second: none in the gap
        assert all(along <= column + 0.5 or along >= column + 2 * BODY - 0.5 for _, along, _ in body)
        assert all(-0.5 <= along <= design.block_length + 0.5 for _, along, _ in body)
        for tier in ([c for c in body if c[1] < column + 0.5], [c for c in body if c[1] > column + 0.5]):
            full_columns += len({round(across / design.pitch) for _, _, across in tier}) == design.lines
            read.extend(char for char, *_ in sorted(tier, key=lambda c: (round(c[2]), c[1])))
        titled = [place(c) for c in printed.pages[index] if abs(_cell(c, vertical) - BODY * 16 / 9) < 0.2]
        if titled:  # the opener: the title on one line, past the first column's end; the columns below it
            assert max(along for _, along, _ in titled) > column + 2 * BODY
            assert min(across for *_, across in body) > max(across for *_, across in titled) + design.pitch
    assert normalise("".join(read)) == normalise(text)
    assert full_columns >= 2


def _cell(char: tuple, vertical: bool) -> float:
    """A character's em across its line: the box's width in a vertical line, its height in a horizontal one."""
    return char[3] - char[1] if vertical else char[4] - char[2]


def _in_block(char: tuple, trim: tuple, design, vertical: bool) -> tuple[str, float, float]:
    """A character, how far along the lines it starts from the text block's start, and across them, in pt."""
    left, _, right, top = trim
    head, _, side = design.margins(vertical)
    if vertical:
        return char[0], top - head - char[4], right - side - char[3]
    return char[0], char[1] - left - side, top - head - char[4]


def test_notes_are_set_at_the_chapter_end_under_their_heading(tmp_path):
    """後注: the text with its marks (※1 in 縦中横, never alone at a line's head), then 注 and each note after its
    mark; a second file numbers its notes afresh."""
    chapter = (
        "注のある章\n==========\n\n" + "本文の文。" * 7 + "本文の漢[#]_。引用[SOSEKI]_。\n\n"
        "続きの段落。[#]_\n\n.. [#] 一つめの注。\n.. [#] 二つめの注。\n\n   その二段落め。\n.. [SOSEKI] 漱石。\n"
    )
    second = "次の章\n======\n\n本文[#]_。\n\n.. [#] 次の章の注。\n"
    toml = MINIMAL_TOML.replace('"ch01.rst"', '"ch01.rst", "ch02.rst"')
    printed = printed_book(tmp_path, {"ch01.rst": chapter, "ch02.rst": second}, toml)
    opener = page_with(printed, "漢")
    text = printed.reading_text(opener)
    notes = "※1一つめの注。※2二つめの注。その二段落め。［SOSEKI］漱石。"
    assert re.search(f"(本文の文。)+本文の漢※1。引用［SOSEKI］。続きの段落。※2注{notes}", text), text
    assert "次の章本文※1。注※1次の章の注。" in text
    # 漢 ends the first line's 40 em, so ※1 would start the next: it takes 漢 along instead
    columns = ["".join(c[0] for c in column) for column in printed.columns(opener)]
    assert any(column.startswith("漢※1。") for column in columns), columns
    kanji_style = MINIMAL_TOML + '[typesetting]\nnote_numbers = "kanji"\n'
    kanji = printed_book(tmp_path / "kanji", {"ch01.rst": second}, kanji_style)
    assert "本文※一。注※一次の章の注。" in kanji.reading_text()
    # 巻末注: every note after the last chapter, in a file of its own listed in the contents and the bookmarks
    end_style = toml + '[typesetting]\nnotes = "book"\n'
    at_end = printed_book(tmp_path / "end", {"ch01.rst": chapter, "ch02.rst": second}, end_style)
    text = at_end.reading_text()
    body, end = text.split("次の章本文※1。", 1)
    assert "漱石" not in body and "一つめの注" not in body
    assert end.startswith(f"注注のある章{notes}次の章※1次の章の注。"), end
    outline = [(item.get_title(), item.get_dest().get_index()) for item in at_end.pdf.get_toc()]
    [(_, notes_page)] = [(title, index) for title, index in outline if title == "注"]
    assert "".join(c[0] for c in at_end.pages[notes_page]).startswith("注")


def test_scene_breaks_page_breaks_and_verse_in_print(tmp_path):
    """----: the ornament of book.toml centred on its line; .. page-break:: and .. recto-break:: start the next
    page and the next odd page; verse keeps a line each, a wrapped part one em in, an indented line further."""
    verse = "| " + "長い詩の行" * 9 + "\n|    字下げの行\n|\n| 次の連\n"
    breaks = "前の場面。\n\n----\n\n次の場面。\n\n.. page-break::\n\n頁替え。\n\n.. 改丁::\n\n奇数頁。\n\n"
    chapter = f"区切り\n======\n\n{breaks}{verse}"
    toml = MINIMAL_TOML + '[typesetting]\nscene_break = "＊　＊　＊"\n'
    printed = printed_book(tmp_path, {"ch01.rst": chapter}, toml)
    scene = page_with(printed, "前")
    columns = printed.columns(scene)
    texts = ["".join(c[0] for c in column) for column in columns]
    assert texts[-3:] == ["前の場面。", "＊＊＊", "次の場面。"]
    stars = columns[-2]
    top = printed.trim(scene)[3] - HEAD
    middle = (stars[1][2] + stars[1][4]) / 2  # the middle ＊: in the middle of the 40-em line
    assert middle == pytest.approx(top - 20 * BODY, abs=0.5)
    assert stars[2][4] - stars[2][2] == pytest.approx(BODY, abs=0.5) and stars[0][4] - stars[2][4] > 2 * BODY
    after_break, odd = page_with(printed, "替"), page_with(printed, "奇")
    assert after_break == scene + 1 and odd % 2 == 0 and odd - after_break in (1, 2)  # index 0 is page 1
    assert all(not printed.pages[index] for index in range(after_break + 1, odd))  # a blank page, if any
    poem = [column for column in printed.columns(odd) if column[0][0] in "長字次"]
    assert ["".join(c[0] for c in column)[:3] for column in poem] == ["長い詩", "長い詩", "字下げ", "次の連"]
    heads = [column[0][4] for column in poem]
    assert heads[0] == pytest.approx(top, abs=0.5) and heads[3] == pytest.approx(top, abs=0.5)
    assert heads[1] == pytest.approx(top - BODY, abs=0.5) and heads[2] == pytest.approx(top - BODY, abs=0.5)
    pitch = poem[0][0][1] - poem[1][0][1]
    assert poem[2][0][1] - poem[3][0][1] == pytest.approx(2 * pitch, abs=0.5)  # the blank line between stanzas


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
def test_pictures_stand_upright_inside_the_block_in_cmyk_and_wait_for_room(tmp_path, mode):
    """A figure too wide for what is left of its page waits for the next one while the text goes on; it stands
    upright (its green corner at the top left), inside the text block, its caption after it; colour is
    separated to CMYK, a grey picture is black ink alone; a picture under 300 dpi is a warning at its line."""
    book = make_book(tmp_path / "book", {})
    photo = Image.new("RGB", (900, 600), (200, 40, 40))
    photo.paste((0, 160, 60), (0, 0, 180, 120))  # the top left corner
    photo.save(book / "photo.jpg", quality=95)
    Image.new("L", (2000, 4000), 96).save(book / "grey.png")
    chapter = (
        "図の章\n======\n\n"
        + "前の段落。" * 60
        + "\n\n.. figure:: photo.jpg\n   :alt: 写真\n\n   図の説明。\n\n"
        + "後の段落。" * 20
        + "\n\n.. image:: grey.png\n   :alt: 灰色\n   :width: 40%\n"
    )
    (book / "ch01.rst").write_text(chapter, encoding="utf-8")
    (book / "book.toml").write_text(MINIMAL_TOML + f'writing_mode = "{mode}"\n', encoding="utf-8")
    result = run_publish("build", str(book), "--format", "pdf", "-o", str(tmp_path / "d"), "-q")
    assert result.returncode == 0, result.stderr
    assert f"{book / 'ch01.rst'}:6: warning: picture 'photo.jpg' prints at" in result.stderr  # 900 px, 90 mm
    assert "grey.png" not in result.stderr  # 2000 px over 40% of the block: sharp
    printed = PrintedBook(tmp_path / "d" / "book.pdf")
    text_page = max(index for index, chars in enumerate(printed.pages) if any(c[0] == "前" for c in chars))
    assert "後" in "".join(c[0] for c in printed.pages[text_page])  # the text went on past the waiting figure
    placed = {}
    for index, page in enumerate(printed.pdf):
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
            placed.setdefault(index, []).append(obj.get_bounds())
    [(figure_page, [photo_box]), (grey_page, [_])] = sorted(placed.items())
    assert text_page < figure_page <= grey_page
    assert "図の説明。" in normalise("".join(c[0] for c in printed.pages[figure_page]))
    left, bottom, right, top = photo_box
    assert (right - left) / (top - bottom) == pytest.approx(1.5, rel=0.02)  # upright: wider than high
    trim = printed.trim(figure_page)
    design = PageDesign.of("A5", mode == "vertical")
    head, foot, side = design.margins(mode == "vertical")
    assert left >= trim[0] + side - 0.5 and right <= trim[2] - side + 0.5
    assert top <= trim[3] - head + 0.5 and bottom >= trim[1] + foot - 0.5
    page_height = printed.pdf[figure_page].get_height()
    rendered = printed.pdf[figure_page].render(scale=2).to_pil().convert("RGB")
    corner = rendered.getpixel((round((left + 8) * 2), round((page_height - top + 8) * 2)))
    far = rendered.getpixel((round((right - 8) * 2), round((page_height - bottom - 8) * 2)))
    assert corner[1] > 100 > corner[0] and far[0] > 100 > far[1], (corner, far)  # green at the top left only
    with pikepdf.open(tmp_path / "d" / "book.pdf") as pdf:
        shared = {  # shared resources: each picture once
            xobject.objgen: xobject
            for page in pdf.pages
            for _, xobject in page.obj.Resources.get("/XObject", {}).items()
            if xobject.get("/Subtype") == "/Image"
        }
        images = [shared[key] for key in sorted(shared)]
        assert [str(image.ColorSpace) for image in images] == ["/DeviceCMYK", "/DeviceCMYK"]
        [grey_image] = [image for image in images if image.Width == 2000]
        grey = Image.open(io.BytesIO(grey_image.read_raw_bytes()))
        assert grey.mode == "CMYK" and [grey.getchannel(band).getextrema() for band in "CMY"] == [(0, 0)] * 3
        assert grey.getchannel("K").getextrema()[0] > 100  # 62 % black


def test_a_table_is_set_in_the_books_direction_ruled_and_wrapped_to_the_line(tmp_path):
    """A vertical table: each row a column of the page, read right to left like lines; its cells along the line,
    the header in gothic; a cell too long for its share of the line wraps; ruled between rows and cells."""
    table = (
        ".. list-table:: 表一　作品\n   :header-rows: 1\n\n"
        "   * - 作品\n     - 備考\n"
        "   * - 猫\n     - " + "長い備考の文。" * 8 + "\n"
        "   * - 草枕\n     - 短い\n"
    )
    printed = printed_book(tmp_path, {"ch01.rst": f"表の章\n======\n\n前の段落。\n\n{table}\n後の段落。\n"})
    index = page_with(printed, "枕")
    columns = [("".join(c[0] for c in column), column) for column in printed.columns(index)]
    texts = [text for text, _ in columns]
    start = texts.index("表一　作品".replace("　", ""))
    remarks = "長い備考の文。" * 8  # 56 em: the column gives way to 40 − 3 (作品 and padding) − 1 em of padding
    assert texts[start + 1 : start + 4] == ["作品備考", "猫" + remarks[:36], remarks[36:]]
    top = printed.trim(index)[3] - HEAD
    header, cat, wrapped, grass = (columns[start + offset][1] for offset in (1, 2, 3, 4))
    assert header[0][4] == pytest.approx(top - BODY / 2, abs=0.5)  # half an em of padding before each cell
    remark = next(c for c in header if c[0] == "備")
    assert next(c for c in cat if c[0] == "長")[4] == pytest.approx(remark[4], abs=0.5)  # one column, one start
    assert wrapped[0][4] == pytest.approx(remark[4], abs=0.5)  # the cell wraps within its column
    assert grass[0][0] == "草" and texts[start + 5] == "後の段落。"
    assert "Gothic" in _font_of(printed, index, "作") and "Mincho" in _font_of(printed, index, "猫")  # header: gothic
    rules = [obj for obj in printed.pdf[index].get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    assert len(rules) >= 4 * 3 + 2  # a rule before each row, after the last, beside every cell


def _font_of(printed: PrintedBook, index: int, char: str) -> str:
    """The name of the font that sets ``char`` (its first occurrence) on page ``index``."""
    text = printed.pdf[index].get_textpage()
    at = next(i for i in range(text.count_chars()) if chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)) == char)
    buffer = ctypes.create_string_buffer(128)
    pdfium_c.FPDFText_GetFontInfo(text.raw, at, buffer, 128, None)
    return buffer.value.decode()


def test_a_table_that_cannot_be_set_is_refused_at_its_line(tmp_path):
    wide = ".. list-table::\n\n   * - " + "\n     - ".join("甲乙丙丁戊己庚辛壬癸ABCDEFGHIJK") + "\n"
    spanning = "+----+----+\n| 甲 | 乙 |\n+----+----+\n| 丙      |\n+---------+\n"
    cases = [
        (wide, 4, "a table of 21 columns does not fit a line of 40 characters"),
        (spanning, 7, "a table cell spanning several columns or rows cannot be set yet"),
        (".. list-table::\n\n   * - - 箇条\n", 6, "a table cell holds text only, not a bullet list"),
    ]
    for case, (body, line, message) in enumerate(cases):
        book = make_book(tmp_path / f"case{case}", {"ch01.rst": f"章\n==\n\n{body}"})
        result = run_publish("build", str(book), "--format", "pdf", "-o", str(tmp_path / "d"))
        assert result.returncode == 1 and f"ch01.rst:{line}: {message}" in result.stderr, result.stderr


def test_parts_open_on_a_title_page_of_their_own_listed_in_the_contents(tmp_path):
    """[[parts]]: a 部扉 on a recto with the part's title, its verso blank, the chapter on the next recto; the
    contents and the bookmarks list the part before its chapters, with the 部扉's page."""
    files = {f"ch0{n}.rst": f"第{n}章\n=====\n\n本文{n}。\n" for n in (1, 2, 3)}
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst", "ch03.rst"]')
    toml += '[[parts]]\ntitle = "第一部　春"\nfrom = "ch01.rst"\n[[parts]]\ntitle = "第二部　夏"\nfrom = "ch03.rst"\n'
    printed = printed_book(tmp_path, {**files}, toml)
    outline = [(item.get_title(), item.get_dest().get_index()) for item in printed.pdf.get_toc()]
    assert [title for title, _ in outline] == ["第一部　春", "第1章", "第2章", "第二部　夏", "第3章"]
    pages = dict(outline)
    for part, chapter in (("第一部　春", "第1章"), ("第二部　夏", "第3章")):
        index = pages[part]
        assert index % 2 == 0  # an odd page (index 0 is page 1)
        assert normalise("".join(c[0] for c in printed.pages[index])) == normalise(part)  # alone: no nombre
        assert not printed.pages[index + 1] and pages[chapter] == index + 2
    assert normalise(printed.reading_text(2, 3)) == "目次第一部春第1章第2章第二部夏第3章"
    numbers = "".join(c[0] for c in printed.horizontal_chars(2, BODY))  # the contents' page numbers
    assert str(pages["第一部　春"] + 1) in numbers and str(pages["第二部　夏"] + 1) in numbers


def test_fonts_named_in_book_toml_are_the_ones_used(tmp_path):
    from fontTools import subset

    from publish.resources import MINCHO

    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n本文です。\n"})
    shutil.copy(MINCHO, book / "mincho.ttf")
    options = subset.Options()
    font = subset.load_font(MINCHO, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="章本文")
    subsetter.subset(font)
    font.save(book / "tiny.ttf")
    toml = MINIMAL_TOML + '[print]\nbody_font = "tiny.ttf"\nheading_font = "mincho.ttf"\n'
    (book / "book.toml").write_text(toml, encoding="utf-8")
    result = run_publish("build", str(book), "--format", "pdf", "-o", str(tmp_path / "d"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{book}/ch01.rst:4: 'で' (U+3067) is not in the font tiny.ttf" in result.stderr
    assert "mincho.ttf" not in result.stderr  # the heading font has them all
    (book / "book.toml").write_text(toml.replace("tiny.ttf", "mincho.ttf", 1), encoding="utf-8")
    assert run_publish("build", str(book), "-q", "--format", "pdf", "-o", str(tmp_path / "d")).returncode == 0


def test_contents_page_numbers_of_three_digits_stand_horizontally(tmp_path):
    chapters = {f"c{copy}{path.name}": path.read_text() for copy in range(3) for path in MANUSCRIPT.glob("ch*.rst")}
    listed = ", ".join(f'"{name}"' for name in sorted(chapters))
    toml = MINIMAL_TOML.replace('chapters = ["ch01.rst"]', f"chapters = [{listed}]")
    toml += "[typesetting]\ncontents_depth = 2\n[print]\ntrim = 'A6'\ncharacters_per_line = 20\nlines_per_page = 10\n"
    book = make_book(tmp_path / "book", chapters, toml)
    result = run_publish("build", str(book), "-q", "--format", "pdf", "-o", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    printed = PrintedBook(tmp_path / "d" / "book.pdf")
    assert len(printed.pages) > 100
    numbers = []
    for index in range(2, 12):  # the contents pages; all numbers stand at the foot of their lines
        digits = sorted((c for c in printed.horizontal_chars(index, 8.5) if c[0].isdigit()), key=lambda c: c[1])
        page: list[str] = []
        for previous, char in zip([None, *digits], digits, strict=False):
            # a number's digits side by side, half an em apart; numbers one line apart
            if previous is not None and char[1] - previous[1] == pytest.approx(8.5 / 2, abs=0.3):
                page[-1] += char[0]
            else:
                page.append(char[0])
        numbers += [int(number) for number in reversed(page)]  # lines run right to left
    assert max(numbers) >= 100 and numbers == sorted(numbers)


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
@pytest.mark.parametrize("start", ["recto", "page"])
def test_chapters_open_on_an_odd_page_or_on_the_next_as_book_toml_says(tmp_path, mode, start):
    """改丁 (recto, the default) leaves a blank page before a chapter that would open on an even page; 改ページ
    (page) opens it on the next page, so the only blank pages left are the title page's back and the sheet's end."""
    files = {f"ch0{number}.rst": f"第{number}章\n=====\n\n" + "本文です。" * 30 * number + "\n" for number in (1, 2, 3)}
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst", "ch03.rst"]')
    toml += f'writing_mode = "{mode}"\n[typesetting]\nchapter_start = "{start}"\n'
    printed = printed_book(tmp_path, files, toml)
    openers = [item.get_dest().get_index() for item in printed.pdf.get_toc() if item.get_title().startswith("第")]
    ends = [index - 1 for index in openers[1:]]
    if start == "recto":
        assert all(index % 2 == 0 for index in openers)  # page numbers are one more than the index: odd
        assert any(not printed.pages[index] for index in ends)  # a blank page keeps one of them odd
    else:
        assert any(index % 2 == 1 for index in openers)  # the chapters' lengths put one on an even page
        assert all(printed.pages[index] for index in ends)  # the page before each opener is the last chapter's
    assert openers == sorted(openers) and len(openers) == 3


def test_a_compound_keeps_each_reading_over_its_character_and_hangs_into_free_room(tmp_path):
    """熟語ルビ (JLReq 3.3.6): 京都《きょう|と》 sets きょう over 京 hanging a quarter em over の and a quarter
    over the free side of 都 (と is half an em); every base keeps its own cell, と stays centred on 都."""
    chapter = "章\n==\n\nあの:ruby:`京都《きょう|と》`へ走る。\n"
    printed = printed_book(tmp_path, {"ch01.rst": chapter})
    index = page_with(printed, "走")
    [column] = (column for column in printed.columns(index) if "京" in "".join(c[0] for c in column))
    no, kyo, to, he = column[1:5]
    assert [c[0] for c in (no, kyo, to, he)] == ["の", "京", "都", "へ"]
    for upper, lower in ((no, kyo), (kyo, to), (to, he)):  # one cell after another, nothing spread, no overlap
        assert upper[2] - lower[4] == pytest.approx(0, abs=0.3)
    beside = [r for r in _small_outlines(printed, index) if kyo[3] < r[0] < kyo[3] + BODY]
    *kyo_reading, to_reading = sorted(beside, key=lambda r: -r[3])  # き ょ う, then と, down the line
    assert len(kyo_reading) == 3
    top, bottom = max(r[3] for r in kyo_reading), min(r[1] for r in kyo_reading)
    assert top - kyo[4] == pytest.approx(BODY / 4, abs=0.6) and kyo[2] - bottom == pytest.approx(BODY / 4, abs=0.6)
    assert (to_reading[1] + to_reading[3]) / 2 == pytest.approx((to[2] + to[4]) / 2, abs=0.4)


@pytest.mark.parametrize("numbering", ["roman", "none"])
def test_front_matter_numbered_on_its_own_and_the_first_chapter_is_page_one(tmp_path, numbering):
    """front_matter_numbers: the title page to the preface count i, ii … (or show no number), the first chapter
    opens page 1 on a recto even when chapters open on any page, and the contents and a viewer agree."""
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]\nfront = ["pre.rst"]')
    toml += f'[typesetting]\nfront_matter_numbers = "{numbering}"\nchapter_start = "page"\n'
    files = {
        "pre.rst": "はじめに\n========\n\n前書きの本文。\n",
        "ch01.rst": "第一章\n======\n\n" + "本文の段落です。" * 300 + "\n",
        "ch02.rst": "第二章\n======\n\n二章の本文。\n",
    }
    printed = printed_book(tmp_path, files, toml)
    pages = {item.get_title(): item.get_dest().get_index() for item in printed.pdf.get_toc()}
    preface, first, second = pages["はじめに"], pages["第一章"], pages["第二章"]
    assert preface == 4 and first == 6 and first % 2 == 0  # page 5, a blank page 6, page 7 (a recto) opens
    nombres = [printed.horizontal(index, 8.0) for index in range(len(printed.pages))]
    roman = numbering == "roman"
    assert nombres[2] == ("iii" if roman else "") and nombres[preface] == ("v" if roman else "")
    assert nombres[first : second + 1] == [str(number) for number in range(1, second - first + 2)]
    assert second > first + 1 and second % 2 == 1  # 改ページ after page 1: chapter_start still holds
    numbers = sorted(printed.horizontal_chars(2, BODY), key=lambda c: -c[1])  # the contents', right to left
    assert "".join(c[0] for c in numbers) == ("v" if roman else "") + "1" + str(second - first + 1)
    with pikepdf.open(tmp_path / "d" / "book.pdf") as pdf:
        labels = pdf.Root.PageLabels.Nums
        assert [labels[0], labels[2]] == [0, first] and labels[1].S == "/r" and labels[3].S == "/D"


@pytest.mark.parametrize("mode", ["vertical", "horizontal"])
def test_a_full_page_figure_fills_a_page_of_its_own_while_the_text_goes_on(tmp_path, mode):
    from PIL import Image

    text = "本文の段落です。" * 40
    files = {"ch01.rst": f"章\n==\n\n{text}\n\n.. figure:: wide.png\n   :alt: 緑\n   :figclass: full-page\n\n"
             f"   図の題。\n\n後の段落。\n"}  # fmt: skip
    toml = MINIMAL_TOML + f'writing_mode = "{mode}"\n'
    book = make_book(tmp_path / "book", files, toml)
    Image.new("RGB", (3000, 2000), (0, 128, 0)).save(book / "wide.png")
    result = run_publish("build", str(book), "-q", "--format", "pdf", "-o", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    printed = PrintedBook(tmp_path / "d" / "book.pdf")
    vertical = mode == "vertical"
    design = PageDesign.of("A5", vertical)
    head, foot, side = design.margins(vertical)
    [(index, bounds)] = [
        (index, obj.get_bounds()) for index, page in enumerate(printed.pdf) for obj in page.get_objects(filter=(3,))
    ]
    page_text = normalise("".join(c[0] for c in printed.pages[index]))
    assert page_text == f"図の題。章{index + 1}"  # alone with its caption (and the running head, the nombre)
    left, bottom, right, top = printed.trim(index)
    x0, y0, x1, y1 = bounds
    block_width, block_height = right - left - 2 * side, top - bottom - head - foot
    # upright, 3:2, and as large as the page allows: the block's full width, or its full height
    assert (x1 - x0) / (y1 - y0) == pytest.approx(1.5, rel=0.01)
    assert x1 - x0 == pytest.approx(block_width, abs=design.font_size * 2.5) or y1 - y0 == pytest.approx(
        block_height, abs=1.0
    )
    assert x1 - x0 <= block_width + 0.5 and y1 - y0 <= block_height + 0.5
    # it waited for a page of its own while the text went on: the paragraph after it fits the page before
    assert page_with(printed, "後") == index - 1 and len(printed.pages[index - 1]) > 100
