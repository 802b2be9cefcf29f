"""The bundled book's EPUB: package, metadata, navigation, pages, markup, EPUBCheck."""

import io
import itertools
import os
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import MANUSCRIPT, MINIMAL_TOML, NS, SEED, Epub, ace_violations, epubcheck, make_book, run_publish
from PIL import Image

from publish.jlreq import is_japanese

EPUB_OPS = "http://www.idpf.org/2007/ops"

CHAPTER_TITLES = [
    "「セカンドパートナー」とは？",
    "匿名の声から見える「求める理由」",
    "セカンドパートナーを持つことで得られたもの",
    "匿名掲示板で語られる「葛藤」",
    "セカンドパートナーを持つリスクと注意点",
    "専門家が指摘する「心の支え」としての意味",
    "セカンドパートナーを求める人の本音とは",
]


def chapter_hrefs(epub: Epub) -> list[str]:
    return [href for href in epub.spine_hrefs() if re.search(r"p-\d{3}\.xhtml$", href)]


def test_zip_container(bundled_epub):
    first = bundled_epub.zip.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert bundled_epub.zip.read("mimetype") == b"application/epub+zip"


def test_package_metadata(bundled_epub):
    opf = bundled_epub.opf
    assert opf.get("version") == "3.0"
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"  # the package's own text is Japanese
    assert opf.findtext(".//dc:title", namespaces=NS) == "【匿名の声】セカンドパートナーを求める人たちの本音"
    assert opf.findtext(".//dc:language", namespaces=NS) == "ja"
    assert opf.findtext(".//dc:identifier", namespaces=NS) == "urn:uuid:5b968843-052a-52a4-b40f-7e1c2b900fc9"
    assert opf.findtext(".//dc:subject", namespaces=NS) == "結婚後の悩み"
    assert opf.find(".//dc:creator", NS) is None  # no invented author
    assert bundled_epub.meta("dcterms:modified") == ["2026-01-01T00:00:00Z"]  # SOURCE_DATE_EPOCH
    writing_mode = opf.find(".//opf:meta[@name='primary-writing-mode']", NS)
    assert writing_mode.get("content") == "vertical-rl"
    assert bundled_epub.meta("ebpaj:guide-version") == ["1.1.3"]


def test_accessibility_metadata(bundled_epub):
    meta = bundled_epub.meta
    assert "textual" in meta("schema:accessMode")
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"} <= set(
        meta("schema:accessibilityFeature")
    )
    assert meta("schema:accessibilityHazard") == ["none"]
    assert meta("schema:accessibilitySummary")[0].startswith("縦書き")
    assert meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_spine_order_and_direction(bundled_epub):
    spine = bundled_epub.opf.find(".//opf:spine", NS)
    assert spine.get("page-progression-direction") == "rtl"
    names = [href.rsplit("/", 1)[-1] for href in bundled_epub.spine_hrefs()]
    assert names == [
        "p-cover.xhtml",
        "p-titlepage.xhtml",
        "p-toc.xhtml",
        *(f"p-{n:03d}.xhtml" for n in range(1, 10)),
        "p-colophon.xhtml",
    ]


def test_cover(bundled_epub):
    manifest = bundled_epub.manifest().values()
    [cover] = [item for item in manifest if item.get("properties") == "cover-image"]
    assert cover.get("media-type") in ("image/png", "image/jpeg")
    image = Image.open(io.BytesIO(bundled_epub.zip.read(bundled_epub.base + cover.get("href"))))
    assert image.size[0] >= 1600 and image.size[1] >= 2560
    cover_page = bundled_epub.xml(bundled_epub.spine_hrefs()[0])
    body = cover_page.find("x:body", NS)
    assert body.get(f"{{{NS['epub']}}}type") == "cover"
    img = body.find(".//x:img", NS)
    assert img.get("src").endswith(cover.get("href").rsplit("/", 1)[-1])
    assert "セカンドパートナー" in img.get("alt")


