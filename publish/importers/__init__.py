"""Importers: texts in other notations → a book folder of this project (book.toml + reST chapters).

They sit beside the reader, not inside it: an importer writes files an author
keeps editing; the reader then reads them like any other book.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from publish.build import make_outputs, read_config
from publish.errors import Problem, PublishError
from publish.report import Reporter


def write_book_folder(dest: Path, files: dict[str, str], force: bool, reporter: Reporter) -> None:
    """Write ``files`` as the book folder ``dest``, made beside it and built (EPUB, in memory) before it appears.

    An existing ``dest`` is replaced only with ``force``; a book that does not build leaves nothing behind.
    """
    if dest.exists() and not force:
        raise PublishError.at(dest, None, "already exists: give another folder, or --force to replace it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=f".{dest.name}.") as scratch:
        draft = Path(scratch) / dest.name
        draft.mkdir()
        for name, text in files.items():
            (draft / name).write_text(text, encoding="utf-8")
        try:
            make_outputs(read_config(draft, Reporter(quiet=True)), ["epub"], Reporter(quiet=True))
        except PublishError as exc:  # named as the files will be, though they are not written
            raise PublishError(
                [
                    Problem(
                        dest / problem.path.relative_to(draft) if problem.path else None,
                        problem.line,
                        f"the imported book does not build: {problem.message}",
                    )
                    for problem in exc.problems
                ]
            ) from None
        if dest.exists():
            old = Path(scratch) / "replaced"
            dest.rename(old)  # removed with the scratch folder
        draft.rename(dest)
    reporter.step(f"wrote {dest}")
