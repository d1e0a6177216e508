"""The doccano sequence-labelling format with relations: read, write, validate.

One record a line: `text`, `entities` ({id, label, start_offset, end_offset}), `relations`
({id, from_id, to_id, type}), plus `doc_id`, `sent_id` and `meta`. Nothing else parses it by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence, TypedDict

from .atomic import replacing
from .case_collisions import gold_name_problems
from .jsonl import Problem as Problem  # read and validated here; named here by the modules reading gold
from .jsonl import parsed_jsonl as parsed_jsonl
from .jsonl import parsed_lines
from .labels import LABEL_NAMES, RELATION_TYPES, unit_start
from .record_shape import shape_problems, short
from .sentences import MAX_SENTENCE_CHARS
from .spans import Relation
from .utf16_shift import shifted_span_problem

# Characters a span may end with when the name owns them (`省级智能车间(工厂)`, `“小巨人”企业`).
OWNED_CLOSERS = {")": "(", "）": "（", "”": "“", "》": "《", "】": "【", "’": "‘", '"': '"'}
# Characters a span may start with when the name owns them (`“揭榜挂帅”项目`; typed with ASCII quotes, as the seed
# reports' ASCII punctuation has it: `"四上"企业`).
OWNED_OPENERS = {"“": "”", "《": "》", "(": ")", "（": "）", '"': '"'}


class Entity(TypedDict):
    id: int
    label: str  # one of LABEL_NAMES
    start_offset: int  # characters into `text`, end exclusive
    end_offset: int


class RelationLine(TypedDict):
    id: int
    from_id: int  # the VALUE entity
    to_id: int  # the INDICATOR entity
    type: str  # value_of


class GoldLine(TypedDict):
    """One sentence of the gold: doccano's sequence-labelling export with relations, plus our ids."""

    text: str
    doc_id: str
    sent_id: int
    meta: dict
    entities: list[Entity]
    relations: list[RelationLine]


class AnnotationError(Exception):
    """A file that cannot be read as annotation JSONL; the message is `file:line: what`."""


@dataclass
class ValidationReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    misaligned: list[Problem] = field(default_factory=list)
    records: int = 0
    label_counts: Counter = field(default_factory=Counter)
    relation_count: int = 0
    # The well-formed records read, in file order: the gold itself, for a caller to use only when `ok`.
    gold: list[dict] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.misaligned


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    """(line number, record) for each non-blank line; a line that is not UTF-8, not JSON or not an object
    raises AnnotationError naming file and line."""
    records = []
    for number, record in parsed_lines(path):
        if isinstance(record, Problem):
            raise AnnotationError(str(record))
        if not isinstance(record, dict):
            raise AnnotationError(f"{path}:{number}: a line must be a JSON object")
        records.append((number, record))
    return records


def read_records(path: Path) -> list[dict]:
    return [record for _, record in read_jsonl(path)]


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    """Whole or not at all (atomic.replacing): a full disk during a pull must not cut a gold file short."""
    with replacing(Path(path)) as (written,), written.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def sentence_key(record: Mapping[str, Any]) -> tuple[str, int]:
    return (record["doc_id"], record["sent_id"])


