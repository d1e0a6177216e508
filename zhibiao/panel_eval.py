"""Scoring a panel against the hand-checked panel truth (corpus/panel/truth.jsonl).

F1 on (doc_id, kind, indicator, measure, value); on the rows whose (doc_id, kind, indicator, measure)
is in both, the share of cells that agree, field by field (qualifier among them).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Iterable

from .record_shape import short, unknown_field

KEY = ("doc_id", "kind", "indicator", "measure")
REQUIRED = KEY + ("value", "qualifier", "ref_year", "place", "province", "year")
COMPARED = ("value", "value_low", "value_high", "unit", "qualifier", "ref_year", "period", "estimated", "value_stretch",
            "place", "province", "year")
KINDS = ("target", "actual")
MEASURES = ("level", "growth", "rate", "share", "points")  # what zhibiao.figures.measure_of gives a panel row
QUALIFIERS = ("exact", "around", "at_least", "at_most", "range")


class TruthError(ValueError):
    """A truth line that cannot be scored against; the message is `file:line: problem`."""


def load_truth(path: Path) -> list[dict]:
    """The truth lines of a JSONL file; the first bad line fails with `file:line: message`, and so does a file
    without one: a truth of nothing would score every panel 0 without a word."""
    from .annotations import AnnotationError, read_jsonl

    path = Path(path)
    rows = []
    try:
        lines = read_jsonl(path)
    except AnnotationError as err:
        raise TruthError(str(err)) from err
    except OSError as err:  # no such file (the default path, run from another folder), a folder, no permission
        raise TruthError(f"{path}: cannot read the truth ({err.strerror or err})") from None
    for number, row in lines:
        problem = truth_problem(row)
        if problem:
            raise TruthError(f"{path}:{number}: {problem}")
        rows.append(row)
    if not rows:
        raise TruthError(f"{path}: no truth lines")
    keys = [tuple(row[k] for k in KEY) for row in rows if row.get("panel", True)]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise TruthError(f"{path}: panel cell given twice: {twice[0]}")
    return rows


# The types of the fields a truth line is scored on, None allowed where the truth file has it (a range's
# single value, an unknown reference year); a wrong type would raise or never match, deep inside the scoring.
_NUMBER, _INTEGER, _TEXT, _FLAG = "a number", "an integer", "a string", "true or false"
FIELD_TYPES: dict[str, tuple[str, bool]] = {
    "doc_id": (_TEXT, False), "kind": (_TEXT, False), "indicator": (_TEXT, False), "measure": (_TEXT, False),
    "value": (_NUMBER, True), "value_low": (_NUMBER, True), "value_high": (_NUMBER, True), "unit": (_TEXT, True),
    "qualifier": (_TEXT, False), "ref_year": (_INTEGER, True), "period": (_TEXT, True), "estimated": (_FLAG, True),
    "value_stretch": (_NUMBER, True), "place": (_TEXT, True), "province": (_TEXT, True), "year": (_INTEGER, True),
    "panel": (_FLAG, False),
}
# Fields a checker writes for a reader; any other is a typo (`unti`) that would leave its field unset and scored wrong
KNOWN_FIELDS = (*FIELD_TYPES, "evidence", "note", "comment")


def truth_problem(row: dict) -> str | None:
    missing = [field for field in REQUIRED if field not in row]
    if missing:
        return f"missing {', '.join(missing)}"
    if unknown := next((name for name in row if name not in KNOWN_FIELDS), None):
        return unknown_field(unknown, KNOWN_FIELDS)
    wrong = next((field for field in FIELD_TYPES if field in row and not _typed(row[field], *FIELD_TYPES[field])), None)
    if wrong:
        kind, nullable = FIELD_TYPES[wrong]
        return f"{wrong} must be {kind}{' or null' if nullable else ''}, not {short(row[wrong])}"
    if row["kind"] not in KINDS:
        return f"kind {row['kind']!r} is not one of {', '.join(KINDS)}"
    if row["measure"] not in MEASURES:
        return f"measure {row['measure']!r} is not one of {', '.join(MEASURES)}"
    if row["qualifier"] not in QUALIFIERS:
        return f"qualifier {row['qualifier']!r} is not one of {', '.join(QUALIFIERS)}"
    if row["value"] is None and row["qualifier"] != "range":
        return "value is empty but the qualifier is not range"
    return None


def _typed(value: object, kind: str, nullable: bool) -> bool:
    if value is None:
        return nullable
    if kind == _FLAG:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == _NUMBER:
        return isinstance(value, (int, float)) and math.isfinite(value)
    return isinstance(value, int) if kind == _INTEGER else isinstance(value, str)


def scored_truth(truth: list[dict], doc_ids: Iterable[str], indicator_ids: Iterable[str]) -> tuple[list[dict], list[str]]:
    """The truth lines that can be scored against panels of these reports, and one line per kind of line left
    out with its count: lines of reports not given, and lines whose indicator is no canonical id (no panel has
    it), would otherwise count as misses."""
    doc_ids, indicator_ids = set(doc_ids), set(indicator_ids)
    other_reports = [row for row in truth if row["doc_id"] not in doc_ids]
    unknown = [row for row in truth if row["doc_id"] in doc_ids and row["indicator"] not in indicator_ids]
    notes = []
    if other_reports:
        names = ", ".join(sorted({row["doc_id"] for row in other_reports}))
        notes.append(f"{len(other_reports)} truth line(s) of reports not given ({names}) not scored")
    if unknown:
        names = ", ".join(sorted({repr(row["indicator"]) for row in unknown}))
        notes.append(f"{len(unknown)} truth line(s) with an indicator that is no canonical id ({names}) not scored")
    left_out = {id(row) for row in [*other_reports, *unknown]}
    return [row for row in truth if id(row) not in left_out], notes


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    return a == b


def score_panel(rows: list[dict], truth: list[dict]) -> dict:
    """Scores of panel rows against the truth lines marked `panel` (all of them when none says otherwise)."""
    gold = {tuple(row[k] for k in KEY): row for row in truth if row.get("panel", True)}
    predicted = {tuple(row[k] for k in KEY): row for row in rows}
    tp = sum(1 for key, row in predicted.items() if key in gold and same(row["value"], gold[key]["value"]))
    fp, fn = len(predicted) - tp, len(gold) - tp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    matched = sorted(set(gold) & set(predicted))
    fields, errors = {}, []
    for field in COMPARED:
        agree = sum(1 for key in matched if same(predicted[key].get(field), gold[key].get(field)))
        fields[field] = {"correct": agree, "rows": len(matched), "accuracy": agree / len(matched) if matched else 0.0}
    for key in matched:
        wrong = {f: [gold[key].get(f), predicted[key].get(f)] for f in COMPARED
                 if not same(predicted[key].get(f), gold[key].get(f))}
        if wrong:
            errors.append({"side": "cells", "key": list(key), "truth_vs_panel": wrong,
                           "sentence": predicted[key].get("sentence")})
    errors += [{"side": "fn", "key": list(key), "value": gold[key]["value"], "evidence": gold[key].get("evidence")}
               for key in sorted(set(gold) - set(predicted))]
    errors += [{"side": "fp", "key": list(key), "value": predicted[key]["value"], "sentence": predicted[key].get("sentence")}
               for key in sorted(set(predicted) - set(gold))]
    per_report = {}
    for doc_id in sorted({key[0] for key in gold} | {key[0] for key in predicted}):
        g = {k for k in gold if k[0] == doc_id}
        hits = sum(1 for k in predicted if k[0] == doc_id and k in gold and same(predicted[k]["value"], gold[k]["value"]))
        per_report[doc_id] = {"truth": len(g), "panel": sum(1 for k in predicted if k[0] == doc_id), "tp": hits}
    return {"cells": {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn},
            "matched_rows": len(matched), "fields": fields, "per_report": per_report, "errors": errors}


def markdown(results: dict[str, dict]) -> str:
    """A table per scored pipeline: cell P/R/F1 and the per-field accuracy on matched rows."""
    lines = ["| pipeline | P | R | F1 | tp | fp | fn | matched | " + " | ".join(COMPARED) + " |",
             "|---" * (8 + len(COMPARED)) + "|"]
    for name, result in results.items():
        cells = result["cells"]
        accuracy = " | ".join(f"{result['fields'][f]['accuracy']:.3f}" for f in COMPARED)
        lines.append(f"| {name} | {cells['p']:.3f} | {cells['r']:.3f} | {cells['f']:.3f} | {cells['tp']} | {cells['fp']} "
                     f"| {cells['fn']} | {result['matched_rows']} | {accuracy} |")
    return "\n".join(lines) + "\n"
