"""The line composer on its own: kinsoku, hanging, push-out, punctuation spacing, justification."""

import pytest

from publish.jlreq import NOT_AT_LINE_END, NOT_AT_LINE_START
from publish.pdf.compose import Measure, Unit, compose_lines


def units(text: str) -> list[Unit]:
    return [Unit(char, 1.0) for char in text]


def lines_of(text: str, length: float = 10) -> list[str]:
    return [line.text for line in compose_lines(units(text), Measure(length, length))]


def test_full_lines_are_justified_to_the_measure():
    for line in compose_lines(units("あいうえおかきくけこさしすせそたちつてと」なにぬ"), Measure(10, 10)):
        if not line.last:
            body = line.units[:-1] if line.hanging else line.units
            length = sum(unit.set_width for unit in body) + line.gap * (len(body) - 1)
            assert length == pytest.approx(10)


def test_full_stop_hangs_past_the_line_end():
    first = compose_lines(units("あいうえおかきくけこ。さし"), Measure(10, 10))[0]
    assert first.text == "あいうえおかきくけこ。" and first.hanging and first.gap == 0


def test_closing_bracket_is_pushed_out_with_its_neighbour():
    composed = lines_of("あいうえおかきくけこ」さし")
    assert composed[0] == "あいうえおかきくけ" and composed[1].startswith("こ」")


@pytest.mark.parametrize("probe", ["」", "ッ", "ー", "々", "？", "・", "ゃ"])
def test_no_line_starts_with_forbidden_characters(probe):
    for line in lines_of("漢" * 10 + probe + "字" * 25):
        assert line[0] not in NOT_AT_LINE_START


def test_no_line_ends_with_an_opening_bracket():
    for line in lines_of("漢" * 9 + "「字」" + "字" * 20):
        assert line[-1] not in NOT_AT_LINE_END


def test_dashes_and_leaders_never_split():
    text = "漢" * 9 + "――" + "字" * 10
    pieces = [Unit(char, 1.0) for char in "漢" * 9] + [Unit("――", 2.0, "word")] + units("字" * 10)
    lines = compose_lines(pieces, Measure(10, 10))
    assert "".join(line.text for line in lines) == text
    assert all("―" not in line.text or "――" in line.text for line in lines)


def test_punctuation_meeting_punctuation_is_set_closer():
    line = compose_lines(units("あ」「い。」う"), Measure(40, 40))[0]
    widths = [unit.set_width for unit in line.units]
    assert widths == [1.0, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0]  # 」「 and 。」 take one and a half em


def test_first_line_indent_and_last_line_not_justified():
    lines = compose_lines(units("あ" * 25), Measure(9, 10, first_indent=1))
    assert [len(line.units) for line in lines] == [9, 10, 6]
    assert lines[0].indent == 1 and lines[-1].last and lines[-1].gap == 0


def ruby(base: str, reading: str) -> Unit:
    width = max(len(base), len(reading) / 2)
    return Unit(base, width, "ruby", data=((base, reading),), hang=width - len(base))


@pytest.mark.parametrize(
    ("before", "after", "trims"),
    [
        ("の", "の", (0.25, 0.25)),  # kana on both sides: half the excess each
        ("漢", "の", (0.0, 0.5)),  # never over a kanji; the kana side takes it all, up to one ruby character
        ("「", "。", (0.25, 0.25)),  # punctuation may be hung over
        ("漢", "字", (0.0, 0.0)),  # between kanji: the base is spread instead
    ],
)
def test_a_long_reading_hangs_over_kana_and_punctuation(before, after, trims):
    from publish.pdf.compose import hang_ruby

    [_, hung, _] = hang_ruby([Unit(before, 1.0), ruby("東", "ひがし"), Unit(after, 1.0)])
    assert (hung.trim_before, hung.trim_after) == trims


def test_hanging_never_exceeds_one_ruby_character_and_a_line_edge_takes_it_back():
    from publish.pdf.compose import hang_ruby

    [_, hung, _] = hang_ruby([Unit("の", 1.0), ruby("東", "ひがしがわ"), Unit("の", 1.0)])  # 1.5 em too long
    assert (hung.trim_before, hung.trim_after) == (0.5, 0.5)
    [first, second] = compose_lines([*units("あいう"), ruby("東", "ひがし"), *units("のかき")], Measure(5, 5))
    assert first.text == "あいう東の" and second.text == "かき"  # hung over う and の, 東 takes one em
    [_, second] = compose_lines([*units("あいうえ"), ruby("東", "ひがし"), *units("の")], Measure(4, 4))
    assert second.units[0].trim_before == 0.0  # at the head of a line the reading takes its half back: flush


