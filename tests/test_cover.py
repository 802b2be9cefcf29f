"""The generated cover: column breaking and the image itself."""

import io

import pytest
from PIL import Image

from publish.epub.cover import break_columns, render_cover
from publish.jlreq import NOT_AT_LINE_END, NOT_AT_LINE_START


def test_title_breaks_after_its_bracketed_phrase():
    assert break_columns("【匿名の声】セカンドパートナーを求める人たちの本音", 10) == [
        "【匿名の声】",
        "セカンドパートナーを",
        "求める人たちの本音",
    ]


@pytest.mark.parametrize("per_column", range(3, 12))
def test_columns_obey_kinsoku(per_column):
    text = "「なぜ、セカンドパートナーを求めるのか？」――そこにはどんな気持ちや背景があるのか。"
    columns = break_columns(text, per_column)
    assert "".join(columns) == text
    assert all(len(column) <= per_column for column in columns)
    for column in columns[1:]:
        assert column[0] not in NOT_AT_LINE_START, columns
    for column in columns[:-1]:
        assert column[-1] not in NOT_AT_LINE_END, columns


def test_cover_image():
    image = Image.open(io.BytesIO(render_cover("短い題", "分類", "著者名")))
    assert image.format == "JPEG" and image.size == (1600, 2560)
    # ink was laid down: the title is dark on light paper
    darkest, lightest = image.convert("L").getextrema()
    assert darkest < 60 and lightest > 200
