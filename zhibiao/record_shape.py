"""Whether one parsed annotation line has the shape the validator and converter rely on.

Every check here only looks at types, so that any JSON value, however malformed, gives messages
instead of an exception; the label rules (edges, overlaps, relations) run only on lines that pass.
"""

from __future__ import annotations

import json
import re

REQUIRED_FIELDS = ("text", "entities", "relations", "doc_id", "sent_id")
ENTITY_FIELDS = ("id", "label", "start_offset", "end_offset")
RELATION_FIELDS = ("id", "from_id", "to_id", "type")
# A doc_id names its gold file, <doc_id>.jsonl: no path separators (a drive's ':' among them), no control
# characters, not '.' or '..', so that no doc_id can name a file outside the gold folder.
_FILE_STEM = re.compile(r"[^/\\:\x00-\x1f\x7f]+")


def shape_problems(record: object) -> list[str]:
    """Messages (without file and line) for a line that is not a well-formed annotation record."""
    if not isinstance(record, dict):
        return ["a line must be a JSON object"]
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        return [f"missing field(s): {', '.join(missing)}"]
    problems = []
    text = record["text"]
    if not isinstance(text, str) or not text:
        problems.append("field 'text' must be a non-empty string")
    elif (surrogate := lone_surrogate(text)) is not None:
        problems.append(f"field 'text' has a lone surrogate {text[surrogate]!r} at {surrogate} (broken UTF-16 in "
                        "the source); fix the character")
    if not isinstance(record["doc_id"], str) or not record["doc_id"]:
        problems.append(f"field 'doc_id' must be a non-empty string, not {short(record['doc_id'])}")
    elif not is_file_stem(record["doc_id"]):
        problems.append(f"field 'doc_id' must be usable as a file name (no '/', '\\', ':' or control "
                        f"characters, not '.' or '..'), not {short(record['doc_id'])}")
    if not is_int(record["sent_id"]):
        problems.append(f"field 'sent_id' must be an integer, not {short(record['sent_id'])}")
    problems.extend(_list_problems(record["entities"], "entities", "entity", ENTITY_FIELDS,
                                   ("start_offset", "end_offset")))
    problems.extend(_list_problems(record["relations"], "relations", "relation", RELATION_FIELDS, ()))
    return problems


def _list_problems(items: object, field: str, what: str, fields: tuple[str, ...], int_fields: tuple[str, ...]) -> list[str]:
    if not isinstance(items, list):
        return [f"field '{field}' must be a list of objects, not {short(items)}"]
    problems = []
    for item in items:
        if not isinstance(item, dict):
            problems.append(f"{what} {short(item)} must be an object with {', '.join(fields)}")
            continue
        lacking = [name for name in fields if name not in item]
        if lacking:
            problems.append(f"{what} {short(item)} lacks {', '.join(lacking)}")
            continue
        for name in fields:
            value = item[name]
            wanted_int = name in int_fields
            if (wanted_int and not is_int(value)) or not (is_int(value) or isinstance(value, str)):
                kind = "an integer" if wanted_int else "an integer or a string"
                problems.append(f"{what} {short(item)}: '{name}' must be {kind}, not {short(value)}")
    return problems


def is_file_stem(doc_id: str) -> bool:
    return doc_id not in (".", "..") and _FILE_STEM.fullmatch(doc_id) is not None


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def lone_surrogate(text: str) -> int | None:
    """Index of the first UTF-16 surrogate code point in `text` (JSON `\\ud800` escapes decode to these)."""
    return next((index for index, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)


def short(value: object, limit: int = 60) -> str:
    """A printable, bounded rendering of any JSON value for a message (surrogates escaped)."""
    rendered = json.dumps(value, ensure_ascii=True) if not isinstance(value, str) else repr(value)
    rendered = rendered.encode("utf-8", "backslashreplace").decode("utf-8")
    return rendered if len(rendered) <= limit else rendered[:limit] + "…"
