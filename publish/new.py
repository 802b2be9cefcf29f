"""``publish new``: a book folder to start from, with every kind of markup, that builds at once."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from string import Template

from publish.build import make_outputs, read_config
from publish.config import FILE_NAME_RE
from publish.errors import PublishError
from publish.proofread import RULES
from publish.report import Reporter

SKELETON = Path(__file__).parent / "skeleton"


def file_name_of(title: str) -> str:
    """The outputs' file name for a title in Japanese: its reading in Hepburn romaji, word by word.

    私の本 → watashi-no-hon (pykakasi reads the kanji); "book" if nothing readable is left.
    """
    from pykakasi import kakasi  # only publish new reads titles aloud

    words = (re.sub(r"[^a-z0-9]+", "", item["hepburn"].lower()) for item in kakasi().convert(title))
    name = "-".join(word for word in words if word)[:60].strip("-")
    return name if FILE_NAME_RE.match(name) else "book"


def new_book(folder: Path, title: str | None, horizontal: bool, reporter: Reporter) -> Path:
    """Write a new book into ``folder`` (which must not exist, or be empty), checked before it appears."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PublishError.at(folder, None, "already exists: publish new makes a new book folder")
    shown, folder = folder, folder.resolve()  # '.' has no name of its own
    title = folder.name if title is None else title
    if not title.strip() or "\n" in title:
        raise PublishError.at(None, None, "--title must be one line of text")
    fields = {
        "title": json.dumps(title.strip(), ensure_ascii=False),  # a JSON string is a TOML basic string
        "identifier": f"urn:uuid:{uuid.uuid4()}",
        "writing_mode": "horizontal" if horizontal else "vertical",
        "name": folder.name if FILE_NAME_RE.match(folder.name) else file_name_of(title),
        "proofread": "".join(f"{rule} = true  # {description}\n" for rule, description in RULES.items()),
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    # made beside the target and checked there: a title the fonts cannot set leaves nothing behind
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}.") as scratch:
        draft = Path(scratch) / folder.name
        shutil.copytree(SKELETON, draft)
        config = draft / "book.toml"
        config.write_text(Template(config.read_text(encoding="utf-8")).substitute(fields), encoding="utf-8")
        try:
            make_outputs(read_config(draft, reporter), None, reporter)
        except PublishError as exc:  # the title is the only thing that can be wrong
            raise PublishError.at(None, None, f"cannot make this book: {exc.problems[0].message}") from None
        if folder.exists():  # an empty folder, perhaps the one the author is in: filled, not replaced
            for path in draft.iterdir():
                path.rename(folder / path.name)
        else:
            draft.rename(folder)
    reporter.step(f"made {shown}")
    return shown
