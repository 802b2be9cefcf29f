"""EPUB writer: document trees → XHTML pages (xhtml.py) → EPUB 3 package (package.py)."""

from publish.epub.package import write_epub

__all__ = ["write_epub"]
