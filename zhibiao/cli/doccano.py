"""`zhibiao doccano ...` and `zhibiao agreement`: thin commands over zhibiao.doccano and zhibiao.agreement."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, List, Optional

import typer

from ..annotations import AnnotationError
from ..atomic import OutputError
from ..doccano import DoccanoError, settings_from_env
from .app import app, fail, outputs_or_fail, replacing_or_fail

doccano_app = typer.Typer(no_args_is_help=True)
app.add_typer(doccano_app, name="doccano")

DEFAULT_SENTENCES = Path("corpus/clean/sentences.jsonl")
DEFAULT_GOLD = Path("corpus/annotations")
DEFAULT_EXPORTS = Path("corpus/doccano/exports")
DEFAULT_CONFLICTS = Path("corpus/conflicts.jsonl")


@doccano_app.callback()
def _connection(
    ctx: typer.Context,
    url: Optional[str] = typer.Option(None, "--url", help="doccano's URL (else ZHIBIAO_DOCCANO_URL, default http://127.0.0.1:8000)."),
    project: Optional[str] = typer.Option(None, "--project", help="Project (else $ZHIBIAO_DOCCANO_PROJECT, default zhibiao)."),
) -> None:
    """Annotate in doccano: serve, setup, push, pull, stop. Settings come from ZHIBIAO_DOCCANO_* variables."""
    # Options as well as variables: project.yml runs commands without a shell, so it cannot set variables inline.
    ctx.obj = {"url": url.rstrip("/") if url else None, "project": project}


def current_settings(ctx: typer.Context):
    settings = settings_from_env()
    overrides = {key: value for key, value in (ctx.obj or {}).items() if value}
    return settings.but(**overrides) if overrides else settings


@contextmanager
def one_line_errors() -> Iterator[None]:
    """The errors of doccano, of the gold and of files, as fail()'s one line."""
    try:
        yield
    except (DoccanoError, AnnotationError, OutputError) as err:  # OutputError: a file not written (a full disk)
        fail(str(err))
    except OSError as err:
        fail(f"{err.strerror or err}: {err.filename}" if err.filename else str(err))


@doccano_app.command()
def serve(
    ctx: typer.Context,
    timeout: float = typer.Option(120, help="Seconds to wait for the server to answer."),
    workers: int = typer.Option(2, help="Web server worker processes."),
    host: Optional[str] = typer.Option(
        None, "--host", help="Address to listen on (else ZHIBIAO_DOCCANO_HOST, default 127.0.0.1: this machine only). "
                             "Any other needs ZHIBIAO_DOCCANO_PASSWORD set to a password of your own."),
) -> None:
    """Start the local doccano (web server and worker), installing it on first use."""
    from ..doccano.server import serve as start

    with one_line_errors():
        settings = current_settings(ctx)
        settings = settings.but(host=host) if host is not None else settings
        typer.echo(f"starting doccano (home {settings.home}) ...")
        result = start(settings, start_timeout=timeout, workers=workers)
    for note in result.tightened:
        typer.echo(note)
    if result.installed:
        typer.echo(f"installed doccano into {settings.venv}")
    if result.already_running:
        typer.echo(f"already running: {', '.join(result.already_running)}")
    if result.started:
        typer.echo(f"started: {', '.join(result.started)}")
    reach = "this machine only" if settings.loopback_only else "other machines too"
    typer.echo(f"doccano is up at {result.url}, listening on {result.bind} ({reach}; user {settings.username}); "
               "stop it with `zhibiao doccano stop`")


@doccano_app.command()
def stop(ctx: typer.Context) -> None:
    """Stop the web server and worker that `serve` started."""
    from ..doccano.server import stop as end

    with one_line_errors():
        stopped = end(current_settings(ctx))
    typer.echo(f"stopped: {', '.join(stopped)}" if stopped else "nothing to stop: no doccano started here is running")


@doccano_app.command()
def status(ctx: typer.Context) -> None:
    """Show whether the web server and worker started by `serve` are running."""
    from ..doccano.server import status as running

    with one_line_errors():
        for name, pid in running(current_settings(ctx)).items():
            typer.echo(f"{name}: {'running, pid ' + str(pid) if pid else 'not running'}")


@doccano_app.command()
def setup(
    ctx: typer.Context,
    guideline: Path = typer.Option(Path("ANNOTATION.md"), help="Guideline shown to annotators."),
    collaborative: Optional[bool] = typer.Option(
        None, "--collaborative/--independent",
        help="Shared annotations (one all.jsonl) or one set per annotator (for agreement). Default: keep; new: independent."),
) -> None:
    """Create (or bring into line) the doccano project, labels, relation and guideline. Idempotent."""
    from ..doccano.client import connect, doccano_errors, setup_project

    with one_line_errors():
        settings = current_settings(ctx)
        text = guideline.read_text(encoding="utf-8")
        client = connect(settings)
        with doccano_errors(settings):
            changes = setup_project(client, settings.project, text, collaborative)
    for change in changes:
        typer.echo(change)
    typer.echo(f"project {settings.project!r}: {len(changes)} change(s)" + ("" if changes else ", already set up"))


