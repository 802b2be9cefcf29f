"""``publish preview``: the server's builds, and the pages in a real browser (headless Chromium) end to end."""

import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from browser import CHROMIUM, Browser, required
from conftest import ROOT, run_publish

from publish.preview import BookState, watched_files
from publish.report import Reporter


@pytest.fixture
def book(tmp_path) -> Path:
    folder = tmp_path / "book"
    assert run_publish("new", str(folder), "--title", "試しの本", "-q").returncode == 0
    return folder


def test_a_failed_build_keeps_the_last_good_epub(book):
    state = BookState(Reporter(quiet=True))
    state.rebuild(book)
    assert (state.build, state.good, state.problems, state.vertical) == (1, 1, [], True)
    assert state.spine[0]["href"].endswith("p-cover.xhtml") and len(state.spine) == 6
    good = state.files
    chapter = book / "ch01.rst"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\n:nosuchrole:`x`\n", encoding="utf-8")
    state.rebuild(book)
    assert (state.build, state.good, state.files) == (2, 1, good)
    line = len(text.splitlines()) + 2
    assert state.problems == [f'{chapter}:{line}: Unknown interpreted text role "nosuchrole".']


def test_a_rebuild_writes_again_only_the_chapter_that_changed(book, monkeypatch):
    """The preview's trees of unchanged chapters are kept (reader/memo.py), and so is their XHTML: a save writes
    the saved chapter's page again, not the book's; the EPUB is the one a fresh build makes."""
    from publish import html

    written = []
    translate = html.XhtmlTranslator.body
    monkeypatch.setattr(html.XhtmlTranslator, "body", lambda self: written.append(self.source) or translate(self))
    state = BookState(Reporter(quiet=True))
    state.rebuild(book)
    assert sorted(path.name for path in written) == ["ch01.rst", "ch02.rst"]
    chapter = book / "ch02.rst"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n追記の段落です。\n", encoding="utf-8")
    written.clear()
    state.rebuild(book)
    assert [path.name for path in written] == ["ch02.rst"] and state.good == 2
    fresh = BookState(Reporter(quiet=True))
    fresh.rebuild(book)
    assert state.files == fresh.files


def test_the_trees_a_save_replaced_are_collected_when_the_author_pauses(book):
    """Between saves the kept trees are frozen out of the automatic collections (they made one save in five
    slow); a pause collects the ones that were replaced all the same."""
    import gc
    import weakref

    from publish.preview import collect_garbage

    state = BookState(Reporter(quiet=True))
    state.rebuild(book)
    chapter = book / "ch02.rst"
    first = weakref.ref(state.documents._kept[chapter][1])
    try:
        collect_garbage()
        assert gc.get_freeze_count() > 0
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n追記の段落です。\n", encoding="utf-8")
        state.rebuild(book)
        assert first() is not None and first() is not state.documents._kept[chapter][1]  # replaced, still frozen
        collect_garbage()
        assert first() is None
    finally:
        gc.unfreeze()


def test_the_server_gives_each_page_the_reader_fonts_and_lets_the_browser_keep_it(preview):
    """A document is served with the @font-face rules of the fonts the book's CSS asks for, so they load with
    it; its address carries its key, so the browser may keep it."""
    item = json.loads(preview.get("/state"))["spine"][3]
    with urllib.request.urlopen(f"{preview.url.rstrip('/')}/book/{item['key']}/{item['href']}", timeout=10) as response:
        page = response.read().decode()
        assert "max-age" in response.headers["Cache-Control"]
    assert '@font-face { font-family: "BIZ UDMincho"; src: url(/fonts/mincho.ttf); }' in page
    assert page.index("</style></head>") > page.index('<link rel="stylesheet"')  # after the book's own CSS


def test_watched_files_cover_the_book_and_styles_but_not_outputs(book):
    (book / "old.pdf").write_bytes(b"%PDF")
    (book / ".hidden").write_text("x")
    watched = watched_files(book)
    assert book / "ch01.rst" in watched and book / "book.toml" in watched
    assert any(path.name == "book.css" for path in watched)
    assert book / "old.pdf" not in watched and book / ".hidden" not in watched


