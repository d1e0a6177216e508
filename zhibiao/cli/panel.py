"""The panel commands: `panel` (raw reports → panel table, record file, page) and `evaluate-panel`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

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


def _enriched(reports: list[dict], nlp, label: str, n_process: int = 1) -> list[dict]:
    from ..panel import report_rows

    records: list[dict] = []
    with typer.progressbar(length=sum(len(r["text"]) for r in reports), label=label) as progress:
        for report, found in report_rows(reports, nlp, n_process=n_process):
            records.extend(found)
            progress.update(len(report["text"]))
    return records


@app.command("panel")
def panel_command(
    # readable=False: an unreadable file is skipped and named by the reading, as in a folder
    paths: list[Path] = typer.Argument(..., help="Raw report files (.txt, .html) or folders of them.", readable=False),
    model: Path = typer.Option(None, "--model", help=MODEL_HELP),
    out: Path = typer.Option(..., "--out", help="Panel table: .csv or .dta (Stata 14+)."),
    records_out: Path = typer.Option(None, "--records", help="Also write every enriched record (all figures) as JSONL."),
    page_out: Path = typer.Option(None, "--html", help="Also write a self-contained page with charts and the rows."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Processes to spread the sentences over."),
) -> None:
    """One row per report, kind (target/actual), canonical indicator and measure, with place and years."""
    from ..atomic import OutputError
    from ..extraction import load_pipeline
    from ..panel import PANEL_SUFFIXES, panel_rows, shared_place_years, write_enriched, write_page, write_panel
    from ..preprocess import raw_files

    if out.suffix.lower() not in PANEL_SUFFIXES:
        fail(f"{out}: --out must end in .csv or .dta")
    outputs_or_fail(raw_files(paths), {"--out": out, "--records": records_out, "--html": page_out})
    n_process_or_fail(n_process)
    location = pipeline_location(model)
    cleaned = cleaned_reports(paths)
    reports = cleaned.docs
    shared = shared_place_years(reports)
    for line in shared:
        typer.echo(f"warning: {line}", err=True)
    records = _enriched(reports, load_pipeline(location), "panel", n_process)
    rows = panel_rows(records)
    try:
        write_panel(out, rows)
        if records_out:
            write_enriched(records_out, records)
        if page_out:
            write_page(page_out, rows, f"zhibiao panel: {len(reports)} report(s)")
    except OutputError as err:
        fail(str(err))
    unmapped = Counter(r["indicator"] for r in records if not r["indicator_id"] and r["indicator"])
    missing = [r["doc_id"] for r in reports if not any(row["doc_id"] == r["doc_id"] and row["place"] for row in rows)]
    canonical = sum(1 for r in records if r["indicator_id"])
    typer.echo(f"{len(reports)} report(s): {len(records)} records, {canonical} with a canonical "
               f"indicator ({len(unmapped)} other indicator names kept in the records); {len(rows)} panel rows -> {out}; "
               f"{len(shared)} place-year(s) given by more than one report; ignored {cleaned.ignored_count()}")
    if missing:
        typer.echo(f"no place or no panel row for: {', '.join(missing)}", err=True)


@app.command("evaluate-panel")
def evaluate_panel_command(
    paths: list[Path] = typer.Argument(..., help="Raw report files or folders (the truth's reports).", readable=False),
    truth: Path = typer.Option(Path("corpus/panel/truth.jsonl"), "--truth", help="Hand-checked panel truth (JSONL).",
                               readable=False),
    model: Path = typer.Option(None, "--model", help="Also score this pipeline (the rules pipeline is always scored)."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns of the rules pipeline.",
                                  readable=False),
    out: Path = typer.Option(Path("training/panel.json"), "--out", help="JSON scores and errors."),
    markdown_out: Path = typer.Option(None, "--markdown", help="Also write the table as Markdown."),
) -> None:
    """Score panels against the truth: F1 on (doc, kind, indicator, measure, value), cell accuracy per field."""
    import srsly

    from ..extraction import load_pipeline
    from ..indicators import load_table
    from ..panel import panel_rows
    from ..panel_eval import TruthError, load_truth, markdown, score_panel, scored_truth
    from ..preprocess import raw_files
    from ..ruler import rules_pipeline

    outputs_or_fail([*raw_files(paths), truth, patterns], {"--out": out, "--markdown": markdown_out})
    patterns_or_fail(patterns)
    try:
        gold = load_truth(truth)
    except (OSError, TruthError) as err:
        fail(str(err))
    reports = cleaned_reports(paths).docs
    doc_ids = [report["doc_id"] for report in reports]
    gold, left_out = scored_truth(gold, doc_ids, load_table().indicators)
    for note in left_out:
        typer.echo(f"warning: {truth}: {note}", err=True)
    if not gold:
        fail(f"{truth}: no truth line scores the given report(s) {', '.join(doc_ids)}")
    pipelines = {"rules (blank zh + zhibiao_rules + zhibiao_linker)": rules_pipeline(patterns)}
    if model:
        location = pipeline_location(model)
        pipelines[location] = load_pipeline(location)
    results = {name: score_panel(panel_rows(_enriched(reports, nlp, f"scoring {name.split()[0]}")), gold)
               for name, nlp in pipelines.items()}
    table = markdown(results)
    with replacing_or_fail(out) as (written,):
        srsly.write_json(written, {"truth": str(truth), "reports": [r["doc_id"] for r in reports], "results": results})
    if markdown_out:
        with replacing_or_fail(markdown_out) as (written,):
            written.write_text(f"# Panel against {truth}\n\n{table}", encoding="utf-8")
    typer.echo(table + f"-> {out}")
