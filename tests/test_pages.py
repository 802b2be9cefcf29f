"""Pagination pieces on their own: headings set in balanced lines."""

from test_compose import units

from publish.pdf.pages import balanced_lines


def test_heading_lines_are_balanced_never_a_lone_character():
    title = "セカンドパートナーを持つことで得られたもの"  # 21 characters in a 20-character measure
    lines = [line.text for line in balanced_lines(units(title), 20)]
    assert "".join(lines) == title and len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) <= 1


def test_a_heading_that_fits_stays_one_line():
    assert [line.text for line in balanced_lines(units("匿名の声"), 20)] == ["匿名の声"]
