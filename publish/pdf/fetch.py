"""What WeasyPrint may read: files of the book, of publish's styles and of its cache; never the network.

Our own HTML names only fonts (styles/ and the derived ones in the cache); a
book's raw HTML could name anything, so everything else stops the build
instead of being fetched or silently left out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from publish.errors import PublishError
from publish.pdf.cache import cache_dir
from publish.resources import STYLES_DIR


class BookFetcher(URLFetcher):
    def __init__(self, book_root: Path):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [folder.resolve() for folder in (book_root, STYLES_DIR, cache_dir())]

    def fetch(self, url: str, headers: dict | None = None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(url2pathname(parts.path)).resolve()  # symlinks followed: where the bytes really are
            if not any(path.is_relative_to(root) for root in self.roots):
                raise FatalURLFetchingError(f"the print PDF may not read '{path}': it is outside the book folder")
        elif parts.scheme != "data":
            raise FatalURLFetchingError(f"the print PDF may not fetch '{url}': it never uses the network")
        return super().fetch(url, headers)


def book_html(html: str, book_root: Path) -> HTML:
    """WeasyPrint's document for ``html``, relative addresses resolved in the book folder."""
    return HTML(string=html, base_url=str(book_root.resolve()) + "/", url_fetcher=BookFetcher(book_root))


@contextlib.contextmanager
def refused_fetches() -> Iterator[None]:
    """A refused address is the book's problem, said plainly (WeasyPrint raises it past ``Exception``)."""
    try:
        yield
    except FatalURLFetchingError as exc:
        raise PublishError.at(None, None, str(exc)) from None
