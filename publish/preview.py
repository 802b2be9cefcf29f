"""``publish preview``: the book's EPUB in the browser as pages, rebuilt on every save.

A watcher thread polls the book folder and styles/; each change rebuilds the
EPUB's files in memory, unzipped (the trees and XHTML of unchanged chapters
kept: 0.07 s for a 460-page book, 0.14 s for a novel whose saved chapter is 90
pages long). The server on 127.0.0.1 hands the browser the last good EPUB's
files and, over server-sent events, the number of each build and its problems:
the page (preview.html) lays the new book out as pages when a build succeeds
and shows the problems over the old pages when it fails.
"""

from __future__ import annotations

import gc
import hashlib
import json
import mimetypes
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

from publish.build import preview_files, read_config
from publish.config import config_path, folder_files
from publish.errors import PublishError, internal_error_line, terminal_safe
from publish.reader.memo import DocumentMemo
from publish.report import Reporter
from publish.resources import GOTHIC, MINCHO, STYLES_DIR

VIEWER = Path(__file__).with_name("preview.html")
POLL_SECONDS = 0.05  # a save is seen within this; a look at a 300-file book takes about 3 ms
KEEPALIVE_SECONDS = 15
CLIENT_TIMEOUT_SECONDS = 20  # a request must arrive, and each write be taken, within this
_FONTS = {"/fonts/mincho.ttf": MINCHO, "/fonts/gothic.ttf": GOTHIC}
_TYPES = {".xhtml": "application/xhtml+xml", ".css": "text/css", ".ttf": "font/ttf", ".html": "text/html"}
_SHARED_SUFFIXES = (".css", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".ttf", ".otf", ".woff", ".woff2")
# The book's CSS asks for BIZ UD Mincho and Gothic among the readers' fonts: the bundled ones stand in. Given to
# each document as it is served, its fonts load while the document does, not after.
READER_STYLE = (
    b'<style>@font-face { font-family: "BIZ UDMincho"; src: url(/fonts/mincho.ttf); } '
    b'@font-face { font-family: "BIZ UDGothic"; src: url(/fonts/gothic.ttf); font-weight: bold; } '
    b"html { overflow: hidden; font-size: 16px; }</style>"
)
_NS = {"c": "urn:oasis:names:tc:opendocument:xmlns:container", "opf": "http://www.idpf.org/2007/opf"}


