"""The generated cover: title and category typeset vertically on a plain ground."""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw, ImageFont

from publish.jlreq import CLOSING_BRACKETS, can_break_between
from publish.resources import GOTHIC, MINCHO

WIDTH, HEIGHT = 1600, 2560  # the 1:1.6 that the stores ask for
MARGIN = 240
PAPER, INK, RULE = (246, 241, 231), (28, 28, 32), (150, 40, 40)


def break_columns(text: str, per_column: int) -> list[str]:
    """Greedy vertical line breaking with kinsoku; a closing bracket ends a phrase."""
    columns: list[str] = []
    rest = text
    while rest:
        cut = min(per_column, len(rest))
        phrase_end = next((i + 1 for i, char in enumerate(rest[:cut]) if char in CLOSING_BRACKETS), None)
        if phrase_end and phrase_end < len(rest) and phrase_end >= per_column // 3:
            cut = phrase_end
        while 1 < cut < len(rest) and not can_break_between(rest[cut - 1], rest[cut]):
            cut -= 1
        columns.append(rest[:cut])
        rest = rest[cut:]
    return columns


def _font(path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _column(draw: ImageDraw.ImageDraw, x_right: float, y: int, text: str, font, fill) -> float:
    """Draw one vertical column whose right edge is ``x_right``; return its width."""
    left, _, right, _ = draw.textbbox((0, 0), text, font=font, direction="ttb", features=["vert"])
    draw.text((x_right - right, y), text, font=font, fill=fill, direction="ttb", features=["vert"])
    return right - left


@functools.lru_cache(maxsize=4)  # a preview rebuilds the EPUB at every save; the cover changes with its words only
def render_cover(title: str, category: str | None, author: str | None) -> bytes:
    """A 1600×2560 JPEG: the title in mincho columns, the category in a gothic label."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((70, 70, WIDTH - 71, HEIGHT - 71), outline=INK, width=4)
    draw.rectangle((90, 90, WIDTH - 91, HEIGHT - 91), outline=INK, width=1)

    top = MARGIN + 80
    room = HEIGHT - top - MARGIN - (260 if author else 0)
    for size in range(200, 60, -4):  # the largest size whose columns fit the frame
        columns = break_columns(title, room // size)
        if len(columns) * size * 1.35 <= WIDTH - 2 * MARGIN - 180:
            break
    title_font = _font(MINCHO, size)

    x: float = WIDTH - MARGIN
    if category:
        label_font = _font(GOTHIC, 64)
        width = _column(draw, x - 24, MARGIN, category, label_font, PAPER) + 48
        box = (x - width, MARGIN - 28, x, MARGIN + len(category) * 64 + 28)
        draw.rectangle(box, fill=RULE)
        _column(draw, x - 24, MARGIN, category, label_font, PAPER)
        x -= width + 80
    for column in columns:
        _column(draw, x, top, column, title_font, INK)
        x -= int(size * 1.35)
    if author:
        _column(draw, MARGIN + 60, HEIGHT - MARGIN - 60 * len(author), author, _font(MINCHO, 60), INK)

    buffer = io.BytesIO()
    # JPEG, as the stores and 電書協 expect; full-resolution colour keeps the text edges clean.
    image.save(buffer, format="JPEG", quality=90, subsampling=0)
    return buffer.getvalue()
