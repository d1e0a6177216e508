"""The client side: set up the doccano project, push sentences, pull and merge annotations, through
doccano-client 1.2.8, turning its failures into the typed errors of `zhibiao.doccano`.

doccano facts this module relies on (doccano 1.8.4):
- Imported labels belong to the account that imports them.
- Imports and exports run in the Celery worker; the client waits for them up to an hour, so this
  module polls the task itself with its own timeout.
"""

from __future__ import annotations

import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from ..annotations import AnnotationError, read_jsonl, sentence_key, write_jsonl
from ..labels import RELATION_COLOR, RELATION_TYPES, SPAN_LABELS
from ..record_shape import shape_problems
from . import (
    AuthenticationFailed,
    DoccanoError,
    DoccanoSettings,
    ExportUnreadable,
    LabelMismatch,
    ProjectMismatch,
    ProjectNotFound,
    ServerUnreachable,
    UploadRejected,
    WorkerTimeout,
)
from .convert import (
    COLLABORATIVE_EXPORT,
    ExportFile,
    Proposer,
    annotators_to_merge,
    convert_exports,
    label_differences,
    pre_annotate,
    read_export_zip,
    split_valid,
    to_doccano,
)
from .merge import MergeResult, merge

PROJECT_TYPE = "SequenceLabeling"
IMPORT_TASK = "RelationExtraction"
FILE_FORMAT = "JSONL"
DESCRIPTION = "Indicators, values, units and projects in Chinese government work reports (zhibiao)."


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


@dataclass
class PushReport:
    sentences: int = 0
    already_there: int = 0
    pushed: int = 0
    spans: int = 0
    relations: int = 0
    batches: int = 0
    overlaps_dropped: int = 0


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


def pull(client, project, only_approved: bool, timeout: float, folder: Path) -> dict[str, ExportFile]:
    """The project's export, as raw lines by annotator."""
    check_labels(client, project)
    return read_export_zip(download_export(client, project.id, only_approved, timeout, folder), "doccano's export")


def gold_file(folder: Path, doc_id: str) -> Path:
    """<doc_id>.jsonl in the gold folder; a doc_id naming a file anywhere else is refused, whatever let it through."""
    path = folder / f"{doc_id}.jsonl"
    if path.resolve().parent != folder.resolve():
        raise DoccanoError(f"doc_id {doc_id!r} names a file outside the gold folder {folder}; nothing written")
    return path


def read_gold(folder: Path, doc_ids: Iterable[str]) -> dict[str, list[dict]]:
    """The gold records of these reports; a line the merge could not compare (malformed) stops the pull."""
    gold = {}
    for doc_id in doc_ids:
        path = gold_file(folder, doc_id)
        if not path.exists():
            continue
        lines = read_jsonl(path)
        for number, record in lines:
            if problems := shape_problems(record):
                raise AnnotationError(f"{path}:{number}: {problems[0]}; fix the gold (`zhibiao validate`) and pull again")
        gold[doc_id] = [record for _, record in lines]
    return gold


def merge_into_gold(exports: Mapping[str, ExportFile | list], gold_folder: Path, exports_folder: Path | None,
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
    incoming, invalid = split_valid({name: converted.records[name] for name in chosen}, converted.where)
    doc_ids = {record["doc_id"] for records in incoming.values() for record in records}
    result = merge(read_gold(gold_folder, doc_ids), incoming, confirmed=only_approved)
    paths = {doc_id: gold_file(gold_folder, doc_id) for doc_id in result.changed}  # all checked before any write
    written = []
    for doc_id, records in result.changed.items():
        write_jsonl(paths[doc_id], records)
        written.append(paths[doc_id])
    write_jsonl(conflicts_path, result.conflicts)
    return PullReport(annotators=sorted(converted.records), merged_from=chosen, exports=saved, merge=result,
                      invalid=converted.unconvertible + invalid, without_key=converted.without_key, written=written,
                      conflicts_path=conflicts_path, held_back=held_back)
