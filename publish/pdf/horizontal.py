"""The horizontal book through WeasyPrint's own layout: left-bound, with the print features of vertical books.

HTML from the shared translator (publish/html.py) with styles/print/horizontal.css
→ WeasyPrint (running heads and nombres from CSS paged media, contents page
numbers from target-counter) → print boxes and marks (pageturn) → PDF/X
(printready). Ruby readings and emphasis dots are drawn as outlines, as in
vertical books, so that they stay out of the text layer.
"""

from __future__ import annotations

import datetime
import io
import urllib.parse
from functools import cached_property
from html import escape
from pathlib import Path

import pikepdf
from docutils import nodes
from weasyprint.document import Document
from weasyprint.formatting_structure.boxes import TextBox

from publish.html import XhtmlTranslator, bracket_css
from publish.jlreq import NO_EMPHASIS_DOTS
from publish.matter import COLOPHON_TITLE, CONTENTS_TITLE, colophon_rows
from publish.paper import (
    BLEED,
    HEAD_SIZE,
    INK,
    NOMBRE_SIZE,
    PageDesign,
)
from publish.pdf.fetch import book_html, refused_fetches
from publish.pdf.fontcheck import check_fonts
from publish.pdf.pageturn import frame_pages
from publish.pdf.printready import finish_pdf
from publish.pdf.runs import RUBY_SIZE
from publish.pdf.tatefont import TateFont, face_file, pdf_family
from publish.reader import Book
from publish.reader.roles import bouten, ruby
from publish.resources import STYLES_DIR

CSS = STYLES_DIR / "print" / "horizontal.css"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_css(design: PageDesign, colophon_rows_count: int, heads: list[str | None]) -> str:
    """@page rules for the trim and grid of book.toml (WeasyPrint's page is the bleed box), and the running heads.

    Each file is a named page group: its running head shows on its left and
    right pages, but not on its first page (the opener) nor on blank pages.
    """
    top, bottom, side = design.margins(False)

    head_style = f"font-family: var(--body-font); font-size: {HEAD_SIZE}pt; vertical-align: bottom; "
    head_style += f"padding-bottom: {design.head_gap(False):.3f}pt;"
    nombre = (
        f"font-family: var(--body-font); font-size: {NOMBRE_SIZE}pt; vertical-align: bottom; "
        f"padding-bottom: {BLEED + design.nombre_from_foot(False) - NOMBRE_SIZE:.3f}pt; content: counter(page);"
    )
    empty = "content: none;"
    no_heads = f"@top-left {{ {empty} }} @top-right {{ {empty} }}"
    running = "".join(
        f"@page f{index}:left {{ @top-left {{ {head_style} content: {_css_string(head)}; }} }}\n"
        f"@page f{index}:right {{ @top-right {{ {head_style} text-align: right; content: {_css_string(head)}; }} }}\n"
        f"@page f{index}:nth(1 of f{index}) {{ {no_heads} }}\n@page f{index}:blank {{ {no_heads} }}\n"
        for index, head in enumerate(heads)
        if head
    )
    return running + (
        f":root {{ --pitch: {design.pitch:.4f}pt; --colophon-rows: {design.lines - colophon_rows_count - 2}; }}\n"
        f"html {{ font-size: {design.font_size}pt; }}\n"
        f"@page {{ size: {design.width + 2 * BLEED:.3f}pt {design.height + 2 * BLEED:.3f}pt; "
        f"margin: {top + BLEED:.3f}pt {side + BLEED:.3f}pt {bottom + BLEED:.3f}pt; }}\n"
        # a left-bound book: left-hand pages are even, their outer edge is on the left
        f"@page :left {{ @bottom-left {{ {nombre} }} }}\n"
        f"@page :right {{ @bottom-right {{ {nombre} text-align: right; }} }}\n"
        f"@page :blank {{ @bottom-left {{ {empty} }} @bottom-right {{ {empty} }} }}\n"
        f"@page front {{ @bottom-left {{ {empty} }} @bottom-right {{ {empty} }} }}\n"
    )


class OutlineMarks:
    """Ruby readings and emphasis dots as SVG outlines of the body font's glyphs."""

    def __init__(self, font: TateFont):
        self.font = font

    @cached_property
    def dot_url(self) -> str:
        """The emphasis dot: drawn only for a book with 傍点 (the font check asks the font for ﹅ only then)."""
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" fill="{INK}">{self._paths("﹅")}</svg>'
        return "data:image/svg+xml," + urllib.parse.quote(svg)

    def _paths(self, text: str) -> str:
        return "".join(
            f'<path transform="translate({index} 0)" d="{self.font.outline(char)}"/>' for index, char in enumerate(text)
        )

    def reading(self, text: str) -> str:
        width = len(text) * RUBY_SIZE
        return (
            f'<svg viewBox="0 0 {len(text)} 1" style="width:{width}em;margin-left:{-width / 2}em" '
            f'fill="{INK}">{self._paths(text)}</svg>'
        )


