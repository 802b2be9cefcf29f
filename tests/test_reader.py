"""The reader: roles, Japanese transforms and structure rules, on small documents."""

from pathlib import Path

import pytest
from conftest import MINIMAL_TOML, make_book
from docutils import nodes

from publish.config import load_config
from publish.errors import PublishError
from publish.reader import read_book, read_document
from publish.reader.roles import bouten, parse_ruby, register_roles, ruby, tcy


@pytest.fixture(autouse=True)
def roles():
    register_roles()


def read(tmp_path: Path, text: str, vertical: bool = True) -> nodes.document:
    path = tmp_path / "ch01.rst"
    path.write_text(text, encoding="utf-8")
    return read_document(path, vertical=vertical)


def problems(tmp_path: Path, text: str, toml: str = MINIMAL_TOML) -> list[str]:
    book = make_book(tmp_path, {"ch01.rst": text}, toml)
    with pytest.raises(PublishError) as caught:
        read_book(load_config(book))
    return [str(problem).replace(f"{book}/", "") for problem in caught.value.problems]


def paragraph(document: nodes.document) -> nodes.paragraph:
    return next(document.findall(nodes.paragraph))


# --- roles ------------------------------------------------------------------


def test_group_ruby():
    assert parse_ruby("紫陽花《あじさい》") == [("紫陽花", "あじさい")]


def test_mono_ruby():
    assert parse_ruby("東京《とう|きょう》") == [("東", "とう"), ("京", "きょう")]
    assert parse_ruby("東京《とう｜きょう》") == [("東", "とう"), ("京", "きょう")]


@pytest.mark.parametrize(
    "text", ["漢字", "漢字《》", "《かんじ》", "漢字《かん》じ", "東京《と|う|きょう》", "東京《とう|》"]
)
def test_bad_ruby(text):
    with pytest.raises(ValueError):
        parse_ruby(text)


def test_roles_make_nodes_inside_japanese_text(tmp_path):
    document = read(tmp_path, "これは:ruby:`漢字《かんじ》`と:tcy:`AB`と:bouten:`傍点`です。\n")
    para = paragraph(document)
    assert [type(child) for child in para.children] == [
        nodes.Text,
        ruby,
        nodes.Text,
        tcy,
        nodes.Text,
        bouten,
        nodes.Text,
    ]
    assert para.astext() == "これは漢字とABと傍点です。"
    assert next(para.findall(ruby))["pairs"] == [("漢字", "かんじ")]


def test_bad_role_content_is_an_error_with_line(tmp_path):
    assert problems(tmp_path, "見出し\n======\n\n本文\n:ruby:`漢字(かんじ)`。\n") == [
        "ch01.rst:4: ruby must be written 'base《reading》', not '漢字(かんじ)'"
    ]


def test_tcy_too_long(tmp_path):
    [message] = problems(tmp_path, "見出し\n======\n\n:tcy:`2025`年\n")
    assert message == "ch01.rst:4: 縦中横 takes 1 to 3 half-width characters, not '2025'"


def test_two_roles_side_by_side_say_how_to_write_them(tmp_path):
    [message] = problems(tmp_path, "見出し\n======\n\n:ruby:`漢《かん》`:ruby:`字《じ》`\n")
    assert message.startswith("ch01.rst:4: Multiple roles in interpreted text")
    assert message.endswith("need a backslash and a space between them: :ruby:`…`\\ :ruby:`…`")
    written = "見出し\n======\n\n:ruby:`漢《かん》`\\ :ruby:`字《じ》`\n"
    [chapter] = read_book(load_config(make_book(tmp_path / "ok", {"ch01.rst": written}))).chapters
    assert [node["pairs"] for node in chapter.document.findall(ruby)] == [[("漢", "かん")], [("字", "じ")]]


def test_unknown_role_and_directive(tmp_path):
    found = problems(tmp_path, "見出し\n======\n\n:kenten:`強調`\n\n.. warning-box:: x\n")
    assert any(message.startswith('ch01.rst:4: Unknown interpreted text role "kenten"') for message in found)
    assert any(message.startswith('ch01.rst:6: Unknown directive type "warning-box"') for message in found)