def test_every_page_is_vertical_japanese(bundled_epub):
    for href in bundled_epub.spine_hrefs():
        html = bundled_epub.xml(href)
        assert html.get("class") == "vrtl", href
        assert html.get("lang") == "ja" and html.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
        assert html.find("x:head/x:link[@rel='stylesheet']", NS) is not None


def test_stylesheet_sets_the_writing_mode(bundled_epub):
    css = bundled_epub.zip.read(bundled_epub.base + "style/book.css").decode()
    vertical = re.search(r"html\.vrtl\s*\{([^}]*)\}", css).group(1)
    for prop in ("writing-mode", "-webkit-writing-mode", "-epub-writing-mode"):
        assert re.search(rf"(^|\s){prop}:\s*vertical-rl;", vertical), prop
    for prop in ("font-feature-settings", "-webkit-font-feature-settings"):  # WebKit's vertical punctuation
        assert re.search(rf'(^|\s){prop}: "vert" 1;', vertical), prop
    tcy = re.search(r"\.tcy\s*\{([^}]*)\}", css).group(1)
    assert "text-combine-upright: all" in tcy and "-webkit-text-combine: horizontal" in tcy
    assert "font-feature-settings: normal" in tcy  # 縦中横 digits stay horizontal glyphs
    sesame = re.search(r"\.em-sesame\s*\{([^}]*)\}", css).group(1)
    for prop in ("text-emphasis-style", "-webkit-text-emphasis-style", "-epub-text-emphasis-style"):
        assert re.search(rf"(^|\s){prop}: sesame;", sesame), prop
    assert "line-break: strict" in css
    headings = re.search(r"h1, h2, h3, h4, h5, h6 \{([^}]*)\}", css).group(1)
    for prop in ("page-break-after", "-webkit-column-break-after", "break-after"):  # never alone at a page's end
        assert re.search(rf"(^|\s){prop}: avoid;", headings), prop
    assert "writing-mode" not in re.sub(r"html\.(vrtl|hltr)\s*\{[^}]*\}", "", css)  # on <html> only


def nav_entries(ol) -> list:
    entries = []
    for li in ol.findall("x:li", NS):
        child = li.find("x:ol", NS)
        entries.append((li.find("x:a", NS).text, nav_entries(child) if child is not None else []))
    return entries


def test_navigation_document(bundled_epub):
    nav = bundled_epub.nav()
    assert nav.findtext("x:head/x:title", namespaces=NS) == "目次"
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert toc.findtext("x:h2", namespaces=NS) == "目次"
    entries = nav_entries(toc.find("x:ol", NS))
    assert [title for title, _ in entries] == ["はじめに", *CHAPTER_TITLES]
    assert all(len(sections) == 3 for _, sections in entries[1:])
    assert entries[3][1][0] == ("心の拠り所ができて前向きになれた", [])
    hrefs = [a.get("href") for a in toc.iter(f"{{{NS['x']}}}a")]
    for href in hrefs:  # every entry lands on a page and an id that exist
        page = bundled_epub.xml(href)
        if "#" in href:
            assert page.find(f".//*[@id='{href.split('#')[1]}']") is not None, href
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    marks = {a.get(f"{{{NS['epub']}}}type"): (a.text, a.get("href")) for a in landmarks.iter(f"{{{NS['x']}}}a")}
    assert marks == {
        "cover": ("表紙", "xhtml/p-cover.xhtml"),
        "toc": ("目次", "xhtml/p-toc.xhtml"),
        "frontmatter": ("はじめに", "xhtml/p-001.xhtml"),  # lead.rst, named by its ``.. title::``
        "bodymatter": ("本文", "xhtml/p-002.xhtml"),  # the first chapter, after the front matter
        "backmatter": ("後付", f"xhtml/p-{len(CHAPTER_TITLES) + 2:03d}.xhtml"),  # closing.rst has no title
        "colophon": ("奥付", "xhtml/p-colophon.xhtml"),
    }
    kinds = [bundled_epub.xml(href).find("x:body", NS).get(f"{{{NS['epub']}}}type") for _, href in marks.values()]
    assert kinds == ["cover", None, "frontmatter", "bodymatter", "backmatter", "backmatter"]
    guide = {ref.get("type") for ref in bundled_epub.opf.iterfind(".//opf:guide/opf:reference", NS)}
    assert guide == {"cover", "toc", "text", "colophon"}  # EPUB 2 has no word for front and back matter


