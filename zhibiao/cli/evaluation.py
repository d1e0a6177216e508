"""Evaluation commands: span scores of the rules or a pipeline, the shipped pipeline's choice, cross-validation,
records."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from .app import (
    SYNTHETIC_HELP,
    app,
    fail,
    gold_or_fail,
    outputs_or_fail,
    pattern_data_or_fail,
    patterns_or_fail,
    pipeline_location,
    replacing_or_fail,
    synthetic_or_fail,
)

# Every gold and --synthetic path is readable=False: a file that cannot be read is named by the reading
# (gold_or_fail) in one `error:` line, as a file in a folder is, not by typer's usage box.


@app.command()
def evaluate(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders.", readable=False),
    model: Path = typer.Option(None, "--model", help="spaCy pipeline to evaluate."),
    rules: bool = typer.Option(False, "--rules", help="Evaluate the rule pre-annotator."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns JSON, for --rules."),
    reports: str = typer.Option(None, "--reports", help="Comma-separated doc_ids to score (default: all)."),
    split: Path = typer.Option(None, "--split", help="split.json from convert: score its test reports."),
    out: Path = typer.Option(..., "--out", help="JSON scores and error listing."),
    markdown: Path = typer.Option(None, "--markdown", help="Also write a Markdown table here."),
) -> None:
    """Score a span source against gold: per-label P/R/F1, exact and overlap, and value_of relations."""
    import srsly

    from ..corpus import annotation_files
    from ..evaluate import evaluate_records, group_errors, markdown_table, model_predictor, rule_predictor

    if bool(model) == bool(rules):
        fail("give exactly one of --model PATH or --rules")
    if split and reports is not None:
        fail("give --reports or --split, not both")
    outputs_or_fail([*annotation_files(gold), *([split] if split else [])], {"--out": out, "--markdown": markdown})
    records = gold_or_fail(gold)
    if split:
        records = _of_reports(records, split_reports(split, "test"), f"--split {split}")
    elif reports is not None:
        records = _of_reports(records, {name.strip() for name in reports.split(",") if name.strip()}, "--reports")
    if model:
        from ..extraction import load_pipeline

        source = pipeline_location(model)
        predict = model_predictor(load_pipeline(source))
    else:
        predict = rule_predictor(patterns_or_fail(patterns))
        source = "rules"
    result = evaluate_records(records, predict)
    scores = result["scores"]
    table = markdown_table(scores, f"{source} on {', '.join(scores['reports'])} ({scores['sentences']} sentences)")
    with replacing_or_fail(out, *([markdown] if markdown else [])) as (written, *written_markdown):
        srsly.write_json(written, {"source": source, **scores, "errors": group_errors(result["errors"])})
        for path in written_markdown:
            path.write_text(table, encoding="utf-8")
    typer.echo(table)


def _of_reports(records: list[dict], reports: set[str], option: str) -> list[dict]:
    """The gold sentences of the chosen reports; a report the gold lacks is an error, not a silent zero."""
    known = {record["doc_id"] for record in records}
    unknown = sorted(reports - known)
    if not reports:
        fail(f"{option}: names no report")
    if unknown:
        fail(f"{option}: no gold sentences for {', '.join(unknown)} (the gold has {', '.join(sorted(known))})")
    return [record for record in records if record["doc_id"] in reports]


def split_reports(split: Path, part: str) -> set[str]:
    """The reports of one part of a split.json from `convert`, or one line naming the file and what is wrong."""
    import srsly

    try:
        reports = srsly.read_json(split)["split"][part]
    except (OSError, ValueError) as err:
        fail(f"{split}: cannot read the split ({' '.join(str(err).split())})")
    except (KeyError, TypeError):
        fail(f"{split}: no split.{part} list of reports (write it with `zhibiao convert`)")
    if not isinstance(reports, list) or not all(isinstance(report, str) for report in reports):
        fail(f"{split}: split.{part} must be a list of report ids")
    return set(reports)


def _split_part(gold: List[Path], split: Path, part: str, model: Path) -> tuple[set[str], list[dict]]:
    """The reports of one part of a split and their gold sentences, once the model is known to exist."""
    if not model.exists():
        fail(f"{model}: no trained pipeline (run `spacy project run train` first)")
    reports = split_reports(split, part)
    return reports, _of_reports(gold_or_fail(gold), reports, f"--split {split}")


REPORT_FILES = ("metrics.json", "report.md", "errors.html")  # what report.write_report writes in --out-dir


@app.command("evaluate-model")
def evaluate_model(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders.", readable=False),
    model: Path = typer.Option(Path("training/model-final"), "--model", help="Trained pipeline."),
    split: Path = typer.Option(Path("corpus/split.json"), "--split", help="split.json: its test reports are scored."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns of the baseline."),
    out_dir: Path = typer.Option(Path("training"), "--out-dir", help="Where metrics.json, report.md, errors.html go."),
) -> None:
    """Evaluate a trained pipeline on the test report(s) beside the rule baseline; write the error report."""
    import spacy

    import zhibiao.linker  # noqa: F401  (registers the components a pipeline may name)
    import zhibiao.ruler  # noqa: F401

    from ..corpus import annotation_files
    from ..report import compare, write_report

    outputs_or_fail([*annotation_files(gold), split, patterns],
                    {f"--out-dir ({name})": out_dir / name for name in REPORT_FILES})
    test_reports, records = _split_part(gold, split, "test", model)
    rule_patterns = patterns_or_fail(patterns)
    nlp = spacy.load(pipeline_location(model))
    result = compare(records, nlp, rule_patterns)
    write_report(result, records, out_dir, f"Evaluation of {model} on {', '.join(sorted(test_reports))}")
    micro_model, micro_rules = result["model"]["exact"]["micro"]["f"], result["rules"]["exact"]["micro"]["f"]
    typer.echo(f"micro F1 model {micro_model:.3f}, rules {micro_rules:.3f} on {len(records)} sentences -> {out_dir}")


@app.command("cv-train")
def cv_train(
    config: Path = typer.Argument(..., help="Training config (configs/ner.cfg)."),
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders.", readable=False),
    models: Path = typer.Option(..., "--models", help="Folder for the fold models and their list, folds.json."),
    work: Path = typer.Option(Path("corpus/folds"), "--work", help="Folder for the fold DocBins."),
    seeds: List[int] = typer.Option([0, 1, 2], "--seed", help="Training seeds (repeat the option)."),
    max_steps: int = typer.Option(1500, "--max-steps", help="Steps of every fold training; the last model is scored."),
    fraction: float = typer.Option(1.0, "--fraction", help="Share of the other reports each fold trains on."),
    synthetic: List[Path] = typer.Option([], "--synthetic", help=SYNTHETIC_HELP, readable=False),
) -> None:
    """Train one model per held-out report and seed (leave-one-report-out)."""
    import spacy

    from ..crossval import TrainingFailed, train_folds, write_folds
    from ..cv_inputs import cv_train_problem

    if not 0 < fraction <= 1:  # NaN too
        fail(f"--fraction must be more than 0 and at most 1, not {fraction}")
    records = gold_or_fail(gold)
    if problem := cv_train_problem(config, [record["doc_id"] for record in records], models, work, seeds, max_steps):
        fail(problem)  # before any fold is written or trained
    written_for_training = synthetic_or_fail(synthetic)
    try:
        folds = write_folds(spacy.blank("zh"), records, work, fraction, written_for_training)
        trained = train_folds(config, folds, work, models, seeds, max_steps, fraction, log=typer.echo)
    except TrainingFailed as err:
        fail(str(err))
    except OSError as err:  # a folder filled or taken away during the hours of training
        fail(f"{err.filename or work}: cannot write ({err.strerror or err})")
    typer.echo(f"{len(trained)} fold models -> {models / 'folds.json'}")


@app.command("fit-edges")
def fit_edges(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders.", readable=False),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns (their leading words)."),
    out: Path = typer.Option(..., "--out", help="The edge model (JSON), read by `spacy assemble` as paths.edges."),
    synthetic: List[Path] = typer.Option([], "--synthetic", help=SYNTHETIC_HELP, readable=False),
) -> None:
    """Fit the INDICATOR edge model (zhibiao.edges) on the gold's INDICATOR boundaries."""
    import srsly

    from ..corpus import annotation_files
    from ..edges import EdgeWords, fit

    outputs_or_fail(annotation_files([*gold, *synthetic]), {"--out": out})
    words = EdgeWords.from_data(pattern_data_or_fail(patterns))
    records = gold_or_fail(gold)
    written_for_training = synthetic_or_fail(synthetic)
    model = fit(records + written_for_training, words)
    with replacing_or_fail(out) as (written,):
        srsly.write_json(written, model)
    typer.echo(f"edge model: {len(model['start'])} start and {len(model['end'])} end weights from "
               f"{model['fitted_on']['indicators']} INDICATORs in {len(records)} gold and "
               f"{len(written_for_training)} synthetic sentences -> {out}")


