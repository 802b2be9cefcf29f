"""Saddle-stitch imposition: the finished print PDF → sheets to print at home, fold and staple.

Each sheet carries four book pages, two on each side, cut to their trim (no
bleed, no marks). The sheets are printed duplex with a flip on the short edge
(the back of a half is the other half turned over the fold), folded and
nested: the outermost sheet carries the first and last pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

from publish.errors import PublishError
from publish.paper import MM, SHEETS

# the sheet sizes tried, smallest first, when none is asked for (paper sold in Japan)
DEFAULT_SHEETS = ("A5", "B5", "A4", "B4", "A3")
FIT = 0.5 * MM  # two A5 pages are 296 mm wide on a 297 mm A4 sheet


@dataclass(frozen=True)
class Sheet:
    """One printed sheet: book page numbers (1-based; None is a blank) as (left, right) halves."""

    front: tuple[int | None, int | None]
    back: tuple[int | None, int | None]


def booklet_sheets(pages: int, right_bound: bool, signature: int | None = None) -> list[Sheet]:
    """The sheets for ``pages`` book pages, padded with blanks to a multiple of four.

    Right-bound (vertical) books, a signature of s pages from page p: sheet k
    front = [p+2k+1 | p+s−2k], back = [p+s−2k−1 | p+2k+2]; left-bound books
    are the mirror image. ``signature`` pages (a multiple of 4) are folded
    together; the whole book is one signature without it.
    """
    padded = -(-pages // 4) * 4
    size = signature or padded
    sheets = []

    def page(number: int) -> int | None:  # the padding pages are blanks
        return number if number <= pages else None

    for first in range(0, padded, size):
        count = min(size, padded - first)
        for k in range(count // 4):
            front = (page(first + 2 * k + 1), page(first + count - 2 * k))
            back = (page(first + count - 2 * k - 1), page(first + 2 * k + 2))
            if not right_bound:
                front, back = front[::-1], back[::-1]
            sheets.append(Sheet(front, back))
    return sheets


def sheet_for(trim: tuple[float, float], name: str | None) -> tuple[str, float, float]:
    """The sheet (name, landscape width, height in pt) that holds two trim pages side by side."""

    def fits(sheet: str) -> bool:
        short, long = (side * MM for side in SHEETS[sheet])
        return 2 * trim[0] <= long + FIT and trim[1] <= short + FIT

    if name is None:
        name = next((sheet for sheet in DEFAULT_SHEETS if fits(sheet)), None)
        if name is None:
            raise PublishError.at(None, None, "no sheet size holds two pages of this book side by side")
    elif not fits(name):
        width, height = 2 * trim[0] / MM, trim[1] / MM
        raise PublishError.at(
            None, None, f"the {name} sheet is too small for two pages side by side ({width:.0f} × {height:.0f} mm)"
        )
    short, long = SHEETS[name]
    return name, long * MM, short * MM


@dataclass(frozen=True)
class Booklet:
    pdf: bytes
    sheet: str
    sheets: int
    pages: int  # book pages, before padding
    right_bound: bool
    signature: int | None


def impose(
    book_pdf: bytes, right_bound: bool, sheet: str | None = None, signature: int | None = None, creep: float = 0.0
) -> Booklet:
    """Impose the pages of ``book_pdf`` (its TrimBoxes) on duplex sheets.

    ``creep`` is the paper thickness in mm: the inner sheets of a signature
    stick out at the fore-edge once folded, so the pages of the k-th sheet
    from the outside move k × ``creep`` toward the fold (clipped there).
    """
    source = pikepdf.open(io.BytesIO(book_pdf))
    trims = [[float(value) for value in page.obj.get("/TrimBox", page.mediabox)] for page in source.pages]
    trim = (trims[0][2] - trims[0][0], trims[0][3] - trims[0][1])
    name, width, height = sheet_for(trim, sheet)
    booklet = pikepdf.Pdf.new()
    forms = [booklet.copy_foreign(page.as_form_xobject()) for page in source.pages]
    sheets = booklet_sheets(len(source.pages), right_bound, signature)
    size = signature or len(sheets) * 4
    bottom = (height - trim[1]) / 2
    for index, placed in enumerate(sheets):
        shift = (index % (size // 4)) * creep * MM
        for left, right in (placed.front, placed.back):
            drawing, names = [], {}
            for number, x, toward_fold in ((left, width / 2 - trim[0], shift), (right, width / 2, -shift)):
                if number is None:
                    continue
                key = f"/P{number}"
                names[key] = forms[number - 1]
                x0, y0 = trims[number - 1][:2]
                drawing.append(
                    f"q {x:.3f} {bottom:.3f} {trim[0]:.3f} {trim[1]:.3f} re W n "
                    f"1 0 0 1 {x + toward_fold - x0:.3f} {bottom - y0:.3f} cm {key} Do Q"
                )
            side = booklet.add_blank_page(page_size=(width, height))
            side.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(names))
            side.obj.Contents = booklet.make_stream("\n".join(drawing).encode())
    kept = ("/Title", "/Author", "/CreationDate", "/ModDate")
    info = {key: source.docinfo[key] for key in kept if key in source.docinfo}
    info |= {"/Creator": pikepdf.String("publish booklet"), "/Producer": pikepdf.String("publish")}
    booklet.docinfo = booklet.make_indirect(pikepdf.Dictionary(info))
    output = io.BytesIO()
    booklet.save(output, deterministic_id=True, compress_streams=True, min_version=source.pdf_version)
    return Booklet(output.getvalue(), name, len(sheets), len(source.pages), right_bound, signature)
