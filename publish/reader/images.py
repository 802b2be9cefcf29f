"""Pictures (``.. image::``, ``.. figure::``): each file read through the book's gate and judged once.

The reader records on each image node what the writers need — the file
(``book_file``), its content digest (``digest``, which names it in the EPUB),
its format and its size in pixels — so neither writer opens a path the
manuscript wrote. A picture that is not a JPEG or PNG inside the book folder
is an error at its line; one without alt text is a warning (readers who cannot
see it hear the alt text instead). A picture inside a paragraph stands for a
character: both writers set it one em across the line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from docutils import nodes

from publish.bookfiles import IMAGE_LIMIT, BookFolder, RefusedFileError
from publish.errors import Problem
from publish.imagefile import ImageError, inspect_image
from publish.reader.memo import per_tree
from publish.reader.structure import is_inline, line_of

_ADDRESS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:|//)")  # http:, data:, file:, //host …


def read_images(document: nodes.document, path: Path, folder: BookFolder) -> tuple[list[Problem], list[Problem]]:
    """Every picture of a chapter read and judged: (problems, warnings)."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for node in printed_images(document):
        uri, line = node["uri"], line_of(node)
        if _ADDRESS.match(uri):
            problems.append(Problem(path, line, f"picture '{uri}' must be a file in the book folder, not an address"))
            continue
        try:
            data = folder.read_admitted(path.parent / uri, limit=IMAGE_LIMIT)
            facts = inspect_image(data)
        except (RefusedFileError, ImageError) as error:
            why = error.why if isinstance(error, RefusedFileError) else str(error)
            problems.append(Problem(path, line, f"picture '{uri}' {why}"))
            continue
        node["book_file"] = str(path.parent / uri)
        node["digest"] = hashlib.sha256(data).hexdigest()[:20]
        node["format"], node["pixels"] = facts.format, (facts.width, facts.height)
        if not node.get("alt", "").strip():
            message = f"picture '{uri}' has no alt text: add ':alt:' saying what it shows, for readers who listen"
            warnings.append(Problem(path, line, message))
        sizes = [f":{key}:" for key in ("width", "height", "scale") if key in node]
        if is_inline(node) and sizes:
            message = (
                f"picture '{uri}' inside a paragraph is set as a character, one em across the line: "
                f"its {' and '.join(sizes)} is not used"
            )
            warnings.append(Problem(path, line, message))
    return problems, warnings


@per_tree
def printed_images(document: nodes.document) -> list[nodes.image]:
    """The pictures a chapter prints: not those of substitution definitions, whose every use is a copy."""
    return [
        node for node in document.findall(nodes.image) if not isinstance(node.parent, nodes.substitution_definition)
    ]
