"""book.toml: the bundled one loads; every mistake names the file, the line and the fix."""

from pathlib import Path

import pytest
from conftest import MANUSCRIPT, MINIMAL_TOML, ROOT, make_book

from publish.config import load_config
from publish.errors import PublishError
from publish.paper import MM, TRIMS, PageDesign

CHAPTER = "見出し\n======\n\n本文。\n"


def problems(folder: Path) -> list[str]:
    with pytest.raises(PublishError) as caught:
        load_config(folder)
    return [str(problem) for problem in caught.value.problems]


def test_bundled_book_toml():
    config = load_config(MANUSCRIPT)
    assert config.title == "【匿名の声】セカンドパートナーを求める人たちの本音"
    assert config.language == "ja"
    assert config.identifier.startswith("urn:uuid:")
    assert config.vertical and config.writing_mode == "vertical"
    assert config.category == "結婚後の悩み"
    assert config.author is None  # the article names no author
    assert [source.path.name for source in config.sources] == [
        "lead.rst",
        *(f"ch{n:02d}.rst" for n in range(1, 8)),
        "closing.rst",
    ]
    assert [source.part for source in config.sources] == ["front"] + ["chapter"] * 7 + ["back"]


def test_defaults(tmp_path):
    config = load_config(make_book(tmp_path / "mybook", {"ch01.rst": CHAPTER}))
    assert (config.language, config.writing_mode, config.name) == ("ja", "vertical", "mybook")


def test_toml_syntax_error_has_line(tmp_path):
    book = make_book(tmp_path, {"ch01.rst": CHAPTER}, MINIMAL_TOML + 'category = "未完\n')
    [message] = problems(book)
    assert message.startswith(f"{book / 'book.toml'}:4: TOML syntax error")


def test_missing_key(tmp_path):
    toml = MINIMAL_TOML.replace('title = "テストの本"\n', "")
    assert problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml)) == [
        f"{tmp_path / 'book.toml'}: missing key 'title'"
    ]


def test_wrong_type_has_line(tmp_path):
    toml = MINIMAL_TOML + "category = 3\n"
    assert problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml)) == [
        f"{tmp_path / 'book.toml'}:4: 'category' must be a string, not an integer"
    ]


def test_unknown_key_suggests(tmp_path):
    toml = MINIMAL_TOML + 'writing-mode = "vertical"\n'
    assert problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml)) == [
        f"{tmp_path / 'book.toml'}:4: unknown key 'writing-mode' (did you mean 'writing_mode'?)"
    ]


def test_bad_writing_mode(tmp_path):
    toml = MINIMAL_TOML + 'writing_mode = "tate"\n'
    [message] = problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml))
    assert ":4: 'writing_mode' must be 'vertical' or 'horizontal'" in message


def test_bad_identifier(tmp_path):
    toml = MINIMAL_TOML.replace("urn:uuid:12345678-1234-5678-1234-567812345678", "urn:uuid:nope")
    [message] = problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml))
    assert ":2: 'identifier' is not a valid urn:uuid" in message


def test_chapter_missing_names_its_line(tmp_path):
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch02.rst"]')
    assert problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml)) == [
        f"{tmp_path / 'book.toml'}:3: file 'ch02.rst' listed in 'chapters' not found"
    ]


def test_chapter_not_listed(tmp_path):
    book = make_book(tmp_path, {"ch01.rst": CHAPTER, "ch02.rst": CHAPTER})
    assert problems(book) == [
        f"{book / 'ch02.rst'}: chapter file not listed in book.toml (add it to 'chapters', 'front' or 'back')"
    ]


def test_chapter_listed_twice(tmp_path):
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "ch01.rst"]')
    [message] = problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml))
    assert "'ch01.rst' is listed twice" in message


def test_chapter_outside_the_book(tmp_path):
    (tmp_path / "outside.rst").write_text(CHAPTER, encoding="utf-8")
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["ch01.rst", "../outside.rst"]')
    [message] = problems(make_book(tmp_path / "book", {"ch01.rst": CHAPTER}, toml))
    assert "'../outside.rst' must be a path inside the book folder" in message