@doccano_app.command()
def push(
    ctx: typer.Context,
    sentences: Path = typer.Option(DEFAULT_SENTENCES, help="Clean sentences JSONL."),
    doc: List[str] = typer.Option([], "--doc", help="Only these doc_ids (repeatable)."),
    rules: bool = typer.Option(False, "--rules", help="Pre-annotate with zhibiao.rules."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns for --rules."),
    model: Optional[Path] = typer.Option(None, "--model", help="Pre-annotate with a trained spaCy pipeline."),
    from_file: Optional[Path] = typer.Option(None, "--from", help="Pre-annotate with an annotation JSONL's labels."),
    batch_size: int = typer.Option(200, help="Sentences per upload."),
) -> None:
    """Upload sentences the project lacks, pre-annotated; sentences already there are skipped."""
    from ..annotations import read_records
    from ..doccano.client import connect, doccano_errors, require_project
    from ..doccano.client import push as upload
    from ..doccano.convert import model_proposer, records_by_key, rules_proposer

    if sum([rules, model is not None, from_file is not None]) > 1:
        fail("choose one of --rules, --model, --from")
    with one_line_errors():
        settings = current_settings(ctx)
        chosen = [s for s in read_records(sentences) if not doc or s["doc_id"] in doc]
        if not chosen:
            raise DoccanoError(f"no sentences in {sentences}" + (f" for {', '.join(doc)}" if doc else ""))
        propose = rules_proposer(patterns) if rules else model_proposer(model) if model else None
        preannotated = records_by_key(from_file) if from_file else None
        client = connect(settings)
        with doccano_errors(settings):
            project = require_project(client, settings.project)
            report = upload(client, project, chosen, propose, preannotated, batch_size, settings.task_timeout)
    typer.echo(f"{report.sentences} sentences: pushed {report.pushed} in {report.batches} batch(es) with "
               f"{report.spans} spans and {report.relations} relations; {report.already_there} already in the project; "
               f"{report.overlaps_dropped} overlapping proposal(s) dropped")


@doccano_app.command()
def pull(
    ctx: typer.Context,
    only_approved: bool = typer.Option(False, "--only-approved", help="Only examples marked done (confirmed)."),
    gold: Path = typer.Option(DEFAULT_GOLD, help="Folder of <doc_id>.jsonl gold files to merge into."),
    exports: Path = typer.Option(DEFAULT_EXPORTS, help="Folder for each annotator's converted export."),
    conflicts: Path = typer.Option(DEFAULT_CONFLICTS, help="Where sentences that could not be merged go."),
    annotator: List[str] = typer.Option([], "--annotator", help="Merge only these annotators' labels (repeatable)."),
    from_zip: Optional[Path] = typer.Option(None, "--zip", help="Merge this export zip instead of downloading one."),
) -> None:
    """Download the annotations, validate them and merge them into the gold without overwriting hand labels."""
    import tempfile

    from ..doccano.client import connect, doccano_errors, merge_into_gold, require_project
    from ..doccano.client import pull as download
    from ..doccano.convert import COLLABORATIVE_EXPORT, read_export_zip

    # refused before the download, not after it: a FIFO or device there, a folder that cannot be written
    outputs_or_fail([], {"--conflicts": conflicts})
    with one_line_errors():
        settings = current_settings(ctx)
        if from_zip:
            raw = read_export_zip(from_zip)
        else:
            client = connect(settings)
            with doccano_errors(settings), tempfile.TemporaryDirectory(prefix="zhibiao-pull-") as folder:
                project = require_project(client, settings.project)
                raw = download(client, project, only_approved, settings.task_timeout, Path(folder))
        # In an independent project the pushing account's own file holds the machine pre-annotations.
        exclude = [] if COLLABORATIVE_EXPORT in raw else [settings.username]
        report = merge_into_gold(raw, gold, exports, conflicts, only_approved, annotator, exclude)
    for problem in report.invalid:
        typer.echo(f"invalid: {problem}", err=True)
    for note in report.held_back:
        typer.echo(f"not merged: {note}", err=True)
    if report.merge.held:
        typer.echo(f"held: {report.merge.held} gold line(s) differ from doccano but are not marked done there; "
                   "mark them done and pull with --only-approved to take them", err=True)
    counts = report.merge.counts()
    typer.echo(f"exports of {', '.join(report.annotators)} -> {exports}; merged {', '.join(report.merged_from) or 'nobody'}")
    typer.echo(", ".join(f"{name} {count}" for name, count in counts.items())
               + f"; {len(report.invalid)} problem(s) kept records out of the merge; "
                 f"{report.without_key} example(s) without doc_id/sent_id")
    typer.echo(f"wrote {len(report.written)} gold file(s); {report.merge.conflicted} conflict(s) -> {report.conflicts_path}")
    if report.invalid:
        # The rest is merged, but a line left out is bad input: the exit code says so, the lines above say where.
        fail(f"{len(report.invalid)} problem(s) in the export (the `invalid:` lines) kept records out of the merge; "
             "fix them in doccano and pull again")


def annotator_paths(specs: List[str]) -> list[tuple[str, Path]]:
    """(name, path) of each `NAME=PATH` or bare PATH (name ""), every path there; read by `read_annotators`."""
    sources = []
    for spec in specs:
        name, _, where = spec.rpartition("=") if "=" in spec and not Path(spec).exists() else ("", "", spec)
        if not where:  # Path("") is the working folder: `a=$UNSET` would read whatever gold lies there
            raise DoccanoError(f"{spec}: an empty path; give NAME=PATH with the annotator's file or folder")
        if not Path(where).exists():
            raise DoccanoError(f"no such file or folder: {where}")
        sources.append((name, Path(where)))
    _refuse_shared_files(specs, sources)
    return sources


def _refuse_shared_files(specs: List[str], sources: list[tuple[str, Path]]) -> None:
    """DoccanoError when two specs read one file (another spelling, a symlink, a folder and a file in it): the
    files would be compared with themselves, and agree perfectly."""
    from ..corpus import annotation_files
    from .app import file_identities

    read: dict[str, set[tuple]] = {}  # spec -> the identities of the files it reads
    for spec, (_, path) in zip(specs, sources):
        files = annotation_files([path])
        keys = {key for file in files for key in file_identities(file)}
        for other, other_keys in read.items():
            if other == spec or not keys & other_keys:
                continue  # (the same spec twice is `annotators`' error)
            if keys == other_keys:
                raise DoccanoError(f"{spec}: the same files as {other}; give each annotator's own files")
            file = next(file for file in files if file_identities(file) & other_keys)
            raise DoccanoError(f"{spec}: {file} is also read for {other}; give each annotator's own files")
        read[spec] = keys


def read_annotators(sources: list[tuple[str, Path]], exclude: Iterable[str] = ()) -> dict[str, list[dict]]:
    """Annotator -> records from (NAME, PATH): a file, or a folder of files that together are one annotator;
    or ("", PATH): a file named after its annotator, a folder of such files, or an export zip.
    Files are read and validated as gold (gold_or_fail), except those of the annotators in `exclude`; an
    annotator given twice is one error line, one without sentences and an excluded name nobody has a note
    (agreement.annotators)."""
    from ..agreement import AnnotatorsError, annotators
    from ..doccano.convert import convert_exports, read_export_zip, split_valid
    from .app import gold_files, gold_or_fail

    exclude = set(exclude)
    found: list[tuple[str, str, list[dict] | None]] = []
    for name, path in sources:
        if name:
            found.append((name, str(path), None if name in exclude else gold_or_fail([path], allow_empty=True)))
        elif path.suffix == ".zip":
            exports = read_export_zip(path)
            converted = convert_exports({annotator: export for annotator, export in exports.items()
                                         if annotator not in exclude})
            records, invalid = split_valid(converted.records, converted.where)
            problems = converted.unconvertible + invalid
            for problem in problems[:-1]:
                typer.echo(f"error: {problem}", err=True)
            if problems:
                raise DoccanoError(f"{problems[-1]}; {len(problems)} problem(s) in the export")
            found += [(annotator, export.source, None if annotator in exclude else records.get(annotator, []))
                      for annotator, export in exports.items()]
        else:
            found += [(file.stem, str(file), None if file.stem in exclude else gold_or_fail([file], allow_empty=True))
                      for file in gold_files([path])]
    try:
        chosen, notes = annotators(found, exclude)
    except AnnotatorsError as err:
        fail(str(err))
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    return chosen


@app.command("agreement")
def agreement_command(
    paths: List[str] = typer.Argument(..., help="NAME=PATH (file, or folder read as one annotator) or PATH "
                                                "(file named after its annotator, folder of such files, export zip)."),
    exclude: List[str] = typer.Option([], "--exclude", help="Leave out these annotators."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Write the disagreements as JSONL here."),
    markdown: Optional[Path] = typer.Option(None, "--markdown", help="Write scores and disagreements as markdown here."),
    report_json: Optional[Path] = typer.Option(None, "--json", help="Write the whole report as JSON here."),
) -> None:
    """Agreement of two or more annotators on the same sentences: span F1, character kappa, disagreements."""
    from ..agreement import agreement, disagreements_markdown, summary_lines
    from ..annotations import write_jsonl
    from ..corpus import annotation_files

    with one_line_errors():
        sources = annotator_paths(paths)
        outputs_or_fail(annotation_files([path for _, path in sources]),
                        {"--jsonl": jsonl, "--markdown": markdown, "--json": report_json})
        annotations = read_annotators(sources, exclude)
        if len(annotations) < 2:
            raise DoccanoError(f"agreement needs two or more annotators, found {', '.join(annotations) or 'none'}")
        report = agreement(annotations)
    with replacing_or_fail(*[path for path in (jsonl, markdown, report_json) if path]) as written:
        files = iter(written)
        if jsonl:
            write_jsonl(next(files), report["disagreements"])
        if markdown:
            next(files).write_text(disagreements_markdown(report), encoding="utf-8")
        if report_json:
            next(files).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    for line in summary_lines(report):
        typer.echo(line)