def test_a_busy_port_and_a_folder_that_is_no_book_are_refused(tmp_path, book):
    with subprocess.Popen([sys.executable, "-c", "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', 0));"
                           "s.listen(); print(s.getsockname()[1], flush=True); time.sleep(60)"],
                          stdout=subprocess.PIPE, text=True) as holder:  # fmt: skip
        port = holder.stdout.readline().strip()
        result = run_publish("preview", str(book), "--port", port, "-q")
        holder.kill()
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
    result = run_publish("preview", str(tmp_path), "-q")
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1,
        f"{tmp_path}/book.toml: book.toml not found: every book folder needs one",
    )


class Preview:
    """``publish preview`` running on a free port, as an author starts it."""

    def __init__(self, book: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "publish", "preview", str(book), "--port", "0"],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        timer = threading.Timer(60, self.process.kill)
        timer.start()
        line = self.process.stdout.readline()
        timer.cancel()
        self.url = line.split(" at ")[1].split()[0]

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as answer:
            return answer.read()

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        _, errors = self.process.communicate(timeout=30)
        return self.process.returncode, errors


@pytest.fixture
def preview(book):
    server = Preview(book)
    yield server
    if server.process.poll() is None:
        server.stop()


def test_server_serves_the_viewer_the_state_and_the_epub_files_only(preview):
    assert b"EventSource" in preview.get("/")
    state = json.loads(preview.get("/state"))
    assert state["good"] == 1 and state["vertical"] and state["title"] == "試しの本"
    chapter = preview.get(f"/book/{state['spine'][3]['key']}/{state['spine'][3]['href']}")
    assert b'class="vrtl"' in chapter and "紫陽花".encode() in chapter
    rebinding = urllib.request.Request(preview.url, headers={"Host": "evil.example:80"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(rebinding, timeout=10)
    assert refused.value.code == 403
    for missing in ("/book/1/../../book.toml", "/book/1/nothing.xhtml", "/elsewhere"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            preview.get(missing)
        assert refused.value.code == 404
    code, errors = preview.stop()
    assert (code, errors.splitlines()[-1]) == (0, "publish: preview stopped")
    assert "build 1: the EPUB in" in errors and "Traceback" not in errors


# JavaScript run in the viewer: the chapter page that starts with `first` and where its characters are.
PLACES = """(() => {
  const frames = [...document.querySelectorAll('#pages .page:not(.pending) iframe')];
  const frame = frames.find((f) => f.contentDocument.body.textContent.includes(%(first)s));
  const doc = frame.contentDocument;
  const text = [...doc.querySelectorAll('p')].find((p) => p.textContent.startsWith(%(first)s)).firstChild;
  const at = (i) => {
    const range = doc.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const box = range.getBoundingClientRect();
    return [box.left, box.top];
  };
  const pages = [...document.querySelectorAll('#pages .page')].map((page) => page.getBoundingClientRect().left);
  return {mode: getComputedStyle(doc.documentElement).writingMode, chars: [at(0), at(1), at(40)], pages};
})()"""
SHOWS = (  # the pages on screen (not those still being laid out) show the text
    "[...document.querySelectorAll('#pages .page:not(.pending) iframe')]"
    ".some((f) => f.contentDocument.body.textContent.includes(%s))"
)
# The newest good build is on screen and shows what the expression given asks; its number (a save may be seen
# twice: the editor's temporary file, then the file).
SHOWN_GOOD = "document.body.dataset.shown === String(latest.good) && (%s) && latest.good"
PROBLEMS = (
    "document.getElementById('problems').classList.contains('shown') && document.getElementById('problems').textContent"
)


def save(path: Path, text: str) -> None:
    """Save as an editor does: the new text whole, at once (a watcher polling mid-write would see half a file)."""
    temporary = path.with_name(path.name + ".saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.mark.slow  # a browser
@pytest.mark.skipif(CHROMIUM is None and not required(), reason="needs Debian's chromium (CI installs it)")
def test_pages_are_vertical_in_the_browser_and_follow_every_save(book, preview):
    browser = Browser(preview.url)
    try:
        browser.wait_for("document.body.dataset.shown === '1'")
        places = browser.evaluate(PLACES % {"first": json.dumps("この本は見本です")})
        assert places["mode"] == "vertical-rl"
        (x0, y0), (x1, y1), (x40, _) = places["chars"]
        assert abs(x1 - x0) < 1 and 10 < y1 - y0 < 20  # the next character is below, in the same line
        assert x40 < x0 - 20  # the 40th is on a later line: to the left
        pages = places["pages"]
        assert len(pages) == 9 and pages[0] > pages[1] > pages[2]  # page 1 on the right, turning to the left

        # the viewer's own paginator: whole lines, at most 100 deep, a heading carried over to the next page
        lines = [(0, 30, False), (30, 60, False), (60, 90, True), (90, 120, False), (120, 150, False)]
        extents = json.dumps([{"start": start, "end": end, "heading": heading} for start, end, heading in lines])
        assert browser.evaluate(f"paginate({extents}, 100)") == [[0, 60], [60, 150]]
        assert browser.evaluate("paginate([{start: 0, end: 250, heading: false}], 100)") == [[0, 250]]  # too big

        chapter = book / "ch01.rst"
        text = chapter.read_text(encoding="utf-8")
        save(chapter, text.replace("紫陽花《あじさい》", "向日葵《ひまわり》"))
        good = browser.wait_for(SHOWN_GOOD % SHOWS % json.dumps("向日葵"), timeout=20)
        assert not browser.evaluate(SHOWS % json.dumps("紫陽花"))

        broken = text.replace("紫陽花《あじさい》", "向日葵《ひまわり》") + "\n:nosuchrole:`x`\n"
        save(chapter, broken)
        problems = browser.wait_for(PROBLEMS, timeout=20)
        assert problems == f'{chapter}:{len(text.splitlines()) + 2}: Unknown interpreted text role "nosuchrole".'
        assert browser.wait_for(SHOWN_GOOD % SHOWS % json.dumps("向日葵"))  # the last good pages stay

        save(chapter, text)
        assert browser.wait_for(SHOWN_GOOD % SHOWS % json.dumps("紫陽花"), timeout=20) > good
        assert not browser.evaluate(SHOWS % json.dumps("向日葵"))
        assert not browser.evaluate("document.getElementById('problems').classList.contains('shown')")
    finally:
        browser.close()


FRAMED = "[...document.querySelectorAll('#pages .page')].map((page) => Boolean(page.querySelector('iframe')))"
# JavaScript: the last page of the document `href` shows the paragraph that starts with `first`, whole.
SHOWS_AT_THE_END = """(() => {
  const page = [...document.querySelectorAll('#pages .page[data-href$="/%(href)s"]')].pop();
  const frame = page.querySelector('iframe');
  const doc = frame && frame.contentDocument;
  const paragraph = doc && [...doc.querySelectorAll('p')].find((p) => p.textContent.startsWith(%(first)s));
  if (!paragraph) return false;
  const range = doc.createRange();
  range.selectNodeContents(paragraph);
  const box = range.getBoundingClientRect();  // its glyphs (the paragraph's box has the line's half-leading too)
  return box.left >= -1 && box.right <= frame.clientWidth + 1;
})()"""


@pytest.mark.slow  # a browser
@pytest.mark.skipif(CHROMIUM is None and not required(), reason="needs Debian's chromium (CI installs it)")
def test_a_long_chapter_gives_frames_only_to_the_pages_near_the_screen(book):
    """Each frame lays its whole document out, so a long chapter's pages get frames as they come near the screen
    and lose them as they go far; a page framed late shows its own lines."""
    chapter = book / "ch02.rst"
    sentence = "番目の段落は、縦書きの頁を何枚も埋めるための文章です。"
    filler = "".join(f"{number}{sentence}" * 6 + "\n\n" for number in range(100))
    save(chapter, chapter.read_text(encoding="utf-8") + "\n" + filler + "終わりの段落です。\n")
    server = Preview(book)
    browser = Browser(server.url)
    try:
        browser.wait_for("document.body.dataset.shown === '1'", timeout=60)
        framed = browser.evaluate(FRAMED)
        assert len(framed) > 40 and framed[0] and not framed[-2]  # the cover is near; the chapter's end is far
        assert sum(framed) < len(framed) / 2
        browser.evaluate("[...document.querySelectorAll('#pages .page[data-href$=\"/p-002.xhtml\"]')].pop()"
                         ".scrollIntoView()")  # fmt: skip
        assert browser.wait_for(SHOWS_AT_THE_END % {"href": "p-002.xhtml", "first": json.dumps("終わりの段落")})
        assert not browser.evaluate(FRAMED)[0]  # the cover, far now, gave its frame back
    finally:
        browser.close()
        server.stop()


# JavaScript: the pages near the screen (within a screen's width and height of it), and only they, have their
# frames in.
SETTLED = """[...document.querySelectorAll('#pages .page')].every((page) => {
  const box = page.getBoundingClientRect();
  const near = box.bottom > -innerHeight && box.top < 2 * innerHeight && box.right > -innerWidth &&
    box.left < 2 * innerWidth;
  return near === Boolean(page.made);
})"""
# JavaScript: each page's document and, when it has its frame, the width of its window and where it is scrolled to.
WINDOWS = """[...document.querySelectorAll('#pages .page')].map((page) => [page.dataset.href.split('/').pop(),
  ...(page.made ? [page.made.frame.style.width, Math.round(page.made.doc.scrollingElement.scrollLeft)] : [])])"""


@pytest.mark.slow  # a browser
@pytest.mark.skipif(CHROMIUM is None and not required(), reason="needs Debian's chromium (CI installs it)")
def test_a_save_patches_the_pages_on_screen_into_the_pages_a_fresh_load_makes(book, preview):
    """A chapter on screen takes a save in place — its frames keep their documents, only what changed is laid
    out again — and ends with the pages, windows and scrolls a fresh viewer makes of it."""
    browser = Browser(preview.url)
    try:
        browser.wait_for("document.body.dataset.shown === '1'")
        browser.wait_for(SETTLED)
        before = browser.evaluate(WINDOWS)
        chapter_pages = "[...document.querySelectorAll('#pages .page[data-href$=\"/p-001.xhtml\"]')]"
        framed_before = sum(1 for page in before if page[0] == "p-001.xhtml" and len(page) == 3)
        assert framed_before >= 2
        browser.evaluate(f"{chapter_pages}.forEach((page) => {{ page.made.frame.contentWindow.marked = true; }})")
        chapter = book / "ch01.rst"
        text = chapter.read_text(encoding="utf-8")
        inserted = "差し込んだ段落は、" + "頁の切れ目を後ろへ送るための長い文章です。" * 40
        edited = text.replace("紫陽花《あじさい》", "向日葵《ひまわり》", 1)
        save(chapter, edited.replace("段落と段落の間は", f"{inserted}\n\n段落と段落の間は", 1))
        browser.wait_for(SHOWN_GOOD % SHOWS % json.dumps("向日葵"))
        browser.wait_for(SETTLED)
        after = browser.evaluate(WINDOWS)
        assert len(after) > len(before)  # the chapter grew by a page
        spine = [item["href"].split("/")[-1] for item in json.loads(preview.get("/state"))["spine"]]
        hrefs = [href for href, *_ in after]
        assert hrefs == sorted(hrefs, key=spine.index)  # in reading order
        assert not browser.evaluate(SHOWS % json.dumps("紫陽花"))
        kept = browser.evaluate(f"{chapter_pages}.map((page) => page.made && page.made.frame.contentWindow.marked)")
        assert kept[:framed_before] == [True] * framed_before  # the frames that were there took the text in place
        browser.evaluate("window.before = true; location.reload()")
        browser.wait_for("!window.before && document.body.dataset.shown === String(latest.good)")
        browser.wait_for(SETTLED)
        assert browser.evaluate(WINDOWS) == after
    finally:
        browser.close()
