"""doccano's import/export records <-> gold records, span checks, export zips, and pre-annotation: plain data.

doccano facts this module relies on (doccano 1.8.4):
- JSONL(Relation) import: every field besides text/entities/relations goes to the example's meta;
  the rows of one file are read into a pandas frame, so a field missing from some rows becomes NaN,
  which is invalid JSON and fails the whole import. Every pushed row therefore has the same fields.
- The export spreads meta back into top-level fields, again through pandas: sent_id comes back
  as a float. A project with independent annotation (the default) exports `<username>.jsonl`
  per member; a collaborative one exports `all.jsonl`.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..annotations import GoldLine, make_record, read_records, sentence_key, validate_record
from ..labels import LABEL_NAMES, RELATION_TYPES
from ..linker import link
from . import BadSpan, DoccanoError, ExportUnreadable, PreannotatorMissing
from .offsets import OffsetError, entities_from_utf16, entities_to_utf16

COLLABORATIVE_EXPORT = "all"

Span = tuple[int, int, str]
Proposer = Callable[[str], list[Span]]


def span_problems(record: Mapping[str, Any]) -> list[str]:
    """Spans doccano would store wrongly without a word: offsets outside the text, unknown labels."""
    where = f"{record['doc_id']}/{record['sent_id']}"
    text = record["text"]
    problems = []
    for entity in record["entities"]:
        start, end, label = entity["start_offset"], entity["end_offset"], entity["label"]
        if label not in LABEL_NAMES:
            problems.append(f"{where}: unknown label {label!r} (known: {', '.join(LABEL_NAMES)})")
        elif not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{where}: {label} span {start}-{end} is outside the text (length {len(text)})")
    return problems


def without_overlaps(record: dict) -> tuple[dict, int]:
    """The record keeping, of overlapping spans, the earlier (then longer) one, and how many were dropped.

    The project does not allow overlaps, and doccano's import would drop them without a word.
    """
    kept: list[dict] = []
    for entity in sorted(record["entities"], key=lambda e: (e["start_offset"], -e["end_offset"])):
        if not kept or entity["start_offset"] >= max(e["end_offset"] for e in kept):
            kept.append(entity)
    if len(kept) == len(record["entities"]):
        return record, 0
    ids = {entity["id"] for entity in kept}
    relations = [r for r in record["relations"] if r["from_id"] in ids and r["to_id"] in ids]
    return {**record, "entities": kept, "relations": relations}, len(record["entities"]) - len(kept)


def upload_record(sentence: dict, entities: Iterable[Span] = (), relations: Iterable[tuple[int, int]] = ()) -> GoldLine:
    """A gold-format record for one clean sentence with pre-annotations (code-point offsets)."""
    return make_record(sentence["doc_id"], sentence["sent_id"], sentence["text"], sentence.get("meta") or {},
                       list(entities), list(relations))


def preannotated_record(sentence: dict, source: dict) -> dict:
    """The sentence with the entities and relations of an annotation record of the same key."""
    if source["text"] != sentence["text"]:
        raise BadSpan(f"{sentence['doc_id']}/{sentence['sent_id']}: the pre-annotation's text differs from the clean sentence")
    return {**upload_record(sentence), "entities": source.get("entities", []), "relations": source.get("relations", [])}


def to_doccano(record: dict) -> dict:
    """The upload line: the gold fields, always the same set, offsets in UTF-16 units."""
    record = entities_to_utf16(record)
    return {name: record[name] for name in ("text", "doc_id", "sent_id", "meta", "entities", "relations")}


def from_doccano(raw: dict) -> dict | None:
    """A gold record from an export line (entity ids renumbered 1..n by position); None without doc_id/sent_id."""
    if raw.get("doc_id") is None or raw.get("sent_id") is None:
        return None
    converted = entities_from_utf16({"text": raw["text"], "entities": raw.get("entities") or []})
    entities = sorted(converted["entities"], key=lambda e: (e["start_offset"], e["end_offset"], e["label"]))
    new_ids = {entity["id"]: number for number, entity in enumerate(entities, start=1)}
    return {
        "text": raw["text"],
        "doc_id": raw["doc_id"],
        "sent_id": int(raw["sent_id"]),
        "meta": raw["meta"] if isinstance(raw.get("meta"), dict) else {},
        "entities": [{"id": new_ids[e["id"]], "label": e["label"], "start_offset": e["start_offset"],
                      "end_offset": e["end_offset"]} for e in entities],
        "relations": [{"id": number, "from_id": new_ids.get(r["from_id"], r["from_id"]),
                       "to_id": new_ids.get(r["to_id"], r["to_id"]), "type": r["type"]}
                      for number, r in enumerate(raw.get("relations") or [], start=1)],
    }


def read_export_zip(path: Path) -> dict[str, list[dict]]:
    """Export lines by annotator (the file name without .jsonl: a username, or `all`)."""
    try:
        with zipfile.ZipFile(path) as archive:
            exports = {}
            for name in sorted(archive.namelist()):
                if not name.endswith(".jsonl"):
                    continue
                lines = archive.read(name).decode("utf-8").splitlines()
                exports[Path(name).stem] = [json.loads(line) for line in lines if line.strip()]
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ExportUnreadable(f"cannot read the doccano export {path}: {err}") from None
    if not exports:
        raise ExportUnreadable(f"the doccano export {path} has no .jsonl file")
    return exports


@dataclass
class Converted:
    records: dict[str, list[dict]] = field(default_factory=dict)  # annotator -> gold-format records
    unconvertible: list[str] = field(default_factory=list)  # one line per record whose offsets do not fit
    without_key: int = 0


def convert_exports(exports: dict[str, list[dict]]) -> Converted:
    """Gold-format records per annotator, not yet validated."""
    result = Converted()
    for annotator, lines in exports.items():
        kept = result.records.setdefault(annotator, [])
        for raw in lines:
            try:
                record = from_doccano(raw)
            except OffsetError as err:
                sent_id = raw.get("sent_id")
                sent_id = int(sent_id) if isinstance(sent_id, float) and sent_id.is_integer() else sent_id
                result.unconvertible.append(f"{annotator} {raw.get('doc_id')}/{sent_id}: {err}")
                continue
            if record is None:
                result.without_key += 1
            else:
                kept.append(record)
    return result


def split_valid(records: dict[str, list[dict]]) -> tuple[dict[str, list[dict]], list[str]]:
    """Records that pass annotations.validate_record, and one line per problem of those that do not."""
    valid: dict[str, list[dict]] = {}
    problems: list[str] = []
    for annotator, annotator_records in records.items():
        valid[annotator] = []
        for record in annotator_records:
            errors, _ = validate_record(record)
            if errors:
                where = f"{annotator} {record['doc_id']}/{record['sent_id']}"
                problems.extend(f"{where}: {message}" for message in errors)
            else:
                valid[annotator].append(record)
    return valid, problems


def annotators_to_merge(available: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[str]:
    """The export files to merge: those named in `include` if any, else all but `exclude`."""
    available = sorted(available)
    include = list(include)
    if include:
        missing = sorted(set(include) - set(available))
        if missing:
            raise DoccanoError(f"no export for annotator(s) {', '.join(missing)} (have: {', '.join(available)})")
        return [name for name in available if name in include]
    return [name for name in available if name not in set(exclude)]


def label_differences(span_types: list[dict], relation_types: list[dict]) -> list[str]:
    """How a project's label types differ from zhibiao.labels by name (colours and keys are cosmetic)."""
    problems = []
    for kind, have, want in (("span", {t["text"] for t in span_types}, set(LABEL_NAMES)),
                             ("relation", {t["text"] for t in relation_types}, set(RELATION_TYPES))):
        if want - have:
            problems.append(f"missing {kind} label(s) {', '.join(sorted(want - have))}")
        if have - want:
            problems.append(f"unexpected {kind} label(s) {', '.join(sorted(have - want))}")
    return problems


