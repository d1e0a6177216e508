"""The client side: set up the doccano project, push sentences, pull and merge annotations.

Two halves. The first is pure: doccano's import/export records <-> gold records, span checks,
reading an export zip. The second talks to the server through doccano-client 1.2.8 and turns
its failures into the typed errors of `zhibiao.doccano`.

doccano facts this module relies on (doccano 1.8.4):
- JSONL(Relation) import: every field besides text/entities/relations goes to the example's meta;
  the rows of one file are read into a pandas frame, so a field missing from some rows becomes NaN,
  which is invalid JSON and fails the whole import. Every pushed row therefore has the same fields.
- The export spreads meta back into top-level fields, again through pandas: sent_id comes back
  as a float. A project with independent annotation (the default) exports `<username>.jsonl`
  per member; a collaborative one exports `all.jsonl`.
- Imported labels belong to the account that imports them.
- Imports and exports run in the Celery worker; the client waits for them up to an hour, so this
  module polls the task itself with its own timeout.
"""

from __future__ import annotations

import json
import tempfile
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..annotations import make_record, read_records, sentence_key, validate_record, write_jsonl
from ..labels import LABEL_NAMES, RELATION_COLOR, RELATION_TYPES, SPAN_LABELS
from ..linker import link
from . import (
    AuthenticationFailed,
    BadSpan,
    DoccanoError,
    DoccanoSettings,
    ExportUnreadable,
    LabelMismatch,
    PreannotatorMissing,
    ProjectMismatch,
    ProjectNotFound,
    ServerUnreachable,
    UploadRejected,
    WorkerTimeout,
)
from .merge import MergeResult, merge
from .offsets import OffsetError, entities_from_utf16, entities_to_utf16

PROJECT_TYPE = "SequenceLabeling"
IMPORT_TASK = "RelationExtraction"
FILE_FORMAT = "JSONL"
DESCRIPTION = "Indicators, values, units and projects in Chinese government work reports (zhibiao)."
COLLABORATIVE_EXPORT = "all"

Span = tuple[int, int, str]
Proposer = Callable[[str], list[Span]]


# ================================================================ pure: records and exports

def span_problems(record: dict) -> list[str]:
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


def upload_record(sentence: dict, entities: Iterable[Span] = (), relations: Iterable[tuple[int, int]] = ()) -> dict:
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

@contextmanager
def doccano_errors(settings: DoccanoSettings) -> Iterator[None]:
    """Turn the client's network and HTTP failures into one-line typed errors."""
    import requests
    from doccano_client.exceptions import DoccanoAPIError

    try:
        yield
    except requests.ConnectionError:
        raise ServerUnreachable(f"cannot reach doccano at {settings.url}: is it running? "
                                "(start it with `zhibiao doccano serve`)") from None
    except requests.Timeout:
        raise ServerUnreachable(f"doccano at {settings.url} did not answer in time") from None
    except DoccanoAPIError as err:
        response = err.response
        status = response.status_code if response is not None else "?"
        if status in (401, 403):
            raise AuthenticationFailed(f"doccano refused {settings.username!r} ({status}): not logged in or "
                                       "not an admin of the project") from None
        request = f" to {response.request.method} {response.request.path_url}" if response is not None else ""
        raise DoccanoError(f"doccano answered {status}{request}: {str(err)[:300]}") from None


def connect(settings: DoccanoSettings):
    """A logged-in DoccanoClient."""
    from doccano_client import DoccanoClient
    from doccano_client.exceptions import DoccanoAPIError

    client = DoccanoClient(settings.url)
    with doccano_errors(settings):
        try:
            client.login(settings.username, settings.password)
        except DoccanoAPIError as err:
            if err.response is not None and err.response.status_code == 400:
                raise AuthenticationFailed(f"doccano at {settings.url} rejected user {settings.username!r}: "
                                           "wrong user name or password (ZHIBIAO_DOCCANO_USER / "
                                           "ZHIBIAO_DOCCANO_PASSWORD)") from None
            raise
    return client


def find_project(client, name: str):
    return next((project for project in client.list_projects() if project.name == name), None)


