"""XHTML content documents: the page around a chapter body, and the contents list."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from publish.reader import TocEntry

CSS_HREF = "../style/book.css"


def page(
    title: str, body: str, *, language: str, vertical: bool, body_class: str, body_type: str | None = None
) -> bytes:
    """A complete XHTML content document, as 電書協 lays them out."""
    mode = "vrtl" if vertical else "hltr"
    epub_type = f' epub:type="{body_type}"' if body_type else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'xml:lang="{language}" lang="{language}" class="{mode}">\n'
        f'<head>\n<meta charset="UTF-8"/>\n<title>{escape(title)}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{CSS_HREF}"/>\n</head>\n'
        f'<body class="{body_class}"{epub_type}>\n{body}</body>\n</html>\n'
    ).encode()


def toc_list(entries: Iterable[tuple[str, TocEntry]], depth: int = 2) -> str:
    """Nested <ol> of (href, entry) pairs, down to ``depth`` levels."""
    items = []
    for href, entry in entries:
        link = href if entry.anchor in (None, "chapter") else f"{href}#{entry.anchor}"
        children = [(href, child) for child in entry.children] if depth > 1 else []
        inner = toc_list(children, depth - 1) if children else ""
        items.append(f'<li><a href="{escape(link)}">{escape(entry.title)}</a>{inner}</li>\n')
    return f"<ol>\n{''.join(items)}</ol>\n"
