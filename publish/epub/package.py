"""The EPUB 3 package: pages, OPF metadata, navigation and a reproducible zip (ebooklib)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from docutils import nodes
from ebooklib import epub
from lxml import etree

from publish.bookfiles import IMAGE_LIMIT
from publish.epub.cover import render_cover
from publish.epub.xhtml import page, toc_list
from publish.html import bracket_css, chapter_body, epub_image_name
from publish.matter import COLOPHON_TITLE, CONTENTS_TITLE, colophon_rows
from publish.reader import Book, Chapter, TocEntry
from publish.reader.images import printed_images
from publish.resources import EPUB_CSS

GUIDE_VERSION = "1.1.3"  # 電書協 EPUB 3 制作ガイド
ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)  # earliest zip time


@dataclass(frozen=True)
class Page:
    uid: str
    file_name: str  # inside the package folder, e.g. "xhtml/p-001.xhtml"
    title: str
    content: bytes


class _Document(epub.EpubHtml):
    """A content document written in full by us: ebooklib stores it unchanged.

    (EpubHtml.get_content() rebuilds pages from a template and drops the
    attributes of <html> and <body>, which carry the writing mode.)
    """

    def __init__(self, page: Page):
        super().__init__(uid=page.uid, file_name=page.file_name, title=page.title, media_type="application/xhtml+xml")
        self.content = page.content
        if b"<script" in page.content:  # only raw HTML can carry one: text is escaped
            self.properties.append("scripted")

    def get_content(self, default=None) -> bytes:
        return self.content


def write_epub(book: Book, modified: datetime.datetime) -> bytes:
    """The finished .epub file, identical for identical sources and ``modified``."""
    return _reproducible_zip(epub_files(book, modified), modified)


def epub_files(book: Book, modified: datetime.datetime) -> dict[str, bytes]:
    """The EPUB's files by their names in it, ``mimetype`` first: what the .epub holds, unzipped (the preview
    serves them so; compressing a novel's text would take longer than the rest of a save)."""
    chapter_pages = [(f"p-{number:03d}", chapter) for number, chapter in enumerate(book.chapters, 1)]
    toc = []
    for uid, chapter in chapter_pages:
        if chapter.source.opens_part:  # the part's title page, then its first chapter
            toc.append((_part_uid(uid), TocEntry(chapter.source.opens_part, None)))
        if (entry := chapter.toc()) is not None:
            toc.append((uid, entry))
    cover_name, cover_data = _cover_image(book)

    package = epub.EpubBook()
    package.FOLDER_NAME = "item"
    _metadata(package, book)
    style = EPUB_CSS.read_bytes() + bracket_css(book.config.typesetting).encode()
    package.add_item(epub.EpubItem(uid="style", file_name="style/book.css", media_type="text/css", content=style))
    package.set_cover(f"image/{cover_name}", cover_data, create_page=False)
    for name, data in _pictures(book).items():
        kind = "image/png" if name.endswith(".png") else "image/jpeg"
        package.add_item(epub.EpubItem(uid="img-" + name.split("/")[1], file_name=name, media_type=kind, content=data))
    documents = [_Document(item) for item in _pages(book, chapter_pages, toc, cover_name, modified)]
    for document in documents:
        package.add_item(document)
    package.spine = documents
    _navigation(package, book, toc, _landmarks(book, chapter_pages))

    buffer = io.BytesIO()
    options = {
        "mtime": modified.astimezone(datetime.UTC),
        "raise_exceptions": True,
        "landmark_title": "ガイド",
        "epub3_pages": False,
        "compresslevel": 0,  # compressed once, below
    }
    writer = _Writer(buffer, package, options)
    writer.language = book.config.language
    writer.process()
    writer.write()
    return _checked_files(buffer.getvalue())