def require_project(client, name: str):
    project = find_project(client, name)
    if project is None:
        raise ProjectNotFound(f"doccano has no project named {name!r}: run `zhibiao doccano setup` first")
    if project.project_type.value != PROJECT_TYPE or not project.use_relation:
        raise ProjectMismatch(f"doccano project {name!r} is not a {PROJECT_TYPE} project with relations: "
                              "run `zhibiao doccano setup` or choose another ZHIBIAO_DOCCANO_PROJECT")
    return project


def project_labels(client, project_id: int) -> tuple[list[dict], list[dict]]:
    spans = [t.dict() for t in client.list_label_types(project_id, "span")]
    relations = [t.dict() for t in client.list_label_types(project_id, "relation")]
    return spans, relations


def check_labels(client, project) -> None:
    problems = label_differences(*project_labels(client, project.id))
    if problems:
        raise LabelMismatch(f"the labels of doccano project {project.name!r} differ from zhibiao.labels: "
                            f"{'; '.join(problems)}")


def setup_project(client, name: str, guideline: str, collaborative: bool | None = None) -> list[str]:
    """Create or bring into line the project, its labels and guideline; the changes made (none if in line).

    Labels are added or recoloured, never deleted: a label the project has and zhibiao.labels lacks
    may carry annotations, so it is an error for a person to resolve.
    """
    changes: list[str] = []
    guideline = guideline.strip()  # doccano strips it on save; compare like with like
    project = find_project(client, name)
    if project is None:
        project = client.create_project(
            name, PROJECT_TYPE, DESCRIPTION, guideline=guideline, allow_overlapping=False, use_relation=True,
            collaborative_annotation=bool(collaborative),
        )
        changes.append(f"created project {name!r} (id {project.id})")
    else:
        if project.project_type.value != PROJECT_TYPE:
            raise ProjectMismatch(f"doccano project {name!r} is a {project.project_type.value} project, "
                                  f"not {PROJECT_TYPE}: choose another ZHIBIAO_DOCCANO_PROJECT")
        wanted = {"allow_overlapping": False, "use_relation": True, "guideline": guideline}
        if collaborative is not None:
            wanted["collaborative_annotation"] = collaborative
        different = {key: value for key, value in wanted.items() if getattr(project, key) != value}
        if different:
            client.update_project(project.id, **different)
            changes.append(f"updated project settings: {', '.join(sorted(different))}")
    span_types, relation_types = project_labels(client, project.id)
    unexpected = label_differences(span_types, relation_types)
    unexpected = [problem for problem in unexpected if problem.startswith("unexpected")]
    if unexpected:
        raise LabelMismatch(f"doccano project {name!r} has labels zhibiao.labels does not know: "
                            f"{'; '.join(unexpected)}; remove or rename them in doccano first")
    have = {t["text"]: t for t in span_types}
    # Recolour and re-key existing labels before adding missing ones, so a shortcut moves before it is reused.
    for label in SPAN_LABELS:
        existing = have.get(label.name)
        if existing and (existing["background_color"].lower() != label.color.lower()
                         or existing["suffix_key"] != label.shortcut or existing["prefix_key"] is not None):
            with label_type_errors(label.name):
                client.update_label_type(project.id, existing["id"], "span", prefix_key=None,
                                         suffix_key=label.shortcut, color=label.color)
            changes.append(f"updated colour/shortcut of {label.name}")
    for label in SPAN_LABELS:
        if label.name not in have:
            with label_type_errors(label.name):
                client.create_label_type(project.id, "span", label.name, suffix_key=label.shortcut, color=label.color)
            changes.append(f"added span label {label.name}")
    have = {t["text"]: t for t in relation_types}
    for relation in RELATION_TYPES:
        existing = have.get(relation)
        if existing is None:
            with label_type_errors(relation):
                client.create_label_type(project.id, "relation", relation, color=RELATION_COLOR)
            changes.append(f"added relation {relation}")
        elif existing["background_color"].lower() != RELATION_COLOR.lower():
            with label_type_errors(relation):
                client.update_label_type(project.id, existing["id"], "relation", color=RELATION_COLOR)
            changes.append(f"updated colour of relation {relation}")
    return changes


