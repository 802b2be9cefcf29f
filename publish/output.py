"""Writing outputs atomically: all or nothing, the previous good files kept on failure.

Each file is written beside its target under a name carrying our process id,
flushed to disk, then renamed over the target: a reader or a build running at
the same time sees the old file or the new one, never half of one. What a
killed build left behind is removed by the next one.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from publish.errors import PublishError


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _remove_leftovers(target: Path) -> None:
    """Partial files of ``target`` whose build is gone (killed, or the machine stopped)."""
    if not target.parent.is_dir():
        return
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[^.]+(?:\.(?:new|old))?\.part")
    for leftover in target.parent.iterdir():
        match = pattern.fullmatch(leftover.name)
        if match and not _alive(int(match.group(1))):
            leftover.unlink(missing_ok=True)


def _check_target(target: Path) -> None:
    """A target we may replace: nothing there yet, or a file (a folder or a pipe in the way stops all outputs)."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise PublishError.at(target, None, "cannot write the output: something other than a file is in the way")


def write_outputs(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside its target, then rename them all into place.

    All or nothing: a target that cannot be replaced, a full disk or a failed
    rename leaves every previous output as it was.
    """
    for target in files:
        _check_target(target)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                _remove_leftovers(target)
                staged.append((_temporary(target, "new"), target))
                with staged[-1][0].open("wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.chmod(staged[-1][0], 0o644)
            except OSError as exc:
                raise PublishError.at(target.parent, None, f"cannot write the output: {exc.strerror}") from None
        _replace_all(staged)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def _temporary(target: Path, kind: str) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=f".{kind}.part")
    os.close(handle)
    return Path(name)


def _keep_aside(target: Path) -> Path | None:
    """A second name (hard link) for the file at ``target``, to put it back; None if there is none to keep."""
    if not target.exists():
        return None
    aside = _temporary(target, "old")
    aside.unlink()
    try:
        os.link(target, aside)
    except OSError:  # a file system without hard links: a copy
        shutil.copyfile(target, aside)
    return aside


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged file over its target; if one fails, put back the ones already replaced."""
    done: list[tuple[Path, Path | None]] = []  # target, its previous file kept aside (None: there was none)
    try:
        for temporary, target in staged:
            done.append((target, _keep_aside(target)))
            try:
                os.replace(temporary, target)  # atomic: readers see the old file or the new one
            except OSError as exc:
                for replaced, previous in reversed(done[:-1]):
                    if previous is not None:
                        os.replace(previous, replaced)
                    else:
                        replaced.unlink(missing_ok=True)
                raise PublishError.at(target, None, f"cannot write the output: {exc.strerror}") from None
    finally:
        for _, previous in done:
            if previous is not None:
                previous.unlink(missing_ok=True)  # also when it was put back: rename onto a hard link does nothing
