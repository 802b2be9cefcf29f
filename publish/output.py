"""Writing outputs atomically: all or nothing, the previous good files kept on failure.

Each file is written beside its target under a name carrying our process id,
flushed to disk, then renamed over the target: a reader or a build running at
the same time sees the old file or the new one, never half of one. What a
killed build left behind is removed by the next one.
"""

from __future__ import annotations

import os
import re
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
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[^.]+\.part")
    for leftover in target.parent.iterdir():
        match = pattern.fullmatch(leftover.name)
        if match and not _alive(int(match.group(1))):
            leftover.unlink(missing_ok=True)


def write_outputs(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside its target, then rename them all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                _remove_leftovers(target)
                handle, temporary = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".part"
                )
                staged.append((Path(temporary), target))
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.chmod(temporary, 0o644)
            except OSError as exc:
                raise PublishError.at(target.parent, None, f"cannot write the output: {exc.strerror}") from None
        for temporary, target in staged:
            os.replace(temporary, target)
        staged.clear()
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