# ================================================================ the server


def pre_annotate(sentences: list[dict], propose: Proposer | None = None,
                 preannotated: dict[tuple, dict] | None = None) -> tuple[list[dict], int]:
    """Upload records (code points) and the number of overlapping spans dropped.

    A span outside its text or with an unknown label anywhere raises BadSpan before any upload.
    """
    records: list[dict] = []
    for sentence in sentences:
        source = (preannotated or {}).get(sentence_key(sentence))
        if source is not None:
            records.append(preannotated_record(sentence, source))
        elif propose is not None:
            spans = sorted(propose(sentence["text"]))
            record = upload_record(sentence, spans)
            if not span_problems(record):  # the linker pairs only spans that fit their text
                record = upload_record(sentence, spans, link(sentence["text"], spans))
            records.append(dict(record))
        else:
            records.append(dict(upload_record(sentence)))
    problems = [problem for record in records for problem in span_problems(record)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BadSpan(problems[0] + more)
    cleaned = [without_overlaps(record) for record in records]
    return [record for record, _ in cleaned], sum(dropped for _, dropped in cleaned)


def rules_proposer(patterns: Path) -> Proposer:
    from ..rules import load_patterns, propose

    try:
        loaded = load_patterns(patterns)
    except (OSError, ValueError, KeyError) as err:
        raise PreannotatorMissing(f"{patterns}: cannot read the rule patterns ({err})") from None
    return lambda text: propose(text, loaded)


def model_proposer(path: Path) -> Proposer:
    """Spans from a trained spaCy pipeline: the spans its linker reads, without overlaps (doccano allows none)."""
    import spacy

    from ..extraction import spans_key_of
    from ..spans import doc_spans

    try:
        nlp = spacy.load(path)
    except (OSError, ValueError) as err:
        raise PreannotatorMissing(f"cannot load the spaCy pipeline {path}: {str(err).splitlines()[0]}") from None
    spans_key = spans_key_of(nlp)

    def propose(text: str) -> list[Span]:
        kept: list[Span] = []
        for span in sorted(doc_spans(nlp(text), spans_key), key=lambda s: (s[0], -(s[1] - s[0]))):
            if span[2] in LABEL_NAMES and (not kept or span[0] >= kept[-1][1]):
                kept.append(span)
        return kept

    return propose


def records_by_key(path: Path) -> dict[tuple, dict]:
    return {sentence_key(record): record for record in read_records(path)}