def spans(record: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    return sorted((e["start_offset"], e["end_offset"], e["label"]) for e in record.get("entities", []))


def record_relations(record: Mapping[str, Any]) -> list[Relation]:
    """(value start, end, indicator start, end) for each value_of relation of a record."""
    by_id = {e["id"]: e for e in record.get("entities", [])}
    relations = []
    for relation in record.get("relations", []):
        source, target = by_id.get(relation["from_id"]), by_id.get(relation["to_id"])
        if source and target:
            relations.append((source["start_offset"], source["end_offset"], target["start_offset"], target["end_offset"]))
    return relations


def make_record(doc_id: str, sent_id: int, text: str, meta: dict | None, entities: list[tuple[int, int, str]],
                relations: Sequence[tuple[int, int]] = ()) -> GoldLine:
    """Build a record from (start, end, label) spans and (value index, indicator index) pairs into that list."""
    return {
        "text": text,
        "doc_id": doc_id,
        "sent_id": sent_id,
        "meta": meta or {},
        "entities": [
            {"id": i + 1, "label": label, "start_offset": start, "end_offset": end}
            for i, (start, end, label) in enumerate(entities)
        ],
        "relations": [
            {"id": i + 1, "from_id": source + 1, "to_id": target + 1, "type": "value_of"}
            for i, (source, target) in enumerate(relations)
        ],
    }


# ---------------------------------------------------------------- validation

def _is_edge_junk(char: str) -> bool:
    return char.isspace() or (not char.isalnum() and char not in "%％‰")


def span_edge_problem(text: str, start: int, end: int, label: str) -> str | None:
    """Why a span's first or last character is not allowed there, or None."""
    surface = text[start:end]
    first, last = surface[0], surface[-1]
    if first.isspace() or last.isspace():
        return f"{label} span {surface!r} starts or ends with whitespace"
    # ANNOTATION.md: a negative growth keeps its sign (`增长【-31.4】【%】`)
    signed = label == "VALUE" and first in "-−－" and surface[1:2].isdigit()
    if _is_edge_junk(first) and not signed and not (first in OWNED_OPENERS and OWNED_OPENERS[first] in surface[1:]):
        return f"{label} span {surface!r} starts with punctuation {first!r}"
    if _is_edge_junk(last) and not (last in OWNED_CLOSERS and OWNED_CLOSERS[last] in surface[:-1]):
        return f"{label} span {surface!r} ends with punctuation {last!r}"
    return None


def validate_record(record: dict, is_aligned: Callable[[str, int, int], bool] | None = None) -> tuple[list[str], list[str]]:
    """(errors, misalignments) of one record, each a message without file and line."""
    errors, misaligned, _ = check_record(record, is_aligned)
    return errors, misaligned


def check_record(record: object, is_aligned: Callable[[str, int, int], bool] | None = None
                 ) -> tuple[list[str], list[str], list[str]]:
    """(errors, misalignments, warnings) of one parsed line, whatever JSON value it is."""
    shape = shape_problems(record)
    if shape:
        return shape, [], []
    assert isinstance(record, dict)  # shape_problems says so
    text = record["text"]
    if len(text) > MAX_SENTENCE_CHARS:
        # The bound of what the pipeline reads: `zhibiao clean` cuts every sentence to it, and the rules and the edge
        # model look around each value within its sentence (quadratic). spaCy's nlp.max_length (1,000,000) is only
        # where nlp() refuses a text: a gold sentence between the two is still one the pipeline never sees.
        return [f"text has {len(text)} characters, more than the {MAX_SENTENCE_CHARS} of the longest sentence the "
                "pipeline reads (zhibiao.sentences.MAX_SENTENCE_CHARS): split it into sentences"], [], []
    errors: list[str] = []
    misaligned: list[str] = []
    warnings: list[str] = []
    entities: dict = {}  # id -> entity, for the relations: one outside the text is there, reported once
    placed: list[dict] = []  # the entities inside the text, the only ones whose characters can be looked at
    # ids of entities reported already (unknown label, no span in the text): what depends on them is not reported
    # again (the UNIT after a broken VALUE, the relation from it, the INDICATOR it measures)
    faulty: set = set()
    for entity in record["entities"]:
        start, end, label = entity["start_offset"], entity["end_offset"], entity["label"]
        if entity["id"] in entities:
            errors.append(f"duplicate entity id {entity['id']}")
        elif (twin := _same_id_other_type(entity["id"], entities)) is not None:
            errors.append(f"duplicate entity id {short(entity['id'])}: entity id {short(twin)} differs only in "
                          "type; give every id as an integer (or every id as a string)")
        if label not in LABEL_NAMES:
            errors.append(f"unknown label {label!r} (known: {', '.join(LABEL_NAMES)})")
            faulty.add(entity["id"])
        entities.setdefault(entity["id"], entity)
        if start >= end:
            errors.append(f"{label} offsets {start}-{end}: the span is {'empty' if start == end else 'reversed'} "
                          "(start_offset must be less than end_offset)")
            faulty.add(entity["id"])
            continue
        if not 0 <= start < end <= len(text):
            errors.append(f"{label} offsets {start}-{end} outside the text (length {len(text)})")
            faulty.add(entity["id"])
            continue
        placed.append(entity)
        problem = span_edge_problem(text, start, end, label)
        if problem:
            errors.append(problem)
        if shifted := shifted_span_problem(text, start, end, label):
            (errors if shifted[1] else warnings).append(shifted[0])
        if is_aligned is not None and not is_aligned(text, start, end):
            misaligned.append(f"{label} span {text[start:end]!r} ({start}-{end}) does not align to tokens")
    ordered = sorted(placed, key=lambda e: (e["start_offset"], e["end_offset"]))
    for before, after in zip(ordered, ordered[1:]):
        if after["start_offset"] < before["end_offset"]:
            errors.append(
                f"overlapping spans {before['label']} {text[before['start_offset']:before['end_offset']]!r} and "
                f"{after['label']} {text[after['start_offset']:after['end_offset']]!r}"
            )
    broken_values = any(entity["label"] not in ("INDICATOR", "UNIT", "PROJECT") for entity in record["entities"]
                        if entity["id"] in faulty)  # a VALUE, or what a mistyped label may have meant to be one
    errors.extend([] if broken_values else _unit_problems(text, ordered))
    errors.extend(_relation_problems(text, record["relations"], entities, faulty))
    return errors, misaligned, warnings


def _unit_problems(text: str, ordered: list[dict]) -> list[str]:
    problems = []
    value_ends = [e["end_offset"] for e in ordered if e["label"] == "VALUE"]
    for unit in (e for e in ordered if e["label"] == "UNIT"):
        start = unit["start_offset"]
        gap_ok = any(unit_start(text, end) == start for end in value_ends)
        if not gap_ok:
            problems.append(f"UNIT {text[start:unit['end_offset']]!r} at {start} is not right after a VALUE")
    return problems


def _relation_problems(text: str, relations: list, entities: dict, faulty: set) -> list[str]:
    problems = []
    measured: set = set()
    seen_ids: set = set()
    pairs: dict[tuple, Any] = {}  # (type, from, to) -> the id of the relation that gave it first
    for relation in relations:
        if relation["id"] in seen_ids:
            problems.append(f"duplicate relation id {relation['id']}")
        seen_ids.add(relation["id"])
        kind = relation["type"]
        if kind not in RELATION_TYPES:
            problems.append(f"unknown relation type {kind!r}")
            continue
        source, target = entities.get(relation["from_id"]), entities.get(relation["to_id"])
        if source is None or target is None:
            end = "from_id" if source is None else "to_id"
            missing = relation[end]
            if (twin := _same_id_other_type(missing, entities)) is not None:
                # "2" and 2 print alike: say the types, not that the entity is missing
                problems.append(f"relation {relation['id']}: {end} {short(missing)} is {_id_type(missing)}, the "
                                f"entity id {short(twin)} is {_id_type(twin)}; give ids of one type")
                measured.update(key for key in entities if str(key) == str(relation["to_id"]))  # said once
            else:
                problems.append(f"relation {relation['id']} points to missing entity id {missing}")
            continue
        if source["id"] in faulty or target["id"] in faulty:
            measured.add(target["id"])  # the entity's own error says what is wrong
            continue
        expected = RELATION_TYPES[kind]
        if (source["label"], target["label"]) != expected:
            problems.append(
                f"relation {relation['id']} {kind} goes {source['label']} -> {target['label']}, "
                f"must be {expected[0]} -> {expected[1]}"
            )
            continue
        pair = (kind, source["id"], target["id"])
        if pair in pairs:
            # Scored and counted twice otherwise: one link, one relation.
            problems.append(f"relation {relation['id']} repeats relation {pairs[pair]} ({kind} "
                            f"{_surface(text, source)} -> {_surface(text, target)})")
        pairs.setdefault(pair, relation["id"])
        measured.add(target["id"])
    for entity in entities.values():
        if entity["label"] == "INDICATOR" and entity["id"] not in measured:
            surface = text[entity["start_offset"]:entity["end_offset"]]
            problems.append(f"INDICATOR {surface!r} is measured by no VALUE (no value_of relation)")
    return problems


def _same_id_other_type(wanted: object, entities: dict) -> object:
    """The id among `entities` that is `wanted` written as the other JSON type ('2' for 2), or None."""
    return next((key for key in entities if type(key) is not type(wanted) and str(key) == str(wanted)), None)


def _id_type(value: object) -> str:
    return "a string" if isinstance(value, str) else "an integer"


def _surface(text: str, entity: dict) -> str:
    return f"{entity['label']} {text[entity['start_offset']:entity['end_offset']]!r}"


def char_tokenizer_alignment() -> Callable[[str, int, int], bool]:
    """Alignment check against the project's tokenizer (spaCy `zh`, char segmenter)."""
    import spacy

    tokenizer = spacy.blank("zh").tokenizer

    def is_aligned(text: str, start: int, end: int) -> bool:
        return tokenizer(text).char_span(start, end) is not None

    return is_aligned


def is_synthetic(record: dict) -> bool:
    """Whether a sentence was written for training (meta.synthetic), not taken from a report."""
    meta = record.get("meta")
    return isinstance(meta, dict) and meta.get("synthetic") is True


def synthetic_problem(record: dict, synthetic: bool) -> str | None:
    """Why a sentence does not belong where it was passed: synthetic sentences only train, and a file passed as
    synthetic holds nothing else, so that no synthetic sentence is ever scored."""
    if is_synthetic(record) == synthetic:
        return None
    if synthetic:
        return "not marked synthetic (meta.synthetic: true): a report's sentence is gold, not --synthetic"
    return "a synthetic sentence (meta.synthetic) in the gold: synthetic sentences only train (pass them with --synthetic)"


def duplicate_sentence(key: tuple[str, int], first: str) -> str:
    """The problem of a (doc_id, sent_id) read again; `first` is the `file:line` that gave it first."""
    return f"duplicate sentence {key} (also at {first})"


def validate_files(
    paths: Iterable[Path],
    is_aligned: Callable[[str, int, int], bool] | None = None,
    sentences: dict[tuple[str, int], str] | None = None,
    synthetic: bool | None = None,
) -> ValidationReport:
    """Validate annotation files; `sentences` (key → clean text) also checks the gold still matches the corpus;
    `synthetic` (when not None) that every sentence is, or is not, marked synthetic."""
    report = ValidationReport()
    keys: dict[tuple, str] = {}
    texts: dict[tuple[str, str], str] = {}
    paths = list(paths)
    for path in paths:
        try:
            lines = list(parsed_lines(path))
        except OSError as err:
            report.errors.append(Problem(str(path), 0, f"cannot read: {err.strerror or err}"))
            continue
        if not lines:  # counted: a gold file with no line adds nothing to what is checked or converted
            report.warnings.append(Problem(str(path), 0, "no records (an empty file)"))
        misplaced: list[Problem] = []
        for number, record in lines:
            if isinstance(record, Problem):
                report.errors.append(record)
                continue
            report.records += 1
            errors, misaligned, warnings = check_record(record, is_aligned)
            report.errors.extend(Problem(str(path), number, message) for message in errors)
            report.misaligned.extend(Problem(str(path), number, message) for message in misaligned)
            report.warnings.extend(Problem(str(path), number, message) for message in warnings)
            if shape_problems(record) or not isinstance(record, dict):
                continue
            if synthetic is not None and (problem := synthetic_problem(record, synthetic)):
                misplaced.append(Problem(str(path), number, problem))
            key = sentence_key(record)
            where = f"{path}:{number}"
            if key in keys:
                report.errors.append(Problem(str(path), number, duplicate_sentence(key, keys[key])))
            keys.setdefault(key, where)
            text_key = (record["doc_id"], record["text"])
            if text_key in texts:
                report.warnings.append(Problem(str(path), number, f"same text as {texts[text_key]}"))
            texts.setdefault(text_key, where)
            if sentences is not None and sentences.get(key) != record["text"]:
                state = "is not in" if key not in sentences else "differs from"
                report.errors.append(Problem(str(path), number, f"sentence {key} {state} the clean corpus"))
            report.gold.append(record)
            report.label_counts.update(e["label"] for e in record["entities"] if e["label"] in LABEL_NAMES)
            report.relation_count += len(record["relations"])
        # a whole file passed in the wrong place is one problem, not one a line
        whole = len(misplaced) > 1 and len(misplaced) == sum(not isinstance(record, Problem) for _, record in lines)
        report.errors.extend([Problem(str(path), misplaced[0].line, f"every one of its {len(misplaced)} sentences: "
                                      f"{misplaced[0].message}")] if whole else misplaced)
    report.errors.extend(gold_name_problems(paths, keys))  # names one only on Windows and macOS, hidden characters
    if sentences is not None:
        missing = sorted(set(sentences) - set(keys))
        doc_ids = {key[0] for key in keys}
        missing = [key for key in missing if key[0] in doc_ids]
        if missing:
            report.errors.append(Problem("(corpus)", 0, f"{len(missing)} sentence(s) of annotated reports have no gold line, "
                                                        f"e.g. {missing[:5]}"))
    return report