class PrintTranslator(XhtmlTranslator):
    """The shared translator, with ruby and 傍点 drawn for print."""

    def __init__(self, document: nodes.document, source: Path, id_prefix: str, marks: OutlineMarks):
        super().__init__(document, source, id_prefix)
        self.marks = marks
        self.dotted = 0

    def visit_ruby(self, node: ruby) -> None:
        for base, reading in node["pairs"]:  # one box per pair: never broken, reading centred on its base
            # a reading longer than its base widens the box rather than run into the next reading
            wider = len(reading) * RUBY_SIZE - len(base)
            style = f' style="padding:0 {wider / 2}em"' if wider > 0 else ""
            self.out.append(f'<span class="ruby"{style}>{escape(base)}{self.marks.reading(reading)}</span>')
        raise nodes.SkipNode

    def visit_bouten(self, node: bouten) -> None:
        self.dotted += 1

    def depart_bouten(self, node: bouten) -> None:
        self.dotted -= 1

    def visit_Text(self, node: nodes.Text) -> None:
        if not self.dotted:
            return super().visit_Text(node)
        style = f"background-image:url('{self.marks.dot_url}')"
        self.out.append(
            "".join(
                escape(char) if char in NO_EMPHASIS_DOTS else f'<span class="dot" style="{style}">{escape(char)}</span>'
                for char in str(node)
            )
        )
        return None


def _file_id(index: int, anchor: str | None) -> str:
    return f"f{index}" if anchor is None else f"f{index}-{anchor}"


def _document(book: Book) -> tuple[str, str]:
    """The book as one HTML document, in two halves: blank pages that pad the last sheet go between them."""
    config = book.config
    body_font, heading_font = config.print.body_font, config.print.heading_font
    # the source font: upright, horizontal glyphs
    marks = OutlineMarks(TateFont(face_file(body_font), pdf_family(body_font, "body")))
    rows = colophon_rows(book)
    title = escape(book.display(config.title))
    parts = ['<section class="title-page">']
    if config.category:
        parts.append(f'<p class="category">{escape(book.display(config.category))}</p>')
    parts.append(f'<p class="book-title">{title}</p>')
    if config.author:
        parts.append(f'<p class="author">{escape(book.display(config.author))}</p>')
    parts.append(f'</section>\n<nav class="toc"><h2>{CONTENTS_TITLE}</h2><ol>')
    for index, item, level in book.printed_contents():
        href = "#" + _file_id(index, item.anchor)
        parts.append(f'<li class="l{level}"><a href="{href}">{escape(item.title)}</a></li>')
    parts.append("</ol></nav>\n")
    for index, chapter in enumerate(book.chapters):
        body = PrintTranslator(chapter.document, chapter.source.path, f"f{index}-", marks).body()
        parts.append(f'<div class="file" id="f{index}" style="page: f{index}">{body}</div>\n')
    tail = [f'<section class="colophon" aria-label="{COLOPHON_TITLE}"><p class="book-title">{title}</p>']
    tail.extend(f"<p>{escape(term)}　{escape(value)}</p>" for term, value in rows)
    heads = [book.display(chapter.title) for chapter in book.chapters]
    style = _page_css(config.print.design, len(rows) + 1, heads) + CSS.read_text(encoding="utf-8")
    style += bracket_css(config.typesetting, "margin-left")
    if config.typesetting.chapter_start == "page":  # 改ページ instead of the stylesheet's 改丁
        style += ".file { break-before: page; }\n"
    roles = (("body", body_font), ("gothic", heading_font))  # styles/ names them var(--body-font), var(--gothic-font)
    fonts = "".join(
        f'@font-face {{ font-family: "{pdf_family(font, role)}"; src: url({face_file(font).as_uri()}); }}\n'
        f':root {{ --{role}-font: "{pdf_family(font, role)}"; }}\n'
        for role, font in roles
    )
    head = (
        f'<!DOCTYPE html><html lang="{escape(config.language)}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{fonts}{style}</style></head><body>"
    )
    return head + "".join(parts), "".join(tail) + "</section></body></html>"


def _laid_out(book: Book) -> Document:
    """WeasyPrint's pages of the book, the colophon ending the last sheet of four pages."""
    check_fonts(book)
    root = book.config.root
    before_padding, after_padding = _document(book)
    with refused_fetches():
        document = book_html(before_padding + after_padding, root).render()
        padding = -len(document.pages) % 4
        if padding:
            pads = '<div class="pad"></div>' * padding
            document = book_html(before_padding + pads + after_padding, root).render()
    return document


def horizontal_page_count(book: Book) -> tuple[int, int]:
    """The pages, and how many print nothing, laid out but not drawn (publish check)."""
    document = _laid_out(book)
    blank = sum(
        not any(isinstance(box, TextBox) and box.text.strip() for box in page._page_box.descendants())
        for page in document.pages
    )
    return len(document.pages), blank


def write_horizontal_pdf(book: Book, modified: datetime.datetime) -> bytes:
    document = _laid_out(book)
    with refused_fetches():
        data = document.write_pdf()
    pages: dict[str, int] = {}  # an element's anchor: the first page it is on
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    outline = [(item.title, level, pages[_file_id(index, item.anchor)]) for index, item, level in book.contents()]
    pdf = pikepdf.open(io.BytesIO(data))
    frame_pages(pdf, turn=False)
    return finish_pdf(pdf, book.config, outline, modified)
