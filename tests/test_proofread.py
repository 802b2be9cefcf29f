"""Japanese proofreading: every rule on a text it must flag and one it must leave alone, places, and the CLI."""

import json
from pathlib import Path

import pytest
from conftest import MINIMAL_TOML, make_book, run_publish

from publish.proofread import RULES, proofread
from publish.reader import read_document
from publish.reader.roles import register_roles


@pytest.fixture(autouse=True)
def roles():
    register_roles()


def findings(tmp_path: Path, text: str, disabled: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    path = tmp_path / "ch01.rst"
    path.write_text(text, encoding="utf-8")
    return [
        (finding.line, finding.column, finding.rule)
        for finding in proofread([(path, read_document(path, vertical=False), text)], disabled)
    ]


# rule → (text it flags, (line, column) of the finding, a text it leaves alone)
CASES = {
    "halfwidth-katakana": ("これはﾃｽﾄです。", (1, 4), "これはテストです。"),
    "mixed-marks": ("本当!嘘？　そう。", (1, 3), "本当！　嘘？　そう!?　なぜ!!"),
    "ascii-brackets": ('彼は"はい"と言った。', (1, 3), '彼は「はい」と言った。Say "hello" (twice).'),
    "unbalanced-brackets": ("「はい」と『言った。", (1, 6), "「はい」と『言った』（本当に）。"),
    "doubled-punctuation": ("そう、、思った。。", (1, 3), "そう、思った。"),
    "period-after-mark": ("本当？。", (1, 4), "本当？"),
    "period-before-bracket": ("「はい。」と言う。", (1, 4), "「はい」と言う。"),
    "ellipsis": ("待って・・・まだ。", (1, 4), "待って……まだ。Wait... yes."),
    "dash": ("東京ーー大阪。", (1, 3), "セーター――スーーーと言う"),
    "space-between-japanese": ("日本 語です。", (1, 3), "日本語です。Two words."),
    "space-after-mark": ("本当？次へ。", (1, 4), "本当？　次へ。「本当？」と。"),
}


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", CASES)
def test_rule_flags_the_slip(tmp_path, rule):
    text, place, _ = CASES[rule]
    assert (*place, rule) in findings(tmp_path, text + "\n")


@pytest.mark.parametrize("rule", CASES)
def test_rule_leaves_good_text_alone(tmp_path, rule):
    _, _, good = CASES[rule]
    assert findings(tmp_path, good + "\n") == []


@pytest.mark.parametrize("rule", CASES)
def test_rule_can_be_turned_off(tmp_path, rule):
    text, _, _ = CASES[rule]
    assert rule not in {found[2] for found in findings(tmp_path, text + "\n", frozenset({rule}))}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ﾃｽﾄ", "'ﾃｽﾄ': write 'テスト'"),  # the fix, from NFKC
        ("そう...", "'...': write the ellipsis '……'"),
        ("そう…", "'…': the ellipsis is two characters, '……'"),
        ("そう―", "'―': the dash is two characters, '――'"),
        ("はい— そう", "'—' used as a dash"),
        ("そう-", "'-' used as a dash"),
        ("漢ーー字", "'ーー' is the long-vowel mark, not a dash"),  # after a kanji: a dash
        ("本当！ 次", "a half-width space after '！': write one full-width space"),
        ("『はい」", "'」' closes '『' (line 1): expected '』'"),
        ("はい」", "'」' closes nothing"),
    ],
)
def test_messages_say_what_to_write(tmp_path, text, found):
    path = tmp_path / "ch01.rst"
    path.write_text(text + "\n", encoding="utf-8")
    messages = [item.message for item in proofread([(path, read_document(path, vertical=False), text + "\n")])]
    assert any(found in message for message in messages), messages


def test_long_vowels_are_not_dashes(tmp_path):
    assert findings(tmp_path, "コーヒーとすごーい話とウーーン。\n") == []


def test_places_survive_markup_indentation_and_line_breaks(tmp_path):
    text = (
        "見出し ですね\n"  # a title: reported at its own line, not its underline's
        "==============\n"
        "\n"
        ".. rubric:: まとめ。。\n"
        "\n"
        ":ruby:`東京《とう|きょう》`は\n"
        "*強調* の:tcy:`12`ﾃｽﾄ、、\n"
        "\n"
        "- 項目\\*の 中\n"
        "\n"
        "    引用です…\n"
    )
    assert findings(tmp_path, text) == [
        (1, 4, "space-between-japanese"),
        (4, 16, "doubled-punctuation"),
        (7, 5, "space-between-japanese"),
        (7, 16, "halfwidth-katakana"),
        (7, 19, "doubled-punctuation"),
        (9, 8, "space-between-japanese"),
        (11, 9, "ellipsis"),
    ]


def test_code_and_upright_text_are_not_proofread(tmp_path):
    text = "関数は ``f(x)...`` です。:tcy:`!?`　とﾃｽﾄ\n\n::\n\n    ｺｰﾄﾞ・・・\n"
    assert findings(tmp_path, text) == [(1, 31, "halfwidth-katakana")]


def test_mixed_marks_reports_the_rarer_width_across_files(tmp_path):
    first, second = tmp_path / "ch01.rst", tmp_path / "ch02.rst"
    first.write_text("本当？　そう！\n", encoding="utf-8")
    second.write_text("いいえ!\n", encoding="utf-8")
    files = [(path, read_document(path, vertical=False), path.read_text()) for path in (first, second)]
    assert [(item.path, item.line, item.column, item.rule) for item in proofread(files)] == [
        (second, 1, 4, "mixed-marks")
    ]


BOOK_TOML = MINIMAL_TOML + "\n[proofread]\nellipsis = false\n"


def test_check_reports_file_line_column_and_exits_1(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": "題\n==\n\nﾃｽﾄです・・・\n"})
    result = run_publish("check", str(book), "-q")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{book}/ch01.rst:4:1: halfwidth-katakana: half-width 'ﾃｽﾄ': write 'テスト'",
        f"{book}/ch01.rst:4:6: ellipsis: '・・・': write the ellipsis '……'",
    ]
    assert "2 proofreading findings" in result.stderr


def test_check_json_for_editors_and_rules_off_in_book_toml(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": "題\n==\n\nﾃｽﾄです・・・\n"}, BOOK_TOML)
    result = run_publish("check", str(book), "-q", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "file": f"{book}/ch01.rst",
            "line": 4,
            "column": 1,
            "rule": "halfwidth-katakana",
            "message": "half-width 'ﾃｽﾄ': write 'テスト'",
        }
    ]


def test_check_json_carries_build_problems_too(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": "題\n==\n\n:nosuchrole:`x`\n"})
    result = run_publish("check", str(book), "-q", "--format", "json")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert problem["file"] == f"{book}/ch01.rst" and problem["line"] == 4 and problem["rule"] == "error"


def test_clean_book_passes(tmp_path):
    book = make_book(tmp_path / "book", {"ch01.rst": "題\n==\n\n本当？　はい。「そう」……――\n"})
    result = run_publish("check", str(book), "-q")
    assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("elipsis = false", "unknown proofreading rule 'elipsis' in [proofread] (did you mean 'ellipsis'?)"),
        ('dash = "no"', "'dash' must be true (check) or false (do not check), not a string"),
    ],
)
def test_bad_proofread_table(tmp_path, table, message):
    book = make_book(tmp_path / "book", {"ch01.rst": "題\n==\n\n本文。\n"}, MINIMAL_TOML + f"\n[proofread]\n{table}\n")
    result = run_publish("check", str(book), "-q")
    assert result.returncode == 1
    assert f"{book}/book.toml:6: {message}" in result.stderr
