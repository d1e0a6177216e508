"""Input files given on a command line: each read once, whether named twice or once by name and once through
its folder. Plain data over paths, shared by the raw reports (preprocess) and the gold (corpus)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable


def shown(path: Path) -> str:
    """A path as it can be printed and written to JSON: bytes of a name that are not UTF-8 (a GBK name unzipped
    from Windows) as escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def listed_inputs(paths: Iterable[Path], unread: Callable[[Path], str | None]) -> tuple[list[Path], list[str]]:
    """(the files of files and folders, one line per entry not read): a folder is read one level deep, and of
    its files only those `unread` gives no reason for (`not a .jsonl file`) and that are not hidden; sub-folders,
    broken links, pipes and devices (reading one would wait forever) and folders that cannot be listed are named;
    a file given twice, by name or through its folder, is read once."""
    files: list[Path] = []
    ignored: list[str] = []
    for path in map(Path, paths):
        if not path.is_dir():
            if path.exists() and not path.is_file():
                ignored.append(f"{shown(path)}: not a regular file, not read")
            else:
                files.append(path)
            continue
        try:
            entries = sorted(path.iterdir())
        except OSError as err:
            ignored.append(f"{shown(path)}: folder not read ({err.strerror or err})")
            continue
        for entry in entries:
            if entry.is_dir():
                ignored.append(f"{shown(entry)}: sub-folder not read (give it as an argument to read it)")
            elif entry.is_symlink() and not entry.exists():
                ignored.append(f"{shown(entry)}: a symbolic link to nothing (broken, or a loop), not read")
            elif not entry.is_file():
                ignored.append(f"{shown(entry)}: not a regular file, not read")
            elif entry.name.startswith("."):
                ignored.append(f"{shown(entry)}: hidden file, not read (`._x.txt` is the metadata a Mac adds to a zip)")
            elif reason := unread(entry):
                ignored.append(f"{shown(entry)}: {reason}")
            else:
                files.append(entry)
    once, again = read_once(files)
    return once, ignored + again


def read_once(files: list[Path]) -> tuple[list[Path], list[str]]:
    """(each file once, in the order given; one line per file given again): a file read twice would be all
    duplicates, and counted twice."""
    first: dict[str, Path] = {}
    for path in files:
        first.setdefault(os.path.realpath(path), path)  # not Path.resolve: it raises on a symlink loop
    again = [f"{path}: given twice{'' if str(kept) == str(path) else f' (also as {kept})'}, read once"
             for path in files if (kept := first[os.path.realpath(path)]) is not path]
    return list(first.values()), again
