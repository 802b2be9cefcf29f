"""Japanese inline markup: our document-tree nodes and the reST roles that make them.

    :ruby:`紫陽花《あじさい》`      group ruby: one reading over the whole base
    :ruby:`東京《とう|きょう》`     mono ruby: one reading per base character
    :tcy:`12`                      縦中横: 1–3 half-width characters set upright in one cell
    :bouten:`大切`                 傍点 (sesame dots) beside each character

Both writers read these nodes; neither ever sees the reST syntax.
"""

from __future__ import annotations

import re

from docutils import nodes, utils
from docutils.parsers.rst import roles


class ruby(nodes.Inline, nodes.TextElement):
    """Base text with readings; ``node['pairs']`` is a list of (base, reading)."""


class tcy(nodes.Inline, nodes.TextElement):
    """縦中横 (tate-chū-yoko): a short half-width run set upright in one em cell."""


class upright(nodes.Inline, nodes.TextElement):
    """A number too long for 縦中横, set upright in vertical text: one full-width cell per digit (JLReq 3.2.3)."""


class bouten(nodes.Inline, nodes.TextElement):
    """傍点: emphasis dots (sesame) beside each character of the text."""


_RUBY_RE = re.compile(r"^(?P<base>[^《》]+)《(?P<reading>[^《》]+)》$")
_MONO_SEPARATORS = re.compile(r"[|｜]")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")  # Japanese: a role written over two lines joins without a space
TCY_MAX = 3


def _error(inliner, rawtext: str, lineno: int, message: str):
    msg = inliner.reporter.error(message, line=lineno)
    return [inliner.problematic(rawtext, rawtext, msg)], [msg]


def parse_ruby(text: str) -> list[tuple[str, str]]:
    """``base《reading》`` → [(base, reading)]; ``東京《とう|きょう》`` → one pair per character.

    Raises ValueError with a message for the author.
    """
    match = _RUBY_RE.match(text.strip())
    if not match:
        raise ValueError(f"ruby must be written 'base《reading》', not '{text}'")
    base, reading = match["base"].strip(), match["reading"].strip()
    if not _MONO_SEPARATORS.search(reading):
        return [(base, reading)]
    readings = [part.strip() for part in _MONO_SEPARATORS.split(reading)]
    if len(readings) != len(base):
        raise ValueError(
            f"mono ruby needs one reading per base character: '{base}' has {len(base)} characters, "
            f"'{reading}' has {len(readings)} readings"
        )
    if not all(readings):
        raise ValueError(f"empty reading in mono ruby '{text}'")
    return list(zip(base, readings, strict=True))


def _role_text(text: str) -> str:
    """A role's text as written: backslash escapes resolved (docutils hands them over as NULs), lines joined."""
    return _LINE_BREAK.sub("", utils.unescape(text))


def ruby_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    try:
        pairs = parse_ruby(_role_text(text))
    except ValueError as exc:
        return _error(inliner, rawtext, lineno, str(exc))
    node = ruby(rawtext, "".join(base for base, _ in pairs))
    node["pairs"] = pairs
    return [node], []


def tcy_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    text = _role_text(text)
    if not (1 <= len(text) <= TCY_MAX) or not all("!" <= char <= "~" for char in text):
        return _error(inliner, rawtext, lineno, f"縦中横 takes 1 to {TCY_MAX} half-width characters, not '{text}'")
    return [tcy(rawtext, text)], []


def bouten_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    if not text.strip():
        return _error(inliner, rawtext, lineno, "傍点 needs some text")
    return [bouten(rawtext, text)], []


def register_roles() -> None:
    roles.register_local_role("ruby", ruby_role)
    roles.register_local_role("tcy", tcy_role)
    roles.register_local_role("bouten", bouten_role)
