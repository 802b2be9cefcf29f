"""Proof sheets: the finished print PDF → pictures of every spread, in reading order.

A page is shown as it will be cut (its TrimBox), beside the page it faces in
the bound book: odd pages on the left in a right-bound (vertical) book, on the
right in a left-bound one. Spreads follow the reading direction along each
row, so a vertical book reads from the top right; each page has its number under it.
"""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from publish.resources import GOTHIC

PAGE_HEIGHT = 300  # px: enough to see the layout, small enough to see many pages
SPREADS_PER_ROW = 4
ROWS_PER_IMAGE = 6
GAP = 28  # px between spreads and around the edge
LABEL = 26  # px under the pages for their numbers
HEADER = 44  # px above the rows for the title
PAPER = 255
BACKGROUND = 200
INK = 0
FOLD = 150  # the line where the two pages of a spread meet

Spread = tuple[int | None, int | None]


def book_spreads(pages: int, right_bound: bool) -> list[Spread]:
    """The spreads of a book as (left, right) page numbers, 1-based; None where no page faces.

    The first page faces nothing (it is the front of the first leaf); the
    last one too when the count is even.
    """
    spreads: list[Spread] = [(1, None) if right_bound else (None, 1)]
    for even in range(2, pages + 1, 2):
        odd = even + 1 if even < pages else None
        spreads.append((odd, even) if right_bound else (even, odd))
    return spreads


def proof_images(book_pdf: bytes, right_bound: bool) -> list[bytes]:
    """PNG images of every spread of ``book_pdf``, ``SPREADS_PER_ROW`` × ``ROWS_PER_IMAGE`` to an image."""
    document = pypdfium2.PdfDocument(book_pdf)
    try:
        spreads = book_spreads(len(document), right_bound)
        per_image = SPREADS_PER_ROW * ROWS_PER_IMAGE
        title = document.get_metadata_dict().get("Title", "")
        pages = _PageRenderer(document)
        starts = range(0, len(spreads), per_image)
        heading = f"{title}　全{len(document)}ページ"
        return [
            _proof_image(
                spreads[start : start + per_image],
                pages,
                right_bound,
                heading if len(starts) == 1 else f"{heading}（{index}/{len(starts)}）",
            )
            for index, start in enumerate(starts, 1)
        ]
    finally:
        document.close()


class _PageRenderer:
    """Each page cut to its TrimBox, scaled to ``PAGE_HEIGHT``."""

    def __init__(self, document: pypdfium2.PdfDocument):
        self.document = document
        first = document[0]
        left, bottom, right, top = first.get_trimbox()
        self.scale = PAGE_HEIGHT / (top - bottom)
        self.width = round((right - left) * self.scale)

    def __call__(self, number: int) -> Image.Image:
        page = self.document[number - 1]
        media_left, media_bottom, media_right, media_top = page.get_mediabox()
        left, bottom, right, top = page.get_trimbox()
        crop = (left - media_left, bottom - media_bottom, media_right - right, media_top - top)
        image = page.render(scale=self.scale, crop=crop, grayscale=True).to_pil()
        # rounding can make the render a pixel off the nominal size
        return image if image.size == (self.width, PAGE_HEIGHT) else image.resize((self.width, PAGE_HEIGHT))


def _proof_image(spreads: list[Spread], pages: _PageRenderer, right_bound: bool, heading: str) -> bytes:
    spread_width = 2 * pages.width
    columns = min(len(spreads), SPREADS_PER_ROW)
    rows = -(-len(spreads) // SPREADS_PER_ROW)
    width = GAP + columns * (spread_width + GAP)
    height = HEADER + rows * (PAGE_HEIGHT + LABEL + GAP)
    image = Image.new("L", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((GAP, HEADER / 2), heading, fill=INK, font=ImageFont.truetype(str(GOTHIC), 20), anchor="lm")
    label_font = ImageFont.truetype(str(GOTHIC), 16)
    for index, (left, right) in enumerate(spreads):
        row, column = divmod(index, SPREADS_PER_ROW)
        if right_bound:  # the row reads from the right
            column = columns - 1 - column
        x = GAP + column * (spread_width + GAP)
        y = HEADER + row * (PAGE_HEIGHT + LABEL + GAP)
        for number, page_x in ((left, x), (right, x + pages.width)):
            if number is None:
                continue
            image.paste(pages(number), (page_x, y))
            draw.text(
                (page_x + pages.width / 2, y + PAGE_HEIGHT + LABEL / 2),
                str(number),
                fill=INK,
                font=label_font,
                anchor="mm",
            )
        if left is not None and right is not None:
            draw.line([(x + pages.width, y), (x + pages.width, y + PAGE_HEIGHT - 1)], fill=FOLD)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
