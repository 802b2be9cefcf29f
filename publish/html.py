"""Document tree → XHTML body (a docutils translator) for the EPUB's chapters (which the preview shows)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from docutils import nodes
from lxml import etree

from publish.bookschema import Typesetting
from publish.errors import PublishError
from publish.marks import ATTRIBUTION_DASH
from publish.matter import NOTES_TITLE
from publish.phrases import phrase_breaks
from publish.reader.breaks import page_break
from publish.reader.memo import per_tree
from publish.reader.roles import bouten, ruby
from publish.reader.structure import BookVisitor, is_inline, line_of
from publish.reader.transforms import OPENS_WITH_BRACKET, chapter_rubric, is_chapter_rubric

XHTML = "http://www.w3.org/1999/xhtml"
# attributes whose address a reading system loads or sends to (href: on any element but <a>)
_LOADING_ATTRIBUTES = (
    *("src", "srcset", "imagesrcset", "data", "poster", "background", "lowsrc", "dynsrc", "longdesc"),
    *("action", "formaction", "manifest", "ping", "codebase", "archive", "classid", "icon"),
)


def bracket_css(typesetting: Typesetting) -> str:
    """``[typesetting]``'s indents of a paragraph that opens with a bracket, as a CSS rule (after the stylesheet)."""
    first, rest = typesetting.bracket_indent, typesetting.bracket_rest_indent
    return (
        f"\n/* book.toml [typesetting]: bracket_indent = {first:g}, bracket_rest_indent = {rest:g} */\n"
        f"p.{OPENS_WITH_BRACKET} {{ margin-inline-start: {rest:g}em; text-indent: {first - rest:g}em; }}\n"
    )


def _element(tag: str, css_class: str | None = None) -> tuple[Callable, Callable]:
    """The visit_ and depart_ methods of a node written as one element (with its id and classes)."""

    def visit(translator: XhtmlTranslator, node: nodes.Element) -> None:
        translator.start_element(node, tag, *filter(None, [css_class]))

    def depart(translator: XhtmlTranslator, node: nodes.Element) -> None:
        translator.end_element(node, tag)

    return visit, depart


