"""``publish new``: a new book folder that shows every markup and builds at once, clean."""

import tomllib

import pytest
from conftest import NS, Epub, epubcheck, run_publish


@pytest.mark.parametrize("horizontal", [False, True])
def test_new_book_builds_at_once_with_nothing_to_report(tmp_path, horizontal):
    folder = tmp_path / "my-book"
    result = run_publish("new", str(folder), "--title", "はじめての本", *(["--horizontal"] if horizontal else []), "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["book.toml", "ch01.rst", "ch02.rst"]
    config = tomllib.loads((folder / "book.toml").read_text(encoding="utf-8"))
    assert config["title"] == "はじめての本"
    assert config["writing_mode"] == ("horizontal" if horizontal else "vertical")
    assert config["name"] == "my-book"
    assert config["identifier"].startswith("urn:uuid:")
    assert all(config["proofread"].values())  # every rule listed, on

    checked = run_publish("check", str(folder))
    assert (checked.returncode, checked.stdout) == (0, "")  # no problems, no proofreading findings
    assert "no problems found" in checked.stderr

    built = run_publish("build", str(folder), "-o", str(tmp_path / "dist"), "-q")
    assert (built.returncode, built.stderr) == (0, "")
    epub = Epub(tmp_path / "dist" / "my-book.epub")
    assert epubcheck(epub.path) == []
    assert "紫陽花" in epub.spine_text() and "かぎかっこ" in epub.spine_text()
    chapter = epub.xml(epub.spine_hrefs()[3])  # cover, title page, contents, then the chapters
    assert chapter.get("class") == ("hltr" if horizontal else "vrtl")
    markup = {
        "ruby": "//x:ruby/x:rt",
        "縦中横": "//x:span[@class='tcy']",
        "傍点": "//x:em[@class='em-sesame']",
        "rubric": "//x:p[contains(@class, 'rubric')]",
    }
    second = epub.xml(epub.spine_hrefs()[4])
    for name, path in {**markup, "list": "//x:ul/x:li", "quotation": "//x:blockquote/x:p"}.items():
        assert chapter.xpath(path, namespaces=NS) or second.xpath(path, namespaces=NS), name
    assert (tmp_path / "dist" / "my-book.pdf").stat().st_size > 0


def test_default_title_is_the_folder_name_and_a_japanese_folder_gets_a_file_name(tmp_path):
    from publish.new import file_name_of

    assert file_name_of("吾輩は猫である") == "wagahai-ha-neko-dearu" and file_name_of("東京2026") == "toukyou-2026"
    assert file_name_of("？！") == "book"  # nothing to read
    folder = tmp_path / "私の本"
    assert run_publish("new", str(folder), "-q").returncode == 0
    config = tomllib.loads((folder / "book.toml").read_text(encoding="utf-8"))
    assert (config["title"], config["name"]) == ("私の本", "watashi-no-hon")  # read aloud: a file name


def test_title_with_quotes_and_backslashes_survives(tmp_path):
    folder = tmp_path / "book"
    assert run_publish("new", str(folder), "--title", 'A "quoted" \\ title', "-q").returncode == 0
    assert tomllib.loads((folder / "book.toml").read_text(encoding="utf-8"))["title"] == 'A "quoted" \\ title'


def test_an_existing_folder_is_never_touched(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_publish("new", str(folder), "-q")
    assert result.returncode == 1
    assert f"{folder}: already exists" in result.stderr
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


def test_a_title_the_fonts_cannot_set_leaves_nothing_behind(tmp_path):
    result = run_publish("new", str(tmp_path / "book"), "--title", "本😀", "-q")
    assert result.returncode == 1
    assert "cannot make this book" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_folder_here_is_filled(tmp_path):
    folder = tmp_path / "empty-book"
    folder.mkdir()
    result = run_publish("new", ".", "-q", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["book.toml", "ch01.rst", "ch02.rst"]
    config = tomllib.loads((folder / "book.toml").read_text(encoding="utf-8"))
    assert (config["title"], config["name"]) == ("empty-book", "empty-book")
