"""The derived vertical fonts against UAX #50 (Vertical_Orientation): every character the bundled fonts have."""

from __future__ import annotations

import pytest

from publish.pdf.tatefont import BUNDLED_FONTS, _bounds, _Builder, _SourceFont, vertical_orientation


@pytest.fixture(scope="module", params=BUNDLED_FONTS, ids=lambda font: font.path.stem)
def builder(request) -> _Builder:
    return _Builder(_SourceFont(request.param), True)


def test_every_character_stands_or_lies_as_uax50_says(builder):
    """U, Tu, Tr upright (Tu and Tr in their vertical form when the font has one); R sideways, but for the
    full-width forms Japanese sets upright (… ― ‥)."""
    turned = sideways = alternates = 0
    for code, glyph in builder.source.cmap.items():
        char = chr(code)
        drawn, upright = builder.vertical_form(char, glyph)
        orientation = vertical_orientation(char)
        if orientation in ("U", "Tu", "Tr"):
            assert upright, f"U+{code:04X} {char} ({orientation}) is laid sideways"
            assert drawn == builder.vert.get(glyph, glyph), f"U+{code:04X} {char} misses its vertical form"
            alternates += drawn != glyph
        elif code < 0x2000:  # Latin, Greek, Cyrillic …: on their side, as JLReq sets them
            assert not upright and drawn == glyph, f"U+{code:04X} {char} ({orientation}) stands upright"
        turned += upright
        sideways += not upright
    assert turned > 9000 and sideways > 500 and alternates > 100


@pytest.mark.parametrize("char", "～〜「」『』（）【】〔〕ー、。")
def test_marks_whose_vertical_form_differs_take_it(builder, char):
    glyph = builder.source.cmap[ord(char)]
    assert builder.vertical_form(char, glyph) == (builder.vert[glyph], True)


def test_the_dash_fills_its_cell_and_leaders_are_centred(builder):
    """―― joins with no gap and no overlap; …… and ‥ sit on the line's axis."""
    source = builder.source
    bottom, top = source.em_bottom, source.em_bottom + source.upm

    def bounds(char: str) -> tuple[float, float, float, float]:
        drawn, upright = builder.vertical_form(char, source.cmap[ord(char)])
        assert upright
        return _bounds(source.record(drawn))

    _, low, _, high = bounds("―")
    assert (low, high) == (bottom, top)
    for leader in "…‥":
        left, low, right, high = bounds(leader)
        assert (left + right) / 2 == pytest.approx(source.upm / 2, rel=0.01)
        assert (low + high) / 2 == pytest.approx(source.centre, abs=source.upm * 0.01)
    # U+2014 is the Latin em dash, on its side: the Aozora importer writes ―, the proofreader asks for it
    assert builder.vertical_form("—", source.cmap[ord("—")])[1] is False


def test_a_fonts_coverage_follows_its_content_not_its_name(tmp_path, monkeypatch):
    """What a font draws is read once and kept in the cache by the font's bytes: a font replaced under the same
    name (between two builds of one preview) is read anew."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from publish.fontfile import BookFont
    from publish.pdf.tatefont import font_coverage

    monkeypatch.setenv("PUBLISH_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "font.ttf"
    path.write_bytes(BUNDLED_FONTS[0].path.read_bytes())
    assert font_coverage(BookFont(path)).missing("漢字\u845b\U000e0100") == set()
    font = TTFont(BUNDLED_FONTS[0].path)
    subsetter = subset.Subsetter()
    subsetter.populate(unicodes=[ord("漢")])
    subsetter.subset(font)
    font.save(path)
    assert font_coverage(BookFont(path)).missing("漢字\u845b\U000e0100") == {"字", "\u845b", "\u845b\U000e0100"}
    assert len(list((tmp_path / "cache").glob("coverage*.json"))) == 2


def test_a_font_derived_after_others_in_one_process_has_the_same_bytes():
    """Derived glyphs are made once per source font and shared by later derivations (a preview's, a fuzzer's):
    the font is the same as one derived first, even after a font whose 、 held its ink in the other half."""
    import io

    from publish.pdf.tatefont import _source_font, build_tate_font

    def derived(chars: str, half_width: dict[str, bool]) -> bytes:
        out = io.BytesIO()
        build_tate_font(BUNDLED_FONTS[0], "Test", chars, ["12"], half_width, ["\u845b\U000e0100"]).save(out)
        return out.getvalue()

    _source_font.cache_clear()
    first = derived("「漢字」、。12", {"、": True, "「": False})
    _source_font.cache_clear()
    derived("「漢字かな」、。123", {"、": False, "「": True})
    assert derived("「漢字」、。12", {"、": True, "「": False}) == first