def _pages(
    book: Book,
    chapter_pages: list[tuple[str, Chapter]],
    toc: list[tuple[str, TocEntry]],
    cover_name: str,
    modified: datetime.datetime,
) -> list[Page]:
    """The reading order: cover, title page, contents, the text, colophon."""
    title = book.display(book.config.title)
    cover = f'<div class="main"><img src="../image/{cover_name}" alt="表紙：{escape(title)}"/></div>\n'
    return [
        _page(book, "p-cover", title, cover, "p-cover", "cover"),
        _page(book, "p-titlepage", title, _titlepage(book), "p-titlepage", "titlepage"),
        _page(book, "p-toc", CONTENTS_TITLE, _toc_page(toc, book.config.typesetting.contents_depth), "p-toc"),
        *(
            page
            for uid, chapter in chapter_pages
            for page in (
                *([_part_page(book, uid, chapter.source.opens_part)] if chapter.source.opens_part else []),
                _page(
                    book,
                    uid,
                    chapter.title or title,
                    chapter_body(chapter.document, chapter.source.path, book.config.typesetting),
                    "p-text",
                    MATTER_TYPES[chapter.source.part],
                ),
            )
        ),
        _page(book, "p-colophon", COLOPHON_TITLE, _colophon(book), "p-colophon", "backmatter"),
    ]


def _part_uid(chapter_uid: str) -> str:
    """The part page before a chapter that opens a part ([[parts]] in book.toml)."""
    return f"{chapter_uid}-part"


def _part_page(book: Book, chapter_uid: str, title: str) -> Page:
    """部扉: the part's title on a page of its own."""
    heading = escape(book.display(title))
    body = f'<section epub:type="part" role="doc-part">\n<h1 class="part-title">{heading}</h1>\n</section>\n'
    return _page(book, _part_uid(chapter_uid), title, body, "p-part", "bodymatter")


def _metadata(package: epub.EpubBook, book: Book) -> None:
    config = book.config
    package.set_identifier(config.identifier)
    package.set_title(config.title)
    package.set_language(config.language)
    package.set_direction("rtl" if config.vertical else "ltr")  # the spine's page-progression-direction
    if config.author:
        package.add_author(config.author, role="aut", uid="creator")
    if config.category:
        package.add_metadata("DC", "subject", config.category)
    if config.date or config.colophon.printings:
        package.add_metadata("DC", "date", (config.date or config.colophon.printings[0]).isoformat())
    if config.colophon.publisher:
        package.add_metadata("DC", "publisher", config.colophon.publisher)
    package.add_prefix("ebpaj", "http://www.ebpaj.jp/")
    _meta(package, "ebpaj:guide-version", GUIDE_VERSION)
    mode = "vertical-rl" if config.vertical else "horizontal-lr"  # Kindle's own key, beside the spine's
    package.add_metadata("OPF", "primary-writing-mode", "", {"name": "primary-writing-mode", "content": mode})
    _accessibility(package, book)


# a file's place in the book ([front], chapters, [back]) → its pages' epub:type (EPUB 3 Structural Semantics)
MATTER_TYPES = {"front": "frontmatter", "chapter": "bodymatter", "back": "backmatter"}


def _landmarks(book: Book, chapter_pages: list[tuple[str, Chapter]]) -> list[dict[str, str]]:
    """The landmarks (and the EPUB 2 guide): cover, contents, the first page of the front matter, of the text
    (the first chapter, or its 部扉) and of the back matter, and the colophon — each with the title it shows."""
    marks = [
        {"type": "cover", "href": "xhtml/p-cover.xhtml", "title": "表紙"},
        {"type": "toc", "href": "xhtml/p-toc.xhtml", "title": CONTENTS_TITLE},
    ]
    for part, kind in MATTER_TYPES.items():
        found = next(((uid, chapter) for uid, chapter in chapter_pages if chapter.source.part == part), None)
        if found is None:
            continue
        uid, chapter = found
        if chapter.source.opens_part:
            uid = _part_uid(uid)
        title = "本文" if part == "chapter" else (chapter.title or MATTER_TITLES[part])
        marks.append({"type": kind, "href": f"xhtml/{uid}.xhtml", "title": title})
    marks.append({"type": "colophon", "href": "xhtml/p-colophon.xhtml", "title": COLOPHON_TITLE})
    return marks


