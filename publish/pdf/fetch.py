"""What WeasyPrint may read: files of the book, of publish's styles and of its cache; never the network.

Our own HTML names only fonts (styles/ and the derived ones in the cache); a
book's raw HTML could name anything, so everything else stops the build
instead of being fetched or silently left out.
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from publish.bookfiles import FONT_LIMIT, RefusedFileError, read_admitted
from publish.errors import PublishError
from publish.pdf.cache import cache_dir
from publish.resources import STYLES_DIR


class BookFetcher(URLFetcher):
    """Files through the book's gate (publish.bookfiles), with styles/ and the cache as further roots."""

    def __init__(self, book_root: Path):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [folder.resolve() for folder in (book_root, STYLES_DIR, cache_dir())]

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            raise FatalURLFetchingError(f"the print PDF may not fetch '{url}': it never uses the network")
        path = Path(url2pathname(parts.path))
        try:
            data = read_admitted(path, self.roots, FONT_LIMIT)  # fonts are the largest files it reads
        except RefusedFileError as error:
            raise FatalURLFetchingError(f"the print PDF may not read '{error.path}': it {error.why}") from None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})


# The page writer's HTML (render.py) uses these elements only; what each needs of a user-agent stylesheet.
PAGE_ELEMENTS_SHOWN_AS_BLOCKS = ("html", "body", "div")
PAGE_ELEMENTS_HIDDEN = ("head", "meta", "title", "style")
PAGE_ELEMENTS_INLINE = ("span", "img", "svg", "line")  # inline by CSS's initial value; svg's drawing draws line
_PAGE_UA_CSS = (  # HTML5's rules for these elements (weasyprint/css/html5_ua.css); body's margin is ours
    f"{', '.join(PAGE_ELEMENTS_SHOWN_AS_BLOCKS)} {{ display: block }} "
    f"{', '.join(PAGE_ELEMENTS_HIDDEN)} {{ display: none }} "
    "img, svg { overflow: hidden }"
)


@functools.cache
def _page_ua_stylesheet() -> CSS:
    return CSS(string=_PAGE_UA_CSS)  # parsed once a process, for every run of pages


class _PageHTML(HTML):
    """Our pages, with a user-agent stylesheet of their own: HTML5's hundreds of rules (and its @page rules,
    matched for every page) took an eighth of WeasyPrint's time on a novel's pages and set nothing they use.

    (WeasyPrint takes the stylesheets from these two methods; publish pins WeasyPrint's version.)
    """

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_page_ua_stylesheet()]

    def _ph_stylesheets(self) -> list[CSS]:
        return []  # presentational hints: our sizes are in style attributes (an svg takes its own from itself)


def book_html(html: str, book_root: Path) -> HTML:
    """WeasyPrint's document for ``html`` (render.py's pages), relative addresses resolved in the book folder."""
    return _PageHTML(string=html, base_url=str(book_root.resolve()) + "/", url_fetcher=BookFetcher(book_root))


@contextlib.contextmanager
def refused_fetches() -> Iterator[None]:
    """A refused address is the book's problem, said plainly (WeasyPrint raises it past ``Exception``)."""
    try:
        yield
    except FatalURLFetchingError as exc:
        raise PublishError.at(None, None, str(exc)) from None
