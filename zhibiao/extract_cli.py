"""The commands that use a trained pipeline: extract, show, benchmark, evaluate-records.

Registered on the main `zhibiao` app by `register(app)`; each command is thin and leaves the work
to zhibiao.records, zhibiao.benchmark and zhibiao.preprocess.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import List

import typer

OUTPUT_SUFFIXES = (".csv", ".jsonl")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _pipeline_location(model: Path | None) -> str:
    """The pipeline's location, loaded once here so that a missing model fails before any work."""
    from .extraction import ModelNotFoundError, load_pipeline, model_location

    location = model_location(model)
    try:
        load_pipeline(location)
    except ModelNotFoundError as err:
        _fail(str(err))
    except OSError as err:  # a folder that is not a spaCy pipeline
        _fail(f"{location}: cannot load the pipeline ({err})")
    return location


def extract_command(
    paths: List[Path] = typer.Argument(..., help="Raw report files (.txt, .html) or folders of them."),
    model: Path = typer.Option(None, "--model", help="Pipeline folder or package (default $ZHIBIAO_MODEL or training/model-final)."),
    out: Path = typer.Option(..., "--out", help="Records file: .csv or .jsonl."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Processes for spaCy's nlp.pipe."),
    unlinked: bool = typer.Option(False, "--unlinked", help="Also write VALUEs that measure no indicator (thresholds)."),
) -> None:
    """Clean raw reports and write their indicator and project records; bad files are skipped and named."""
    from .atomic import replacing
    from .extraction import extract_reports, load_pipeline, write_records
    from .preprocess import preprocess, raw_files

    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        _fail(f"{out}: --out must end in .csv or .jsonl")
    files = raw_files(paths)
    location = _pipeline_location(model)
    cleaned = preprocess(paths)
    for line in cleaned.ignored:
        typer.echo(f"ignored: {line}", err=True)
    for error in cleaned.errors:
        typer.echo(f"skipped: {error}", err=True)
    for warning in cleaned.removal_warnings():
        typer.echo(f"warning: {warning}", err=True)
    if not cleaned.docs:
        _fail(f"none of the {len(files)} file(s) could be read")
    records: list[dict] = []
    chars = sum(len(report["text"]) for report in cleaned.docs)
    with typer.progressbar(length=chars, label="extracting") as progress:
        for report, found in extract_reports(cleaned.docs, load_pipeline(location), n_process=n_process, unlinked=unlinked):
            records.extend(found)
            progress.update(len(report["text"]))
    with replacing(out) as (written,):
        write_records(written, records)
    kinds = Counter(record["kind"] for record in records)
    counts = ", ".join(f"{kind} {kinds[kind]}" for kind in ("target", "actual", "unknown", "project") if kinds[kind])
    typer.echo(
        f"read {len(files)} file(s): {len(cleaned.docs)} report(s), {chars:,} characters; "
        f"skipped {len(cleaned.errors)}; extracted {len(records)} records ({counts or 'none'}) -> {out}"
    )
    if cleaned.errors:  # every input processed, or exit 1
        raise typer.Exit(1)


def show_command(
    path: Path = typer.Argument(..., help="A raw report file."),
    model: Path = typer.Option(None, "--model", help="Pipeline folder or package (default $ZHIBIAO_MODEL or training/model-final)."),
    out: Path = typer.Option(Path("page.html"), "--out", help="HTML page to write."),
) -> None:
    """Write a displacy page of one report with its entities, and its records below."""
    from .extraction import load_pipeline
    from .preprocess import preprocess

    location = _pipeline_location(model)
    cleaned = preprocess([path])
    if cleaned.errors:
        _fail(cleaned.errors[0])
    report = cleaned.docs[0]
    page, entities, records = report_page(report, load_pipeline(location))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    typer.echo(f"{report['doc_id']}: {entities} entities, {len(records)} records -> {out}")


def report_page(report: dict, nlp) -> tuple[str, int, list[dict]]:
    """(HTML page, number of entities, records) for one cleaned report."""
    from spacy import displacy

    from .extraction import extract_reports, report_meta, spans_key_of
    from .labels import SPAN_LABELS
    from .records import RECORD_FIELDS
    from .sentences import split_offsets
    from .spans import doc_spans

    text = report["text"]
    ents = []
    for (start, end), doc in zip(split_offsets(text), nlp.pipe(text[s:e] for s, e in split_offsets(text))):
        ents.extend({"start": start + s, "end": start + e, "label": label} for s, e, label in doc_spans(doc, spans_key_of(nlp)))
    records = next(extract_reports([report], nlp))[1]
    meta = report_meta(report)
    title = " ".join(str(part) for part in (meta["doc_id"], meta["place"], meta["year"]) if part)
    colors = {label.name: label.color for label in SPAN_LABELS}
    body = displacy.render({"text": text, "ents": ents, "title": title}, style="ent", manual=True, page=False,
                           options={"colors": colors})
    columns = [field for field in RECORD_FIELDS if field not in ("doc_id", "place", "year", "sentence")]
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if record[c] is None else str(record[c]))}</td>" for c in columns) + "</tr>"
        for record in records
    )
    table = (f"<h2>{len(records)} records</h2><table><tr>"
             + "".join(f"<th>{c}</th>" for c in columns) + f"</tr>{rows}</table>")
    style = ("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:90%}"
             "td,th{border:1px solid #ccc;padding:2px 6px}</style>")
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{style}</head>"
            f"<body>{body}{table}</body></html>")
    return page, len(ents), records