def test_every_problem_reported_at_once(tmp_path):
    toml = MINIMAL_TOML + 'colour = "red"\nauthor = 1\n'
    assert len(problems(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml))) == 2


def test_missing_book_toml(tmp_path):
    assert problems(tmp_path) == [f"{tmp_path / 'book.toml'}: book.toml not found: every book folder needs one"]


def test_print_defaults_follow_the_trim_and_the_writing_mode(tmp_path):
    a5 = load_config(make_book(tmp_path / "a", {"ch01.rst": CHAPTER})).print
    assert (a5.design.trim, a5.design.font_size, a5.design.characters, a5.design.lines) == ("A5", 9.0, 40, 16)
    assert a5.standard == "PDF/X-4" and a5.output_profile is None
    assert round(a5.design.width / MM) == 148 and round(a5.design.height / MM) == 210
    b6 = load_config(make_book(tmp_path / "b", {"ch01.rst": CHAPTER}, MINIMAL_TOML + '[print]\ntrim = "B6"\n'))
    assert (b6.print.design.characters, b6.print.design.lines) == (36, 14)
    horizontal = MINIMAL_TOML + 'writing_mode = "horizontal"\n[print]\ntrim = "新書"\nfont_size = 8\npdf = "PDF/X-1a"\n'
    shinsho = load_config(make_book(tmp_path / "c", {"ch01.rst": CHAPTER}, horizontal)).print
    assert (shinsho.design.font_size, shinsho.design.characters, shinsho.design.lines) == (8, 26, 22)
    assert round(shinsho.design.width / MM) == 105 and round(shinsho.design.height / MM) == 173
    assert shinsho.standard == "PDF/X-1a"


@pytest.mark.parametrize("vertical", [True, False], ids=["vertical", "horizontal"])
@pytest.mark.parametrize("trim", sorted(TRIMS))
def test_every_trade_grid_fits_with_the_margins_print_shops_ask_for(trim, vertical):
    design = PageDesign.of(trim, vertical)
    assert design.misfit(vertical) is None
    assert min(design.margins(vertical)) >= 10 * MM
    room = design.height if vertical else design.width  # along a line
    wider = PageDesign.of(trim, vertical, characters=int((room - 20 * MM) / design.font_size) + 1)
    assert "does not fit" in wider.misfit(vertical)


def test_bunko_is_the_trade_grid_and_line_gap_sets_the_pitch(tmp_path):
    toml = MINIMAL_TOML + '[print]\ntrim = "文庫"\n'
    bunko = load_config(make_book(tmp_path / "a", {"ch01.rst": CHAPTER}, toml)).print.design
    assert (bunko.font_size, bunko.characters, bunko.lines, bunko.line_gap) == (8.5, 39, 16, 0.75)
    assert bunko.pitch == pytest.approx(8.5 * 1.75)
    gap = load_config(make_book(tmp_path / "b", {"ch01.rst": CHAPTER}, toml + "line_gap = 0.5\n")).print.design
    assert gap.pitch == pytest.approx(8.5 * 1.5)


