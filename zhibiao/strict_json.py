"""JSON as the standard defines it, for every file the project reads but did not write itself (gold, doccano
exports, clean sentences handed over, configs/rules.json, an indicator table).

Python's json module accepts more than JSON and keeps quiet about it: `NaN`, `Infinity` and `-Infinity` are read as
floats (no other JSON reader takes them, and a NaN offset or value compares unequal to everything), a number too
large for a float (`1e999`) becomes infinity, and a key given twice keeps its last value without a word (a
hand-merged line's first `entities` would be dropped). Each is refused here with a message naming it. A UTF-8 BOM
at the start of a file is read past, as a Windows editor's mark and not part of the JSON (zhibiao.jsonl does the
same for JSON Lines).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

UTF8_BOM = b"\xef\xbb\xbf"


class StrictJSONError(ValueError):
    """What is not strict JSON in a text, as a message without file and line (the reader knows them)."""


def loads(text: str | bytes) -> object:
    """The JSON value of `text`; json.JSONDecodeError for bad JSON, StrictJSONError for what Python's json would take
    but JSON is not (RecursionError is left to the caller, as from json.loads)."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError:
        raise
    except ValueError as err:  # an integer of more digits than Python converts (4300): not StrictJSONError's own
        if isinstance(err, StrictJSONError):
            raise
        raise StrictJSONError(f"a number too long to read ({' '.join(str(err).split())})") from None


def read_file(path: Path) -> object:
    """The JSON value of a whole file; OSError when it cannot be read, and StrictJSONError naming the file (and
    the line, where the JSON breaks) for everything else, on one line."""
    data = Path(path).read_bytes()
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise StrictJSONError(f"{path}:{line}: not UTF-8 (byte {data[err.start]:#04x}); save the file as UTF-8") from None
    try:
        return loads(text)
    except json.JSONDecodeError as err:
        raise StrictJSONError(f"{path}:{err.lineno}: {bad_json(err)}") from None
    except StrictJSONError as err:
        raise StrictJSONError(f"{path}: {err}") from None
    except RecursionError:
        raise StrictJSONError(f"{path}: bad JSON (nested too deeply)") from None


def bad_json(err: json.JSONDecodeError) -> str:
    """`bad JSON (what at column N)`; Python's message for a control character ends in an "at" of its own."""
    what = err.msg.removesuffix(" at")
    hint = ": a tab or line break typed inside a string (write it as \\t or \\n)" if what.startswith("Invalid control") else ""
    return f"bad JSON ({what} at column {err.colno}{hint})"


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    value: dict = {}
    for key, item in pairs:
        if key in value:
            raise StrictJSONError(f"key {_shown(key)} appears twice")
        value[key] = item
    return value


def _no_constant(name: str) -> float:
    raise StrictJSONError(f"{name} is no JSON number (write a number, or null for none)")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise StrictJSONError(f"the number {text[:40]} is too large (it would read as infinity)")
    return number


def _shown(key: str) -> str:
    from .record_shape import short

    return short(key)
