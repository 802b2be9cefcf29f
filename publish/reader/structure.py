"""Book structure rules that reST itself does not enforce."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from publish.errors import Problem, PublishError
from publish.reader.memo import per_tree
from publish.reader.transforms import is_chapter_rubric

# Nodes that carry no text of their own: every writer passes over them.
INVISIBLE = (nodes.comment, nodes.target, nodes.substitution_definition, nodes.pending, nodes.system_message)


def line_of(node: nodes.Node) -> int | None:
    """The first source line of ``node`` (docutils leaves it unset on some nodes)."""
    for candidate in [node, *node.findall(include_self=False)]:
        if getattr(candidate, "line", None):
            return candidate.line
    parent = node.parent  # inline nodes: the line of the paragraph around them
    while parent is not None:
        if getattr(parent, "line", None):
            return parent.line
        parent = parent.parent
    return None


def is_inline(node: nodes.Node) -> bool:
    """Whether ``node`` stands inside a paragraph's text: a picture set as a character (a 外字, an icon), an
    inline target (_`文`) whose text prints like the text around it."""
    return isinstance(node.parent, nodes.TextElement)


class BookVisitor(nodes.NodeVisitor):
    """The writers' visitors over a chapter tree: invisible nodes are passed over, and a construct the
    visitor has no ``visit_`` method for is an error with its line, never dropped."""

    source: Path | None  # the manuscript file, for the error

    def unknown_visit(self, node: nodes.Node) -> None:
        if isinstance(node, INVISIBLE):
            raise nodes.SkipNode
        message = f"'{node.tagname.replace('_', ' ')}' is not supported in books yet"
        raise PublishError.at(self.source, line_of(node), message)

    def unknown_departure(self, node: nodes.Node) -> None:
        pass


@per_tree
def check_structure(document: nodes.document, path: Path, part: str) -> list[Problem]:
    """Chapters have exactly one title and nothing before it; rubrics label something."""
    problems: list[Problem] = []
    top = [node for node in document.children if not isinstance(node, INVISIBLE)]
    sections = [node for node in top if isinstance(node, nodes.section)]
    if not top:
        return [Problem(path, None, "the file has no text")]
    if len(sections) > 1:
        problems.append(
            Problem(
                path,
                line_of(sections[1]),
                "a second top-level title: one file holds one chapter "
                "(use a lower heading level for its sections, or move it to its own file)",
            )
        )
    if part == "chapter" and not sections:
        problems.append(Problem(path, line_of(top[0]), "chapter without a title: a chapter file starts with its title"))
    if sections and top[0] is not sections[0]:
        problems.append(
            Problem(
                path,
                line_of(top[0]),
                "text before the chapter title: a chapter file starts with its title "
                "(only a rubric, its label, may stand right before it)",
            )
        )
    for rubric in document.findall(nodes.rubric):
        problems.extend(_check_rubric(rubric, path))
    return problems


def _check_rubric(rubric: nodes.rubric, path: Path) -> list[Problem]:
    if is_chapter_rubric(rubric):
        return []
    line = line_of(rubric)
    if not isinstance(rubric.parent, (nodes.document, nodes.section)):
        return [
            Problem(
                path,
                line,
                "a rubric must stand at the top level of a chapter or a section, "
                f"not inside a {rubric.parent.tagname.replace('_', ' ')}",
            )
        ]
    following = rubric.parent.children[rubric.parent.index(rubric) + 1 :]
    following = [node for node in following if not isinstance(node, INVISIBLE)]
    if not following or isinstance(following[0], (nodes.section, nodes.rubric)):
        return [
            Problem(
                path,
                line,
                "a rubric must be followed by the text it labels "
                "(to label a chapter, put the rubric right before the chapter title)",
            )
        ]
    return []
