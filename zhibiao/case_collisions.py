"""Names that differ only in letter case: one name on a case-insensitive file system (Windows, macOS by default).

A doc_id names its gold file (<doc_id>.jsonl, written by `doccano pull`) and its raw report: `Jintan-2025` and
`jintan-2025` are two reports on Linux and one file elsewhere, where the second pull or copy silently overwrites
the first. Gold files, doc_ids and raw report names that collide so are refused, naming both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .jsonl import Problem
from .record_shape import FILE_STEM_RULE, is_file_stem

WHY = "one name on a case-insensitive file system (Windows, macOS)"


def case_key(name: str) -> str:
    return name.casefold()


def case_twin(name: str, seen: dict[str, str]) -> str | None:
    """The name among `seen` (case_key → name) that `name` differs from only in letter case, or None."""
    other = seen.get(case_key(name))
    return other if other is not None and other != name else None


def gold_name_problems(paths: Iterable[Path], sentences: dict[tuple, str]) -> list[Problem]:
    """Problems of the gold's names: a file name that is no doc_id-like name (invisible characters, whitespace),
    two files of one folder, and two doc_ids (of `sentences`: (doc_id, sent_id) → the `file:line` giving it), that
    differ only in letter case."""
    doc_id_places: dict[str, str] = {}
    for (doc_id, _), where in sentences.items():
        doc_id_places.setdefault(doc_id, where)
    problems: list[Problem] = []
    files: dict[str, str] = {}
    for path in paths:
        if not is_file_stem(path.stem):
            problems.append(Problem(str(path), 0, f"the file name cannot name gold ({FILE_STEM_RULE}); rename the file"))
        key = os.path.join(os.path.normcase(os.path.abspath(path.parent)), case_key(path.name))
        if (other := files.get(key)) is not None and other != str(path):
            problems.append(Problem(str(path), 0, f"differs from {other} only in letter case ({WHY}); merge the two "
                                                  "files or rename one"))
        files.setdefault(key, str(path))
    seen: dict[str, str] = {}
    for doc_id, where in doc_id_places.items():
        if (twin := case_twin(doc_id, seen)) is not None:
            place, _, line = where.rpartition(":")
            problems.append(Problem(place, int(line), f"doc_id {doc_id!r} differs from {twin!r} (at "
                                                      f"{doc_id_places[twin]}) only in letter case ({WHY}); give "
                                                      "one spelling"))
        seen.setdefault(case_key(doc_id), doc_id)
    return problems