def test_bad_title_underline(tmp_path):
    [message] = problems(tmp_path, "見出し\n=====\n\n本文。\n")
    assert message.startswith("ch01.rst:2: Title underline too short")


def test_title_underline_so_short_it_is_text(tmp_path):
    found = problems(tmp_path, "見出し\n==\n\n本文。\n")
    assert found[0].startswith("ch01.rst:2: Possible title underline, too short for the title")


# --- transforms ---------------------------------------------------------------


def test_line_breaks_inside_japanese_paragraph_vanish(tmp_path):
    document = read(tmp_path, "日本語の\n文章です。English\nwords here.\n")
    assert paragraph(document).astext() == "日本語の文章です。English words here."


def test_one_character_lines_join_too(tmp_path):
    assert paragraph(read(tmp_path, "縦\n書\nき\nand\nso\n")).astext() == "縦書きand so"


def test_line_breaks_next_to_inline_markup_vanish_too(tmp_path):
    text = "これは\n:ruby:`東京《とう|きょう》`です\n*強調*\nと。English\n*words*\n"
    assert paragraph(read(tmp_path, text)).astext() == "これは東京です強調と。English words"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("40代の女性", ["40"]),
        ("第1章と第12章", ["1", "12"]),
        ("2025年", []),  # never 3 or more digits
        ("100円", []),
        ("MP3とA4", []),  # part of a Latin word
        ("3.14と1,000", []),
        ("本当!?すごい!!", ["!?", "!!"]),
        ("えっ!!!", []),
    ],
)
def test_auto_tcy(tmp_path, text, runs):
    document = read(tmp_path, text + "\n")
    assert [node.astext() for node in document.findall(tcy)] == runs
    assert paragraph(document).astext() == text.replace("!!!", "！！！")


def test_no_auto_tcy_in_horizontal_books(tmp_path):
    document = read(tmp_path, "40代の女性?\n", vertical=False)
    assert not list(document.findall(tcy))
    assert paragraph(document).astext() == "40代の女性?"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("求めるのか?", "求めるのか？"),
        ("浮気:恋愛", "浮気：恋愛"),
        ("本当に!", "本当に！"),
        ("体験談\\|まとめ", "体験談｜まとめ"),
        ("近年は “セカンドパートナー” という言葉", "近年は〝セカンドパートナー〟という言葉"),
        ('彼は "本音" を語る', "彼は〝本音〟を語る"),
        ("English? Yes: “quoted” words!", "English? Yes: “quoted” words!"),
        ("本当!12回", "本当！12回"),  # a mark before an automatic 縦中横 is judged by the run's first character
    ],
)
def test_vertical_punctuation(tmp_path, text, expected):
    assert paragraph(read(tmp_path, text + "\n")).astext() == expected


def test_code_is_left_alone(tmp_path):
    document = read(tmp_path, "コード``a?b 12``です\n")
    assert next(document.findall(nodes.literal)).astext() == "a?b 12"


def test_chapter_rubric_moves_into_the_chapter(tmp_path):
    document = read(tmp_path, ".. rubric:: 体験談\n\n本題\n====\n\n本文。\n")
    section = document[0]
    assert isinstance(section, nodes.section)
    assert section[0].astext() == "本題"
    assert isinstance(section[1], nodes.rubric) and "chapter-rubric" in section[1]["classes"]


def test_section_ids(tmp_path):
    document = read(tmp_path, "章\n==\n\n節一\n----\n\n本文。\n\n節二\n----\n\n本文。\n")
    assert [section["ids"] for section in document.findall(nodes.section)] == [["chapter"], ["s1"], ["s2"]]


# --- structure ------------------------------------------------------------------


def test_chapter_without_title(tmp_path):
    assert problems(tmp_path, "本文だけ。\n") == [
        "ch01.rst:1: chapter without a title: a chapter file starts with its title"
    ]


