"""Document tree → XHTML: what each piece of markup becomes."""

import re

import pytest
from conftest import MINIMAL_TOML, NS, make_book

from publish.config import load_config
from publish.errors import PublishError
from publish.html import chapter_body
from publish.reader import read_book


def xhtml(tmp_path, body: str, vertical: bool = True, typesetting: str = "") -> str:
    toml = MINIMAL_TOML + ("" if vertical else 'writing_mode = "horizontal"\n') + typesetting
    book = make_book(tmp_path, {"ch01.rst": "章\n==\n\n" + body}, toml)
    config = load_config(book)
    [chapter] = read_book(config).chapters
    html = chapter_body(chapter.document, chapter.source.path, config.typesetting)
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


def test_an_attribution_opens_with_the_dash_the_print_sets(tmp_path):
    body = ".. epigraph::\n\n   名前はまだ無い。\n\n   -- 漱石\n"
    assert '<p class="attribution">――漱石</p>' in xhtml(tmp_path, body)


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
    config = load_config(book)
    [chapter] = read_book(config).chapters
    html = chapter_body(chapter.document, chapter.source.path, config.typesetting)
    ruby = "<ruby>声<rp>（</rp><rt>こえ</rt><rp>）</rp></ruby>"
    assert f"<h1>匿名の<wbr/>{ruby}から<wbr/>見える<wbr/>「求める理由」</h1>" in html


def test_chapter_rubric_heads_the_chapter(tmp_path):
    book = make_book(tmp_path, {"ch01.rst": ".. rubric:: 体験談\n\n本題\n====\n\n本文。\n"})
    config = load_config(book)
    [chapter] = read_book(config).chapters
    assert chapter_body(chapter.document, chapter.source.path, config.typesetting) == (
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
        ("用語\n   その定義\n", "definition list"),
        (".. topic:: 題\n\n   本文。\n", "topic"),
        ("::\n\n   コード\n", "literal block"),
    ],
)
def test_unsupported_markup_is_an_error_not_a_loss(tmp_path, body, name):
    with pytest.raises(PublishError) as caught:
        xhtml(tmp_path, body)
    assert f"'{name}' is not supported in books yet" in str(caught.value)


def test_notes_are_pop_up_footnotes_at_the_chapter_end_with_links_both_ways(tmp_path):
    """電書協 / EPUB 3: epub:type noteref → a div epub:type footnote; the note's mark links back (後注)."""
    body = "本文。[#a]_続き、文献[SOSEKI]_。\n\n.. [#a] 注の本文。\n\n   二段落め。\n.. [SOSEKI] 漱石。\n"
    html = xhtml(tmp_path, body)
    assert html == (
        '<p>本文。<a class="noteref" epub:type="noteref" role="doc-noteref" id="footnote-reference-1" href="#a">'
        '※<span class="tcy">1</span></a>続き、文献<a class="noteref" epub:type="noteref" role="doc-noteref" '
        'id="citation-reference-1" href="#soseki">［SOSEKI］</a>。</p>\n'
        '<section class="notes">\n<h2>注</h2>\n'
        '<div class="note" epub:type="footnote" role="doc-footnote" id="a">\n'
        '<p><a class="note-mark" href="#footnote-reference-1" role="doc-backlink">※<span class="tcy">1</span></a>'
        "　注の本文。</p>\n<p>二段落め。</p>\n</div>\n"
        '<div class="note" epub:type="footnote" role="doc-footnote" id="soseki">\n'
        '<p><a class="note-mark" href="#citation-reference-1" role="doc-backlink">［SOSEKI］</a>　漱石。</p>\n'
        "</div>\n</section>\n"
    )
    kanji_style = '[typesetting]\nnote_numbers = "kanji"\n'
    kanji = xhtml(tmp_path / "kanji", "本文[#]_。\n\n.. [#] 注。\n", typesetting=kanji_style)
    assert kanji.count("※一</a>") == 2
    yoko = xhtml(tmp_path / "yoko", "本文[#]_[*]_。\n\n.. [*] 記号。\n.. [#] 注。\n", False)
    assert yoko.count(">※1</a>") == 2 and yoko.count(">＊</a>") == 2


