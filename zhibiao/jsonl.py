"""JSON Lines files read line by line: every line that cannot be read is a `file:line: problem`, never an exception.

Every JSONL file the project reads (gold, clean sentences, doccano exports) goes through `parsed_lines`, so a
line is numbered, decoded and refused the same way everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import strict_json
from .record_shape import surrogate_problem
from .strict_json import UTF8_BOM


@dataclass
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:  # line 0: about the whole file (`file: cannot read`), as a raw report's errors say
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def parsed_lines(path: Path) -> Iterable[tuple[int, object]]:
    """(line number, parsed JSON value or the Problem of that line) for each non-blank line: a bad
    line never hides the ones after it. OSError (missing file) is left to the caller."""
    with Path(path).open("rb") as handle:
        yield from parsed_jsonl(str(path), handle)


def parsed_jsonl(where: str, raw_lines: Iterable[bytes]) -> Iterator[tuple[int, object]]:
    """parsed_lines() of lines already in hand (a file of an export zip); `where` names them in a Problem."""
    numbered = list(enumerate(editor_lines(raw_lines), start=1))
    if numbered and numbered[0][1].startswith(UTF8_BOM):  # a Windows editor's mark of UTF-8, not part of the JSON
        numbered[0] = (1, numbered[0][1][len(UTF8_BOM):])
    if (number := json_array_start(numbered)) is not None:
        # Each line of a pretty-printed array is bad JSON on its own: one message for the file, not one a line.
        yield number, Problem(where, number, "the file is a JSON array, not JSON Lines (one JSON object a line); "
                                             "write each record on a line of its own")
        return
    if (problem := _encoding_problem(where, numbered)) is not None:
        yield problem.line, problem  # a file in another encoding: one message for it, not one a line
        return
    for number, raw in numbered:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield number, Problem(where, number, f"not UTF-8 (byte {raw[err.start]:#04x} at column {err.start + 1})")
            continue
        if not line.strip():
            continue
        try:
            value = strict_json.loads(line)  # no NaN, Infinity, 1e999 or key given twice (zhibiao.strict_json)
        except json.JSONDecodeError as err:
            yield number, Problem(where, number, strict_json.bad_json(err))
        except strict_json.StrictJSONError as err:
            yield number, Problem(where, number, str(err))
        except RecursionError:
            yield number, Problem(where, number, "bad JSON (nested too deeply)")
        else:
            surrogate = surrogate_problem(value)
            yield number, Problem(where, number, surrogate) if surrogate else value


def _encoding_problem(where: str, numbered: list[tuple[int, bytes]]) -> Problem | None:
    """One Problem for a file most of whose lines are not UTF-8 (or hold NUL bytes, as UTF-16 does), naming the
    encoding it reads as; None when it is UTF-8 but for a line or so (each such line gets its own Problem)."""
    lines = [(number, raw) for number, raw in numbered if raw.strip()]
    bad = [number for number, raw in lines if b"\x00" in raw or not _is_utf8(raw)]
    if len(bad) < 2 or 2 * len(bad) < len(lines):
        return None
    from .encodings import ReportError, decode

    try:
        _, encoding = decode(b"".join(raw for _, raw in numbered), where)
        reading = f"it reads as {encoding}"
    except ReportError:
        reading = "no encoding fits (binary or damaged)"
    return Problem(where, bad[0], f"not UTF-8 ({len(bad)} of {len(lines)} lines): {reading}; save the file as UTF-8")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def json_array_start(numbered: list[tuple[int, bytes]]) -> int | None:
    """The number of the line opening the file when the file is one JSON array and that line is no JSON on its own
    (a JSON Lines file may well start with a line that is an array: that line is refused as not an object)."""
    first = next(((number, raw) for number, raw in numbered if raw.strip()), None)
    if first is None or not first[1].lstrip().startswith(b"["):
        return None
    try:
        json.loads(first[1])
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        try:
            whole = json.loads(b"".join(raw for _, raw in numbered))
        except (ValueError, RecursionError):
            return None
        return first[0] if isinstance(whole, list) else None
    return None


def editor_lines(raw_lines: Iterable[bytes]) -> Iterator[bytes]:
    """The lines as an editor numbers them: a file's iteration ends lines at LF only, while CR LF and a lone CR
    (old Mac files) end a line too."""
    for raw in raw_lines:
        yield from raw.splitlines(keepends=True)  # bytes split at LF, CR LF and CR only, never inside UTF-8
