"""Chapters read before, kept in memory by a long-lived process (``publish preview``): a save re-reads the
chapter that changed, not the book.

A chapter's tree is taken again only when its text, every setting the reader
uses, and every file it read besides (included files, pictures) are as they
were; those files are read again through the gate to know it, so a file that
has since been swapped for a link out of the book is refused as on a first
read. The writers never change a tree, so one tree serves every build. (A
book with no date shows the time of its build: a tree is kept within the
minute.)
"""

from __future__ import annotations

import functools
import hashlib
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

from docutils import nodes

from publish.bookfiles import Read
from publish.config import BookConfig, book_time
from publish.textfile import decode_text

Derive = TypeVar("Derive", bound=Callable[..., Any])


def per_tree(derive: Derive) -> Derive:
    """``derive(document, *args)`` worked out once for each tree and arguments, and kept while the tree lives: a
    tree never changes once read, and the preview builds the book again from the same trees at every save (a
    novel's twelve chapters take 40 ms to walk for each thing asked of them)."""
    kept: weakref.WeakKeyDictionary[nodes.document, dict[tuple[Hashable, ...], Any]] = weakref.WeakKeyDictionary()

    @functools.wraps(derive)
    def remembered(document: nodes.document, *args: Hashable) -> Any:
        results = kept.setdefault(document, {})
        if args not in results:
            results[args] = derive(document, *args)
        return results[args]

    return cast(Derive, remembered)


class DocumentMemo:
    def __init__(self) -> None:
        self._kept: dict[Path, tuple[tuple, nodes.document, list[Read]]] = {}  # the latest tree of each file

    def document(self, config: BookConfig, path: Path, read: Callable[[str], nodes.document]) -> nodes.document:
        """``path``'s tree: the kept one if nothing it came from has changed, else ``read(text)``'s."""
        folder = config.folder
        data = folder.read_bytes(path)  # decoded and checked only when it changed: 40 ms a novel
        key = (
            hashlib.sha256(data).hexdigest(),
            config.root,
            config.vertical,
            config.file_insertion_enabled,
            config.raw_enabled,
            config.typesetting,
            book_time(config.date).replace(second=0, microsecond=0),  # a date directive's; now's, to the minute
        )
        kept = self._kept.get(path)
        if kept is not None and kept[0] == key and folder.unchanged(kept[2]):
            return kept[1]
        start = len(folder.reads)
        document = read(decode_text(data, path))
        self._kept[path] = (key, document, folder.reads[start:])
        return document