class _Monospaced:
    """A font in which every character takes one em."""

    @staticmethod
    def advance(text: str) -> float:
        return float(len(text))


def jukugo(pairs: str) -> list[Unit]:
    """``京都《きょう|と》`` as the composer gets it: one unit per base character (runs.UnitMaker.ruby)."""
    from publish.pdf.blocks import UnitMaker
    from publish.reader.roles import parse_ruby

    return UnitMaker({"body": _Monospaced()}).ruby(parse_ruby(pairs))


def test_a_compound_reading_hangs_over_the_free_side_of_its_neighbour_then_over_kana():
    """JLReq 3.3.6: きょう over 京 (half an em too long) takes the free quarter em beside と over 都, and the
    other quarter over the kana before the word; 都 keeps its cell, its reading centred."""
    from publish.pdf.compose import hang_ruby

    kyo, to = jukugo("京都《きょう|と》")
    assert (kyo.width, kyo.trim_before, kyo.trim_after, kyo.hang) == (1.5, 0.0, 0.25, 0.25)
    assert (to.width, to.trim_before, to.trim_after, to.hang) == (1.0, 0.0, 0.0, 0.0)
    [_, kyo, to, _] = hang_ruby([Unit("の", 1.0), kyo, to, Unit("へ", 1.0)])
    assert (kyo.trim_before, kyo.trim_after, kyo.set_width, to.set_width) == (0.25, 0.25, 1.0, 1.0)
    # both readings long (とう, きょう): nothing free inside the word, so only the word's ends may hang
    to, kyo = jukugo("東京《とう|きょう》")
    assert (to.trim_after, kyo.trim_before, kyo.hang) == (0.0, 0.0, 0.5)


def test_a_line_may_break_inside_a_compound_and_its_edge_takes_the_hung_part_back():
    # ー may not start a line, so 都 goes with it and the line breaks between 京 and 都
    [first, second] = compose_lines([*units("あ"), *jukugo("京都《きょう|と》"), *units("ー")], Measure(3, 3))
    assert first.text == "あ京" and second.text == "都ー"
    assert first.units[-1].trim_after == 0.0  # at the line end きょう no longer hangs over 都: its base spreads
    assert first.units[-1].trim_before == 0.25  # and still over あ
    assert sum(unit.set_width for unit in first.units) + first.gap == pytest.approx(3)


def test_western_words_keep_a_quarter_em_from_japanese_but_not_at_a_line_edge_nor_beside_punctuation():
    """JLReq Appendix C (四分アキ): や SNS の, but 。SNS and ――, and nothing at a line's start or end."""

    def word(text: str) -> Unit:
        return Unit(text, len(text) / 2, "word")

    line = compose_lines([Unit("や", 1.0), word("SNS"), Unit("の", 1.0)], Measure(10, 10))[0]
    sns = line.units[1]
    assert (sns.trim_before, sns.trim_after) == (-0.25, -0.25) and sns.set_width == pytest.approx(2.0)
    dashed = compose_lines([Unit("。", 1.0), word("SNS"), word("――"), Unit("と", 1.0)], Measure(10, 10))[0]
    assert [(unit.trim_before, unit.trim_after) for unit in dashed.units[1:3]] == [(0.0, 0.0), (0.0, 0.0)]
    # a full line: the word that starts the next line keeps no space before it, the one that ends a line none after
    [first, second] = compose_lines([*units("漢字漢字漢字漢字漢"), word("AB"), Unit("字", 1.0)], Measure(10, 10))
    assert first.text == "漢字漢字漢字漢字漢" and second.units[0].trim_before == 0.0
    assert second.units[0].trim_after == -0.25
    ends = compose_lines([*units("漢字漢字漢字漢字"), word("AB"), Unit("字", 1.0)], Measure(9.25, 9.25))[0]
    assert ends.text == "漢字漢字漢字漢字AB" and ends.units[-1].trim_before == -0.25 and ends.units[-1].trim_after == 0
