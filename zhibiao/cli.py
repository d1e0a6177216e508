"""The `zhibiao` command line: one thin sub-command per job."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

app = typer.Typer(help="Structured indicator data from Chinese government work reports.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Structured indicator data from Chinese government work reports."""


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def clean(
    paths: List[Path] = typer.Argument(..., help="Raw report files or folders."),
    out: Path = typer.Option(Path("corpus/clean"), "--out", help="Folder for sentences.jsonl, docs.jsonl, report.json."),
) -> None:
    """Clean raw reports into a sentence corpus; report what each rule removed."""
    from .preprocess import preprocess, write_corpus

    result = preprocess(paths)
    write_corpus(result, out)
    for doc in result.docs:
        removed = ", ".join(f"{rule} {count}" for rule, count in doc_removed(result, doc["doc_id"]).items()) or "nothing"
        typer.echo(f"{doc['doc_id']}: {len(doc['sentences'])} sentences; removed {removed}")
    for error in result.errors:
        typer.echo(f"error: {error}", err=True)
    typer.echo(f"{len(result.docs)} reports, {len(result.sentences)} sentences -> {out}; {len(result.errors)} failed")
    if result.errors:
        raise typer.Exit(1)


def doc_removed(result, doc_id: str) -> dict[str, int]:
    return {rule: count for rule, count in result.removed[doc_id].items() if count}


def main() -> None:
    app()


if __name__ == "__main__":
    main()
