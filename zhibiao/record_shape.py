"""Whether one parsed annotation line has the shape the validator and converter rely on.

Every check here only looks at types, so that any JSON value, however malformed, gives messages
instead of an exception; the label rules (edges, overlaps, relations) run only on lines that pass.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from typing import Iterable

REQUIRED_FIELDS = ("text", "entities", "relations", "doc_id", "sent_id")
ENTITY_FIELDS = ("id", "label", "start_offset", "end_offset")
RELATION_FIELDS = ("id", "from_id", "to_id", "type")
# A gold line may also hold `meta` and an annotator's own remark, which `doccano pull` keeps when it fills an empty
# line (zhibiao.doccano.merge); any other field is a typo (`entites`, `sentid`) whose value nothing reads.
KNOWN_FIELDS = (*REQUIRED_FIELDS, "meta", "comment", "note")
# What a line of doccano's plain JSONL export (`label`: [[start, end, label], …], no relations) lacks to be gold.
DOCCANO_LABEL_HINT = ("; this looks like a doccano export in the JSONL format (`label` lists, no relations): gold comes "
                      "from doccano's JSONL(Relation) export, which `zhibiao doccano pull` downloads and converts "
                      "(`--zip EXPORT.zip` for such an export saved by hand)")
# A doc_id names its gold file, <doc_id>.jsonl: no path separators (a drive's ':' among them), no control
# characters, not '.' or '..', so that no doc_id can name a file outside the gold folder. No invisible character
# (zero-width space, BOM, soft hyphen, direction marks: Unicode's format characters) and no whitespace but single
# spaces inside, which no one sees in a printed list: 'r-2024 ', 'r\u200b-2024' or 'r\u3000-2024' would be another
# report than 'r-2024' (held out and trained on at once), and a web page's copy of a name brings them along. A
# single space inside stays: a browser names a second download `county-2024 (1).txt`.
_FILE_STEM = re.compile(r"[^/\\:\x00-\x1f\x7f]+")
_HIDDEN_SPACE = re.compile(r"^ | $|  |[^\S ]")
FILE_STEM_RULE = ("no '/', '\\', ':', control or invisible characters (zero-width, BOM, soft hyphen, direction "
                  "marks), no whitespace but single spaces inside, not '.' or '..'")
# Control characters other than tab and line ends: a NUL or an escape in a sentence is a damaged file
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# convert keeps sent_id in a DocBin's user_data, which msgpack writes: no integer above its unsigned 64 bits
MAX_SENT_ID = 2**64 - 1


def shape_problems(record: object) -> list[str]:
    """Messages (without file and line) for a line that is not a well-formed annotation record."""
    if not isinstance(record, dict):
        return ["a line must be a JSON object"]
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    unknown = [unknown_field(name, KNOWN_FIELDS) for name in record if name not in KNOWN_FIELDS]
    if missing:
        if "label" in record:  # doccano's other export: the hint says what to do, not each of its fields
            return [f"missing field(s): {', '.join(missing)}{DOCCANO_LABEL_HINT}"]
        return [f"missing field(s): {', '.join(missing)}", *unknown]  # `entites` for `entities`: the hint says so
    # Any string of the record is written out again (DocBins, JSON, doc_id as a file name): none may hold one.
    if surrogate := surrogate_problem(record):
        return [surrogate]
    problems = unknown
    text = record["text"]
    if not isinstance(text, str) or not text:
        problems.append("field 'text' must be a non-empty string")
    elif control := _CONTROL.search(text):
        problems.append(f"field 'text' holds the control character U+{ord(control.group()):04X} at column "
                        f"{control.start() + 1}: no report sentence does (`zhibiao clean` removes them)")
    if not isinstance(record["doc_id"], str) or not record["doc_id"]:
        problems.append(f"field 'doc_id' must be a non-empty string, not {short(record['doc_id'])}")
    elif not is_file_stem(record["doc_id"]):
        problems.append(f"field 'doc_id' must be usable as a file name ({FILE_STEM_RULE}), not {short(record['doc_id'])}")
    if not is_int(record["sent_id"]):
        problems.append(f"field 'sent_id' must be an integer, not {short(record['sent_id'])}")
    elif record["sent_id"] < 0:
        problems.append(f"field 'sent_id' must be 0 or more (a sentence's place in its report), not {record['sent_id']}")
    elif record["sent_id"] > MAX_SENT_ID:
        problems.append(f"field 'sent_id' is {short(record['sent_id'])}, larger than a DocBin can store "
                        "(msgpack: at most 2**64-1)")
    if record.get("meta") is not None and not isinstance(record["meta"], dict):
        problems.append(f"field 'meta' must be an object (place, year, …) or absent, not {short(record['meta'])}")
    elif "synthetic" in (meta := record.get("meta") or {}) and not isinstance(meta["synthetic"], bool):
        # only `true` marks a training-only sentence: "yes" or 1 would leave it gold, and scored
        problems.append(f"field 'meta.synthetic' must be true or false, not {short(meta['synthetic'])}")
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
        problems.extend(f"{what} {short(item)}: {unknown_field(name, fields)}" for name in item if name not in fields)
        for name in fields:
            value = item[name]
            wanted_int = name in int_fields
            if (wanted_int and not is_int(value)) or not (is_int(value) or isinstance(value, str)):
                kind = "an integer" if wanted_int else "an integer or a string"
                problems.append(f"{what} {short(item)}: '{name}' must be {kind}, not {short(value)}")
    return problems


def nearest_name(name: object, known: Iterable[str]) -> str | None:
    """The known name `name` most resembles (a typo's likely meaning), or None."""
    nearest = difflib.get_close_matches(str(name), list(known), n=1)
    return nearest[0] if nearest else None


def unknown_field(name: object, known: tuple[str, ...]) -> str:
    """The message for a field no reader knows, with the known name it most resembles (a typo's likely meaning)."""
    nearest = nearest_name(name, known)
    hint = f"did you mean {nearest!r}?" if nearest else f"known: {', '.join(known)}"
    return f"unknown field {short(name)} ({hint})"


def is_file_stem(doc_id: str) -> bool:
    return (doc_id not in (".", "..") and _FILE_STEM.fullmatch(doc_id) is not None
            and _HIDDEN_SPACE.search(doc_id) is None
            and not any(unicodedata.category(char) in ("Cc", "Cf") for char in doc_id))


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def surrogate_problem(value: object) -> str | None:
    """The message for the first string of a parsed JSON value (a field's name or value, a label, a meta value) that
    holds a lone surrogate: JSON's `\\ud800` escapes decode to one, and no UTF-8 file, DocBin or terminal takes it."""
    # (path in the line, whether the string is a field's name, value); a list, not recursion: JSON nests deeper
    pending: list[tuple[str, bool, object]] = [("", False, value)]
    while pending:
        path, is_name, item = pending.pop()
        if isinstance(item, str) and (index := lone_surrogate(item)) is not None:
            where = f"field {short(path)}" if path else "the line"
            where = f"a field name in {where}" if is_name else where
            return (f"{where} has a lone surrogate {item[index]!r} at {index} (broken UTF-16 in the source); "
                    "fix the character")
        children: list[tuple[str, bool, object]] = []
        if isinstance(item, dict):
            for key, child in item.items():
                children += [(path, True, key), (f"{path}.{key}" if path else key, False, child)]
        elif isinstance(item, list):
            children = [(f"{path}[{index}]", False, child) for index, child in enumerate(item)]
        pending.extend(reversed(children))
    return None


def lone_surrogate(text: str) -> int | None:
    """Index of the first UTF-16 surrogate code point in `text` (JSON `\\ud800` escapes decode to these)."""
    return next((index for index, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)


def short(value: object, limit: int = 60) -> str:
    """A printable, bounded rendering of any JSON value for a message (surrogates escaped)."""
    rendered = json.dumps(value, ensure_ascii=True) if not isinstance(value, str) else repr(value)
    rendered = rendered.encode("utf-8", "backslashreplace").decode("utf-8")
    return rendered if len(rendered) <= limit else rendered[:limit] + "…"
