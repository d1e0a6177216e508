"""Input files given on a command line: each read once, whether named twice or once by name and once through
its folder. Plain data over paths, shared by the raw reports (preprocess) and the gold (corpus)."""

from __future__ import annotations

import os
from pathlib import Path


def read_once(files: list[Path]) -> tuple[list[Path], list[str]]:
    """(each file once, in the order given; one line per file given again): a file read twice would be all
    duplicates, and counted twice."""
    first: dict[str, Path] = {}
    for path in files:
        first.setdefault(os.path.realpath(path), path)  # not Path.resolve: it raises on a symlink loop
    again = [f"{path}: given twice{'' if str(kept) == str(path) else f' (also as {kept})'}, read once"
             for path in files if (kept := first[os.path.realpath(path)]) is not path]
    return list(first.values()), again
