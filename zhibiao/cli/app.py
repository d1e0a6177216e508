"""The typer app every command registers on, and the helpers the commands share."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, List, NoReturn

import typer

from .usage_errors import OneLineUsageErrors

MODEL_HELP = "Pipeline folder or package (default $ZHIBIAO_MODEL, training/model-final or zh_zhibiao)."
# a crash's traceback shows no local variables: they may hold the doccano password
app = typer.Typer(help="Structured indicator data from Chinese government work reports.", no_args_is_help=True,
                  cls=OneLineUsageErrors, pretty_exceptions_show_locals=False)


@app.callback()
def _group() -> None:
    """Structured indicator data from Chinese government work reports."""
    from ..environment import unknown_variables

    for warning in unknown_variables(os.environ):  # a mistyped setting would be ignored without a word
        typer.echo(f"warning: {warning}", err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """The one way a command stops on a user's error: one line on stderr, a non-zero exit code."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def replacing_or_fail(*paths: Path) -> Iterator[list[Path]]:
    """atomic.replacing, with an output that cannot be written as one `error:` line."""
    from ..atomic import OutputError, replacing

    try:
        with replacing(*paths) as written:
            yield written
    except OutputError as err:
        fail(str(err))


def outputs_or_fail(inputs: Iterable[Path], outputs: dict[str, Path | None]) -> None:
    """Stop before anything is read or written when an output (option name → path) is one of the inputs or
    another output, or cannot be written there: writing would destroy the input, or the output of a long run."""
    from ..atomic import unwritable

    taken = {key: "an input" for path in inputs for key in file_identities(path)}
    for option, path in outputs.items():
        if path is None:
            continue
        if other := next((taken[key] for key in file_identities(path) if key in taken), None):
            fail(f"{path}: {option} is also {other}; give it a path of its own")
        if problem := unwritable(path):
            fail(problem)
        taken.update((key, f"the file of {option}") for key in file_identities(path))


def file_identities(path: Path) -> set[tuple]:
    """Keys shared by two names of one file: its full path with links and `..` resolved (also for a file not
    there yet), and its device and inode (also for a hard link)."""
    keys: set[tuple] = {("path", os.path.normcase(os.path.realpath(path)))}
    try:
        status = os.stat(path)
    except OSError:
        return keys
    return keys | {("file", status.st_dev, status.st_ino)}


def n_process_or_fail(n_process: int, least: int = 1) -> int:
    """--n-process, refused above the CPUs this process may use (one line): each process loads its own pipeline
    (hundreds of MB), and processes beyond the CPUs only wait; a typo such as 200 would start 200 of them."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if n_process > max(usable, least):
        fail(f"--n-process {n_process}: more than the {usable} CPU(s) this machine lets the command use; "
             f"give at most {max(usable, least)}")
    return n_process


def patterns_or_fail(patterns: Path):
    """The rule patterns, or one line naming the file that is missing or is not rule patterns."""
    from ..patterns import patterns_from_data

    return patterns_from_data(pattern_data_or_fail(patterns))


def pattern_data_or_fail(patterns: Path) -> dict:
    """The rule patterns as read from the file (the data a component or the edge model keeps), checked as
    `patterns_or_fail` checks them, or one line naming the file."""
    from ..patterns import check_pattern_lists, patterns_from_data
    from ..strict_json import StrictJSONError, read_file

    if not patterns.is_file():
        fail(f"{patterns}: no rule patterns ({'a folder' if patterns.is_dir() else 'no such file'})")
    try:
        data = read_file(patterns)
    except StrictJSONError as err:  # names the file and line already
        fail(f"{err}; not rule patterns")
    except OSError as err:
        fail(f"{patterns}: cannot read ({err.strerror or err})")
    try:
        check_pattern_lists(data)
        assert isinstance(data, dict)  # check_pattern_lists says so
        patterns_from_data(data)
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        fail(f"{patterns}: not rule patterns ({' '.join(str(err).split())})")  # srsly's JSON errors span lines
    return data


def pipeline_location(model: Path | None) -> str:
    """The pipeline's location, loaded once here so that a missing model fails before any work."""
    from ..extraction import ModelNotFoundError, PipelineLoadError, load_pipeline, model_location

    location = model_location(model)
    try:
        load_pipeline(location)
    except (ModelNotFoundError, PipelineLoadError) as err:
        fail(str(err))
    return location


def gold_or_fail(gold: List[Path], allow_empty: bool = False, synthetic: bool = False) -> list[dict]:
    """The gold sentences of files and folders, validated as `zhibiao validate` does, for every command that reads
    gold: each problem is one `error: file:line: …` line and the command stops before any other work, so invalid
    gold is never trained on, fitted or scored. A synthetic sentence is refused there; `synthetic=True` reads
    the training-only sentences of --synthetic instead, and refuses any that is not marked synthetic."""
    from ..annotations import char_tokenizer_alignment, validate_files

    what = "synthetic sentences" if synthetic else "gold"
    report = validate_files(gold_files(gold), char_tokenizer_alignment(), synthetic=synthetic)
    for warning in report.warnings:  # (an empty file among them: counted, not silently passed over)
        typer.echo(f"warning: {warning}", err=True)
    problems = [*report.errors, *report.misaligned]
    for problem in problems[:-1]:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        fail(f"{problems[-1]}; {len(problems)} problem(s) in the {what}: run `zhibiao validate` on the {what} first")
    if not report.gold and not allow_empty:
        fail(f"no {what} in {', '.join(map(str, gold))}")
    return report.gold


SYNTHETIC_HELP = ("Synthetic training sentences (files or folders; meta.synthetic): learned from in every fold, "
                  "never scored. Repeat the option.")


def synthetic_or_fail(paths: List[Path]) -> list[dict]:
    """The synthetic training sentences of --synthetic (none when no path is given), validated like gold."""
    return gold_or_fail(paths, synthetic=True) if paths else []


def gold_files(gold: List[Path]) -> list[Path]:
    """The gold files of files and folders. Each entry of a folder that is not read is named on stderr, with
    their count; no file at all is an error."""
    from ..corpus import annotation_inputs

    files, ignored = annotation_inputs(gold)
    for line in ignored:
        typer.echo(f"ignored: {line}", err=True)
    if entries := [line for line in ignored if not line.endswith("read once")]:  # (a file named twice is read)
        typer.echo(f"ignored {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} of the gold folder(s) "
                   "(gold is the *.jsonl files directly inside)", err=True)
    if not files:
        fail(f"no annotation files (*.jsonl) in {', '.join(map(str, gold))}")
    return files


def cleaned_reports(paths: list[Path]):
    """Raw reports cleaned, every ignored, skipped and mostly removed file named on stderr; fails when none is left."""
    from ..preprocess import no_report_files, preprocess, raw_files

    files = raw_files(paths)
    cleaned = preprocess(paths)
    for line in cleaned.ignored:
        typer.echo(f"ignored: {line}", err=True)
    for error in cleaned.errors:
        typer.echo(f"skipped: {error}", err=True)
    for warning in cleaned.cleaning_warnings():
        typer.echo(f"warning: {warning}", err=True)
    if not files:
        fail(no_report_files(paths))
    if not cleaned.docs:
        fail(f"none of the {len(files)} file(s) could be read")
    return cleaned
