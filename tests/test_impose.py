"""Saddle-stitch imposition: the page order, and booklets read back from the PDF."""

from __future__ import annotations

import io

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import MANUSCRIPT, run_publish
from PIL import ImageOps

from publish.errors import PublishError
from publish.impose import Sheet, booklet_sheets, impose, sheet_for

MM = 72 / 25.4
A4_LANDSCAPE = (297 * MM, 210 * MM)


def numbered_pdf(count: int, trim: tuple[float, float] = (148 * MM, 210 * MM), margin: float = 30.0) -> bytes:
    """A book of ``count`` pages, each saying "P<n>" near its top left, with a TrimBox inside a larger MediaBox."""
    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Courier")
    )
    for number in range(1, count + 1):
        page = pdf.add_blank_page(page_size=(trim[0] + 2 * margin, trim[1] + 2 * margin))
        page.obj.TrimBox = pikepdf.Array([margin, margin, margin + trim[0], margin + trim[1]])
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        # grey over the whole page, bleed and all: only the trim may reach the sheet
        grey = f"0.5 g 0 0 {trim[0] + 2 * margin} {trim[1] + 2 * margin} re f 0 g "
        text = f"BT /F1 12 Tf {margin + 20} {margin + trim[1] - 40} Td (P{number}) Tj ET"
        page.obj.Contents = pdf.make_stream((grey + text).encode())
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


def halves(booklet: bytes) -> list[tuple[str, str]]:
    """The text on the left and on the right half of every side of every sheet."""
    document = pdfium.PdfDocument(booklet)
    found = []
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        found.append(
            (text.get_text_bounded(0, 0, width / 2, height).strip(), text.get_text_bounded(width / 2, 0, width, height))
        )
    return [(left, right.strip()) for left, right in found]


def label(number: int | None) -> str:
    return "" if number is None else f"P{number}"


def test_right_bound_order_of_eight_pages():
    # the checklist's example: 1|8, 7|2, 3|6, 5|4
    assert booklet_sheets(8, right_bound=True) == [Sheet((1, 8), (7, 2)), Sheet((3, 6), (5, 4))]
    assert booklet_sheets(8, right_bound=False) == [Sheet((8, 1), (2, 7)), Sheet((6, 3), (4, 5))]


def test_twelve_pages_both_bindings():
    assert booklet_sheets(12, right_bound=True) == [
        Sheet((1, 12), (11, 2)),
        Sheet((3, 10), (9, 4)),
        Sheet((5, 8), (7, 6)),
    ]
    assert booklet_sheets(12, right_bound=False) == [
        Sheet((12, 1), (2, 11)),
        Sheet((10, 3), (4, 9)),
        Sheet((8, 5), (6, 7)),
    ]


def test_twenty_five_pages_are_padded_to_twenty_eight_with_blanks_at_the_end():
    sheets = booklet_sheets(25, right_bound=True)
    assert len(sheets) == 7
    assert sheets[0] == Sheet((1, None), (None, 2))  # pages 28 and 27 are blanks
    assert sheets[1] == Sheet((3, None), (25, 4))
    assert sheets[-1] == Sheet((13, 16), (15, 14))
    placed = [number for sheet in sheets for number in (*sheet.front, *sheet.back)]
    assert sorted(number for number in placed if number) == list(range(1, 26))
    assert placed.count(None) == 3


def test_signatures_fold_consecutive_pages_together():
    sheets = booklet_sheets(25, right_bound=True, signature=8)
    # 28 pages: signatures of 8, 8, 8 and a last one of 4
    assert sheets[:2] == [Sheet((1, 8), (7, 2)), Sheet((3, 6), (5, 4))]
    assert sheets[2] == Sheet((9, 16), (15, 10))
    assert sheets[4] == Sheet((17, 24), (23, 18))
    assert sheets[6:] == [Sheet((25, None), (None, None))]
    assert booklet_sheets(16, right_bound=False, signature=8)[2] == Sheet((16, 9), (10, 15))