class XhtmlTranslator(BookVisitor):
    """Visits one chapter's tree and collects its XHTML body."""

    def __init__(self, document: nodes.document, source: Path, typesetting: Typesetting):
        super().__init__(document)
        self.source = source
        self.typesetting = typesetting
        self.out: list[str] = []
        self.level = 0  # section depth: 1 for the chapter
        self.title_breaks: frozenset[int] | None = None  # in a title: where it may break (publish/phrases.py)
        self.title_offset = 0  # characters of the title written so far
        self.notes: list[str] = []  # the chapter's notes, written at its end (後注)
        self.text_out: list[str] = []  # the chapter's own output while a note is being written
        self.note_mark: str | None = None  # a note's mark, to open its first paragraph

    def body(self) -> str:
        self.document.walkabout(self)
        return "".join(self.out)

    def start_element(self, node: nodes.Element, tag: str, *classes: str) -> None:
        """``<tag>`` with the node's id and its classes (``.. class::``, a role's) after ``classes``."""
        names = " ".join([*classes, *node["classes"]])
        self.out.append(f"<{tag}{_id(node)}" + (f' class="{names}">' if names else ">"))
        if self.note_mark is not None and tag == "p":  # a note's first paragraph opens with its mark
            self.out.append(self.note_mark)
            self.note_mark = None

    def end_element(self, node: nodes.Element, tag: str) -> None:
        self.out.append(f"</{tag}>" + ("\n" if isinstance(node, nodes.Body) else ""))

    # nodes written as one element each
    visit_bullet_list, depart_bullet_list = _element("ul")
    visit_enumerated_list, depart_enumerated_list = _element("ol")
    visit_list_item, depart_list_item = _element("li")
    visit_block_quote, depart_block_quote = _element("blockquote")
    visit_emphasis, depart_emphasis = _element("em")
    visit_strong, depart_strong = _element("strong")
    visit_literal, depart_literal = _element("code")
    visit_title_reference, depart_title_reference = _element("cite")
    visit_line_block, depart_line_block = _element("div", "line-block")
    visit_inline, depart_inline = _element("span")
    visit_tcy, depart_tcy = _element("span", "tcy")
    visit_upright, depart_upright = _element("span", "upright")
    visit_thead, depart_thead = _element("thead")
    visit_tbody, depart_tbody = _element("tbody")
    visit_row, depart_row = _element("tr")

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        if not _is_compact(node):
            self.start_element(node, "p")

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        if not _is_compact(node):
            self.end_element(node, "p")

    def visit_attribution(self, node: nodes.attribution) -> None:
        self.start_element(node, "p", "attribution")
        self.out.append(ATTRIBUTION_DASH)  # ――作者, as the print sets it

    def depart_attribution(self, node: nodes.attribution) -> None:
        self.end_element(node, "p")

    def visit_line(self, node: nodes.line) -> None:
        self.start_element(node, "div", "line")
        if not node.children:  # a blank line between a poem's stanzas keeps its room
            self.out.append("<br/>")

    def depart_line(self, node: nodes.line) -> None:
        self.end_element(node, "div")

    def visit_Text(self, node: nodes.Text) -> None:
        text = str(node)
        if self.title_breaks is None:
            self.out.append(escape(text, quote=False))
            return
        cuts = sorted(at - self.title_offset for at in self.title_breaks if 0 <= at - self.title_offset < len(text))
        pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        self.out.append("<wbr/>".join(escape(piece, quote=False) for piece in pieces))
        self.title_offset += len(text)

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        self._write_notes()  # a file without a title: its notes end it

    def _write_notes(self) -> None:
        if self.notes:
            self.out.append(f'<section class="notes">\n<h2>{NOTES_TITLE}</h2>\n{"".join(self.notes)}</section>\n')
            self.notes = []

    def visit_section(self, node: nodes.section) -> None:
        self.level += 1
        semantics = ' epub:type="chapter" role="doc-chapter"' if self.level == 1 else ""
        self.out.append(f'<section id="{node["ids"][0]}"{semantics}>\n')

    def depart_section(self, node: nodes.section) -> None:
        if self.level == 1:
            self._write_notes()  # at the chapter's end, inside it
        self.level -= 1
        self.out.append("</section>\n")

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, nodes.table):
            self.out.append("<caption>")
            return
        rubric = chapter_rubric(node.parent)
        if rubric is not None:
            self.out.append('<header>\n<p class="rubric chapter-rubric">')
            rubric.walkabout(_Inline(self))
            self.out.append("</p>\n")
        self.out.append(f"<h{min(self.level, 6)}>")
        self.title_breaks, self.title_offset = phrase_breaks(node.astext()), 0  # <wbr/>: breaks by phrase

    def depart_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, nodes.table):
            self.out.append("</caption>\n")
            return
        self.title_breaks = None
        self.out.append(f"</h{min(self.level, 6)}>\n")
        if chapter_rubric(node.parent) is not None:
            self.out.append("</header>\n")

    def visit_rubric(self, node: nodes.rubric) -> None:
        if is_chapter_rubric(node):
            raise nodes.SkipNode  # written with the title
        self.start_element(node, "p", "rubric")

    def depart_rubric(self, node: nodes.rubric) -> None:
        self.end_element(node, "p")

    def visit_reference(self, node: nodes.reference) -> None:
        """A link: out of the book (refuri), or to a target of the same file (refid, its element's id)."""
        href = node["refuri"] if "refuri" in node else f"#{node['refid']}"
        self.out.append(f'<a href="{escape(href)}">')

    def visit_target(self, node: nodes.target) -> None:
        """Where a link lands: an inline target (_`文`) keeps its text, with the id; ``.. _name:`` gave its id to
        the element after it, or, with none after it, leaves an empty anchor."""
        if "refuri" in node:  # an address's name (`サイト <https://…>`_): nothing lands here
            raise nodes.SkipNode
        if is_inline(node):
            self.out.append(f"<span{_id(node)}>")
            return
        if node["ids"]:
            self.out.append(f"<div{_id(node)}></div>\n")
        raise nodes.SkipNode

    def depart_target(self, node: nodes.target) -> None:
        self.out.append("</span>")

    def depart_reference(self, node: nodes.reference) -> None:
        self.out.append("</a>")

    def visit_raw(self, node: nodes.raw) -> None:
        """Raw HTML (book.toml's raw_enabled) as it is, if it is well-formed XHTML; other formats are not ours."""
        if "html" in node.get("format", "").split():
            try:
                fragment = etree.fromstring(f'<div xmlns="{XHTML}">{node.astext()}</div>')
            except etree.XMLSyntaxError as exc:
                message = f"raw HTML must be well-formed XHTML: {exc}"
                raise PublishError.at(self.source, line_of(node), message) from None
            loaded = _loaded_address(fragment)
            if loaded is not None:
                message = f"raw HTML may not load other files ('{loaded}'): the EPUB would not hold them"
                raise PublishError.at(self.source, line_of(node), message)
            self.out.append(node.astext())
        raise nodes.SkipNode

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        """A note's mark in the text: a link that reading systems open as a pop-up (epub:type noteref)."""
        self.out.append(
            f'<a class="noteref" epub:type="noteref" role="doc-noteref" id="{node["ids"][0]}" href="#{node["refid"]}">'
        )

    def depart_footnote_reference(self, node: nodes.Element) -> None:
        self.out.append("</a>")

    visit_citation_reference, depart_citation_reference = visit_footnote_reference, depart_footnote_reference

    def visit_footnote(self, node: nodes.Element) -> None:
        """A note, kept for the chapter's end, which reading systems show as the noteref's pop-up.

        A div, not an aside: Apple Books and Foliate hide footnote asides from the text, which left 注 standing
        alone over nothing; a div stays under it, as in print, and still opens as the pop-up.
        """
        self.text_out, self.out = self.out, self.notes
        self.out.append(f'<div class="note" epub:type="footnote" role="doc-footnote" id="{node["ids"][0]}">\n')

    def depart_footnote(self, node: nodes.Element) -> None:
        self.out.append("</div>\n")
        self.out = self.text_out

    visit_citation, depart_citation = visit_footnote, depart_footnote

    def visit_label(self, node: nodes.label) -> None:
        """A note's mark: a link back to where the text refers to it, opening the note's first paragraph."""
        note_out, self.out = self.out, []
        for child in node.children:
            child.walkabout(self)
        mark, self.out = "".join(self.out), note_out
        backrefs = node.parent["backrefs"]
        if backrefs:
            mark = f'<a class="note-mark" href="#{backrefs[0]}" role="doc-backlink">{mark}</a>'
        self.note_mark = mark + "\u3000"
        raise nodes.SkipNode

    def visit_image(self, node: nodes.image) -> None:
        """A picture from the book (reader/images.py judged it): fitted to the page by the stylesheet."""
        source, alt = f"../{epub_image_name(node)}", escape(node.get("alt", ""))
        if is_inline(node):  # a character's size, as in print (the stylesheet: img.inline)
            self.out.append(f'<img class="inline" src="{source}" alt="{alt}"/>')
            return
        img = f'<img src="{source}" alt="{alt}"{_image_style(node)}/>'
        if isinstance(node.parent, nodes.figure):
            self.out.append(img + "\n")
        else:
            self.out.append(f'<div class="{" ".join(["image", *_align(node), *node["classes"]])}">{img}</div>\n')

    def visit_figure(self, node: nodes.figure) -> None:
        self.start_element(node, "figure", "figure", *_align(node))
        self.out.append("\n")

    def depart_figure(self, node: nodes.figure) -> None:
        self.out.append("</figure>\n")

    def visit_caption(self, node: nodes.caption) -> None:
        self.out.append("<figcaption>")

    def depart_caption(self, node: nodes.caption) -> None:
        self.out.append("</figcaption>\n")

    def visit_legend(self, node: nodes.legend) -> None:
        self.out.append('<div class="legend">\n')

    def depart_legend(self, node: nodes.legend) -> None:
        self.out.append("</div>\n")

    def visit_table(self, node: nodes.table) -> None:
        """A table, set in the book's direction (a vertical book's rows read right to left, as its lines do)."""
        self.start_element(node, "table", "table")
        self.out.append("\n")

    def depart_table(self, node: nodes.table) -> None:
        self.out.append("</table>\n")

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        pass

    def visit_colspec(self, node: nodes.colspec) -> None:
        raise nodes.SkipNode

    def visit_entry(self, node: nodes.entry) -> None:
        tag = "th" if isinstance(node.parent.parent, nodes.thead) else "td"
        spans = "".join(
            f' {attribute}="{node[key] + 1}"' for key, attribute in (("morecols", "colspan"), ("morerows", "rowspan"))
            if node.get(key)
        )  # fmt: skip
        self.out.append(f"<{tag}{spans}>")

    def depart_entry(self, node: nodes.entry) -> None:
        self.out.append("</th>" if isinstance(node.parent.parent, nodes.thead) else "</td>")

    def visit_transition(self, node: nodes.transition) -> None:
        """A scene break: a blank line, or ``[typesetting] scene_break``'s ornament centred on its line."""
        ornament = self.typesetting.scene_ornament
        if ornament is None:
            self.out.append('<hr class="transition"/>\n')
        else:
            self.out.append(f'<div class="transition" role="separator">{escape(ornament)}</div>\n')

    def visit_page_break(self, node: page_break) -> None:
        """改ページ and 改丁 alike: reading systems have pages but no rectos."""
        self.out.append('<div class="page-break"></div>\n')

    def visit_ruby(self, node: ruby) -> None:
        # <rp>: a reading system without ruby shows 東京（とうきょう）, not 東京とうきょう
        pairs = "".join(
            f"{escape(base)}<rp>（</rp><rt>{escape(reading)}</rt><rp>）</rp>" for base, reading in node["pairs"]
        )
        if self.title_breaks is not None and self.title_offset in self.title_breaks:
            self.out.append("<wbr/>")
        self.out.append(f"<ruby>{pairs}</ruby>")
        self.title_offset += len(node.astext())
        raise nodes.SkipNode

    def visit_bouten(self, node: bouten) -> None:
        self.out.append('<em class="em-sesame">')

    def depart_bouten(self, node: bouten) -> None:
        self.out.append("</em>")


