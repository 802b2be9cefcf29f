"""The written pages → book pages: turned upright, print boxes, トンボ.

For vertical books the page writer drew every book page turned a quarter
counter-clockwise. Here each page's content is turned back a quarter clockwise
inside the content stream (no /Rotate, so every viewer and RIP sees the same
page); every page then grows by a margin for Japanese crop marks (double corner
marks: the inner one is the cut, the outer one the bleed, plus centre marks),
drawn in K only, and the TrimBox/BleedBox say where the book is.
"""

from __future__ import annotations

import pikepdf

from publish.paper import BLEED, MM

MARK_ZONE = 10 * MM  # room outside the bleed for the marks
MARK_LENGTH = 8 * MM
MARK_WIDTH = 0.1 * MM


def _crop_marks(trim: tuple[float, float, float, float]) -> bytes:
    """日本式トンボ in K: at each corner an L for the trim and one for the bleed; centre crosses."""
    left, bottom, right, top = trim
    ops = [f"q 0 0 0 1 K {MARK_WIDTH:.3f} w"]

    def segment(x1: float, y1: float, x2: float, y2: float) -> None:
        ops.append(f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S")

    for x, y, sx, sy in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1), (right, top, 1, 1)):
        for inset in (0.0, BLEED):  # the cut line, then the bleed line
            # the horizontal arm at the cut/bleed height, the vertical arm at the cut/bleed side
            segment(x + sx * (BLEED - inset), y + sy * inset, x + sx * (BLEED + MARK_LENGTH), y + sy * inset)
            segment(x + sx * inset, y + sy * (BLEED - inset), x + sx * inset, y + sy * (BLEED + MARK_LENGTH))
    middle_x, middle_y = (left + right) / 2, (bottom + top) / 2
    for y, sy in ((bottom, -1), (top, 1)):
        segment(
            middle_x - MARK_LENGTH,
            y + sy * (BLEED + MARK_LENGTH / 2),
            middle_x + MARK_LENGTH,
            y + sy * (BLEED + MARK_LENGTH / 2),
        )
        segment(middle_x, y + sy * BLEED, middle_x, y + sy * (BLEED + MARK_LENGTH))
    for x, sx in ((left, -1), (right, 1)):
        segment(
            x + sx * (BLEED + MARK_LENGTH / 2),
            middle_y - MARK_LENGTH,
            x + sx * (BLEED + MARK_LENGTH / 2),
            middle_y + MARK_LENGTH,
        )
        segment(x + sx * BLEED, middle_y, x + sx * (BLEED + MARK_LENGTH), middle_y)
    ops.append("Q")
    return "\n".join(ops).encode()


def frame_pages(pdf: pikepdf.Pdf, turn: bool) -> None:
    """Give every page room for the marks, its boxes and its marks; ``turn`` first turns it upright.

    A written page is the bleed box; when ``turn`` is set it was drawn
    landscape (a book page turned a quarter counter-clockwise).
    """
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(value) for value in page.obj.MediaBox)
        width, height = x1 - x0, y1 - y0
        page.contents_coalesce()
        if turn:
            # (x, y) → (y, width − x): a quarter turn clockwise, then moved out by the mark zone.
            place = f"q 0 -1 1 0 {MARK_ZONE:.4f} {width + MARK_ZONE:.4f} cm\n"
            width, height = height, width
        else:
            place = f"q 1 0 0 1 {MARK_ZONE:.4f} {MARK_ZONE:.4f} cm\n"
        page.contents_add(pikepdf.Stream(pdf, place.encode()), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n"))
        bleed = (MARK_ZONE, MARK_ZONE, MARK_ZONE + width, MARK_ZONE + height)
        trim = (bleed[0] + BLEED, bleed[1] + BLEED, bleed[2] - BLEED, bleed[3] - BLEED)
        page.contents_add(pikepdf.Stream(pdf, _crop_marks(trim)))
        page.obj.MediaBox = pikepdf.Array([0, 0, width + 2 * MARK_ZONE, height + 2 * MARK_ZONE])
        page.obj.BleedBox = pikepdf.Array(bleed)
        page.obj.TrimBox = pikepdf.Array(trim)
