"""Where headings and titles may break: between BudouX's phrases, never inside brackets."""

from publish.phrases import phrase_breaks


def test_breaks_between_phrases_outside_brackets():
    # BudouX: 匿名の|声から|見える|「求める|理由」 — the break inside 「」 goes
    assert phrase_breaks("匿名の声から見える「求める理由」") == {3, 6, 9}
    assert phrase_breaks("セカンドパートナーを持つことで得られたもの") == {10, 12, 15, 19}
    assert phrase_breaks("「セカンドパートナー」とは？") == frozenset()
    assert phrase_breaks("一") == frozenset()


def test_nested_and_unclosed_brackets_keep_their_inside_together():
    text = "彼は『猫の「名前」はまだ無い』と言った"
    inside = range(text.index("『") + 1, text.index("』") + 1)
    assert not phrase_breaks(text) & set(inside) and phrase_breaks(text)
    assert not phrase_breaks("「閉じない括弧の中の長い言葉です")