@pytest.mark.parametrize("count", [8, 12, 25])
@pytest.mark.parametrize("right_bound", [True, False])
def test_imposed_pdf_read_back(count, right_bound):
    booklet = impose(numbered_pdf(count), right_bound)
    padded = -(-count // 4) * 4
    assert (booklet.sheet, booklet.sheets, booklet.pages) == ("A4", padded // 4, count)
    document = pdfium.PdfDocument(booklet.pdf)
    assert len(document) == padded // 2  # a front and a back per sheet
    for page in document:
        assert page.get_size() == pytest.approx(A4_LANDSCAPE, abs=0.01)
    expected = [
        (label(left), label(right))
        for sheet in booklet_sheets(count, right_bound)
        for left, right in (sheet.front, sheet.back)
    ]
    assert halves(booklet.pdf) == expected
    # the outside of the first sheet: first page on the side away from the spine
    first, last = ("P1", label(count if count % 4 == 0 else None))
    assert halves(booklet.pdf)[0] == ((first, last) if right_bound else (last, first))


def test_signatures_read_back():
    booklet = impose(numbered_pdf(25), right_bound=True, signature=8)
    assert booklet.sheets == 7
    assert halves(booklet.pdf)[4:6] == [("P9", "P16"), ("P15", "P10")]


def test_pages_are_cut_to_their_trim_and_meet_at_the_fold():
    # A6 pages on A4: the two trims, side by side in the middle, are all that is drawn
    a6 = (105 * MM, 148 * MM)
    sheet = pdfium.PdfDocument(impose(numbered_pdf(4, trim=a6), right_bound=True, sheet="A4").pdf)[0]
    scale = 4
    ink = ImageOps.invert(sheet.render(scale=scale, grayscale=True).to_pil().convert("L")).getbbox()
    width, height = A4_LANDSCAPE
    cells = (width / 2 - a6[0], (height - a6[1]) / 2, width / 2 + a6[0], (height + a6[1]) / 2)
    assert ink == pytest.approx(tuple(round(edge * scale) for edge in cells), abs=1)

    document = pdfium.PdfDocument(impose(numbered_pdf(8), right_bound=True).pdf)
    text = document[0].get_textpage()
    assert text.get_text_range().split() == ["P1", "P8"]
    left_box, right_box = text.get_charbox(0, loose=True), text.get_charbox(text.count_chars() - 2, loose=True)
    # each "P" 20 pt inside its page's trim; the left page ends at the fold, the right one starts there
    assert left_box[0] == pytest.approx(width / 2 - 148 * MM + 20, abs=0.5)
    assert right_box[0] == pytest.approx(width / 2 + 20, abs=0.5)


def test_creep_moves_inner_sheets_toward_the_fold():
    thickness = 0.5
    document = pdfium.PdfDocument(impose(numbered_pdf(16), right_bound=True, creep=thickness).pdf)
    plain = pdfium.PdfDocument(impose(numbered_pdf(16), right_bound=True).pdf)
    for sheet in range(4):
        moved, still = document[2 * sheet].get_textpage(), plain[2 * sheet].get_textpage()
        # the left page moves right, the right page left, by sheet × thickness
        assert moved.get_charbox(0)[0] - still.get_charbox(0)[0] == pytest.approx(sheet * thickness * MM, abs=0.01)
        last = moved.count_chars() - 1
        shift = moved.get_charbox(last)[0] - still.get_charbox(last)[0]
        assert shift == pytest.approx(-sheet * thickness * MM, abs=0.01)


def test_sheet_sizes():
    assert sheet_for((148 * MM, 210 * MM), None)[0] == "A4"
    assert sheet_for((128 * MM, 182 * MM), None)[0] == "B5"
    assert sheet_for((105 * MM, 148 * MM), None)[0] == "A5"
    assert sheet_for((105 * MM, 173 * MM), None)[0] == "B5"
    assert sheet_for((182 * MM, 257 * MM), None)[0] == "B4"
    assert sheet_for((148 * MM, 210 * MM), "A3")[1:] == pytest.approx((420 * MM, 297 * MM))
    with pytest.raises(PublishError, match="the A5 sheet is too small"):
        sheet_for((148 * MM, 210 * MM), "A5")


def book_page_texts(path) -> list[str]:
    # as in test_pdf: pdfium mirrors brackets in a /Direction /R2L document, so read a copy without it
    with pikepdf.open(path) as pdf:
        del pdf.Root.ViewerPreferences.Direction
        copy = io.BytesIO()
        pdf.save(copy)
    return ["".join(page.get_textpage().get_text_range().split()) for page in pdfium.PdfDocument(copy.getvalue())]


def test_booklet_of_the_bundled_book(tmp_path, bundled_dist):
    result = run_publish("booklet", str(MANUSCRIPT), "-o", str(tmp_path), "--signature", "16")
    assert result.returncode == 0, result.stderr
    assert "double-sided, flipping on the SHORT edge" in result.stdout
    assert "every 4 sheets make one signature" in result.stdout
    assert [path.name for path in tmp_path.iterdir()] == ["second-partner-booklet.pdf"]
    pages = book_page_texts(bundled_dist / "second-partner.pdf")
    assert len(pages) == 40
    sides = halves((tmp_path / "second-partner-booklet.pdf").read_bytes())
    expected = [
        (pages[left - 1], pages[right - 1])
        for sheet in booklet_sheets(40, right_bound=True, signature=16)
        for left, right in (sheet.front, sheet.back)
    ]
    assert len(sides) == 20
    assert [("".join(left.split()), "".join(right.split())) for left, right in sides] == expected
    assert "【匿名の声】" in sides[0][0]  # the title page outside, left of the spine


def test_a_sheet_too_small_is_refused_before_anything_is_built(tmp_path):
    result = run_publish("booklet", str(MANUSCRIPT), "-o", str(tmp_path), "--sheet", "a5")
    assert result.returncode == 1
    assert "the A5 sheet is too small for two pages side by side (296 × 210 mm)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not tmp_path.joinpath("second-partner-booklet.pdf").exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--signature", "6"], "a multiple of 4"),
        (["--sheet", "A7"], "unknown sheet 'A7'"),
        (["--creep", "thick"], "paper thickness in mm"),
    ],
)
def test_bad_booklet_options(tmp_path, option, message):
    result = run_publish("booklet", str(MANUSCRIPT), "-o", str(tmp_path), *option)
    assert result.returncode == 2
    assert message in result.stderr
    assert not any(tmp_path.iterdir())