def test_scene_breaks_page_breaks_and_verse(tmp_path):
    body = "前。\n\n----\n\n後。\n\n.. page-break::\n\n次。\n\n.. 改丁::\n\n| 一行め\n|    字下げ\n|\n| 次の連\n"
    assert xhtml(tmp_path, body) == (
        '<p>前。</p>\n<hr class="transition"/>\n<p>後。</p>\n<div class="page-break"></div>\n<p>次。</p>\n'
        '<div class="page-break"></div>\n<div class="line-block"><div class="line">一行め</div>'
        '<div class="line-block"><div class="line">字下げ</div><div class="line"><br/></div></div>\n'
        '<div class="line">次の連</div></div>\n'
    )
    ornament = xhtml(tmp_path / "o", "前。\n\n----\n\n後。\n", typesetting='[typesetting]\nscene_break = "◇"\n')
    assert '<div class="transition" role="separator">◇</div>' in ornament


def test_pictures_are_figures_with_captions_named_by_their_content(tmp_path):
    from PIL import Image

    (tmp_path / "book").mkdir()
    Image.new("RGB", (40, 30), "red").save(tmp_path / "book" / "photo.png")
    body = ".. figure:: photo.png\n   :alt: 赤\n   :align: center\n\n   図の説明。\n\n"
    body += ".. image:: photo.png\n   :width: 50%\n   :class: full-page\n"
    html = xhtml(tmp_path / "book", body)
    [name] = set(re.findall(r'src="\.\./(image/[0-9a-f]{20}\.png)"', html))
    assert html == (
        f'<figure class="figure align-center">\n<img src="../{name}" alt="赤"/>\n'
        "<figcaption>図の説明。</figcaption>\n</figure>\n"
        f'<div class="image full-page"><img src="../{name}" alt="" style="width: 50%"/></div>\n'
    )


def test_a_picture_inside_a_paragraph_is_a_character_and_a_size_given_it_a_warning(tmp_path):
    from PIL import Image

    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n字|外|と|大|。\n\n"
        ".. |外| image:: g.png\n   :alt: 外字\n.. |大| image:: g.png\n   :alt: 大\n   :width: 3em\n"})  # fmt: skip
    Image.new("L", (32, 32), 0).save(book / "g.png")
    [chapter] = read_book(load_config(book)).chapters
    html = chapter_body(chapter.document, chapter.source.path, load_config(book).typesetting)
    assert re.search(
        r'<p>字<img class="inline" src="[^"]+" alt="外字"/>と<img class="inline" src="[^"]+" alt="大"/>。', html
    )
    [warning] = chapter.warnings
    assert warning.line == 8 and "is set as a character, one em across the line: its :width: is not used" in str(
        warning
    )


def test_tables_keep_their_header_and_caption(tmp_path):
    body = ".. list-table:: 表の題\n   :header-rows: 1\n\n   * - 作品\n     - 年\n   * - こころ\n     - 1914\n"
    assert xhtml(tmp_path, body, vertical=False) == (
        '<table class="table">\n<caption>表の題</caption>\n'
        "<thead><tr><th>作品</th><th>年</th></tr></thead><tbody><tr><td>こころ</td><td>1914</td></tr></tbody>"
        "</table>\n"
    )
    grid = "+----+----+\n| 甲 | 乙 |\n+----+----+\n| 丙      |\n+---------+\n"
    assert '<td colspan="2">丙</td>' in xhtml(tmp_path / "grid", grid)


def test_bundled_book_has_both_rubies(bundled_epub):
    pages = [bundled_epub.xml(href) for href in bundled_epub.spine_hrefs()]
    rubies = [["".join(r.itertext()) for r in page.iter(f"{{{NS['x']}}}ruby")] for page in pages]
    assert [ruby for found in rubies for ruby in found] == ["曖昧（あいまい）", "希（き）薄（はく）"]


def test_links_inside_a_file_land_on_the_ids_their_targets_give(tmp_path):
    body = (
        ".. _here:\n\nここです。\n\n- .. _item:\n\n  項目\n\n節一\n----\n\n"
        "`here`_ と `item`_ と `節一`_ と本文の\\ _`語`\\ と `語`_。\n"
    )
    html = xhtml(tmp_path, body)
    assert '<p id="here">ここです。</p>' in html
    assert '<li><p id="item">項目</p>\n</li>' in html  # a target keeps the <p> a lone item's text would lose
    assert '<section id="s1">' in html and '<span id="target-1">語</span>' in html
    hrefs = re.findall(r'<a href="([^"]+)">', html)
    assert hrefs == ["#here", "#item", "#s1", "#target-1"]