MATTER_TITLES = {"front": "前付", "back": "後付"}  # an untitled front or back file's landmark


def _navigation(package: epub.EpubBook, book: Book, toc: list[tuple[str, TocEntry]], landmarks: list[dict]) -> None:
    """Navigation document 目次 with Japanese landmarks, and an NCX for older readers."""
    package.toc = [_toc_link(f"xhtml/{uid}.xhtml", entry, number) for number, (uid, entry) in enumerate(toc)]
    package.guide = landmarks
    nav = epub.EpubNav(uid="nav", file_name="navigation-documents.xhtml", title=CONTENTS_TITLE)
    nav.add_link(href="style/book.css", rel="stylesheet", type="text/css")
    package.set_template("nav", _nav_template(book.config.vertical))
    package.add_item(nav)
    package.add_item(epub.EpubNcx())


def _page(book: Book, uid: str, title: str, body: str, body_class: str, body_type: str | None = None) -> Page:
    content = page(
        title,
        body,
        language=book.config.language,
        vertical=book.config.vertical,
        body_class=body_class,
        body_type=body_type,
    )
    return Page(uid, f"xhtml/{uid}.xhtml", title, content)


def _meta(package: epub.EpubBook, prop: str, value: str) -> None:
    package.add_metadata(None, "meta", value, {"property": prop})


