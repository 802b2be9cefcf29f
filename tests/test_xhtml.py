"""Document tree → XHTML: what each piece of markup becomes."""

import pytest
from conftest import MINIMAL_TOML, NS, make_book

from publish.config import load_config
from publish.errors import PublishError
from publish.html import chapter_body
from publish.reader import read_book


def xhtml(tmp_path, body: str, vertical: bool = True, typesetting: str = "") -> str:
    toml = MINIMAL_TOML + ("" if vertical else 'writing_mode = "horizontal"\n') + typesetting
    book = make_book(tmp_path, {"ch01.rst": "章\n==\n\n" + body}, toml)
    [chapter] = read_book(load_config(book)).chapters
    html = chapter_body(chapter.document, chapter.source.path)
    return html.split("<h1>章</h1>\n", 1)[1].removesuffix("</section>\n")


def test_group_ruby(tmp_path):
    assert (
        xhtml(tmp_path, "花は:ruby:`紫陽花《あじさい》`。\n")
        == "<p>花は<ruby>紫陽花<rp>（</rp><rt>あじさい</rt><rp>）</rp></ruby>。</p>\n"
    )


def test_mono_ruby(tmp_path):
    assert xhtml(tmp_path, ":ruby:`東京《とう|きょう》`\n") == (
        "<p><ruby>東<rp>（</rp><rt>とう</rt><rp>）</rp>京<rp>（</rp><rt>きょう</rt><rp>）</rp></ruby></p>\n"
    )


def test_tcy_and_bouten(tmp_path):
    assert xhtml(tmp_path, "第:tcy:`IV`章の:bouten:`大切`な話\n") == (
        '<p>第<span class="tcy">IV</span>章の<em class="em-sesame">大切</em>な話</p>\n'
    )


def test_auto_tcy_and_vertical_forms(tmp_path):
    assert xhtml(tmp_path, "40代の声?\n") == '<p><span class="tcy">40</span>代の声？</p>\n'
    assert xhtml(tmp_path / "h", "40代の声?\n", vertical=False) == "<p>40代の声?</p>\n"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        (2, '<span class="tcy">7</span>月<span class="tcy">12</span>日、<span class="upright">100</span>年前の'),
        (3, '<span class="tcy">7</span>月<span class="tcy">12</span>日、<span class="tcy">100</span>年前の'),
        (
            0,
            '<span class="upright">7</span>月<span class="upright">12</span>日、<span class="upright">100</span>年前の',
        ),
    ],
)
def test_numbers_by_the_typesetting_setting(tmp_path, digits, expected):
    """Up to tcy_digits digits: 縦中横; longer: upright, one digit to a cell; 3.14 and 10% stay as written."""
    body = "7月12日、100年前の1914年。3.14と10%。\n"
    year = '<span class="upright">1914</span>年。3.14と10%。</p>\n'
    assert xhtml(tmp_path, body, typesetting=f"[typesetting]\ntcy_digits = {digits}\n") == f"<p>{expected}{year}"
    assert xhtml(tmp_path / "h", body, vertical=False) == f"<p>{body.strip()}</p>\n"


def test_rubric_and_lists_and_quotes(tmp_path):
    body = ".. rubric:: まとめ\n\n本文。\n\n- 一つ目\n- 二つ目\n\n前置き。\n\n   「引用」\n"
    assert xhtml(tmp_path, body) == (
        '<p class="rubric">まとめ</p>\n<p>本文。</p>\n<ul><li>一つ目</li><li>二つ目</li></ul>\n'
        '<p>前置き。</p>\n<blockquote><p class="opens-bracket">「引用」</p>\n</blockquote>\n'
    )


def test_classes_reach_the_xhtml(tmp_path):
    """字下げ, 字上げ, 地付き (publish/indents.py) and the author's own classes, on blocks and on roles."""
    body = (
        ".. class:: start-2em\n\n   拝啓\n\n   敬具\n\n.. class:: end-2em align-end\n\n署名\n\n"
        ".. role:: kome\n\n.. class:: poem\n\n| 一行目\n| :kome:`二`行目\n"
    )
    assert xhtml(tmp_path, body) == (
        '<p class="start-2em">拝啓</p>\n<p class="start-2em">敬具</p>\n<p class="end-2em align-end">署名</p>\n'
        '<div class="line-block poem"><div class="line">一行目</div>'
        '<div class="line"><span class="kome">二</span>行目</div></div>\n'
    )


def test_an_indent_beyond_the_stylesheet_is_an_error(tmp_path):
    with pytest.raises(PublishError) as caught:
        xhtml(tmp_path, "本文。\n\n.. class:: start-12em\n\n字下げ\n")
    assert "ch01.rst:8: class start-12em: indents go from 1 to 10 em" in str(caught.value)


def test_headings_break_between_phrases_in_the_epub(tmp_path):
    title = "匿名の:ruby:`声《こえ》`から見える「求める理由」"
    book = make_book(tmp_path, {"ch01.rst": f"{title}\n{'=' * 60}\n\n本文。\n"})
    [chapter] = read_book(load_config(book)).chapters
    html = chapter_body(chapter.document, chapter.source.path)
    ruby = "<ruby>声<rp>（</rp><rt>こえ</rt><rp>）</rp></ruby>"
    assert f"<h1>匿名の<wbr/>{ruby}から<wbr/>見える<wbr/>「求める理由」</h1>" in html


def test_chapter_rubric_heads_the_chapter(tmp_path):
    book = make_book(tmp_path, {"ch01.rst": ".. rubric:: 体験談\n\n本題\n====\n\n本文。\n"})
    [chapter] = read_book(load_config(book)).chapters
    assert chapter_body(chapter.document, chapter.source.path) == (
        '<section id="chapter" epub:type="chapter" role="doc-chapter">\n'
        '<header>\n<p class="rubric chapter-rubric">体験談</p>\n<h1>本題</h1>\n</header>\n'
        "<p>本文。</p>\n</section>\n"
    )


def test_text_is_escaped(tmp_path):
    assert xhtml(tmp_path, "a < b & c\n") == "<p>a &lt; b &amp; c</p>\n"


def test_external_link(tmp_path):
    assert xhtml(tmp_path, "`サイト <https://example.org/?a=1&b=2>`_ です\n") == (
        '<p><a href="https://example.org/?a=1&amp;b=2">サイト</a> です</p>\n'
    )


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("本文 [#]_\n\n.. [#] 脚注\n", "footnote reference"),
        ("=== ===\nA   B\n=== ===\n", "table"),
        (".. image:: cover.png\n", "image"),
    ],
)
def test_unsupported_markup_is_an_error_not_a_loss(tmp_path, body, name):
    with pytest.raises(PublishError) as caught:
        xhtml(tmp_path, body)
    assert f"'{name}' is not supported in books yet" in str(caught.value)


def test_bundled_book_has_both_rubies(bundled_epub):
    pages = [bundled_epub.xml(href) for href in bundled_epub.spine_hrefs()]
    rubies = [["".join(r.itertext()) for r in page.iter(f"{{{NS['x']}}}ruby")] for page in pages]
    assert [ruby for found in rubies for ruby in found] == ["曖昧（あいまい）", "希（き）薄（はく）"]