class _Inline(nodes.NodeVisitor):
    """Writes a node's inline content through the main translator (for the chapter rubric)."""

    def __init__(self, translator: XhtmlTranslator):
        super().__init__(translator.document)
        self.translator = translator

    def dispatch_visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.rubric):
            return None
        return self.translator.dispatch_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        if not isinstance(node, nodes.rubric):
            self.translator.dispatch_departure(node)


def _is_compact(paragraph: nodes.Node) -> bool:
    """A list item or a table cell of one paragraph is written without <p> (the marker stays on its line),
    unless a link lands on the paragraph (its id needs an element)."""
    alone = isinstance(paragraph.parent, nodes.list_item | nodes.entry) and len(paragraph.parent.children) == 1
    return alone and not paragraph["ids"]


def _loaded_address(fragment: etree._Element) -> str | None:
    """The first address raw HTML would load (an image, a stylesheet, a frame, an SVG reference …); links are fine.

    Judged on the parsed XHTML and CSS (tinycss2 reads CSS escapes as a browser
    does), not on the text: ``u\\72l(…)`` is a ``url(…)``.
    """
    for element in fragment.iter(etree.Element):  # elements only, not comments
        tag = etree.QName(element).localname
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local in _LOADING_ATTRIBUTES or (local == "href" and tag != "a"):  # link, image, use, feImage …
                return value
            if local == "style" and _css_loads(value):
                return value
            if local == "http-equiv" and value.strip().lower() == "refresh":
                return element.get("content", value)
        if tag == "style":
            text = "".join(element.itertext())
            if _css_loads(text):
                return text.strip()
    return None


