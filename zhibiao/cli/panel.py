"""The panel commands: `panel` (raw reports → panel table, record file, page) and `evaluate-panel`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from .app import MODEL_HELP, app, cleaned_reports, fail, pipeline_location


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
    paths: list[Path] = typer.Argument(..., help="Raw report files (.txt, .html) or folders of them."),
    model: Path = typer.Option(None, "--model", help=MODEL_HELP),
    out: Path = typer.Option(..., "--out", help="Panel table: .csv or .dta (Stata 14+)."),
    records_out: Path = typer.Option(None, "--records", help="Also write every enriched record (all figures) as JSONL."),
    page_out: Path = typer.Option(None, "--html", help="Also write a self-contained page with charts and the rows."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Processes to spread the sentences over."),
) -> None:
    """One row per report, kind (target/actual), canonical indicator and measure, with place and years."""
    from ..extraction import load_pipeline
    from ..panel import PANEL_SUFFIXES, panel_rows, write_enriched, write_panel

    if out.suffix.lower() not in PANEL_SUFFIXES:
        fail(f"{out}: --out must end in .csv or .dta")
    location = pipeline_location(model)
    reports = cleaned_reports(paths).docs
    records = _enriched(reports, load_pipeline(location), "panel", n_process)
    rows = panel_rows(records)
    write_panel(out, rows)
    if records_out:
        write_enriched(records_out, records)
    if page_out:
        from ..panel_page import page

        page_out.parent.mkdir(parents=True, exist_ok=True)
        page_out.write_text(page(rows, f"zhibiao panel: {len(reports)} report(s)"), encoding="utf-8")
    unmapped = Counter(r["indicator"] for r in records if not r["indicator_id"] and r["indicator"])
    missing = [r["doc_id"] for r in reports if not any(row["doc_id"] == r["doc_id"] and row["place"] for row in rows)]
    canonical = sum(1 for r in records if r["indicator_id"])
    typer.echo(f"{len(reports)} report(s): {len(records)} records, {canonical} with a canonical "
               f"indicator ({len(unmapped)} other indicator names kept in the records); {len(rows)} panel rows -> {out}")
    if missing:
        typer.echo(f"no place or no panel row for: {', '.join(missing)}", err=True)


@app.command("evaluate-panel")
def evaluate_panel_command(
    paths: list[Path] = typer.Argument(..., help="Raw report files or folders (the truth's reports)."),
    truth: Path = typer.Option(Path("corpus/panel/truth.jsonl"), "--truth", help="Hand-checked panel truth (JSONL)."),
    model: Path = typer.Option(None, "--model", help="Also score this pipeline (the rules pipeline is always scored)."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns of the rules pipeline."),
    out: Path = typer.Option(Path("training/panel.json"), "--out", help="JSON scores and errors."),
    markdown_out: Path = typer.Option(None, "--markdown", help="Also write the table as Markdown."),
) -> None:
    """Score panels against the truth: F1 on (doc, kind, indicator, measure, value), cell accuracy per field."""
    import srsly

    from ..extraction import load_pipeline
    from ..panel import panel_rows
    from ..panel_eval import TruthError, load_truth, markdown, score_panel
    from ..ruler import rules_pipeline

    try:
        gold = load_truth(truth)
    except (OSError, TruthError) as err:
        fail(str(err))
    reports = cleaned_reports(paths).docs
    if not patterns.exists():
        fail(f"{patterns}: no rule patterns")
    pipelines = {"rules (blank zh + zhibiao_rules + zhibiao_linker)": rules_pipeline(patterns)}
    if model:
        location = pipeline_location(model)
        pipelines[location] = load_pipeline(location)
    results = {name: score_panel(panel_rows(_enriched(reports, nlp, f"scoring {name.split()[0]}")), gold)
               for name, nlp in pipelines.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    srsly.write_json(out, {"truth": str(truth), "reports": [r["doc_id"] for r in reports], "results": results})
    table = markdown(results)
    if markdown_out:
        markdown_out.write_text(f"# Panel against {truth}\n\n{table}", encoding="utf-8")
    typer.echo(table + f"-> {out}")
