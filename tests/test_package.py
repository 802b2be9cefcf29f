"""The package as a stranger gets it: the wheel built from the source, installed apart, making a new book."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT

pytestmark = pytest.mark.slow  # ./dev test -m "not slow" leaves it out

# what a wheel is built from: the files pyproject.toml names, not a developer's leftovers
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "publish", "styles")


def _sources(folder: Path) -> Path:
    """A copy of what a wheel is built from, without a developer's bytecode."""
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, folder / name)
    return folder


def _wheel_from(source: Path, out: Path) -> Path:
    # offline: the test environment's setuptools (pyproject's test extra), no build isolation
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "BuildBackendWarning" not in result.stderr and "SetuptoolsDeprecationWarning" not in result.stderr
    [built] = out.glob("tategaki_publish-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return _wheel_from(_sources(tmp_path_factory.mktemp("source")), tmp_path_factory.mktemp("wheel"))


def test_the_sdist_holds_the_sources_and_builds_the_same_wheel(wheel, tmp_path):
    """What a packager downloads: every module, the styles and fonts, the licences; and it builds our wheel."""
    (tmp_path / "source").mkdir()
    source = _sources(tmp_path / "source")
    build = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", build, str(tmp_path / "sdist")],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    [archive] = (tmp_path / "sdist").glob("tategaki_publish-*.tar.gz")
    with tarfile.open(archive) as sdist:
        names = set(sdist.getnames())
        top = archive.name.removesuffix(".tar.gz")
        sdist.extractall(tmp_path / "unpacked", filter="data")
    wanted = {f"{top}/{path.relative_to(ROOT)}" for path in (ROOT / "publish").rglob("*.py")}
    wanted |= {f"{top}/{name}" for name in ("LICENSE", "README.md", "pyproject.toml", "styles/fonts/OFL.txt")}
    assert wanted <= names, wanted - names
    rebuilt = _wheel_from(tmp_path / "unpacked" / top, tmp_path / "wheel")
    assert set(zipfile.ZipFile(rebuilt).namelist()) == set(zipfile.ZipFile(wheel).namelist())


def test_the_wheel_holds_every_module_the_fonts_their_licence_and_ours(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(path.relative_to(ROOT)) for path in (ROOT / "publish").rglob("*.py")}
    assert modules <= names, modules - names  # publish.importers was once left out
    styles = {f"publish/styles/{path.relative_to(ROOT / 'styles')}" for path in (ROOT / "styles").rglob("*.*")}
    assert {name for name in styles if not name.endswith(".sh")} <= names
    info = next(name for name in names if name.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(wheel).read(info).decode()
    assert "License-Expression: AGPL-3.0-or-later" in metadata and "Requires-Python: >=3.11" in metadata
    assert any(name.endswith("licenses/LICENSE") for name in names)
    assert any(name.endswith("licenses/styles/fonts/OFL.txt") for name in names)


def test_the_installed_wheel_makes_and_builds_a_new_book(wheel, tmp_path):
    """``publish new 本 && cd 本 && publish build`` with the wheel installed in an environment of its own."""
    environment = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    ).stdout.strip()
    # the dependencies from this test run's environment (no network), the package itself only from the wheel
    Path(purelib, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
    result = subprocess.run(install, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PATH": f"{environment / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    probe = [python, "-c", "import publish; print(publish.__file__)"]
    where = subprocess.run(probe, cwd=tmp_path, capture_output=True, text=True)
    assert where.stdout.startswith(purelib), where.stdout  # not this checkout
    made = subprocess.run(["publish", "new", "本"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    built = subprocess.run(["publish", "build", "-q"], cwd=tmp_path / "本", env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    outputs = sorted(path.suffix for path in (tmp_path / "本" / "dist").iterdir())
    assert outputs == [".epub", ".pdf"]


def test_the_minimum_versions_tox_tests_are_pyproject_lower_bounds():
    """tox -e minimum installs tests/minimum-versions.txt: each dependency at the lowest version pyproject.toml
    admits, so a range that admits a version the suite fails with shows there (docutils 0.22 did)."""
    import re
    import tomllib

    from packaging.version import Version

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    lowest = {}
    for requirement in declared:
        name, bound = re.match(r"([A-Za-z0-9_-]+)\s*(?:==|>=)\s*([0-9.]+)", requirement).groups()
        lowest[name.lower()] = Version(bound)
    lines = (ROOT / "tests" / "minimum-versions.txt").read_text(encoding="utf-8").splitlines()
    pinned = {name: Version(pin) for name, pin in (line.lower().split("==") for line in lines if line[:1].isalpha())}
    assert pinned == lowest
