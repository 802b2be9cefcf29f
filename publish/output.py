"""Writing outputs atomically: all or nothing, the previous good files kept on failure."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from publish.errors import PublishError


def write_outputs(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside its target, then rename them all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
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