def test_two_column_formats_take_their_grid_per_column(tmp_path):
    toml = MINIMAL_TOML + '[print]\ntrim = "A5二段組"\n'
    design = load_config(make_book(tmp_path / "a", {"ch01.rst": CHAPTER}, toml)).print.design
    assert (design.columns, design.characters, design.lines, design.block_characters) == (2, 26, 20, 54)
    assert design.block_length == pytest.approx(54 * 9) and design.column_step == pytest.approx(28 * 9)
    assert design.summary(True).startswith("26 characters × 20 lines × 2 columns of 9 pt, line gap 0.75 em")
    one = load_config(make_book(tmp_path / "b", {"ch01.rst": CHAPTER}, MINIMAL_TOML)).print.design
    assert (one.columns, one.block_characters) == (1, one.characters)


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ('trim = "A4"', 5, "'trim' must be one of A5, B6, A6, 文庫, 新書, 四六判, B5, A5二段組, B5二段組, not 'A4'"),
        ("line_gap = 0.25", 5, "'line_gap' must be between 0.5 and 1.5, not 0.25"),
        ("font-size = 9", 5, "unknown key 'font-size' in [print] (did you mean 'font_size'?)"),
        ('characters_per_line = "40"', 5, "'characters_per_line' must be an integer, not a string"),
        ("lines_per_page = true", 5, "'lines_per_page' must be an integer, not a boolean"),
        ("font_size = 40", 5, "'font_size' must be between 5 and 20, not 40"),
        ('pdf = "PDF/A"', 5, "'pdf' must be one of PDF/X-4, PDF/X-1a, not 'PDF/A'"),
        ('output_profile = "ch01.rst"', 5, "'ch01.rst' is not a CMYK output (printer) ICC profile"),
        ('output_profile = "shop.icc"', 5, "file 'shop.icc' listed in 'output_profile' not found"),
        ('body_font = "ch01.rst"', 5, "'ch01.rst' is not an OpenType font (.ttf, .otf, .ttc or .otc)"),
        ('heading_font = "../gothic.ttf"', 5, "'../gothic.ttf' must be a path inside the book folder"),
        (
            'trim = "A6"\ncharacters_per_line = 44',
            6,
            "the text block (44 characters × 16 lines of 8.5 pt, 132 × 82 mm) does not fit the A6 page (105 × 148 mm)",
        ),
        (
            "characters_per_line = 15",
            5,
            "the text block is 15 characters long (15 characters × 16 lines of 9 pt); the contents page needs 20",
        ),
        (
            'trim = "文庫"\nline_gap = 1',
            6,
            "the text block (39 characters × 16 lines of 8.5 pt, 117 × 93 mm) does not fit the 文庫 page",
        ),
    ],
)
def test_print_table_mistakes(tmp_path, table, line, message):
    book = make_book(tmp_path, {"ch01.rst": CHAPTER}, MINIMAL_TOML + f"[print]\n{table}\n")
    [problem] = problems(book)
    assert problem.startswith(f"{book / 'book.toml'}:{line}: {message}")


def test_typesetting_table(tmp_path):
    from publish.bookschema import Typesetting

    toml = MINIMAL_TOML + "[typesetting]\ntcy_digits = 3\nbracket_indent = 0.5\nbracket_rest_indent = 1\n"
    toml += 'note_numbers = "kanji"\nscene_break = "◇"\nnotes = "book"\n'
    config = load_config(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml))
    assert config.typesetting == Typesetting(
        tcy_digits=3, bracket_indent=0.5, bracket_rest_indent=1, note_numbers="kanji", scene_break="◇", notes="book"
    )
    assert config.typesetting.scene_ornament == "◇" and Typesetting().scene_ornament is None
    assert load_config(make_book(tmp_path / "plain", {"ch01.rst": CHAPTER})).typesetting == Typesetting(2, 1.0, 0.0)