def watched_files(book_dir: Path) -> dict[Path, tuple[int, int]]:
    """(modification time, size) of every file a build may read: the book folder and styles/."""
    found = {}
    for folder in (book_dir, STYLES_DIR):
        for path in folder_files(folder):
            stat = path.stat()
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class BookState:
    """The last good EPUB and the outcome of the latest build, shared by the watcher and the server."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.changed = threading.Condition()
        self.build = 0  # every build attempt
        self.good = 0  # the build whose EPUB is served
        self.problems: list[str] = []
        self.files: dict[str, bytes] = {}  # the last good EPUB's, by their names in it
        self.documents = DocumentMemo()  # a save re-reads the chapter that changed, not the book
        self.spine: list[dict[str, str]] = []  # the documents in reading order: path in the EPUB, key
        self.shared = ""  # a key of the styles and pictures every document may show
        self.vertical = True
        self.title = ""

    def summary(self) -> dict[str, object]:
        return {"build": self.build, "good": self.good, "problems": self.problems, "spine": self.spine,
                "shared": self.shared, "vertical": self.vertical, "title": self.title}  # fmt: skip

    def rebuild(self, book_dir: Path) -> None:
        quiet, started = Reporter(quiet=True), time.perf_counter()
        try:
            config = read_config(book_dir, quiet)
            files = preview_files(config, self.documents)
        except Exception as exc:  # the preview goes on: the next save may fix it
            if isinstance(exc, PublishError):
                problems = [str(problem) for problem in exc.problems]
            else:
                problems = [internal_error_line()]
            with self.changed:
                self.build += 1
                self.problems = problems
                self.changed.notify_all()
            for problem in problems:
                self.reporter.step(f"build {self.build}: {problem}")
            return
        with self.changed:
            self.build += 1
            self.good = self.build
            self.problems = []
            self.files = files
            self.shared, self.spine = _spine(files)
            self.vertical, self.title = config.vertical, config.title
            self.changed.notify_all()
        self.reporter.step(f"build {self.build}: the EPUB in {time.perf_counter() - started:.2f} s")


def _spine(files: dict[str, bytes]) -> tuple[str, list[dict[str, str]]]:
    """A key of the files every document may show (styles, pictures), and the reading order: each document's
    path in the EPUB and a key that changes when anything it shows does."""
    container = ElementTree.fromstring(files["META-INF/container.xml"])
    rootfile = container.find(".//c:rootfile", _NS)
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if opf_path is None:  # our own EPUB always names it
        raise ValueError("the EPUB names no package document")
    opf = ElementTree.fromstring(files[opf_path])
    base = opf_path.rpartition("/")[0]
    hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", _NS)}
    paths = [f"{base}/{hrefs[ref.get('idref')]}" for ref in opf.iterfind(".//opf:spine/opf:itemref", _NS)]
    shared = hashlib.sha256()  # styles and images: a change there may change every page (the OPF's date does not)
    for name in sorted(files):
        if name.endswith(_SHARED_SUFFIXES):
            shared.update(name.encode() + b"\0" + files[name])
    spine = [{"href": path, "key": hashlib.sha256(shared.digest() + files[path]).hexdigest()[:16]} for path in paths]
    return shared.hexdigest()[:16], spine


def watch(book_dir: Path, state: BookState, stop: threading.Event) -> None:
    """Rebuild whenever a watched file changes (or appears, or goes)."""
    seen: dict[Path, tuple[int, int]] | None = None
    built = None  # when the last build ended, until its garbage is collected
    while not stop.is_set():
        try:
            files = watched_files(book_dir)
        except OSError:  # a file vanished while we looked: look again
            files = None
        except PublishError:  # a folder too deep to list: the build says so on the page
            files = {}
        if files is not None and files != seen:
            seen = files
            state.rebuild(book_dir)
            built = time.monotonic()
        elif built is not None and time.monotonic() - built > IDLE_SECONDS:
            collect_garbage()
            built = None
        stop.wait(POLL_SECONDS)


IDLE_SECONDS = 1.0  # no save for this long: the author is writing, not waiting


def collect_garbage() -> None:
    """Collect the trees the last builds replaced while the author writes, not while they wait: a novel's trees
    take Python's collector 0.1 s to walk, and it walked them in one save out of five or six. What is left is
    frozen (never walked by the automatic collections) until the next time."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class _Handler(BaseHTTPRequestHandler):
    state: BookState  # set on the subclass made for each server
    timeout = CLIENT_TIMEOUT_SECONDS  # a client that stops reading or writing is dropped, not waited for

    def log_message(self, format: str, *args: object) -> None:  # requests are not news to the author
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError):  # the browser went away mid-response, or stalled: its loss
            self.close_connection = True

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        host = self.headers.get("Host", "").rpartition(":")[0]
        if host not in ("127.0.0.1", "localhost"):  # another site's page reaching us through DNS rebinding
            self.send_error(HTTPStatus.FORBIDDEN)
        elif path == "/":
            self._send(VIEWER.read_bytes(), "text/html; charset=utf-8")
        elif path == "/state":
            with self.state.changed:
                self._send(json.dumps(self.state.summary()).encode(), "application/json")
        elif path == "/events":
            self._events()
        elif path in _FONTS:
            self._send(_FONTS[path].read_bytes(), "font/ttf", cache=True)
        elif path.startswith("/book/"):
            self._book_file(path)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _book_file(self, path: str) -> None:
        # /book/<key>/<path in the EPUB>: a document's key (see _spine) is in its address, so a changed
        # document is never taken from the browser's cache
        name = path.split("/", 3)[3] if path.count("/") >= 3 else ""
        with self.state.changed:
            data = self.state.files.get(name)
        if data is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        suffix = Path(name).suffix
        kind = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        if suffix == ".xhtml":
            data = data.replace(b"</head>", READER_STYLE + b"</head>", 1)
        self._send(data, kind, cache=True)  # the key changes with what the file shows: an address never goes stale

    def _send(self, data: bytes, kind: str, cache: bool = False) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        """Server-sent events: the state after each build, until the browser goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent = -1
        try:
            while True:
                with self.state.changed:

                    def rebuilt(sent: int = sent) -> bool:
                        return self.state.build != sent

                    self.state.changed.wait_for(rebuilt, KEEPALIVE_SECONDS)
                    sent, summary = self.state.build, self.state.summary()
                self.wfile.write(f"data: {json.dumps(summary)}\n\n".encode())
                self.wfile.flush()
        except (ConnectionError, TimeoutError):
            return


def serve(book_dir: Path, port: int, reporter: Reporter) -> None:
    """Serve the preview on 127.0.0.1:port until interrupted."""
    config_path(book_dir)  # no book.toml is no book; a broken one is shown on the page
    state = BookState(reporter)
    handler = type("Handler", (_Handler,), {"state": state})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise PublishError.at(None, None, f"cannot listen on 127.0.0.1:{port} ({exc.strerror}): try --port") from None
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(book_dir, state, stop), daemon=True)
    watcher.start()
    with state.changed:
        state.changed.wait_for(lambda: state.build > 0)
    address = f"http://127.0.0.1:{server.server_port}/"
    print(f"publish: previewing {terminal_safe(str(book_dir))} at {address} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        stop.set()
        server.server_close()
