"""The word lists of the linker, the value readings and target/actual, read once from zhibiao/words.json.

Data, not code: the file ships inside the package (no repo-relative path), one list a concept.
"""

from __future__ import annotations

import json
from importlib import resources


def _load() -> dict[str, tuple[str, ...]]:
    data = json.loads(resources.files(__package__).joinpath("words.json").read_text(encoding="utf-8"))
    return {key: tuple(value) for key, value in data.items() if not key.startswith("_")}


WORDS = _load()
