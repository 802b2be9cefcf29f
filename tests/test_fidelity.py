"""Every sentence of the seed article reaches the EPUB unchanged and in order."""

import re

from conftest import SEED

# Vertical forms the transforms may choose, and the "|" that became a rubric.
_EQUIVALENT = str.maketrans(
    {"？": "?", "！": "!", "：": ":", "〝": '"', "〟": '"', "“": '"', "”": '"', "｜": None, "|": None}
)


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_EQUIVALENT)


def seed_sentences() -> list[str]:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    del lines[2]  # the web page repeats the title as its headline
    lines = [
        line
        for line in lines
        if not re.match(r"\d+\. ", line)  # the numbered contents list: the book makes its own
        and line != "タイトルとURLをコピーしました"
    ]  # the web page's copy button
    sentences = []
    for line in lines:
        line = line.removeprefix("• ")
        sentences += [part for part in re.split(r"(?<=[。！？?!])(?![」』）])", line) if part.strip()]
    return sentences


def test_seed_is_what_we_think():
    sentences = seed_sentences()
    assert sentences[0] == "【匿名の声】セカンドパートナーを求める人たちの本音"
    assert sentences[1] == "結婚後の悩み"
    assert (
        sentences[-1]
        == "否定や肯定の一言で片づけるのではなく、「自分がどう生きたいのか」を考えるきっかけにすることが大切です。"
    )
    assert len(sentences) == 190


def test_every_sentence_in_order(bundled_epub):
    text = normalise(bundled_epub.spine_text())
    position = 0
    for sentence in seed_sentences():
        found = text.find(normalise(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found + len(normalise(sentence))


def test_left_out_parts_are_left_out(bundled_epub):
    assert "タイトルとURLをコピーしました" not in bundled_epub.spine_text()
    # the article's own contents list is gone: each section title stands once in the text pages
    text_pages = "".join(bundled_epub.text(href) for href in bundled_epub.spine_hrefs() if "p-0" in href)
    assert text_pages.count("心の拠り所ができて前向きになれた") == 1
