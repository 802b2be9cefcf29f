"""Proof pictures: spreads in reading order, read back from the PNG pixels."""

from __future__ import annotations

import io

import pytest
from conftest import MANUSCRIPT, run_publish
from PIL import Image
from test_impose import numbered_pdf

from publish.proof import (
    BACKGROUND,
    FOLD,
    GAP,
    HEADER,
    LABEL,
    PAGE_HEIGHT,
    ROWS_PER_IMAGE,
    SPREADS_PER_ROW,
    book_spreads,
    proof_images,
)


def test_spreads_of_both_bindings():
    # right-bound: odd pages on the left; the first and (even) last page face nothing
    assert book_spreads(8, right_bound=True) == [(1, None), (3, 2), (5, 4), (7, 6), (None, 8)]
    assert book_spreads(8, right_bound=False) == [(None, 1), (2, 3), (4, 5), (6, 7), (8, None)]
    assert book_spreads(7, right_bound=True) == [(1, None), (3, 2), (5, 4), (7, 6)]


def page_runs(image: Image.Image, y: int) -> list[tuple[int, int]]:
    """(start, end) of every stretch of page along the pixel row ``y``: pages are what is not background."""
    runs, start = [], None
    for x in range(image.width + 1):
        on_page = x < image.width and image.getpixel((x, y)) != BACKGROUND
        if on_page and start is None:
            start = x
        elif not on_page and start is not None:
            runs.append((start, x))
            start = None
    return runs


def spreads_in_rows(image: Image.Image) -> list[list[tuple[int, int]]]:
    """Per row of the picture, the spreads (start, end) left to right, read just under the top of the pages."""
    rows = []
    for top in range(HEADER, image.height, PAGE_HEIGHT + LABEL + GAP):
        spreads = page_runs(image, top + 2)
        if spreads:
            rows.append(spreads)
    return rows


def test_proof_of_the_bundled_book(tmp_path):
    (tmp_path / "second-partner-proof-3.png").write_bytes(b"from a longer version of the book")
    (tmp_path / "second-partner-proof-notes.png").write_bytes(b"the author's own file")
    result = run_publish("proof", str(MANUSCRIPT), "-o", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr
    # one picture now: the stale numbered one is gone, the author's file stays
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "second-partner-proof-notes.png",
        "second-partner-proof.png",
    ]
    image = Image.open(tmp_path / "second-partner-proof.png")
    page_width = round(148 / 210 * PAGE_HEIGHT)
    spread_width = 2 * page_width
    # 40 pages: 1 alone, 19 spreads, 40 alone = 21 spreads in 6 rows of at most 4
    assert image.size == (GAP + SPREADS_PER_ROW * (spread_width + GAP), HEADER + 6 * (PAGE_HEIGHT + LABEL + GAP))
    rows = spreads_in_rows(image)
    assert [len(row) for row in rows] == [4, 4, 4, 4, 4, 1]
    right_cell = GAP + 3 * (spread_width + GAP)
    # reading from the right: page 1 alone in the rightmost cell, on its left half
    assert rows[0][-1] == (right_cell, right_cell + page_width)
    # the other spreads of the row are two pages meeting at a fold line
    starts = [GAP + cell * (spread_width + GAP) for cell in range(3)]
    assert rows[0][:3] == [(start, start + spread_width) for start in starts]
    assert image.getpixel((GAP + page_width, HEADER + PAGE_HEIGHT // 2)) == FOLD
    # page 40 alone, on the right half of the rightmost cell of the last row
    assert rows[-1] == [(right_cell + page_width, right_cell + spread_width)]


def test_long_books_get_several_pictures_and_left_bound_books_read_from_the_left():
    images = [Image.open(io.BytesIO(png)) for png in proof_images(numbered_pdf(100), right_bound=False)]
    per_image = SPREADS_PER_ROW * ROWS_PER_IMAGE
    # 100 pages: 51 spreads → 24 + 24 + 3
    assert len(images) == 3
    counts = [sum(len(row) for row in spreads_in_rows(image)) for image in images]
    assert counts == [per_image, per_image, 3]
    page_width = round(148 / 210 * PAGE_HEIGHT)
    # the first spread is page 1 alone on the right half of the leftmost cell
    assert spreads_in_rows(images[0])[0][0] == (GAP + page_width, GAP + 2 * page_width)
    assert images[2].size == (GAP + 3 * (2 * page_width + GAP), HEADER + PAGE_HEIGHT + LABEL + GAP)


@pytest.mark.parametrize("right_bound", [True, False])
def test_each_page_is_drawn_in_its_place(right_bound):
    # page n says "Pn" near its top left: its ink must be in the page's own cell
    image = Image.open(io.BytesIO(proof_images(numbered_pdf(6), right_bound)[0]))
    page_width = round(148 / 210 * PAGE_HEIGHT)
    spreads = book_spreads(6, right_bound)
    for index, (left, right) in enumerate(spreads):
        cell = index if not right_bound else len(spreads) - 1 - index
        x = GAP + cell * (2 * page_width + GAP)
        for number, page_x in ((left, x), (right, x + page_width)):
            box = (page_x, HEADER, page_x + page_width, HEADER + PAGE_HEIGHT)
            dark = sum(image.crop(box).histogram()[:100])
            assert (dark > 0) == (number is not None), (number, box)
