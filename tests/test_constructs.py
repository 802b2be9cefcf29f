"""The constructs book (tests/data/constructs): every construct a writer uses in prose, in both outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import NS, Epub, ace_violations, epubcheck, run_publish
from test_fidelity import normalise
from test_pdf import PrintedBook

from publish.paper import PageDesign

BOOK = Path(__file__).parent / "data" / "constructs"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module", params=["vertical", "horizontal"])
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    book = folder / "book"
    shutil.copytree(BOOK, book)
    toml = (book / "book.toml").read_text(encoding="utf-8")
    (book / "book.toml").write_text(toml.replace('"vertical"', f'"{request.param}"'), encoding="utf-8")
    result = run_publish("build", str(book), "-o", str(folder / "dist"))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr  # every picture has its alt text and prints sharp
    return request.param, folder / "dist"


def test_the_epub_passes_epubcheck_and_keeps_every_construct(built):
    _, dist = built
    epub = Epub(dist / "constructs.epub")
    assert epubcheck(epub.path) == []
    pages = {href: epub.xml(href) for href in epub.spine_hrefs()}
    text = "".join("".join(page.itertext()) for page in pages.values())
    for expected in ("はじめに", "第一部　図と注", "あとがきの段落です。", "詩と改ページの章", "夏目漱石『こころ』。"):
        assert expected in text
    elements = [element for page in pages.values() for element in page.iter()]
    kinds = [element.get(EPUB_TYPE) for element in elements]
    assert kinds.count("noteref") == 4 and kinds.count("footnote") == 4
    [figure] = [element for element in elements if element.tag == f"{{{NS['x']}}}figure"]
    assert figure.find("x:img", NS).get("alt") == "灰色の地に黒い四角がある図"
    assert "".join(figure.find("x:figcaption", NS).itertext()) == "図一　灰色の図。"
    assert kinds.count("part") == 2
    # links inside a file land on an element of that file: an inline target, the chapter's own section
    links = [(page, a) for page in pages.values() for a in page.iter(f"{{{NS['x']}}}a")]
    inside = [  # not the notes' marks and their way back
        (page, a.get("href"))
        for page, a in links
        if a.get("href").startswith("#") and not a.get(EPUB_TYPE) and not a.get("role")
    ]
    assert sorted(href for _, href in inside) == ["#chapter", "#target-1"]
    assert all(page.find(f".//*[@id='{href[1:]}']") is not None for page, href in inside)
    landmarks = epub.nav().find(".//x:nav[@epub:type='landmarks']", NS)
    marks = {a.get(EPUB_TYPE): a.text for a in landmarks.iter(f"{{{NS['x']}}}a")}
    assert marks == {
        "cover": "表紙",
        "toc": "目次",
        "frontmatter": "はじめに",
        "bodymatter": "本文",
        "backmatter": "あとがき",
        "colophon": "奥付",
    }
    assert epub.xml(epub.spine_hrefs()[4]).find("x:body", NS).get(EPUB_TYPE) == "bodymatter"  # the first 部扉
    classes = [element.get("class") or "" for element in elements]
    assert "transition" in classes and classes.count("page-break") == 2 and "line-block" in classes
    assert any("epigraph" in value for value in classes) and "start-2em" in classes
    [table] = [element for element in elements if element.tag == f"{{{NS['x']}}}table"]
    assert [len(row.findall("x:th", NS)) + len(row.findall("x:td", NS)) for row in table.iter(f"{{{NS['x']}}}tr")] == [
        2
    ] * 3


@pytest.mark.slow  # DAISY Ace drives a browser
def test_daisy_ace_finds_nothing_to_fix(built, tmp_path):
    """The accessibility metadata claims WCAG 2.1 AA: Ace's checks (axe-core on every page, and its own on the
    package) must agree — no violation at all, let alone a serious one."""
    _, dist = built
    assert ace_violations(dist / "constructs.epub", tmp_path) == []


def test_the_pdf_reads_in_order_with_notes_captions_and_pictures_inside_the_block(built):
    mode, dist = built
    vertical = mode == "vertical"
    printed = PrintedBook(dist / "constructs.pdf")
    if vertical:
        text = normalise(printed.reading_text())
    else:
        text = normalise(
            "".join(c[0] for page in printed.pages for c in sorted(page, key=lambda c: (-round(c[2]), c[1])))
        )
    order = [
        "はじめにこの本は、原稿に書ける構成要素をひととおり使っています。",  # a titled front file: its heading
        "はじめにの注。",
        "第一部図と注",
        "吾輩は猫である。名前はまだ無い。",
        "本文の最初の段落です。ここに一つめの注があります※1。",
        "＊＊＊場面が変わった後の段落です。",
        "注※1一つめの注の本文です。注の二段落めです。※2二つめの注の本文です。",
        "第二部詩と表",
        "一行めの詩二行めの詩字下げした詩の行次の連の詩",
        "改ページの後の段落です。外字も置きます。文献を引きます［KOKORO］。",  # the 外字 is a picture
        "表一作品と発表年作品発表年吾輩は猫である明治三十八年こころ大正三年",
        "改丁の後の段落です。表は作品の表にあり、詩はこの章の初め（詩と改ページの章）にあります。作品の表を見てください。",
        "［KOKORO］夏目漱石『こころ』。",
        "あとがきあとがきの段落です。",
    ]
    assert text.find(normalise("図一灰色の図。")) > text.find(normalise(order[2]))  # the figure may wait for room
    position = 0
    for piece in order:
        found = text.find(normalise(piece), position)
        assert found >= 0, f"missing or out of order: {piece}"
        position = found
    design = PageDesign.of("A5", vertical)
    head, foot, side = design.margins(vertical)
    sizes = []
    for index, page in enumerate(printed.pdf):
        left, bottom, right, top = printed.trim(index)
        for obj in page.get_objects(filter=(3,)):  # FPDF_PAGEOBJ_IMAGE
            x0, y0, x1, y1 = obj.get_bounds()
            assert x0 >= left + side - 0.5 and x1 <= right - side + 0.5, index
            assert y1 <= top - head + 0.5 and y0 >= bottom + foot - 0.5, index
            sizes.append((round(x1 - x0, 1), round(y1 - y0, 1)))
    [figure, character] = sorted(sizes, reverse=True)
    assert figure[0] / figure[1] == pytest.approx(1.5, rel=0.02)  # upright
    assert character == (design.font_size, design.font_size)  # the 外字: a square picture set as a character
    # the recto break's text opens an odd page (index 0 is page 1)
    [after_recto] = [index for index, page in enumerate(printed.pages) if any(c[0] == "丁" for c in page)]
    assert after_recto % 2 == 0