_CSS_LOADING_FUNCTIONS = ("url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element")


def _css_loads(css: str) -> bool:
    """Whether CSS would load anything: a url() in any spelling, another loading function, or @import."""
    import tinycss2  # only raw HTML needs it

    tokens = list(tinycss2.parse_component_value_list(css))
    while tokens:
        token = tokens.pop()
        if token.type == "url" or (token.type == "function" and token.lower_name in _CSS_LOADING_FUNCTIONS):
            return True
        if token.type == "at-keyword" and token.lower_value == "import":
            return True
        tokens.extend(getattr(token, "arguments", None) or getattr(token, "content", None) or [])
    return False


def epub_image_name(node: nodes.image) -> str:
    """A picture's name in the EPUB, from its content: the same picture twice is one file."""
    return f"image/{node['digest']}.{'png' if node['format'] == 'PNG' else 'jpg'}"


def _id(node: nodes.Element) -> str:
    """The element's id attribute: the node's first id (a link's target, a section's), else nothing."""
    return f' id="{escape(node["ids"][0])}"' if node["ids"] else ""


def _align(node: nodes.Element) -> list[str]:
    return [f"align-{node['align']}"] if node.get("align") else []


def _image_style(node: nodes.image) -> str:
    """The size the manuscript asks for (:width:, :height:, or :scale: of its pixels); else the stylesheet fits it."""
    sizes = [f"{key}: {node[key]}" for key in ("width", "height") if node.get(key)]
    if not sizes and node.get("scale"):
        sizes = [f"width: {round(node['pixels'][0] * node['scale'] / 100)}px"]
    return f' style="{"; ".join(sizes)}"' if sizes else ""


@per_tree
def chapter_body(document: nodes.document, source: Path, typesetting: Typesetting) -> str:
    """A chapter's XHTML body (written once a tree: the preview's unchanged chapters are not written again)."""
    return XhtmlTranslator(document, source, typesetting).body()
