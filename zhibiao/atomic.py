"""Write a file so that it is either wholly replaced or left as it was, never half-written or emptied."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def replacing(*paths: Path) -> Iterator[list[Path]]:
    """Temporary paths beside `paths` to write; all of them replace their targets only if the block ends
    without an exception, otherwise every temporary file is removed and the targets stay as they were."""
    temporary = []
    try:
        for path in map(Path, paths):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".tmp{path.suffix}", dir=path.parent)
            os.close(handle)
            temporary.append(Path(name))
        yield temporary
        for path, written in zip(paths, temporary):
            os.replace(written, path)
    finally:
        for written in temporary:
            written.unlink(missing_ok=True)
