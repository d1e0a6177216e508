"""The typer app every command registers on, and the helpers the commands share."""

from __future__ import annotations

from pathlib import Path
from typing import List, NoReturn

import typer

MODEL_HELP = "Pipeline folder or package (default $ZHIBIAO_MODEL, training/model-final or zh_zhibiao)."
app = typer.Typer(help="Structured indicator data from Chinese government work reports.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Structured indicator data from Chinese government work reports."""


def fail(message: str, code: int = 1) -> NoReturn:
    """The one way a command stops on a user's error: one line on stderr, a non-zero exit code."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def pipeline_location(model: Path | None) -> str:
    """The pipeline's location, loaded once here so that a missing model fails before any work."""
    from ..extraction import ModelNotFoundError, load_pipeline, model_location

    location = model_location(model)
    try:
        load_pipeline(location)
    except ModelNotFoundError as err:
        fail(str(err))
    except OSError as err:  # a folder that is not a spaCy pipeline
        fail(f"{location}: cannot load the pipeline ({err})")
    return location


def gold_or_fail(gold: List[Path]) -> list[dict]:
    from ..corpus import load_gold

    records = load_gold(gold)
    if not records:
        fail(f"no gold sentences in {', '.join(map(str, gold))}")
    return records


def cleaned_reports(paths: list[Path]):
    """Raw reports cleaned, every ignored, skipped and mostly removed file named on stderr; fails when none is left."""
    from ..preprocess import preprocess, raw_files

    files = raw_files(paths)
    cleaned = preprocess(paths)
    for line in cleaned.ignored:
        typer.echo(f"ignored: {line}", err=True)
    for error in cleaned.errors:
        typer.echo(f"skipped: {error}", err=True)
    for warning in cleaned.cleaning_warnings():
        typer.echo(f"warning: {warning}", err=True)
    if not cleaned.docs:
        fail(f"none of the {len(files)} file(s) could be read")
    return cleaned
