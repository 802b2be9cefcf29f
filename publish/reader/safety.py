"""How big a manuscript may be and where its links may lead: a book from anyone never hurts.

Links only to the web or mail, and limits that keep the parser and the
composer out of trouble (docutils recurses once per level of nesting). What
files a book may read: confined.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes

from publish.errors import Problem
from publish.reader.structure import line_of
from publish.textfile import unprintable_at, unprintable_message

LINK_SCHEMES = ("http", "https", "mailto")
MAX_NESTING = 32  # lists and quotes inside each other; docutils itself gives out near 200
TOO_DEEP = (
    f"nested more than {MAX_NESTING} levels deep (lists or quotes inside each other): a book does not need so many"
)
MAX_PARAGRAPH = 100_000  # characters: about 150 pages without a break
MAX_SUBSTITUTED = 1_000_000  # characters substitutions may put into one file (a novel is about 300,000)


def nesting_problems(text: str, path: Path) -> list[Problem]:
    """Indentation deeper than ``MAX_NESTING`` levels, found before docutils recurses into it."""
    indents = [0]
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        line = line.expandtabs(8)  # as docutils reads a tab
        width = len(line) - len(line.lstrip(" "))
        while indents and width < indents[-1]:
            indents.pop()
        if not indents or width > indents[-1]:
            indents.append(width)
        if len(indents) > MAX_NESTING:
            return [Problem(path, number, TOO_DEEP)]
    return []


def substitution_problems(document: nodes.document, path: Path) -> list[Problem]:
    """Substitutions that would expand past ``MAX_SUBSTITUTED`` characters, found before docutils expands them.

    ``|a|`` defined as ``|b| |b|``, ``|b|`` as ``|c| |c|`` … doubles at each
    level: thirty lines would make a billion characters and hang the build.
    """
    definitions = document.substitution_defs
    sizes: dict[str, int] = {}

    def lookup(reference: nodes.Element) -> str | None:
        name = reference.get("refname", "")
        return name if name in definitions else document.substitution_names.get(name.lower())

    def size(name: str, open_names: frozenset[str]) -> int:
        if name not in sizes:
            total = 0
            for node in definitions[name].findall(include_self=False):
                if isinstance(node, nodes.Text) and not isinstance(node.parent, nodes.substitution_reference):
                    total += len(node)
                elif isinstance(node, nodes.substitution_reference):
                    inner = lookup(node)
                    if inner is not None and inner not in open_names:  # a circle is docutils' to report
                        total += size(inner, open_names | {inner})
                total = min(total, MAX_SUBSTITUTED + 1)
            sizes[name] = total
        return sizes[name]

    references = nodes.substitution_reference
    inside = {id(node) for definition in definitions.values() for node in definition.findall(references)}
    total = 0
    try:
        for reference in document.findall(nodes.substitution_reference):
            name = lookup(reference)
            if name is None:
                continue
            expanded = size(name, frozenset({name}))
            total += 0 if id(reference) in inside else expanded
            if total > MAX_SUBSTITUTED or expanded > MAX_SUBSTITUTED:
                message = f"substitutions here would make more than {MAX_SUBSTITUTED:,} characters of text"
                return [Problem(path, line_of(reference), message)]
    except RecursionError:
        return [Problem(path, None, "substitutions refer to each other too deeply")]
    return []


# what nests: lists of every kind, quotes, line blocks
_NESTING = (nodes.Sequential, nodes.block_quote, nodes.line_block)


def nesting_depth_problems(document: nodes.document, path: Path) -> list[Problem]:
    """Lists and quotes nested deeper than ``MAX_NESTING`` in the tree, however the source spelled them.

    The writers walk the tree recursively; one line like ``- - - - x`` nests
    without any indentation for ``nesting_problems`` to count.
    """
    depths: dict[int, int] = {id(document): 0}
    for node in document.findall(nodes.Element, include_self=False):
        depth = depths[id(node.parent)] + isinstance(node, _NESTING)
        if depth > MAX_NESTING:
            return [Problem(path, line_of(node), TOO_DEEP)]
        depths[id(node)] = depth
    return []


# attributes that never reach an output: where the text came from
_UNPRINTED_ATTRIBUTES = ("source",)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def text_problems(document: nodes.document, path: Path) -> list[Problem]:
    """Every string of the parsed tree passes the rule of textfile.py, once, whatever made it.

    The file passed it as read; escapes, the ``unicode`` directive,
    substitutions and included files make text it did not spell out.
    """
    problems = []
    for node in document.findall():
        if isinstance(node, nodes.substitution_definition) or isinstance(node.parent, nodes.substitution_definition):
            continue  # a definition prints nothing: its text is checked where it is used
        if isinstance(node, nodes.Text):
            strings: Iterable[str] = (str(node),)
        else:
            values = (value for key, value in node.attributes.items() if key not in _UNPRINTED_ATTRIBUTES)
            strings = (string for value in values for string in _strings(value))
        for string in strings:
            at = unprintable_at(string)
            if at is not None:
                problems.append(Problem(path, line_of(node), unprintable_message(string[at], "in the text")))
                break
    return problems


def tree_problems(document: nodes.document, path: Path) -> list[Problem]:
    """Unprintable text, links to anything but the web or mail (javascript:, file:, data: …), endless paragraphs."""
    problems = nesting_depth_problems(document, path) + text_problems(document, path)
    for reference in document.findall(nodes.reference):
        uri = reference.get("refuri")
        if uri is not None and urlsplit(uri).scheme.lower() not in LINK_SCHEMES:
            message = f"a link may lead to {', '.join(LINK_SCHEMES)} addresses only, not '{uri}'"
            problems.append(Problem(path, line_of(reference), message))
    for paragraph in document.findall(nodes.paragraph):
        length = len(paragraph.astext())
        if length > MAX_PARAGRAPH:
            problems.append(
                Problem(
                    path,
                    line_of(paragraph),
                    f"a paragraph of {length:,} characters: break it up (at most {MAX_PARAGRAPH:,} in one paragraph)",
                )
            )
    return problems