@contextmanager
def label_type_errors(name: str) -> Iterator[None]:
    """doccano-client refuses a label whose name or shortcut another label already has, with a ValueError."""
    try:
        yield
    except ValueError as err:
        raise LabelMismatch(f"cannot set up label {name}: {err} (a name or shortcut key is taken)") from None


def wait_for_task(client, task_id: str, timeout: float, what: str):
    """The finished TaskStatus; a worker that never picks the task up is a WorkerTimeout, not a hang."""
    deadline = time.monotonic() + timeout
    while True:
        status = client._task_status_repository.get(task_id)
        if status.ready:
            return status
        if time.monotonic() >= deadline:
            raise WorkerTimeout(f"doccano did not finish the {what} within {timeout:.0f} s: is its worker "
                                "(`doccano task`) running? `zhibiao doccano serve` starts both; "
                                "ZHIBIAO_DOCCANO_TIMEOUT sets the wait")
        time.sleep(0.5)


def upload_file(client, project_id: int, path: Path, timeout: float) -> None:
    """Import one JSONL(Relation) file; import errors, which doccano reports only in the task's result, raise."""
    # client.upload() would wait up to an hour for a missing worker; the same two calls, our own wait.
    upload_id = client._data_import_repository.upload(str(path))
    task_id = client._data_import_repository.ingest(project_id, [upload_id], IMPORT_TASK, FILE_FORMAT,
                                                    column_data="text")
    status = wait_for_task(client, task_id, timeout, f"import of {path.name}")
    if status.error:
        raise UploadRejected(f"doccano failed to import {path.name}: {status.error}")
    errors = (status.result or {}).get("error") or []
    if errors:
        first = errors[0]
        detail = first.get("message", first) if isinstance(first, dict) else first
        line = f" line {first.get('line')}" if isinstance(first, dict) and first.get("line") else ""
        raise UploadRejected(f"doccano rejected {len(errors)} line(s) of {path.name}, first{line}: {detail}")


def download_export(client, project_id: int, only_approved: bool, timeout: float, folder: Path) -> Path:
    repository = client._data_export_repository
    option = repository.find_option_by_name(project_id, FILE_FORMAT)
    task_id = repository.schedule_download(project_id, option, only_approved)
    status = wait_for_task(client, task_id, timeout, "export")
    if status.error:
        raise ExportUnreadable(f"doccano failed to export the project: {status.error}")
    return repository.download(project_id, task_id, str(folder))


def existing_keys(client, project_id: int, page_size: int = 500) -> set[tuple[str, int]]:
    """(doc_id, sent_id) of the examples already in the project, from their meta."""
    keys = set()
    # The server's page size is 5; ask for large pages instead of hundreds of requests.
    response = client._base_repository.get(f"projects/{project_id}/examples", params={"limit": page_size})
    while True:
        page = response.json()
        for example in page["results"]:
            meta = example.get("meta") or {}
            if meta.get("doc_id") is not None and meta.get("sent_id") is not None:
                keys.add((meta["doc_id"], int(meta["sent_id"])))
        if not page.get("next"):
            return keys
        response = client._base_repository.get(page["next"])


# ---------------------------------------------------------------- push

@dataclass
class PushReport:
    sentences: int = 0
    already_there: int = 0
    pushed: int = 0
    spans: int = 0
    relations: int = 0
    batches: int = 0
    overlaps_dropped: int = 0