@app.command("cv-evaluate")
def cv_evaluate(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders.", readable=False),
    models: Path = typer.Option(..., "--models", help="Fold models (folds.json) from cv-train."),
    config: Path = typer.Option(Path("configs/final.cfg"), "--config", help="The shipped pipeline's config."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns."),
    out: Path = typer.Option(..., "--out", help="JSON result."),
    markdown_out: Path = typer.Option(..., "--markdown", help="Markdown table."),
    samples: int = typer.Option(1000, "--samples", help="Bootstrap samples (at least 1)."),
    synthetic: List[Path] = typer.Option([], "--synthetic", help=SYNTHETIC_HELP, readable=False),
) -> None:
    """Score the rules alone and every candidate pipeline on each fold's held-out report, with intervals.
    Each fold's edge model is fitted on the gold of the reports its NER trained on (and the synthetic sentences)."""
    if samples < 1:  # the intervals need one; the bootstrap would only fail after the whole run
        fail(f"--samples must be at least 1, not {samples}")
    import tempfile

    import srsly

    from ..assemble import CANDIDATES, candidate_pipeline
    from ..corpus import annotation_files
    from ..crossval import Builder, FoldsError, cross_validate, fold_edge_models, fold_models, markdown
    from ..ruler import rules_pipeline

    outputs_or_fail(annotation_files([*gold, *synthetic]), {"--out": out, "--markdown": markdown_out})
    pattern_data = pattern_data_or_fail(patterns)
    records = gold_or_fail(gold)
    written_for_training = synthetic_or_fail(synthetic)
    try:
        folds = fold_models(models)
    except FoldsError as err:
        fail(str(err))
    rules_only = rules_pipeline(patterns)
    with tempfile.TemporaryDirectory() as folder:
        edges = fold_edge_models(records, folds, pattern_data, Path(folder), written_for_training)

        def builder(overrides: dict) -> Builder:
            return lambda fold: candidate_pipeline(config, overrides, fold.path, patterns, edges[(fold.test, fold.fraction)])

        variants: dict[str, Builder] = {"rules alone": lambda fold: rules_only}
        variants.update({name: builder(overrides) for name, overrides in CANDIDATES.items()})
        result = cross_validate(records, folds, variants, samples, log=typer.echo)
    table = markdown(result)
    with replacing_or_fail(out, markdown_out) as (written, written_markdown):
        srsly.write_json(written, {"models": str(models), "config": str(config), **result})
        written_markdown.write_text(table, encoding="utf-8")
    typer.echo(table)


@app.command("evaluate-records")
def evaluate_records_command(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders.", readable=False),
    model: Path = typer.Option(None, "--model", help="Also score this pipeline's own spans (+ linker)."),
    split: Path = typer.Option(None, "--split", help="split.json from convert: score the model on its test reports only."),
    out: Path = typer.Option(Path("training/records.json"), "--out", help="JSON scores and the errors."),
) -> None:
    """Record P/R/F1 on (indicator, value, unit): the linker on gold spans, and a model end to end."""
    import srsly

    from ..corpus import annotation_files
    from ..evaluate import score_records
    from ..extraction import load_pipeline

    outputs_or_fail([*annotation_files(gold), *([split] if split else [])], {"--out": out})
    records = gold_or_fail(gold)
    result = {"linker_on_gold_spans": score_records(records)}
    lines = [_score_line("linker on gold spans", result["linker_on_gold_spans"])]
    if model:
        location = pipeline_location(model)
        chosen = records
        if split:
            chosen = _of_reports(records, split_reports(split, "test"), f"--split {split}")
        result["model"] = {"model": location, **score_records(chosen, load_pipeline(location))}
        lines.append(_score_line(f"{location} + linker", result["model"]))
    with replacing_or_fail(out) as (written,):
        srsly.write_json(written, result)
    typer.echo("\n".join(lines) + f"\n-> {out}")


def _score_line(name: str, result: dict) -> str:
    score = result["records"]
    reports = ", ".join(result["per_report"])
    return (f"{name}: P {score['p']:.3f} R {score['r']:.3f} F1 {score['f']:.3f} "
            f"({score['tp'] + score['fn']} gold records, {result['sentences']} sentences of {reports})")


@app.command("readme-results")
def readme_results(
    cv: Path = typer.Option(..., "--cv", help="cv-evaluate's JSON (training/cv-<vars.config>.json)."),
    benchmark: Path = typer.Option(Path("training/benchmark.json"), "--benchmark", help="benchmark's JSON."),
    readme: Path = typer.Option(Path("README.md"), "--readme", help="The README with the results blocks."),
) -> None:
    """Write the README's results tables from the JSON under training/."""
    from ..assemble import CHOSEN
    from ..results import ResultsError, benchmark_table_from, cv_table_from, replace_block

    outputs_or_fail([cv, benchmark], {"--readme": readme})  # the readme itself is read and replaced
    for path in (cv, benchmark, readme):
        if not path.is_file():
            fail(f"{path}: not found (run `spacy project run crossval` and `spacy project run all` first)")
    try:
        tables = {"cv": cv_table_from(cv, CHOSEN, "ner"), "benchmark": benchmark_table_from(benchmark)}
    except ResultsError as error:  # names the JSON file, not the README
        fail(str(error))
    try:
        text = readme.read_text(encoding="utf-8")
        for name, table in tables.items():
            text = replace_block(text, name, table)
    except ValueError as error:  # not UTF-8, or a results block missing
        fail(f"{readme}: {error}")
    with replacing_or_fail(readme) as (written,):
        written.write_text(text, encoding="utf-8")
    typer.echo(f"results from {cv} and {benchmark} -> {readme}")
