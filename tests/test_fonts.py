"""A book's own fonts: TrueType, OpenType CFF (.otf) and a face of a collection (.ttc), named as they are."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from conftest import MINIMAL_TOML, make_book, run_publish
from fontTools import subset
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.ttCollection import TTCollection
from PIL import ImageChops
from test_pdf import PrintedBook, embedded_fonts

from publish.config import load_config
from publish.pdf.fontcheck import generated_text
from publish.reader import read_book
from publish.resources import GOTHIC, MINCHO

CHAPTER = """\
第一章
======

「ねえ、１２時よ」と彼女は言った。吾輩は猫である――名前はまだない。

どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。
"""


def _subset(source: Path, text: str) -> TTFont:
    """``source`` cut down to ``text`` (and what its features reach): a font a test can convert in a second."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    return font


def _as_cff(font: TTFont) -> TTFont:
    """The same glyphs as CFF outlines with a VORG table, as Source Han and Noto CJK ship their .otf files."""
    glyphs, charstrings, origins = font.getGlyphSet(), {}, {}
    for name in font.getGlyphOrder():
        pen = T2CharStringPen(font["hmtx"][name][0], glyphs)
        glyphs[name].draw(pen)
        charstrings[name] = pen.getCharString()
        outline = font["glyf"][name]
        if outline.numberOfContours:
            origins[name] = outline.yMax + font["vmtx"][name][1]
    for tag in ("glyf", "loca", "cvt ", "fpgm", "prep", "gasp"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "OTTO"
    postscript_name = font["name"].getDebugName(6)
    builder = FontBuilder(font=font)
    builder.isTTF = False
    builder.setupCFF(postscript_name, {"FullName": postscript_name}, charstrings, {})
    font["maxp"].tableVersion = 0x00005000
    vorg = font["VORG"] = newTable("VORG")
    vorg.majorVersion, vorg.minorVersion, vorg.defaultVertOriginY = 1, 0, round(max(origins.values()))
    vorg.VOriginRecords = {name: round(y) for name, y in origins.items() if round(y) != vorg.defaultVertOriginY}
    vorg.numVertOriginYMetrics = len(vorg.VOriginRecords)
    return font


@pytest.fixture(scope="module")
def book_text(tmp_path_factory) -> str:
    """Every character a small book prints: its chapter and what the build adds (title page, contents, colophon)."""
    book = make_book(tmp_path_factory.mktemp("text") / "book", {"ch01.rst": CHAPTER})
    return CHAPTER + generated_text(read_book(load_config(book))) + "0123456789"


def _build(folder: Path, fonts: dict[str, bytes], print_keys: str, vertical: bool = True) -> PrintedBook:
    toml = MINIMAL_TOML + ("" if vertical else 'writing_mode = "horizontal"\n') + "[print]\n" + print_keys
    book = make_book(folder / "book", {"ch01.rst": CHAPTER}, toml)
    for name, data in fonts.items():
        (book / name).write_bytes(data)
    result = run_publish("build", str(book), "-q", "--format", "pdf", "-o", str(folder / "d"))
    assert result.returncode == 0, result.stderr
    return PrintedBook(folder / "d" / "book.pdf")


def _saved(font: TTFont | TTCollection) -> bytes:
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()


def _font_names(printed: PrintedBook) -> set[str]:
    with pikepdf.open(printed.path) as pdf:
        return {str(font.BaseFont).partition("+")[2] for font in embedded_fonts(pdf)}


def _glyph_places(printed: PrintedBook) -> list[tuple]:
    return [(char, *(round(edge, 1) for edge in box)) for page in printed.pages for char, *box, _ in page]


@pytest.mark.parametrize("vertical", [True, False], ids=["vertical", "horizontal"])
def test_an_otf_font_sets_every_glyph_where_its_truetype_twin_does(tmp_path, book_text, vertical):
    body, heading = _subset(MINCHO, book_text), _subset(GOTHIC, book_text)
    keys = 'body_font = "body.{0}"\nheading_font = "heading.{0}"\n'
    truetype = _build(
        tmp_path / "ttf", {"body.ttf": _saved(body), "heading.ttf": _saved(heading)}, keys.format("ttf"), vertical
    )
    cff = {"body.otf": _saved(_as_cff(body)), "heading.otf": _saved(_as_cff(heading))}
    opentype = _build(tmp_path / "otf", cff, keys.format("otf"), vertical)
    assert _glyph_places(opentype) == _glyph_places(truetype)
    differing, inked = _ink_difference(opentype, truetype)  # the outlines too: turned, placed and drawn alike
    assert inked > 10_000 and differing < 20, (differing, inked)
    assert len(_glyph_places(opentype)) > 100
    assert _font_names(opentype) == {"BIZUDMincho-Regular", "BIZUDGothic-Bold"}


@pytest.mark.parametrize("vertical", [True, False], ids=["vertical", "horizontal"])
def test_the_face_of_a_collection_that_book_toml_names(tmp_path, book_text, vertical):
    collection = TTCollection()
    collection.fonts = [_subset(GOTHIC, book_text), _subset(MINCHO, book_text)]
    fonts = {"both.ttc": _saved(collection)}
    keys = 'body_font = "both.ttc"\nbody_font_face = "{}"\nheading_font = "both.ttc"\n'
    printed = _build(tmp_path / "second", fonts, keys.format("BIZUDMincho-Regular"), vertical)
    assert _font_names(printed) == {"BIZUDMincho-Regular", "BIZUDGothic-Bold"}
    # the first face, when none is named: the whole book in the gothic
    first = _build(tmp_path / "first", fonts, 'body_font = "both.ttc"\nheading_font = "both.ttc"\n', vertical)
    assert _font_names(first) == {"BIZUDGothic-Bold"}
    assert [char for char, *_ in _glyph_places(first)] == [char for char, *_ in _glyph_places(printed)]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ('body_font = "both.ttc"\nbody_font_face = "NotoSerifJP-Regular"\n',
         "'both.ttc' has no face NotoSerifJP-Regular; its faces are BIZUDGothic-Bold, BIZUDMincho-Regular"),
        ('body_font = "one.ttf"\nbody_font_face = "NotoSerifJP-Regular"\n',
         "book.toml:6: 'one.ttf' is the font BIZUDMincho-Regular, not NotoSerifJP-Regular"),
        ('heading_font_face = "BIZUDGothic-Bold"\n',
         "book.toml:5: 'heading_font_face' needs 'heading_font': the font file whose face it names"),
        ('body_font = "variable.otf"\n', "book.toml:5: 'variable.otf' is a variable CFF2 font"),
    ],
)  # fmt: skip
def test_faces_and_kinds_of_font_a_book_cannot_use_are_named(tmp_path, keys, expected):
    tiny = _subset(MINCHO, "本")
    collection = TTCollection()
    collection.fonts = [_subset(GOTHIC, "本"), tiny]
    book = make_book(tmp_path / "book", {"ch01.rst": CHAPTER}, MINIMAL_TOML + "[print]\n" + keys)
    (book / "both.ttc").write_bytes(_saved(collection))
    (book / "one.ttf").write_bytes(_saved(tiny))
    variable = bytearray(_saved(_as_cff(_subset(MINCHO, "本"))))
    variable[variable.index(b"CFF ") : variable.index(b"CFF ") + 4] = b"CFF2"  # the table directory's tag
    (book / "variable.otf").write_bytes(bytes(variable))
    result = run_publish("check", str(book))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr


