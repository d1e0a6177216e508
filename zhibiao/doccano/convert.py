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

import io
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..annotations import GoldLine, Problem, make_record, parsed_jsonl, read_records, sentence_key, validate_record
from ..labels import LABEL_NAMES, RELATION_TYPES
from ..linker import link
from ..record_shape import shape_problems
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


class BadExportLine(ValueError):
    """An export line that is not a gold record even before the label rules: the message says why."""


def from_doccano(raw: object) -> dict | None:
    """A gold record from an export line (entity ids renumbered 1..n by position); None without doc_id/sent_id.

    A line that cannot become a well-formed record (shape_problems: a sent_id of 1.5, a doc_id that is no file
    name, entities that are not objects) raises BadExportLine, and offsets inside a UTF-16 pair OffsetError:
    nothing is rounded or guessed.
    """
    if not isinstance(raw, dict):
        raise BadExportLine("a line must be a JSON object")
    if not has_key(raw):
        return None
    if "label" in raw and "entities" not in raw:  # doccano's sequence-labeling JSONL: its spans would be lost
        raise BadExportLine("labels as a 'label' list, the export of a sequence-labeling project; export the "
                            "project as JSONL(Relation) (entities and relations)")
    record = {name: raw[name] for name in ("text", "doc_id") if name in raw}
    record.update(sent_id=whole(raw["sent_id"]), meta=raw["meta"] if isinstance(raw.get("meta"), dict) else {},
                  entities=_listed(raw.get("entities")), relations=_listed(raw.get("relations")))
    problems = shape_problems(record)
    if problems:
        raise BadExportLine("; ".join(problems))
    entities = sorted(entities_from_utf16(record)["entities"],
                      key=lambda e: (e["start_offset"], e["end_offset"], e["label"]))
    return {**record, **_renumbered(entities, record)}


def _renumbered(entities: list[dict], record: dict) -> dict:
    """Entities and relations with the entity ids 1..n, when every id is unique and every relation's ids are
    among them; else with the ids as exported, so that validation names the duplicate or missing id instead
    of a renumbering hiding it (a missing id could land on another entity)."""
    ids = [entity["id"] for entity in entities]
    resolved = len(set(ids)) == len(ids) and all(
        relation["from_id"] in ids and relation["to_id"] in ids for relation in record["relations"])
    new_ids = {old: number for number, old in enumerate(ids, start=1)} if resolved else {old: old for old in ids}
    return {
        "entities": [{"id": new_ids[e["id"]], "label": e["label"], "start_offset": e["start_offset"],
                      "end_offset": e["end_offset"]} for e in entities],
        "relations": [{"id": number, "from_id": new_ids.get(r["from_id"], r["from_id"]),
                       "to_id": new_ids.get(r["to_id"], r["to_id"]), "type": r["type"]}
                      for number, r in enumerate(record["relations"], start=1)],
    }


def has_key(raw: dict) -> bool:
    """Whether an export line has doc_id and sent_id (pandas turns a missing one into NaN)."""
    return not any(raw.get(name) is None or (isinstance(raw[name], float) and math.isnan(raw[name]))
                   for name in ("doc_id", "sent_id"))


def whole(value: object) -> object:
    """pandas exports sent_id as a float: a whole one is the integer; any other value stays as it is, to be refused."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _listed(value: object) -> object:
    return [] if value is None else value


@dataclass
class ExportFile:
    """One annotator's file of a doccano export and its lines, parsed one by one."""

    source: str  # what messages name: `export.zip:alice.jsonl`, or the annotator for lines given as a list
    lines: list[tuple[int, object]]  # (line number, parsed JSON value or the Problem of a line that is not JSON)
    numbered: bool = True  # False for lines given as a list: messages name the sentence, as there is no file

    def __len__(self) -> int:
        return len(self.lines)

    def where(self, number: int, raw: object) -> str:
        key = f"{raw.get('doc_id')}/{whole(raw.get('sent_id'))}" if isinstance(raw, dict) and has_key(raw) else ""
        if self.numbered:
            return f"{self.source}:{number}" + (f": {key}" if key else "")
        return f"{self.source} {key or f'line {number}'}"


def read_export_zip(path: Path, source: str | None = None) -> dict[str, ExportFile]:
    """Each annotator's file (its name without .jsonl: a username, or `all`); `source` names the zip in
    messages (default: its path). A line that is not JSON is kept as its Problem, never hiding the others."""
    exports: dict[str, ExportFile] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if not name.endswith(".jsonl"):
                    continue
                annotator = Path(name).stem
                if annotator in exports:
                    raise ExportUnreadable(f"{path}: the doccano export has two files for {annotator!r}: "
                                           f"{exports[annotator].source} and {name}")
                where = f"{source or path}:{name}"
                exports[annotator] = ExportFile(where, list(parsed_jsonl(where, io.BytesIO(archive.read(name)))))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as err:
        raise ExportUnreadable(f"{path}: cannot read the doccano export ({err})") from None
    if not exports:
        raise ExportUnreadable(f"{path}: the doccano export has no .jsonl file")
    return exports


@dataclass
class Converted:
    records: dict[str, list[dict]] = field(default_factory=dict)  # annotator -> gold-format records
    # One line per export line that is no record (not JSON, malformed) or whose offsets do not fit: never merged.
    unconvertible: list[str] = field(default_factory=list)
    without_key: int = 0
    where: dict[str, list[str]] = field(default_factory=dict)  # annotator -> where each of its records came from


def convert_exports(exports: Mapping[str, ExportFile | list]) -> Converted:
    """Gold-format records per annotator, not yet validated; export files, or lines given as lists."""
    result = Converted()
    for annotator, given in exports.items():
        export = given if isinstance(given, ExportFile) else ExportFile(annotator, list(enumerate(given, 1)), False)
        kept = result.records.setdefault(annotator, [])
        places = result.where.setdefault(annotator, [])
        for number, raw in export.lines:
            if isinstance(raw, Problem):
                result.unconvertible.append(str(raw))
                continue
            try:
                record = from_doccano(raw)
            except (BadExportLine, OffsetError) as err:
                result.unconvertible.append(f"{export.where(number, raw)}: {err}")
                continue
            if record is None:
                result.without_key += 1
            else:
                kept.append(record)
                places.append(export.where(number, raw))
    return result


def split_valid(records: dict[str, list[dict]], where: dict[str, list[str]] | None = None
                ) -> tuple[dict[str, list[dict]], list[str]]:
    """Records that pass annotations.validate_record, and one line per problem of those that do not,
    named by `where` (Converted.where) or else by annotator and sentence."""
    valid: dict[str, list[dict]] = {}
    problems: list[str] = []
    for annotator, annotator_records in records.items():
        valid[annotator] = []
        places = (where or {}).get(annotator) or [f"{annotator} {r['doc_id']}/{r['sent_id']}" for r in annotator_records]
        for record, place in zip(annotator_records, places):
            errors, _ = validate_record(record)
            if errors:
                problems.extend(f"{place}: {message}" for message in errors)
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
    from ..patterns import load_patterns
    from ..rules import propose

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