def test_ncx_for_older_readers(bundled_epub):
    ncx = bundled_epub.xml("toc.ncx")
    assert (
        ncx.find(".//ncx:meta[@name='dtb:uid']", NS).get("content") == "urn:uuid:5b968843-052a-52a4-b40f-7e1c2b900fc9"
    )
    top = ncx.findall("ncx:navMap/ncx:navPoint", NS)
    assert [point.findtext("ncx:navLabel/ncx:text", namespaces=NS) for point in top] == ["はじめに", *CHAPTER_TITLES]
    assert [len(point.findall("ncx:navPoint", NS)) for point in top] == [0] + [3] * 7


def test_rubrics_are_labels_not_sections(bundled_epub):
    hrefs = chapter_hrefs(bundled_epub)
    for index, href in enumerate(hrefs[1:8]):
        page = bundled_epub.xml(href)
        section = page.find("x:body/x:section", NS)
        rubric = section.find("x:header/x:p[@class='rubric chapter-rubric']", NS)
        expected = {2: "体験談", 6: "まとめ"}.get(index)
        assert (rubric.text if rubric is not None else None) == expected, href
        if rubric is not None:  # the label sits with the title, before it
            assert rubric.getnext().tag == f"{{{NS['x']}}}h1"
    closing = bundled_epub.xml(hrefs[-1]).find("x:body", NS)
    first = closing[0]
    assert first.get("class") == "rubric" and first.text == "まとめ"
    assert first.getnext().tag == f"{{{NS['x']}}}p"
    assert closing.find(".//x:section", NS) is None and closing.find(".//x:h1", NS) is None
    # no rubric text in any table of contents, as an entry or inside one
    nav_text = "".join(bundled_epub.nav().itertext()) + "".join(bundled_epub.xml("toc.ncx").itertext())
    toc_page = "".join(bundled_epub.xml(bundled_epub.spine_hrefs()[2]).itertext())
    for text in (nav_text, toc_page):
        assert "体験談" not in text and "まとめ" not in text


def test_heading_levels(bundled_epub):
    for href in chapter_hrefs(bundled_epub)[1:8]:
        page = bundled_epub.xml(href)
        levels = [int(el.tag[-1]) for el in page.iter() if re.fullmatch(r"\{[^}]+\}h\d", str(el.tag))]
        assert levels[0] == 1 and levels.count(1) == 1
        assert levels.count(2) == 3
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), href  # no skipped level


def test_lists_and_quotations_survive(bundled_epub):
    text = {href: bundled_epub.xml(href) for href in chapter_hrefs(bundled_epub)}
    items = [li for page in text.values() for li in page.iter(f"{{{NS['x']}}}li")]
    assert len(items) == SEED.read_text(encoding="utf-8").count("\n  • ")
    assert "".join(items[0].itertext()) == "浮気：恋愛感情や肉体的な関係を前提に、秘密裏に行われることが多い"
    quotes = [q for page in text.values() for q in page.iter(f"{{{NS['x']}}}blockquote")]
    assert len(quotes) == 5
    assert "".join(quotes[0].itertext()).strip().startswith("「なぜ、セカンドパートナーを求めるのか？」")


def test_automatic_tcy_in_the_book(bundled_epub):
    tcy = [
        span.text
        for href in bundled_epub.spine_hrefs()
        for span in bundled_epub.xml(href).iter(f"{{{NS['x']}}}span")
        if span.get("class") == "tcy"
    ]
    assert tcy == ["40", "50", "60"]


