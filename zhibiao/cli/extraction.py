"""Commands that use a trained pipeline on raw reports: extract, show, benchmark, package."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import List

import typer

from ..records import Record
from .app import (
    MODEL_HELP,
    app,
    cleaned_reports,
    fail,
    n_process_or_fail,
    outputs_or_fail,
    patterns_or_fail,
    pipeline_location,
    replacing_or_fail,
)

OUTPUT_SUFFIXES = (".csv", ".jsonl")


@app.command("extract")
def extract_command(
    # readable=False: an unreadable file is skipped and named by the reading, as in a folder
    paths: List[Path] = typer.Argument(..., help="Raw report files (.txt, .html) or folders of them.", readable=False),
    model: Path = typer.Option(None, "--model", help=MODEL_HELP),
    out: Path = typer.Option(..., "--out", help="Records file: .csv or .jsonl."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Processes for spaCy's nlp.pipe."),
    unlinked: bool = typer.Option(False, "--unlinked", help="Also write VALUEs that measure no indicator (thresholds)."),
) -> None:
    """Clean raw reports and write their indicator and project records; bad files are skipped and named."""
    from ..extraction import extract_reports, load_pipeline, write_records
    from ..panel import shared_place_years
    from ..preprocess import raw_files

    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        fail(f"{out}: --out must end in .csv or .jsonl")
    files = raw_files(paths)
    outputs_or_fail(files, {"--out": out})
    n_process_or_fail(n_process)
    location = pipeline_location(model)
    cleaned = cleaned_reports(paths)
    for line in shared_place_years(cleaned.docs):  # records of both are written: say so, as panel does
        typer.echo(f"warning: {line}", err=True)
    records: list[Record] = []
    chars = sum(len(report["text"]) for report in cleaned.docs)
    with typer.progressbar(length=chars, label="extracting") as progress:
        for report, found in extract_reports(cleaned.docs, load_pipeline(location), n_process=n_process, unlinked=unlinked):
            records.extend(found)
            progress.update(len(report["text"]))
    with replacing_or_fail(out) as (written,):
        write_records(written, records)
    kinds = Counter(record["kind"] for record in records)
    counts = ", ".join(f"{kind} {kinds[kind]}" for kind in ("target", "actual", "unknown", "project") if kinds[kind])
    typer.echo(
        f"read {len(files)} file(s): {len(cleaned.docs)} report(s), {chars:,} characters; "
        f"skipped {len(cleaned.errors)}; ignored {cleaned.ignored_count()}; "
        f"extracted {len(records)} records ({counts or 'none'}) -> {out}"
    )
    if cleaned.errors:  # every input processed, or exit 1
        raise typer.Exit(1)


@app.command("show")
def show_command(
    path: Path = typer.Argument(..., help="A raw report file (or a folder holding one).", readable=False),
    model: Path = typer.Option(None, "--model", help=MODEL_HELP),
    out: Path = typer.Option(Path("page.html"), "--out", help="HTML page to write."),
) -> None:
    """Write a displacy page of one report with its entities, and its records below."""
    from ..extraction import load_pipeline
    from ..preprocess import no_report_files, preprocess, raw_files

    files = raw_files([path])
    outputs_or_fail(files, {"--out": out})
    if not files:
        fail(no_report_files([path]))
    if len(files) > 1:  # one page shows one report: never draw the first and drop the others
        fail(f"{path}: holds {len(files)} reports ({', '.join(f.name for f in files)}); show draws one, give its file")
    location = pipeline_location(model)
    cleaned = preprocess([path])
    if cleaned.errors:
        fail(cleaned.errors[0])
    report = cleaned.docs[0]
    page, entities, records = report_page(report, load_pipeline(location))
    with replacing_or_fail(out) as (written,):
        written.write_text(page, encoding="utf-8")
    typer.echo(f"{report['doc_id']}: {entities} entities, {len(records)} records -> {out}")


def report_page(report: dict, nlp) -> tuple[str, int, list[Record]]:
    """(HTML page, number of entities, records) for one cleaned report."""
    from spacy import displacy

    from ..extraction import report_fields, report_records, spans_key_of
    from ..labels import SPAN_LABELS
    from ..records import RECORD_FIELDS
    from ..sentences import split_offsets
    from ..spans import doc_spans

    text = report["text"]
    bounds = split_offsets(text)
    sentences = [(start, doc) for (start, _), doc in zip(bounds, nlp.pipe(text[s:e] for s, e in bounds))]
    spans_key = spans_key_of(nlp)
    ents = [{"start": start + s, "end": start + e, "label": label}
            for start, doc in sentences for s, e, label in doc_spans(doc, spans_key)]
    meta = report_fields(report)
    records = report_records(text, sentences, spans_key, meta)
    title = " ".join(str(part) for part in (meta["doc_id"], meta["place"], meta["year"]) if part)
    colors = {label.name: label.color for label in SPAN_LABELS}
    body = displacy.render({"text": text, "ents": ents, "title": title}, style="ent", manual=True, page=False,
                           options={"colors": colors})
    columns = [field for field in RECORD_FIELDS if field not in ("doc_id", "place", "year", "sentence")]
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if record.get(c) is None else str(record.get(c)))}</td>" for c in columns)
        + "</tr>"
        for record in records
    )
    table = (f"<h2>{len(records)} records</h2><table><tr>"
             + "".join(f"<th>{c}</th>" for c in columns) + f"</tr>{rows}</table>")
    style = ("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:90%}"
             "td,th{border:1px solid #ccc;padding:2px 6px}</style>")
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{style}</head>"
            f"<body>{body}{table}</body></html>")
    return page, len(ents), records


@app.command("benchmark")
def benchmark_command(
    model: Path = typer.Option(None, "--model", help=MODEL_HELP),
    docs: Path = typer.Option(Path("corpus/clean/docs.jsonl"), "--docs", help="Cleaned reports (docs.jsonl).",
                              readable=False),
    raw: List[Path] = typer.Option(None, "--raw", help="Raw report files or folders, used when --docs does not exist.",
                                   readable=False),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns for the rules-only row.",
                                  readable=False),
    out: Path = typer.Option(Path("training/benchmark.json"), "--out", help="JSON result."),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Runs of each measurement; the best counts."),
    n_process: int = typer.Option(2, "--n-process", min=2, help="Processes for the parallel run."),
) -> None:
    """Characters/s of extract (1 and N processes) beside the blank tokenizer and the rules; memory; size."""
    import srsly

    from ..benchmark import load_reports, markdown, run_benchmark
    from ..preprocess import CorpusError, raw_files

    outputs_or_fail([docs, patterns, *raw_files(raw or [])], {"--out": out})
    n_process_or_fail(n_process, least=2)  # the parallel run needs two, even on one CPU
    patterns_or_fail(patterns)
    location = pipeline_location(model)
    try:
        reports, errors = load_reports(docs, raw or [Path("corpus/raw")])
    except CorpusError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{docs}: cannot read ({err.strerror or err})")
    for error in errors:
        typer.echo(f"skipped: {error}", err=True)
    if not reports:
        fail(f"no reports in {docs} or {', '.join(map(str, raw or [Path('corpus/raw')]))}")
    result = run_benchmark(reports, location, patterns, repeat=repeat, n_process=n_process)
    with replacing_or_fail(out) as (written,):
        srsly.write_json(written, result)
    typer.echo(markdown(result))
    typer.echo(f"-> {out}")


@app.command()
def package(
    model: Path = typer.Argument(Path("training/model-final"), help="Pipeline to package."),
    out_dir: Path = typer.Argument(Path("packages"), help="Where the package folder and its wheel go."),
    name: str = typer.Option("zhibiao", "--name", help="Package name (spaCy prefixes the language: zh_NAME)."),
    version: str = typer.Option("0.1.0", "--version", help="Package version."),
) -> None:
    """Build an installable wheel of a pipeline, offline; installing it needs the zhibiao package."""
    from ..atomic import OutputError
    from ..packaging import PackagingError, package_pipeline

    try:
        wheel = package_pipeline(model, out_dir, name, version)
    except (PackagingError, OutputError) as err:
        fail(str(err))
    typer.echo(f"wheel: {wheel}")