def _accessibility(package: epub.EpubBook, book: Book) -> None:
    """EPUB Accessibility 1.1 metadata: what the book offers, stated from what it contains."""
    _meta(package, "schema:accessMode", "textual")
    _meta(package, "schema:accessMode", "visual")  # the cover picture
    _meta(package, "schema:accessModeSufficient", "textual")
    # alt text: the cover's always, the manuscript's pictures' only when every one has it (a warning says which lacks)
    pictures = _picture_nodes(book)
    described = all(node.get("alt", "").strip() for node in pictures)
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    features += ["alternativeText"] if described else []
    uses_ruby = book.uses_ruby
    if uses_ruby:
        features.append("rubyAnnotations")
    for feature in features:
        _meta(package, "schema:accessibilityFeature", feature)
    _meta(package, "schema:accessibilityHazard", "none")
    mode = "縦書き" if book.config.vertical else "横書き"
    described_ones = "表紙と図版の画像" if pictures else "表紙画像"
    summary = f"{mode}のリフロー型電子書籍です。見出しと目次で章・節へ移動でき、"
    summary += (
        f"{described_ones}には代替テキストがあります。" if described else "一部の図版には代替テキストがありません。"
    )
    summary += "文字の大きさや書体は読者が変更できます。"
    if uses_ruby:
        summary += "難読語にはルビを振っています。"
    _meta(package, "schema:accessibilitySummary", summary)
    _meta(package, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _cover_image(book: Book) -> tuple[str, bytes]:
    path = book.config.cover
    if path is None:
        return "cover.jpg", render_cover(
            book.display(book.config.title), book.display(book.config.category), book.display(book.config.author)
        )
    data = book.config.folder.read_bytes(path, IMAGE_LIMIT)  # book.toml's check made sure it is a JPEG or a PNG
    return ("cover.png" if data.startswith(PNG_SIGNATURE) else "cover.jpg"), data


def _pictures(book: Book) -> dict[str, bytes]:
    """The manuscript's pictures by their EPUB name, each once, read again through the gate."""
    pictures = {}
    for node in _picture_nodes(book):
        name = epub_image_name(node)
        if name not in pictures:
            pictures[name] = book.config.folder.read_bytes(Path(node["book_file"]), IMAGE_LIMIT)
    return dict(sorted(pictures.items()))


def _picture_nodes(book: Book) -> list[nodes.image]:
    return [node for chapter in book.chapters for node in printed_images(chapter.document)]


def _titlepage(book: Book) -> str:
    lines = [f'<h1 class="book-title">{escape(book.display(book.config.title))}</h1>\n']
    if book.config.category:
        lines.append(f'<p class="category">{escape(book.display(book.config.category))}</p>\n')
    if book.config.author:
        lines.append(f'<p class="author">{escape(book.display(book.config.author))}</p>\n')
    return f'<section epub:type="titlepage">\n{"".join(lines)}</section>\n'


def _toc_page(toc: list[tuple[str, TocEntry]], depth: int) -> str:
    """The printed contents page (the navigation document keeps every level for the reading system)."""
    entries = [(f"{uid}.xhtml", entry) for uid, entry in toc]
    return (
        f'<nav role="doc-toc" aria-labelledby="toc-title">\n<h1 id="toc-title">目次</h1>\n'
        f"{toc_list(entries, depth)}</nav>\n"
    )


def _toc_link(href: str, entry: TocEntry, number: int):
    sections = [
        epub.Link(f"{href}#{child.anchor}", child.title, f"toc-{number}-{index}")
        for index, child in enumerate(entry.children, 1)
    ]
    link = epub.Link(href, entry.title, f"toc-{number}")
    return (link, sections) if sections else link


def _colophon(book: Book) -> str:
    items = "".join(f"<dt>{escape(term)}</dt>\n<dd>{escape(value)}</dd>\n" for term, value in colophon_rows(book))
    return (
        f'<section epub:type="colophon" role="doc-colophon">\n<h1>{escape(book.display(book.config.title))}</h1>\n'
        f"<dl>\n{items}</dl>\n</section>\n"
    )


def _nav_template(vertical: bool) -> bytes:
    mode = "vrtl" if vertical else "hltr"
    return (
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" '
        f'xmlns:epub="http://www.idpf.org/2007/ops" class="{mode}"/>'
    ).encode()


class _Writer(epub.EpubWriter):
    """ebooklib's writer, with the book's language on the package (DAISY Ace asks for it: the OPF's own text,
    such as the title, is then known to be Japanese)."""

    language = "ja"

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.language)
        super()._write_opf_file(root)

    def _write_opf_guide(self, root: etree._Element) -> None:
        """The EPUB 2 guide for older readers: the landmarks its vocabulary has words for (``text`` for the
        body; front and back matter have none)."""
        landmarks = self.book.guide
        self.book.guide = [
            mark | {"type": EPUB2_GUIDE_TYPES[mark["type"]]} for mark in landmarks if mark["type"] in EPUB2_GUIDE_TYPES
        ]
        super()._write_opf_guide(root)
        self.book.guide = landmarks


EPUB2_GUIDE_TYPES = {"cover": "cover", "toc": "toc", "bodymatter": "text", "colophon": "colophon"}


def _checked_files(data: bytes) -> dict[str, bytes]:
    """ebooklib's zip as files, ``mimetype`` first, each checked for control characters."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist(), key=lambda name: name != "mimetype")
        files = {name: archive.read(name) for name in names}
    for name, content in files.items():
        _assert_no_controls(name, content)
    return files


def _reproducible_zip(files: dict[str, bytes], modified: datetime.datetime) -> bytes:
    """The files zipped with fixed times and attributes: same input, same bytes.

    ``mimetype`` stays first and stored, as OCF requires; images, already
    compressed, are stored too.
    """
    stamp = max(modified.astimezone(datetime.UTC), ZIP_EPOCH).timetuple()[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = name == "mimetype" or name.endswith((".jpg", ".png"))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, data, compresslevel=9)
    return output.getvalue()


_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")  # C0 but tab and line ends, DEL, C1


def _assert_no_controls(name: str, data: bytes) -> None:
    """The reader refuses every control character; one here is our bug, and the EPUB is never shipped with it."""
    if name.endswith((".xhtml", ".opf", ".ncx", ".css")) and _CONTROLS.search(data):
        raise AssertionError(f"a control character reached {name}")