def test_no_ascii_punctuation_lies_sideways(bundled_epub):
    """ASCII ? ! : | and quotes next to Japanese text would lie on their side."""
    sideways = re.compile(r'[?!:|"“”‘’]')
    for href in bundled_epub.spine_hrefs():
        body = bundled_epub.xml(href).find("x:body", NS)
        for element in body.iter():
            if element.get("class") == "tcy":
                continue
            for text in (element.text or "", element.tail or ""):
                for match in sideways.finditer(text):
                    around = text[max(match.start() - 1, 0) : match.end() + 1]
                    assert not any(is_japanese(char) for char in around), (href, text)


def test_epubcheck_reports_nothing(bundled_epub):
    assert epubcheck(bundled_epub.path) == []


def test_epubcheck_in_its_warm_jvm_still_finds_a_fault(bundled_epub, tmp_path):
    """The checker the suite shares between checks reports a broken EPUB, and keeps nothing for the next one."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(bundled_epub.path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".opf"):  # a package without its language
                data = re.sub(rb"<dc:language>[^<]*</dc:language>", b"", data)
            target.writestr(item, data)
    assert {message["ID"] for message in epubcheck(broken)} == {"RSC-005"}
    assert epubcheck(bundled_epub.path) == []


@pytest.mark.slow  # DAISY Ace drives a browser
def test_daisy_ace_finds_nothing_to_fix(bundled_epub, tmp_path):
    assert ace_violations(bundled_epub.path, tmp_path) == []


def test_horizontal_book_is_valid_ltr(tmp_path):
    toml = (
        (MANUSCRIPT / "book.toml")
        .read_text(encoding="utf-8")
        .replace('writing_mode = "vertical"', 'writing_mode = "horizontal"')
    )
    files = {path.name: path.read_text(encoding="utf-8") for path in MANUSCRIPT.glob("*.rst")}
    book = make_book(tmp_path / "book", files, toml)
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q")
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "dist" / "second-partner.epub")
    assert epub.opf.find(".//opf:spine", NS).get("page-progression-direction") == "ltr"
    assert epub.opf.find(".//opf:meta[@name='primary-writing-mode']", NS).get("content") == "horizontal-lr"
    assert {epub.xml(href).get("class") for href in epub.spine_hrefs()} == {"hltr"}
    assert "40代女性" in epub.spine_text()  # no 縦中横 in horizontal text
    assert epubcheck(epub.path) == []


def test_notes_link_both_ways_and_pass_epubcheck(tmp_path):
    """Every noteref points at a div epub:type="footnote" in its own document, whose mark points back; an
    untitled back-matter file keeps its notes too."""
    notes = ".. [#a] 甲。\n.. [#] 乙。\n.. [*] 丙。\n.. [K] 丁。\n"
    chapter = f"章\n==\n\n本文[#a]_と[#]_、記号[*]_、文献[K]_。再び[#a]_。\n\n{notes}"
    after = ".. title:: あとがき\n\nあとがき[#]_。\n\n.. [#] 戊。\n"
    toml = MINIMAL_TOML + 'back = ["after.rst"]\n'
    book = make_book(tmp_path / "book", {"ch01.rst": chapter, "after.rst": after}, toml)
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q", "--format", "epub")
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    epub_type = "{http://www.idpf.org/2007/ops}type"
    references = 0
    for href in epub.spine_hrefs():
        page = epub.xml(href)
        elements = {element.get("id"): element for element in page.iter() if element.get("id")}
        for ref in page.iter(f"{{{NS['x']}}}a"):
            if ref.get(epub_type) != "noteref":
                continue
            note = elements[ref.get("href").removeprefix("#")]
            assert note.tag == f"{{{NS['x']}}}div" and note.get(epub_type) == "footnote"  # not hidden as an aside
            back = next(a for a in note.iter(f"{{{NS['x']}}}a") if a.get("role") == "doc-backlink")
            assert elements[back.get("href").removeprefix("#")].get(epub_type) == "noteref"
            assert "".join(back.itertext()) == "".join(ref.itertext())  # the same mark at both ends
            references += 1
    assert references == 6
    assert epubcheck(epub.path) == []


def test_pictures_travel_in_the_epub_once_each_and_alt_text_is_claimed_only_when_true(tmp_path):
    book = make_book(tmp_path / "book", {})
    Image.new("RGB", (400, 300), "red").save(book / "photo.jpg")
    Image.new("L", (100, 200), 128).save(book / "grey.png")
    chapter = (
        "章\n==\n\n.. figure:: photo.jpg\n   :alt: 赤い写真\n\n   図の説明。\n\n"
        ".. image:: grey.png\n   :alt: 灰色\n\n.. image:: photo.jpg\n   :alt: もう一度\n"
    )
    (book / "ch01.rst").write_text(chapter, encoding="utf-8")
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "--format", "epub")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    pictures = {item.get("href"): item.get("media-type") for item in epub.manifest().values()}
    pictures = {href: kind for href, kind in pictures.items() if href.startswith("image/") and "cover" not in href}
    assert sorted(pictures.values()) == ["image/jpeg", "image/png"]  # the photo shown twice is one file
    page = epub.xml("xhtml/p-001.xhtml")
    sources = [img.get("src").removeprefix("../") for img in page.iter(f"{{{NS['x']}}}img")]
    assert len(sources) == 3 and set(sources) == set(pictures)
    assert [img.get("alt") for img in page.iter(f"{{{NS['x']}}}img")] == ["赤い写真", "灰色", "もう一度"]
    features = [m.text for m in epub.opf.iter() if m.get("property") == "schema:accessibilityFeature"]
    assert "alternativeText" in features
    assert epubcheck(epub.path) == []
    # one picture without alt text: a warning at its line, and the package no longer claims alternative text
    (book / "ch01.rst").write_text(chapter.replace("   :alt: 灰色\n", ""), encoding="utf-8")
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "--format", "epub", "-q")
    assert result.returncode == 0
    assert f"{book / 'ch01.rst'}:9: warning: picture 'grey.png' has no alt text" in result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    features = [m.text for m in epub.opf.iter() if m.get("property") == "schema:accessibilityFeature"]
    assert "alternativeText" not in features


def test_parts_have_their_own_page_and_navigation_entry(tmp_path):
    files = {f"ch0{n}.rst": f"第{n}章\n=====\n\n本文{n}。\n" for n in (1, 2)}
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]')
    toml += '[[parts]]\ntitle = "第二部　夏"\nfrom = "ch02.rst"\n'
    book = make_book(tmp_path / "book", files, toml)
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q", "--format", "epub")
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    spine = epub.spine_hrefs()
    assert spine[spine.index("xhtml/p-002.xhtml") - 1] == "xhtml/p-002-part.xhtml"
    part = epub.xml("xhtml/p-002-part.xhtml")
    [section] = part.iter(f"{{{NS['x']}}}section")
    assert section.get(f"{{{EPUB_OPS}}}type") == "part" and section.get("role") == "doc-part"
    assert "".join(section.itertext()).strip() == "第二部　夏"
    nav = epub.xml("navigation-documents.xhtml")
    [toc] = [element for element in nav.iter(f"{{{NS['x']}}}nav") if element.get(f"{{{EPUB_OPS}}}type") == "toc"]
    links = [(a.text, a.get("href")) for a in toc.iter(f"{{{NS['x']}}}a")]
    assert links == [
        ("第1章", "xhtml/p-001.xhtml"),
        ("第二部　夏", "xhtml/p-002-part.xhtml"),
        ("第2章", "xhtml/p-002.xhtml"),
    ]
    assert epubcheck(epub.path) == []


def test_two_builds_are_byte_identical(tmp_path, bundled_epub):
    result = run_publish("build", str(MANUSCRIPT), "-o", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "second-partner.epub").read_bytes() == bundled_epub.path.read_bytes()
    times = {info.date_time for info in zipfile.ZipFile(tmp_path / "second-partner.epub").infolist()}
    assert times == {(2026, 1, 1, 0, 0, 0)}


def test_modified_follows_the_newest_source_without_source_date_epoch(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n本文。\n"})
    os.utime(book / "book.toml", (1700000000, 1700000000))
    os.utime(book / "ch01.rst", (1700001000, 1700001000))  # the newest source
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(book), "-o", str(tmp_path / "dist"), "-q"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    assert epub.meta("dcterms:modified") == ["2023-11-14T22:30:00Z"]  # 1700001000


def test_bad_source_date_epoch(tmp_path):
    result = run_publish("build", str(MANUSCRIPT), "-o", str(tmp_path), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds" in result.stderr
    assert not list(tmp_path.iterdir())


def test_named_cover_image_is_used(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": "章\n==\n\n本文。\n"}, MINIMAL_TOML + 'cover = "img/cover.png"\n')
    (book / "img").mkdir()
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 2560), (200, 30, 30)).save(buffer, format="PNG")
    (book / "img" / "cover.png").write_bytes(buffer.getvalue())
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q")
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    [cover] = [item for item in epub.manifest().values() if item.get("properties") == "cover-image"]
    assert cover.get("media-type") == "image/png"
    assert epub.zip.read(epub.base + cover.get("href")) == buffer.getvalue()


EVERY_CONSTRUCT = """\
.. rubric:: 特集

