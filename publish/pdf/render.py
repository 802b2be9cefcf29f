"""Paginated pages → HTML pages → WeasyPrint → a PDF of unframed pages.

Every line is placed absolutely at its grid position; the composer's gap
becomes letter-spacing. Ruby and emphasis dots are placed here and drawn as
outlines after WeasyPrint (glyphmarks.py), so they never mix into the text layer.

A vertical book page becomes one landscape page the size of the bleed box: the
book page turned a quarter counter-clockwise, so that WeasyPrint's horizontal
lines become vertical ones once pageturn.py turns it back; its running heads
and nombres are horizontal text turned back with a CSS transform. A horizontal
book page is drawn as it is, in the same fonts' horizontal twins (tatefont.py).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from publish.fontfile import BookFont
from publish.jlreq import NO_EMPHASIS_DOTS, is_variation_selector
from publish.paper import (
    BLEED,
    ELLIPSIS,
    HEAD_SIZE,
    INK,
    NOMBRE_SIZE,
    PageDesign,
)
from publish.pdf.blocks import RUBY_SIZE
from publish.pdf.compose import Unit
from publish.pdf.glyphmarks import DrawnGlyph
from publish.pdf.pages import Page
from publish.pdf.placed import PlacedLine, PlacedPicture, PlacedRule
from publish.pdf.tatefont import HALF_FEATURE, TCY_FEATURE, TateFont, face_file, pdf_family

CSS = """
@font-face {{ font-family: "{body_family}"; src: url("{body}"); }}
@font-face {{ font-family: "{gothic_family}"; src: url("{gothic}"); }}
{furniture_face}
@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0; }}
html {{ color: {ink}; }}
body {{ margin: 0; }}
.page {{ position: relative; width: {width:.3f}pt; height: {height:.3f}pt; overflow: hidden; break-after: page; }}
.page:last-child {{ break-after: auto; }}
.l {{ position: absolute; white-space: pre; font-family: "{body_family}"; line-height: 1; width: {line_box:.3f}pt; }}
.l.gothic, .l .g {{ font-family: "{gothic_family}"; }}
.l.gothic .g {{ font-family: "{body_family}"; }}
.half {{ font-feature-settings: "{half}"; }}
.t {{ letter-spacing: 0; }}
.tcy {{ font-feature-settings: "{tcy}"; }}
.h {{ position: absolute; white-space: pre; font-family: "{furniture_family}"; line-height: 1; }}
.turned {{ transform: rotate(-90deg); transform-origin: 0 0; }}
svg {{ position: absolute; left: 0; top: 0; }}
"""


class PageRenderer:
    """Draws composed pages: turned for a vertical (right-bound) book, upright for a horizontal (left-bound) one."""

    def __init__(
        self,
        design: PageDesign,
        fonts: dict[str, TateFont],
        plain_font: BookFont,
        vertical: bool,
        pictures: dict[str, Path],
    ):
        self.design = design
        self.fonts = fonts
        self.vertical = vertical
        self.pictures = pictures  # digest → the print file (pictures.py)
        self._fitted: dict[str, str] = {}  # running heads as they fit their box
        top, _, side = design.margins(vertical)
        if vertical:  # the landscape page: the bleed box turned; lines run from 天 down, the first on the right
            self.width, self.height = design.height + 2 * BLEED, design.width + 2 * BLEED
            self.origin = (BLEED + top, BLEED + side)
            self.block_width = design.block_depth  # the text block across the book page
        else:
            self.width, self.height = design.width + 2 * BLEED, design.height + 2 * BLEED
            self.origin = (BLEED + side, BLEED + top)
            self.block_width = design.block_length
        # 柱 and nombres are horizontal text: a vertical book draws them from its body font's source face,
        # a horizontal one from the derived body font that its lines are set in (one font fewer)
        furniture_face = ""
        furniture_family = fonts["body"].family
        if vertical:
            furniture_family = pdf_family(plain_font, "plain")
            furniture_face = (
                f'@font-face {{ font-family: "{furniture_family}"; src: url("{face_file(plain_font).as_uri()}"); }}'
            )
        self.css = CSS.format(  # the same for every run of pages
            body=fonts["body"].path.as_uri(),
            gothic=fonts["gothic"].path.as_uri(),
            body_family=fonts["body"].family,
            gothic_family=fonts["gothic"].family,
            furniture_face=furniture_face,
            furniture_family=furniture_family,
            width=self.width,
            height=self.height,
            ink=INK,
            line_box=self.width,  # a set width spares WeasyPrint a shrink-to-fit pass per line
            tcy=TCY_FEATURE,
            half=HALF_FEATURE,
        )

    def document(self, pages: list[Page], title: str, language: str) -> tuple[str, list[list[DrawnGlyph]]]:
        """The pages as one HTML document for WeasyPrint, and the ruby and dot glyphs each page draws after it
        (glyphmarks.py)."""
        glyphs: list[list[DrawnGlyph]] = [[] for _ in pages]
        body = "".join(self.page(page, drawn) for page, drawn in zip(pages, glyphs, strict=True))
        html = (
            f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{self.css}</style></head><body>{body}</body></html>"
        )
        return html, glyphs

    def left_hand(self, page: Page) -> bool:
        """Odd pages are left-hand pages in a right-bound (vertical) book, right-hand ones in a left-bound book."""
        return (page.number % 2 == 1) == self.vertical

    def page(self, page: Page, glyphs: list[DrawnGlyph]) -> str:
        """One page's HTML; its ruby and dots join ``glyphs``."""
        design, vertical = self.design, self.vertical
        out = ['<div class="page">']
        marks: list[str] = []  # SVG: the contents' leaders
        for placed in page.lines:
            left, top = self.origin[0] + placed.along, self.origin[1] + placed.across
            out.append(self.line(placed, left, top, glyphs))
            if placed.number:
                out.append(self.page_number(placed, placed.number, left, top, marks))
        out.extend(self.picture(picture) for picture in page.pictures)
        out.extend(self.rule(rule) for rule in page.rules)
        if marks:
            out.append(
                f'<svg width="{self.width:.3f}pt" height="{self.height:.3f}pt" '
                f'viewBox="0 0 {self.width:.3f} {self.height:.3f}" fill="{INK}">{"".join(marks)}</svg>'
            )
        if page.running_head and not page.opener:
            head = self.running_head(page.running_head)
            top = design.margins(vertical)[0] - design.head_gap(vertical) - HEAD_SIZE
            out.append(self.furniture(page, head, HEAD_SIZE, top))
        if page.nombre:
            foot = design.height - design.nombre_from_foot(vertical)
            out.append(self.furniture(page, page.label or "", NOMBRE_SIZE, foot))
        out.append("</div>")
        return "".join(out)

    def rule(self, rule: PlacedRule) -> str:
        """A table's rule: a box in ink (the landscape page turns it with everything else)."""
        left, top = self.origin[0] + rule.along, self.origin[1] + rule.across
        return (
            f'<div style="position:absolute;left:{left:.3f}pt;top:{top:.3f}pt;width:{rule.length:.3f}pt;'
            f'height:{rule.depth:.3f}pt;background:{INK}"></div>'
        )

    def picture(self, picture: PlacedPicture) -> str:
        """A picture upright on the book page: on a vertical book's landscape page, turned a quarter back."""
        left, top = self.origin[0] + picture.along, self.origin[1] + picture.across
        source = self.pictures[picture.digest].as_uri()
        if not self.vertical:
            size = f"width:{picture.length:.3f}pt;height:{picture.depth:.3f}pt"
            return f'<img src="{source}" alt="" style="position:absolute;left:{left:.3f}pt;top:{top:.3f}pt;{size}">'
        # unturned it is depth wide and length high; turned about its centre it fills length × depth
        centre_x, centre_y = left + picture.length / 2, top + picture.depth / 2
        box = (
            f"left:{centre_x - picture.depth / 2:.3f}pt;top:{centre_y - picture.length / 2:.3f}pt;"
            f"width:{picture.depth:.3f}pt;height:{picture.length:.3f}pt"
        )
        return f'<img src="{source}" alt="" style="position:absolute;{box};transform:rotate(-90deg)">'

    def page_number(self, placed: PlacedLine, number: str, left: float, top: float, marks: list[str]) -> str:
        """A contents line's page number at the end of the line, always horizontal; its leader of dots joins
        ``marks``: one line with round, zero-length dashes, which the PDF draws as dots (WeasyPrint's dotted
        border drew each dot as clipped curves: a quarter of a long book's contents' layout time)."""
        size = placed.size
        digits = len(number) * size / 2
        end = self.origin[0] + self.design.block_length  # where the line ends
        start = left + sum(unit.set_width for unit in placed.line.units) * size + size / 2
        axis = top + size / 2
        # turned, the number stands in the line's last em; upright, it ends the line
        number_start = end - (size if self.vertical else digits)
        dot = size / 8
        marks.append(
            f'<line x1="{start + dot / 2:.3f}" y1="{axis:.3f}" x2="{number_start - size / 2:.3f}" y2="{axis:.3f}" '
            f'stroke="{INK}" stroke-width="{dot:.3f}" stroke-linecap="round" stroke-dasharray="0 {2 * dot:.3f}"/>'
        )
        place = f"left:{number_start:.3f}pt;top:{axis + digits / 2 if self.vertical else top:.3f}pt"
        classes = "h turned" if self.vertical else "h"
        return (
            f'<div class="{classes}" style="{place};width:{digits:.3f}pt;'
            f'font-size:{size:.3f}pt;text-align:center">{escape(number)}</div>'
        )

    def running_head(self, text: str) -> str:
        """The 柱 as it fits the text block's width, cut short with ``ELLIPSIS`` if it must: never out of its box.

        Worked out once per text: a chapter's head repeats on all its pages.
        """
        if text not in self._fitted:
            advance, length = self.fonts["body"].advance, self.block_width / HEAD_SIZE
            fitted = text
            if advance(text) > length:  # the longest start that leaves room for the ellipsis
                room, cut = length - advance(ELLIPSIS), 0
                while (room := room - advance(text[cut])) >= 0:
                    cut += 1
                fitted = text[:cut].rstrip() + ELLIPSIS
            self._fitted[text] = fitted
        return self._fitted[text]

    def furniture(self, page: Page, text: str, size: float, top: float) -> str:
        """Horizontal text across the text block's width, ``top`` pt from the book page's top, at the outer side."""
        design = self.design
        side = design.margins(self.vertical)[2]  # book page x of the block
        align = "left" if self.left_hand(page) else "right"  # the outer side: left on a left-hand page
        common = f"width:{self.block_width:.3f}pt;font-size:{size}pt;text-align:{align}"
        if self.vertical:  # on the landscape page, turned back
            return (
                f'<div class="h turned" style="left:{BLEED + top:.3f}pt;top:{BLEED + design.width - side:.3f}pt;'
                f'{common}">{escape(text)}</div>'
            )
        return f'<div class="h" style="left:{BLEED + side:.3f}pt;top:{BLEED + top:.3f}pt;{common}">{escape(text)}</div>'

    def line(self, placed: PlacedLine, left: float, top: float, glyphs: list[DrawnGlyph]) -> str:
        line, size = placed.line, placed.size
        gothic = line.units and all(unit.font == "gothic" for unit in line.units)
        default_font = "gothic" if gothic else "body"
        gap = line.gap * size
        parts: list[str] = []
        x = left
        body = line.units[:-1] if line.hanging else line.units
        # letter-spacing also follows the line's last character: a hanging 、。 is pulled back over it
        pull = gap if line.hanging and self._letter_spaced(body[-1]) else 0.0
        pictures: list[str] = []  # inside the line: drawn over the room their units keep
        for index, unit in enumerate(line.units):
            hanging = index >= len(body)
            after = 0.0 if index >= len(body) - 1 else gap
            parts.append(self.unit(unit, size, after, default_font, pull if hanging else 0.0, gap > 0))
            x -= pull if hanging else 0.0
            self.draw_marks(unit, x, top, size, glyphs)
            if unit.kind == "picture":
                along, across = x - self.origin[0], top - self.origin[1]
                pictures.append(self.picture(PlacedPicture(unit.data[0], along, across, unit.width * size, size)))
            x += (unit.width - unit.trim_before - unit.trim_after) * size + after
        style = f"left:{left:.3f}pt;top:{top:.3f}pt;font-size:{size:.3f}pt"
        if gap:
            style += f";letter-spacing:{gap:.4f}pt"
        return f'<div class="l{" gothic" if gothic else ""}" style="{style}">{"".join(parts)}</div>' + "".join(pictures)

    @staticmethod
    def _letter_spaced(unit: Unit) -> bool:
        """Characters get the gap from letter-spacing; other units carry it as a margin."""
        return unit.kind == "char"

    def unit(self, unit: Unit, size: float, after: float, default_font: str, pull: float, spaced: bool) -> str:
        if unit.kind == "picture":  # room kept in the line; line() draws the picture over it
            room = f"display:inline-block;width:{unit.width * size:.4f}pt;margin-right:{after:.4f}pt"
            return f'<span class="t" style="{room}"></span>'
        text = escape(unit.text)
        classes = ["g"] if unit.font != default_font else []
        styles = []
        if pull:  # a hanging 、。 starts right at the line end
            styles.append(f"margin-left:{-pull:.4f}pt")
        if unit.kind == "char":
            # letter-spacing adds the gap after a character; a trimmed one takes its half-width glyph
            if unit.trim_before or unit.trim_after:
                classes.append("half")
        else:
            classes.append("t")
            if unit.kind == "tcy":
                classes.append("tcy")
            # A base shorter than its reading is spread (JLReq 3.3.8) or centred over what the reading does not
            # hang out of: the unit's set width. The box is its text with margins: ``left`` before it, ``right``
            # after it (the gap, less what letter-spacing puts after its last character).
            ruby_unit = unit.kind == "ruby"  # other units fill their width exactly
            spare = (unit.set_width - self.fonts[unit.font].advance(unit.text)) * size if ruby_unit else 0.0
            hangs = ruby_unit and bool(unit.trim_before or unit.trim_after)  # its reading over its neighbours
            left, right = 0.0, after
            if spare > 0.01 and len(unit.text) > 1:  # spare: a ruby's alone
                step = spare / len(unit.text)  # 1:2:1 — half a step at each end, a step between characters
                styles.append(f"letter-spacing:{step:.4f}pt")
                left, right = step / 2, after - step / 2  # letter-spacing puts a whole step after the last one
            elif spare > 0.01 or hangs:
                inner = max(spare, 0.0) / 2
                left, right = inner, after + inner
            elif unit.trim_before < 0 or unit.trim_after < 0:  # 四分アキ beside Japanese (compose.space_western)
                left, right = -unit.trim_before * size, after - unit.trim_after * size
            if abs(left) > 0.0001:
                styles.append(f"margin-left:{left:.4f}pt")
            if abs(right) > 0.0001:
                styles.append(f"margin-right:{right:.4f}pt")
        if not styles and (not classes or (classes == ["t"] and not spaced)):
            # a unit set as it is: with no letter-spacing in the line, "t" (none inside the unit) has nothing to
            # cancel, and a span less is a box less for WeasyPrint to style, lay out and draw
            return text
        style = f' style="{";".join(styles)}"' if styles else ""
        return f'<span class="{" ".join(classes)}"{style}>{text}</span>'

    def draw_marks(self, unit: Unit, x: float, top: float, size: float, glyphs: list[DrawnGlyph]) -> None:
        """Ruby readings and emphasis dots on the right of the line (above it, on the landscape page)."""
        small = size * RUBY_SIZE
        if unit.kind == "ruby":
            start = x - unit.trim_before * size  # a hanging reading starts over the unit before
            [(_, reading)] = unit.data  # a group ruby, or one character of a compound's (blocks.UnitMaker.ruby)
            cell = unit.width * size
            spare = max(0.0, cell - len(reading) * small)
            step = spare / len(reading)  # JIS 1:2:1 spreading of a short reading
            for index, char in enumerate(reading):
                position = start + step / 2 + index * (small + step)
                glyphs.append(DrawnGlyph(unit.font, char, position, top - small, small))
        elif unit.bouten:
            font = self.fonts[unit.font]
            position = x + max(-unit.trim_before, 0.0) * size  # after a Western word's 四分アキ
            for char in unit.text:
                if char not in NO_EMPHASIS_DOTS and not is_variation_selector(char):
                    glyphs.append(DrawnGlyph(unit.font, "﹅", position + (size - small) / 2, top - small, small))
                position += font.advance(char) * size
