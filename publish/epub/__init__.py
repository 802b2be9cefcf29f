"""EPUB writer: document trees → XHTML pages (xhtml.py) → EPUB 3 package (package.py)."""

from publish.epub.package import epub_files, write_epub

__all__ = ["epub_files", "write_epub"]