def test_colophon_table(tmp_path):
    import datetime

    from publish.bookschema import Colophon

    toml = MINIMAL_TOML + (
        '[colophon]\npublisher = "青空書房"\nprinter = "猫印刷"\ncontact = "https://example.org/"\n'
        'isbn = "978-0-306-40615-7"\nedition = 2\nprintings = [2026-04-01, 2026-06-01]\n'
    )
    config = load_config(make_book(tmp_path, {"ch01.rst": CHAPTER}, toml))
    days = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 1))
    assert config.colophon == Colophon("青空書房", "猫印刷", "https://example.org/", "978-0-306-40615-7", 2, days)


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        ("typesetting", "tcy_digits = 4", "'tcy_digits' must be 0 (no 縦中横 for numbers), 2 or 3 (縦中横 for up to"),
        ("typesetting", 'bracket_indent = "1em"', "'bracket_indent' must be 1, 0.5 or 0 (em before a paragraph that"),
        ("typesetting", "bracket_rest_indent = true", "'bracket_rest_indent' must be 0 or 1 (em before the later"),
        ("typesetting", "bracket-indent = 1", "unknown key 'bracket-indent' in [typesetting] (did you mean"),
        ("typesetting", 'chapter_start = "odd"', "'chapter_start' must be 'recto' (改丁: chapters open on odd pages)"),
        ("typesetting", "chapter_start = 1", "'chapter_start' must be 'recto'"),
        ("colophon", 'isbn = "978-0-306-40615-8"', "'isbn' is not a valid ISBN-13 (978 or 979, 13 digits, a right"),
        ("colophon", 'isbn = "4-10-101003-2"', "'isbn' is not a valid ISBN-13"),
        ("colophon", "edition = 0", "'edition' must be between 1 and 99, not 0"),
        ("colophon", 'edition = "2"', "'edition' must be a whole number (1: 初版), not a string"),
        ("colophon", "printings = [2026-06-01, 2026-04-01]", "'printings' must run from the first printing to"),
        ("colophon", 'printings = ["2026-04-01"]', "'printings' must be a list of dates (YYYY-MM-DD)"),
        ("colophon", 'publisher = " "', "'publisher' must not be empty"),
        ("colophon", 'publisher_name = "x"', "unknown key 'publisher_name' in [colophon] (did you mean 'publisher'?)"),
    ],
)
def test_typesetting_and_colophon_mistakes(tmp_path, table, key, message):
    book = make_book(tmp_path, {"ch01.rst": CHAPTER}, MINIMAL_TOML + f"[{table}]\n{key}\n")
    [problem] = problems(book)
    assert problem.startswith(f"{book / 'book.toml'}:5: {message}")


def test_readme_documents_every_book_toml_key():
    """README's book.toml reference stays true: every key config.py accepts is documented there."""
    from publish.bookschema import COLOPHON_KEYS, KEYS, LIMIT_KEYS, PRINT_KEYS, TYPESETTING_KEYS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = readme[readme.index("## A book folder") : readme.index("## Markup")]
    tables = {key: f"`[{key}]`" for key in ("print", "proofread", "limits", "typesetting", "colophon")}
    missing = [key for key in KEYS if tables.get(key, f"`{key}`") not in reference]
    for table, keys in (("print", PRINT_KEYS), ("typesetting", TYPESETTING_KEYS), ("colophon", COLOPHON_KEYS)):
        block = reference[reference.index(f"[{table}]\n") :]
        block = block[: block.index("```")]
        missing += [f"[{table}] {key}" for key in keys if f"\n{key} = " not in block]
    missing += [f"[limits] {key}" for key in LIMIT_KEYS if f"`{key} = " not in reference]
    assert not missing, missing


def test_parts_open_at_listed_chapters_in_order(tmp_path):
    files = {name: CHAPTER for name in ("a.rst", "b.rst")}
    toml = MINIMAL_TOML.replace('["ch01.rst"]', '["a.rst", "b.rst"]')
    config = load_config(make_book(tmp_path / "ok", files, toml + '[[parts]]\ntitle = "第一部"\nfrom = "b.rst"\n'))
    assert [(source.path.name, source.opens_part) for source in config.sources] == [
        ("a.rst", None),
        ("b.rst", "第一部"),
    ]
    cases = [
        (
            '[[parts]]\ntitle = "第一部"\nfrom = "c.rst"\n',
            "part '第一部' starts from 'c.rst', which 'chapters' does not list",
        ),
        (
            '[[parts]]\ntitle = "一"\nfrom = "b.rst"\n[[parts]]\ntitle = "二"\nfrom = "a.rst"\n',
            "part '二' must start after",
        ),
        ('[[parts]]\ntitle = "一"\n', "each [[parts]] table gives a 'title' and the chapter it starts 'from'"),
    ]
    for number, (parts, message) in enumerate(cases):
        [problem] = problems(make_book(tmp_path / str(number), files, toml + parts))
        assert message in problem, problem