def _ink_difference(one: PrintedBook, other: PrintedBook) -> tuple[int, int]:
    """Pixels (at 150 dpi) whose grey differs by more than anti-aliasing does, and the pixels inked at all."""
    differing = inked = 0
    for first, second in zip(one.pdf, other.pdf, strict=True):
        images = [page.render(scale=150 / 72, grayscale=True).to_pil().convert("L") for page in (first, second)]
        differing += sum(ImageChops.difference(*images).histogram()[96:])
        inked += sum(images[0].histogram()[:128])
    return differing, inked


@pytest.mark.parametrize(
    ("mode", "mark", "line"),
    [("vertical", "・", 8), ("vertical", "．", 11), ("horizontal", ".", 11), ("vertical", "―", 16)],
)
def test_the_marks_publish_adds_come_from_the_books_font_or_stop_the_build(tmp_path, book_text, mode, mark, line):
    """A list's bullet and numbers and an attribution's dash are checked like the text: a font without them
    is named at the list's line, never replaced by a system font's glyph."""
    chapter = CHAPTER + "\n- 一つ目\n- 二つ目\n\n1. 最初\n2. 次\n\n    引用です。\n\n    -- 漱石\n"
    font = _subset(MINCHO, (book_text + chapter + "・．.―").replace(mark, ""))
    toml = MINIMAL_TOML + f'writing_mode = "{mode}"\n[print]\nbody_font = "body.ttf"\n'
    book = make_book(tmp_path / "book", {"ch01.rst": chapter}, toml)
    (book / "body.ttf").write_bytes(_saved(font))
    result = run_publish("build", str(book), "--format", "pdf", "-o", str(tmp_path / "d"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"ch01.rst:{line}: '{mark}' (U+{ord(mark):04X}) is not in the font body.ttf" in result.stderr
