"""Merge labels pulled from doccano into the gold, never overwriting a hand label silently.

Plain dicts in, plain dicts out; no files, no server. For each sentence (doc_id, sent_id):

1. The annotators' versions are collected. Unless `confirmed` (a pull of examples marked done only),
   a version with no labels (no entities, no relations) is dropped: in a plain pull it cannot be
   told apart from "not looked at yet". Confirmed, an empty version is a decision ("this sentence
   has nothing to label") and counts like any other.
2. If nothing is left, the sentence is `skipped`. If the versions left disagree, it is a
   conflict ("annotators disagree") and the gold is not touched.
3. The agreed version is compared with the gold line of the same key:
   - no gold line                                  -> `added`
   - gold text differs                             -> conflict ("text differs")
   - same labels                                   -> `unchanged`
   - gold line has no labels, not confirmed        -> `held`: an empty gold line is a person's decision
     ("read, nothing to label"), changed only by another one (marking the example done in doccano)
   - gold line has no labels, confirmed            -> `updated` (the only overwrite; meta kept)
   - different labels otherwise                    -> conflict ("labels differ"); gold kept

Labels are compared as sets of (start, end, label) spans and (from span, to span, type)
relations, so entity ids and order do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..annotations import sentence_key

GOLD = "gold"


@dataclass
class MergeResult:
    # doc_id -> all gold records of that report after the merge, by sent_id; only reports that changed.
    changed: dict[str, list[dict]] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    held: int = 0

    @property
    def conflicted(self) -> int:
        return len(self.conflicts)

    def counts(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "conflicted": self.conflicted, "skipped": self.skipped, "held": self.held}


def has_labels(record: dict) -> bool:
    return bool(record.get("entities") or record.get("relations"))


def label_signature(record: dict) -> tuple[frozenset, frozenset]:
    """The record's labels independent of ids and order."""
    by_id = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in record.get("entities", [])}
    spans = frozenset(by_id.values())
    relations = frozenset(
        (by_id.get(r["from_id"]), by_id.get(r["to_id"]), r["type"]) for r in record.get("relations", [])
    )
    return spans, relations


def same_labels(first: dict, second: dict) -> bool:
    return label_signature(first) == label_signature(second)


def conflict(record: dict, reason: str, versions: dict[str, dict]) -> dict:
    """A conflicts-file line: the sentence and each source's labels, for adjudication."""
    return {
        "doc_id": record["doc_id"],
        "sent_id": record["sent_id"],
        "text": record["text"],
        "reason": reason,
        "versions": [
            {"source": source, "text": version["text"], "entities": version.get("entities", []),
             "relations": version.get("relations", [])}
            for source, version in versions.items()
        ],
    }


def agreed_version(versions: dict[str, dict], confirmed: bool) -> tuple[str, dict | None, dict | None]:
    """("ok", record, None), ("skip", None, None) or ("conflict", None, conflict line) for one key."""
    if not confirmed:
        versions = {name: record for name, record in versions.items() if has_labels(record)}
    if not versions:
        return "skip", None, None
    names = list(versions)
    first = versions[names[0]]
    if all(same_labels(first, versions[name]) and versions[name]["text"] == first["text"] for name in names[1:]):
        return "ok", first, None
    return "conflict", None, conflict(first, "annotators disagree", versions)


def merge(gold: dict[str, list[dict]], incoming: dict[str, list[dict]], confirmed: bool = False) -> MergeResult:
    """Merge `incoming` (annotator -> records) into `gold` (doc_id -> records). Inputs are not changed."""
    result = MergeResult()
    by_key: dict[tuple, dict[str, dict]] = {}
    for annotator, records in incoming.items():
        for record in records:
            by_key.setdefault(sentence_key(record), {})[annotator] = record
    gold_by_key = {sentence_key(record): record for records in gold.values() for record in records}
    merged: dict[tuple, dict] = {}
    for key in sorted(by_key, key=lambda k: (k[0], k[1])):
        outcome, agreed, problem = agreed_version(by_key[key], confirmed)
        if outcome == "skip":
            result.skipped += 1
            continue
        if outcome == "conflict" or agreed is None:
            if problem is not None:
                result.conflicts.append(problem)
            continue
        record = agreed
        existing = gold_by_key.get(key)
        source = next(name for name, version in by_key[key].items() if version is record)
        if existing is None:
            merged[key] = clean_record(record)
            result.added += 1
        elif existing["text"] != record["text"]:
            result.conflicts.append(conflict(existing, "text differs", {GOLD: existing, source: record}))
        elif same_labels(existing, record):
            result.unchanged += 1
        elif not has_labels(existing) and not confirmed:
            result.held += 1
        elif not has_labels(existing):  # the gold line's own fields beyond the labels stay (a note, a comment)
            kept = {field: value for field, value in existing.items() if field not in clean_record(existing)}
            merged[key] = {**clean_record(record), "meta": existing.get("meta", record.get("meta", {})), **kept}
            result.updated += 1
        else:
            result.conflicts.append(conflict(existing, "labels differ", {GOLD: existing, source: record}))
    for doc_id in sorted({key[0] for key in merged}):
        by_sentence = {sentence_key(r): r for r in gold.get(doc_id, [])}
        by_sentence.update({key: record for key, record in merged.items() if key[0] == doc_id})
        result.changed[doc_id] = [by_sentence[key] for key in sorted(by_sentence, key=lambda k: k[1])]
    return result


def clean_record(record: dict) -> dict:
    """Only the gold fields, in the gold's order."""
    return {
        "text": record["text"], "doc_id": record["doc_id"], "sent_id": record["sent_id"],
        "meta": record.get("meta") or {}, "entities": record.get("entities", []),
        "relations": record.get("relations", []),
    }