すべての書式
============

:ruby:`紫陽花《あじさい》`と:ruby:`東京《とう|きょう》`、:tcy:`IV`と:bouten:`傍点`、*強調*と**太字**と``code``。
`リンク <https://example.org/>`_ も、12月24日!? も。

節
--

1. 一つ目
2. 二つ目

| 行一
| 行二

   引用です。

   -- 出典

「会話です」と言った。西暦1914年。

.. class:: start-2em

   字下げの段落。

.. class:: align-end end-1em

   署名

----

.. rubric:: 小見出し

おしまい。
"""


def test_every_construct_passes_epubcheck(tmp_path):
    toml = MINIMAL_TOML + 'author = "著者"\ndate = 2026-04-01\nfront = ["front.rst"]\nback = ["back.rst"]\n'
    files = {"ch01.rst": EVERY_CONSTRUCT, "front.rst": "前書き\n======\n\n本文。\n", "back.rst": "後書き。\n"}
    book = make_book(tmp_path / "book", files, toml)
    result = run_publish("build", str(book), "-o", str(tmp_path / "dist"), "-q")
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "dist" / "book.epub")
    assert epub.opf.findtext(".//dc:creator", namespaces=NS) == "著者"
    assert epub.opf.findtext(".//dc:date", namespaces=NS) == "2026-04-01"
    assert "rubyAnnotations" in epub.meta("schema:accessibilityFeature")
    assert "二〇二六年四月一日" in epub.text(epub.spine_hrefs()[-1])  # the colophon, in kanji numerals
    [page] = [page for href in epub.spine_hrefs() if "署名" in (page := epub.zip.read(epub.base + href).decode())]
    assert '<p class="opens-bracket">「会話です」と言った。西暦<span class="upright">1914</span>年。</p>' in page
    assert '<p class="start-2em">字下げの段落。</p>' in page and '<p class="align-end end-1em">署名</p>' in page
    css = epub.zip.read(epub.base + "style/book.css").decode()
    assert css.endswith("p.opens-bracket { margin-inline-start: 0em; text-indent: 1em; }\n")  # [typesetting] default
    assert ".start-2em { margin-inline-start: 2em; }" in css and ".upright {" in css
    assert epubcheck(epub.path) == []