def pre_annotate(sentences: list[dict], propose: Proposer | None = None,
                 preannotated: dict[tuple, dict] | None = None) -> tuple[list[dict], int]:
    """Upload records (code points) and the number of overlapping spans dropped.

    A span outside its text or with an unknown label anywhere raises BadSpan before any upload.
    """
    records = []
    for sentence in sentences:
        source = (preannotated or {}).get(sentence_key(sentence))
        if source is not None:
            records.append(preannotated_record(sentence, source))
        elif propose is not None:
            spans = sorted(propose(sentence["text"]))
            record = upload_record(sentence, spans)
            if not span_problems(record):  # the linker pairs only spans that fit their text
                record = upload_record(sentence, spans, link(sentence["text"], spans))
            records.append(record)
        else:
            records.append(upload_record(sentence))
    problems = [problem for record in records for problem in span_problems(record)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BadSpan(problems[0] + more)
    cleaned = [without_overlaps(record) for record in records]
    return [record for record, _ in cleaned], sum(dropped for _, dropped in cleaned)


def push(client, project, sentences: list[dict], propose: Proposer | None = None,
         preannotated: dict[tuple, dict] | None = None, batch_size: int = 200,
         timeout: float = 120) -> PushReport:
    """Upload the sentences the project lacks, pre-annotated, in batches."""
    check_labels(client, project)
    report = PushReport(sentences=len(sentences))
    present = existing_keys(client, project.id)
    fresh, seen = [], set(present)
    for sentence in sentences:
        key = sentence_key(sentence)
        if key in seen:
            report.already_there += key in present
            continue
        seen.add(key)
        fresh.append(sentence)
    records, report.overlaps_dropped = pre_annotate(fresh, propose, preannotated)
    with tempfile.TemporaryDirectory(prefix="zhibiao-push-") as folder:
        for start in range(0, len(records), batch_size):
            batch = records[start:start + batch_size]
            path = Path(folder) / f"batch-{start // batch_size + 1:04d}.jsonl"
            write_jsonl(path, (to_doccano(record) for record in batch))
            upload_file(client, project.id, path, timeout)
            report.batches += 1
            report.pushed += len(batch)
            report.spans += sum(len(record["entities"]) for record in batch)
            report.relations += sum(len(record["relations"]) for record in batch)
    return report


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


# ---------------------------------------------------------------- pull

@dataclass
class PullReport:
    annotators: list[str]
    merged_from: list[str]
    exports: dict[str, Path]
    merge: MergeResult
    invalid: list[str]
    without_key: int
    written: list[Path]
    conflicts_path: Path
    held_back: list[str] = field(default_factory=list)  # export files not merged, and why


def pull(client, project, only_approved: bool, timeout: float, folder: Path) -> dict[str, list[dict]]:
    """The project's export, as raw lines by annotator."""
    check_labels(client, project)
    return read_export_zip(download_export(client, project.id, only_approved, timeout, folder))


def read_gold(folder: Path, doc_ids: Iterable[str]) -> dict[str, list[dict]]:
    return {doc_id: read_records(folder / f"{doc_id}.jsonl") for doc_id in doc_ids
            if (folder / f"{doc_id}.jsonl").exists()}


def merge_into_gold(exports: dict[str, list[dict]], gold_folder: Path, exports_folder: Path | None,
                    conflicts_path: Path, only_approved: bool, include: Iterable[str] = (),
                    exclude: Iterable[str] = ()) -> PullReport:
    """Convert the export and keep each annotator's copy (all of it, for agreement); merge the valid
    records of the chosen annotators into <doc_id>.jsonl; write the conflicts."""
    converted = convert_exports(exports)
    saved: dict[str, Path] = {}
    if exports_folder is not None:
        for annotator, records in converted.records.items():
            saved[annotator] = exports_folder / f"{annotator}.jsonl"
            write_jsonl(saved[annotator], records)
    chosen = annotators_to_merge(converted.records, include, exclude)
    held_back = []
    if COLLABORATIVE_EXPORT in chosen and not only_approved:
        # A collaborative export mixes the uploading account's pre-annotations with the annotators'
        # labels, and nothing tells them apart; only examples marked done carry a person's decision.
        chosen.remove(COLLABORATIVE_EXPORT)
        held_back.append(f"{COLLABORATIVE_EXPORT}: a collaborative project's labels are merged only from examples "
                         "marked done: pull with --only-approved")
    incoming, invalid = split_valid({name: converted.records[name] for name in chosen})
    doc_ids = {record["doc_id"] for records in incoming.values() for record in records}
    result = merge(read_gold(gold_folder, doc_ids), incoming, confirmed=only_approved)
    written = []
    for doc_id, records in result.changed.items():
        path = gold_folder / f"{doc_id}.jsonl"
        write_jsonl(path, records)
        written.append(path)
    write_jsonl(conflicts_path, result.conflicts)
    return PullReport(annotators=sorted(converted.records), merged_from=chosen, exports=saved, merge=result,
                      invalid=converted.unconvertible + invalid, without_key=converted.without_key, written=written,
                      conflicts_path=conflicts_path, held_back=held_back)