STRUCTURE_ERRORS = {
    "two titles": ("章一\n====\n\n本文。\n\n章二\n====\n\n本文。\n", "ch01.rst:7: a second top-level title"),
    "text before title": ("前置き。\n\n章\n==\n\n本文。\n", "ch01.rst:1: text before the chapter title"),
    "empty chapter": (".. just a comment\n", "ch01.rst: the file has no text"),
    "rubric followed by nothing": (
        "章\n==\n\n本文。\n\n.. rubric:: 宙に浮く\n",
        "ch01.rst:6: a rubric must be followed by the text it labels",
    ),
    "rubric before a section title": (
        "章\n==\n\n本文。\n\n.. rubric:: 見出しの前\n\n節\n--\n\n本文。\n",
        "ch01.rst:6: a rubric must be followed by the text it labels",
    ),
    "rubric inside a list": (
        "章\n==\n\n- 項目\n\n  .. rubric:: 中\n\n  本文。\n",
        "ch01.rst:6: a rubric must stand at the top level of a chapter or a section, not inside",
    ),
}


@pytest.mark.parametrize("case", sorted(STRUCTURE_ERRORS))
def test_structure_errors(tmp_path, case):
    text, expected = STRUCTURE_ERRORS[case]
    [message] = problems(tmp_path, text)
    assert message.startswith(expected)


def test_front_matter_may_be_untitled(tmp_path):
    toml = MINIMAL_TOML + 'front = ["lead.rst"]\n'
    book = make_book(
        tmp_path, {"ch01.rst": "章\n==\n\n本文。\n", "lead.rst": ".. title:: はじめに\n\n前書き。\n"}, toml
    )
    lead, chapter = read_book(load_config(book)).chapters
    assert lead.title == "はじめに" and lead.section is None
    assert chapter.title == "章"


def test_bundled_book_structure(bundled_book):
    chapters = [chapter for chapter in bundled_book.chapters if chapter.source.part == "chapter"]
    assert len(chapters) == 7
    for chapter in chapters:
        entry = chapter.toc()
        assert len(entry.children) == 3, chapter.title
        assert all(not child.children for child in entry.children)
    assert [chapter.rubric for chapter in chapters] == [None, None, "体験談", None, None, None, "まとめ"]
    assert chapters[2].title == "セカンドパートナーを持つことで得られたもの"
    lead, closing = bundled_book.chapters[0], bundled_book.chapters[-1]
    assert lead.title == "はじめに" and closing.toc() is None
    assert closing.document[0].astext() == "まとめ" and isinstance(closing.document[0], nodes.rubric)


def test_the_memo_keeps_a_chapters_tree_until_it_or_a_file_it_read_changes(tmp_path):
    """publish preview's memo (reader/memo.py): a save re-reads the chapter that changed, and a chapter whose
    picture or included file changed — read again through the gate, which still refuses a link out."""
    from PIL import Image

    from publish.reader.memo import DocumentMemo

    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]') + "file_insertion_enabled = true\n"
    files = {
        "ch01.rst": "一章\n====\n\n.. image:: p.png\n   :alt: 絵\n",
        "ch02.rst": "二章\n====\n\n.. include:: part.txt\n",
        "part.txt": "差し込み。\n",
    }
    book = make_book(tmp_path / "book", files, toml)
    Image.new("L", (20, 20), 0).save(book / "p.png")
    memo = DocumentMemo()

    def trees() -> list:
        return [chapter.document for chapter in read_book(load_config(book), memo).chapters]

    first = trees()
    assert [a is b for a, b in zip(first, trees(), strict=True)] == [True, True]  # nothing changed
    (book / "ch01.rst").write_text("一章\n====\n\n.. image:: p.png\n   :alt: 絵だ\n", encoding="utf-8")
    second = trees()
    assert second[0] is not first[0] and second[1] is first[1]
    Image.new("L", (20, 20), 255).save(book / "p.png")  # the same name, another picture
    third = trees()
    digests = [next(tree.findall(nodes.image))["digest"] for tree in (second[0], third[0])]
    assert third[0] is not second[0] and digests[0] != digests[1]
    assert third[1] is first[1]
    (book / "part.txt").unlink()
    (book / "part.txt").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "outside.txt").write_text("外の秘密。\n", encoding="utf-8")
    with pytest.raises(PublishError) as refused:
        trees()
    [problem] = refused.value.problems
    assert "ch02.rst" in str(problem) and "outside the book" in str(problem) and "秘密" not in str(problem)
