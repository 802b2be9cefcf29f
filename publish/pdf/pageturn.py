"""The landscape PDF → the book: pages turned, print boxes, トンボ, outline, reading direction, metadata.

WeasyPrint drew every book page turned a quarter counter-clockwise. Here each
page's content is turned back a quarter clockwise inside the content stream
(no /Rotate, so every viewer and RIP sees the same page), the page grows by a
margin for Japanese crop marks (double corner marks: the inner one is the cut,
the outer one the bleed, plus centre marks), drawn in K only, and the
TrimBox/BleedBox say where the book is.
"""

from __future__ import annotations

import datetime
import io

import pikepdf

from publish.pdf.pages import BLEED, MM

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


def turn_pages(
    landscape: bytes,
    outline: list[tuple[str, int, int]],
    right_to_left: bool,
    title: str,
    language: str,
    modified: datetime.datetime,
) -> bytes:
    """Turn, box and mark every page; ``outline`` is (title, level, page index) in book order."""
    pdf = pikepdf.open(io.BytesIO(landscape))
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(value) for value in page.obj.MediaBox)
        width, height = x1 - x0, y1 - y0  # landscape
        page.contents_coalesce()
        # (x, y) → (y, width − x): a quarter turn clockwise, then moved out by the mark zone.
        turn = f"q 0 -1 1 0 {MARK_ZONE:.4f} {width + MARK_ZONE:.4f} cm\n".encode()
        page.contents_add(pikepdf.Stream(pdf, turn), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n"))
        bleed = (MARK_ZONE, MARK_ZONE, MARK_ZONE + height, MARK_ZONE + width)
        trim = (bleed[0] + BLEED, bleed[1] + BLEED, bleed[2] - BLEED, bleed[3] - BLEED)
        page.contents_add(pikepdf.Stream(pdf, _crop_marks(trim)))
        page.obj.MediaBox = pikepdf.Array([0, 0, height + 2 * MARK_ZONE, width + 2 * MARK_ZONE])
        page.obj.BleedBox = pikepdf.Array(bleed)
        page.obj.TrimBox = pikepdf.Array(trim)
        for key in ("/CropBox", "/ArtBox"):
            if key in page.obj:
                del page.obj[key]
    if right_to_left:
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(Direction=pikepdf.Name.R2L)
        pdf.Root.PageLayout = pikepdf.Name.TwoPageLeft
    pdf.Root.Lang = pikepdf.String(language)
    _write_outline(pdf, outline)
    stamp = modified.strftime("D:%Y%m%d%H%M%SZ")
    pdf.docinfo = pdf.make_indirect(
        pikepdf.Dictionary(Title=pikepdf.String(title), CreationDate=stamp, ModDate=stamp, Producer="publish")
    )
    output = io.BytesIO()
    pdf.save(output, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


def _write_outline(pdf: pikepdf.Pdf, outline: list[tuple[str, int, int]]) -> None:
    with pdf.open_outline() as tree:
        tree.root.clear()
        parents: list[tuple[int, list]] = [(0, tree.root)]
        for title, level, index in outline:
            item = pikepdf.OutlineItem(title, index)
            while parents[-1][0] >= level:
                parents.pop()
            parents[-1][1].append(item)
            parents.append((level, item.children))