def benchmark_command(
    model: Path = typer.Option(None, "--model", help="Pipeline folder or package (default $ZHIBIAO_MODEL or training/model-final)."),
    docs: Path = typer.Option(Path("corpus/clean/docs.jsonl"), "--docs", help="Cleaned reports (docs.jsonl)."),
    raw: List[Path] = typer.Option(None, "--raw", help="Raw report files or folders, used when --docs does not exist."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns for the rules-only row."),
    out: Path = typer.Option(Path("training/benchmark.json"), "--out", help="JSON result."),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Runs of each measurement; the best counts."),
    n_process: int = typer.Option(2, "--n-process", min=2, help="Processes for the parallel run."),
) -> None:
    """Characters/s of extract (1 and N processes) beside the blank tokenizer and the rules; memory; size."""
    import srsly

    from .benchmark import load_reports, markdown, run_benchmark

    location = _pipeline_location(model)
    reports, errors = load_reports(docs, raw or [Path("corpus/raw")])
    for error in errors:
        typer.echo(f"skipped: {error}", err=True)
    if not reports:
        _fail(f"no reports in {docs} or {', '.join(map(str, raw or ['corpus/raw']))}")
    result = run_benchmark(reports, location, patterns, repeat=repeat, n_process=n_process)
    out.parent.mkdir(parents=True, exist_ok=True)
    srsly.write_json(out, result)
    typer.echo(markdown(result))
    typer.echo(f"-> {out}")


def evaluate_records_command(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders."),
    model: Path = typer.Option(None, "--model", help="Also score this pipeline's own spans (+ linker)."),
    split: Path = typer.Option(None, "--split", help="split.json from convert: score the model on its test reports only."),
    out: Path = typer.Option(Path("training/records.json"), "--out", help="JSON scores and the errors."),
) -> None:
    """Record P/R/F1 on (indicator, value, unit): the linker on gold spans, and a model end to end."""
    import srsly

    from .corpus import load_gold
    from .evaluate import score_records
    from .extraction import load_pipeline

    records = load_gold(gold)
    if not records:
        _fail(f"no gold sentences in {', '.join(map(str, gold))}")
    result = {"linker_on_gold_spans": score_records(records)}
    lines = [_score_line("linker on gold spans", result["linker_on_gold_spans"])]
    if model:
        location = _pipeline_location(model)
        chosen = records
        if split:
            test = set(srsly.read_json(split)["split"]["test"])
            chosen = [record for record in records if record["doc_id"] in test]
        result["model"] = {"model": location, **score_records(chosen, load_pipeline(location))}
        lines.append(_score_line(f"{location} + linker", result["model"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    srsly.write_json(out, result)
    typer.echo("\n".join(lines) + f"\n-> {out}")


def _score_line(name: str, result: dict) -> str:
    score = result["records"]
    reports = ", ".join(result["per_report"])
    return (f"{name}: P {score['p']:.3f} R {score['r']:.3f} F1 {score['f']:.3f} "
            f"({score['tp'] + score['fn']} gold records, {result['sentences']} sentences of {reports})")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
    app.command("show")(show_command)
    app.command("benchmark")(benchmark_command)
    app.command("evaluate-records")(evaluate_records_command)
