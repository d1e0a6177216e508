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


@app.command("check-assets")
def check_assets(project: Path = typer.Argument(Path("project.yml"), help="The spaCy project file.")) -> None:
    """Fail when a raw report differs from the MD5 recorded for it in project.yml."""
    import srsly

    from .assets import changed_assets

    problems = changed_assets(srsly.read_yaml(project).get("assets", []), project.parent)
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("assets match their checksums")


@app.command()
def clean(
    paths: List[Path] = typer.Argument(..., help="Raw report files or folders."),
    out: Path = typer.Option(Path("corpus/clean"), "--out", help="Folder for sentences.jsonl, docs.jsonl, report.json."),
) -> None:
    """Clean raw reports into a sentence corpus; report what each rule removed."""
    from .preprocess import EmptyCorpusRefused, preprocess, write_corpus

    result = preprocess(paths)
    for line in result.ignored:
        typer.echo(f"ignored: {line}", err=True)
    try:
        write_corpus(result, out)
    except EmptyCorpusRefused as err:
        for error in result.errors:
            typer.echo(f"error: {error}", err=True)
        fail(str(err))
    for doc in result.docs:
        removed = ", ".join(f"{rule} {count}" for rule, count in doc_removed(result, doc["doc_id"]).items()) or "nothing"
        typer.echo(f"{doc['doc_id']}: {len(doc['sentences'])} sentences; removed {removed}")
    for warning in result.removal_warnings():
        typer.echo(f"warning: {warning}", err=True)
    for error in result.errors:
        typer.echo(f"error: {error}", err=True)
    typer.echo(f"{len(result.docs)} reports, {len(result.sentences)} sentences -> {out}; {len(result.errors)} failed")
    if result.errors:
        raise typer.Exit(1)


@app.command()
def validate(
    paths: List[Path] = typer.Argument(..., help="Annotation JSONL files or folders."),
    sentences: Path = typer.Option(None, "--sentences", help="Clean sentences.jsonl: also check the gold text still matches it."),
    report_out: Path = typer.Option(None, "--report", help="Write the validation summary as JSON here."),
) -> None:
    """Check annotation files; print file:line for every problem and fail when there is one."""
    from .annotations import char_tokenizer_alignment, validate_files
    from .corpus import annotation_files, load_sentence_texts

    files = annotation_files(paths)
    if not files:
        fail(f"no annotation files (*.jsonl) in {', '.join(map(str, paths))}")
    try:
        texts = load_sentence_texts(sentences) if sentences else None
    except (OSError, ValueError, KeyError, TypeError) as err:
        fail(f"{sentences}: cannot read the clean sentences ({err}); run `zhibiao clean` again")
    report = validate_files(files, char_tokenizer_alignment(), texts)
    for problem in report.errors:
        typer.echo(f"error: {problem}", err=True)
    for problem in report.misaligned:
        typer.echo(f"misaligned: {problem}", err=True)
    for problem in report.warnings:
        typer.echo(f"warning: {problem}", err=True)
    counts = ", ".join(f"{label} {count}" for label, count in sorted(report.label_counts.items()))
    typer.echo(
        f"{len(files)} files, {report.records} sentences; {counts}; {report.relation_count} relations; "
        f"{len(report.errors)} errors, {len(report.misaligned)} misaligned, {len(report.warnings)} warnings"
    )
    if report_out and not report.ok:
        # A summary of a failed validation must not be there for a later step to accept.
        report_out.unlink(missing_ok=True)
    elif report_out:
        import srsly

        from .atomic import replacing

        with replacing(report_out) as (written,):
            srsly.write_json(written, {
                "files": [str(f) for f in files], "sentences": report.records,
                "labels": dict(report.label_counts), "relations": report.relation_count,
                "errors": [str(p) for p in report.errors], "misaligned": [str(p) for p in report.misaligned],
                "warnings": [str(p) for p in report.warnings],
            })
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def preannotate(
    sentences: Path = typer.Argument(Path("corpus/clean/sentences.jsonl"), help="Clean sentences.jsonl."),
    out: Path = typer.Option(Path("corpus/preannotated.jsonl"), "--out", help="doccano import JSONL with proposed spans."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns JSON."),
) -> None:
    """Propose spans with the rule pre-annotator (paired by the linker), in doccano's import format."""
    import srsly

    from .annotations import write_jsonl
    from .rules import load_patterns, propose_record

    rules = load_patterns(patterns)
    records = [propose_record(record, rules) for record in srsly.read_jsonl(sentences)]
    write_jsonl(out, records)
    proposed = sum(len(r["entities"]) for r in records)
    typer.echo(f"{len(records)} sentences, {proposed} proposed spans -> {out}")


@app.command()
def convert(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders."),
    out: Path = typer.Option(Path("corpus"), "--out", help="Folder for train/dev/test.spacy and split.json."),
    seed: int = typer.Option(0, "--seed", help="Seed of the grouped split."),
    fold: str = typer.Option(None, "--test-report", help="Leave this report out as test (cross-validation)."),
    train_fraction: float = typer.Option(1.0, "--train-fraction", help="Use only this share of training reports."),
) -> None:
    """Gold JSONL to DocBins, split by report (never by sentence); misaligned spans are counted and listed."""
    import spacy
    import srsly

    from .annotations import AnnotationError
    from .corpus import leave_one_report_out, load_gold, split_reports, subset_reports, write_split
    from .record_shape import shape_problems

    try:
        records = load_gold(gold)
    except (AnnotationError, OSError, UnicodeDecodeError) as err:
        fail(f"{err}; run `zhibiao validate` on the gold first")
    if not records:
        fail(f"no gold sentences in {', '.join(map(str, gold))}")
    malformed = next((problems for problems in map(shape_problems, records) if problems), None)
    if malformed:
        fail(f"malformed gold line ({malformed[0]}); run `zhibiao validate` on the gold first")
    doc_ids = [r["doc_id"] for r in records]
    if fold:
        folds = {f["test"][0]: f for f in leave_one_report_out(doc_ids)}
        if fold not in folds:
            fail(f"--test-report {fold!r} is not one of the reports: {', '.join(folds)}")
        split = folds[fold]
    else:
        try:
            split = split_reports(doc_ids, seed)
        except ValueError as err:  # fewer reports than train, dev and test need
            fail(f"{err}; add gold for more reports, or use --test-report for one fold")
    if train_fraction < 1.0:
        split = {**split, "train": subset_reports(split["train"], train_fraction)}
    summary = write_split(spacy.blank("zh"), records, split, out)
    srsly.write_json(out / "split.json", summary)
    for part, info in summary["parts"].items():
        typer.echo(f"{part}: {', '.join(info['reports'])}: {info['sentences']} sentences, {info['spans']} spans, "
                   f"{info['misaligned']} misaligned")
    for item in summary["misaligned"]:
        typer.echo(f"misaligned: {item}", err=True)


@app.command()
def evaluate(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders."),
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

    from .corpus import load_gold
    from .evaluate import evaluate_records, group_errors, markdown_table, model_predictor, rule_predictor
    from .rules import load_patterns

    if bool(model) == bool(rules):
        fail("give exactly one of --model PATH or --rules")
    chosen = set(reports.split(",")) if reports else None
    if split:
        chosen = set(srsly.read_json(split)["split"]["test"])
    records = [r for r in load_gold(gold) if chosen is None or r["doc_id"] in chosen]
    if not records:
        fail("no gold sentences to score")
    if model:
        import spacy

        import zhibiao.ruler  # noqa: F401  (registers the components a pipeline may name)

        predict = model_predictor(spacy.load(model))
        source = str(model)
    else:
        predict = rule_predictor(load_patterns(patterns))
        source = "rules"
    result = evaluate_records(records, predict)
    scores = result["scores"]
    out.parent.mkdir(parents=True, exist_ok=True)
    srsly.write_json(out, {"source": source, **scores, "errors": group_errors(result["errors"])})
    table = markdown_table(scores, f"{source} on {', '.join(scores['reports'])} ({scores['sentences']} sentences)")
    if markdown:
        markdown.write_text(table, encoding="utf-8")
    typer.echo(table)


def _split_part(gold: List[Path], split: Path, part: str, model: Path) -> tuple[set[str], list[dict]]:
    """The reports of one part of a split and their gold sentences, once the model is known to exist."""
    import srsly

    from .corpus import load_gold

    if not model.exists():
        fail(f"{model}: no trained pipeline (run `spacy project run train` first)")
    reports = set(srsly.read_json(split)["split"][part])
    return reports, [r for r in load_gold(gold) if r["doc_id"] in reports]


@app.command("choose-pipeline")
def choose_pipeline(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders."),
    config: Path = typer.Option(Path("configs/final.cfg"), "--config", help="The shipped pipeline's config."),
    model: Path = typer.Option(Path("training/model-best"), "--model", help="Trained pipeline its components come from."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns."),
    split: Path = typer.Option(Path("corpus/split.json"), "--split", help="split.json: its dev reports decide."),
    out: Path = typer.Option(Path("training/final.cfg"), "--out", help="The chosen config, for `spacy assemble`."),
    scores_out: Path = typer.Option(Path("training/assemble.json"), "--scores", help="Dev scores of every candidate."),
) -> None:
    """Choose on dev how the rules join the trained NER; write the chosen config for `spacy assemble`."""
    import srsly

    from .assemble import CANDIDATES, choose, micro_f, write_candidate
    from .evaluate import evaluate_records, model_predictor

    dev_reports, records = _split_part(gold, split, "dev", model)
    best, scores = choose(config, {"model": str(model), "rules": str(patterns)},
                          lambda nlp: evaluate_records(records, model_predictor(nlp))["scores"])
    write_candidate(config, CANDIDATES[best], out)
    srsly.write_json(scores_out, {"dev_reports": sorted(dev_reports), "chosen": best, "candidates": CANDIDATES,
                                  "scores": scores})
    for name, result in scores.items():
        typer.echo(f"{'*' if name == best else ' '} {micro_f(result):.3f}  {name}")
    typer.echo(f"chosen on {', '.join(sorted(dev_reports))}: {best} -> {out}")


@app.command("evaluate-model")
def evaluate_model(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders."),
    model: Path = typer.Option(Path("training/model-final"), "--model", help="Trained pipeline."),
    split: Path = typer.Option(Path("corpus/split.json"), "--split", help="split.json from convert: its test reports are scored."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns of the baseline."),
    out_dir: Path = typer.Option(Path("training"), "--out-dir", help="Where metrics.json, report.md, errors.html go."),
) -> None:
    """Evaluate a trained pipeline on the test report(s) beside the rule baseline; write the error report."""
    import spacy

    import zhibiao.linker  # noqa: F401  (registers the components a pipeline may name)
    import zhibiao.ruler  # noqa: F401

    from .report import compare, write_report
    from .rules import load_patterns

    test_reports, records = _split_part(gold, split, "test", model)
    nlp = spacy.load(model)
    result = compare(records, nlp, load_patterns(patterns))
    write_report(result, records, out_dir, f"Evaluation of {model} on {', '.join(sorted(test_reports))}")
    micro_model, micro_rules = result["model"]["exact"]["micro"]["f"], result["rules"]["exact"]["micro"]["f"]
    typer.echo(f"micro F1 model {micro_model:.3f}, rules {micro_rules:.3f} on {len(records)} sentences -> {out_dir}")


@app.command("cv-train")
def cv_train(
    config: Path = typer.Argument(..., help="Training config (configs/ner.cfg)."),
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders."),
    models: Path = typer.Option(..., "--models", help="Folder for the fold models and their list, folds.json."),
    work: Path = typer.Option(Path("corpus/folds"), "--work", help="Folder for the fold DocBins."),
    seeds: List[int] = typer.Option([0, 1, 2], "--seed", help="Training seeds (repeat the option)."),
    max_steps: int = typer.Option(1500, "--max-steps", help="Steps of every fold training; the last model is scored."),
    fraction: float = typer.Option(1.0, "--fraction", help="Share of the other reports each fold trains on."),
) -> None:
    """Train one model per held-out report and seed (leave-one-report-out)."""
    import spacy

    from .corpus import load_gold
    from .crossval import train_folds, write_folds

    records = _gold_or_fail(gold)
    folds = write_folds(spacy.blank("zh"), records, work, fraction)
    trained = train_folds(config, folds, work, models, seeds, max_steps, fraction, log=typer.echo)
    typer.echo(f"{len(trained)} fold models -> {models / 'folds.json'}")


@app.command("cv-evaluate")
def cv_evaluate(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders."),
    models: Path = typer.Option(..., "--models", help="Fold models (folds.json) from cv-train."),
    config: Path = typer.Option(Path("configs/final.cfg"), "--config", help="The shipped pipeline's config."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns."),
    out: Path = typer.Option(..., "--out", help="JSON result."),
    markdown_out: Path = typer.Option(..., "--markdown", help="Markdown table."),
    samples: int = typer.Option(1000, "--samples", help="Bootstrap samples."),
) -> None:
    """Score the rules alone and every candidate pipeline on each fold's held-out report, with intervals."""
    import srsly

    from .assemble import CANDIDATES, assemble, candidate_config
    from .crossval import cross_validate, fold_models, markdown
    from .ruler import rules_pipeline

    records = _gold_or_fail(gold)
    rules_only = rules_pipeline(patterns)
    variants = {"rules alone": lambda path: rules_only}
    for name, overrides in CANDIDATES.items():
        variants[name] = lambda path, overrides=overrides: assemble(candidate_config(
            config, {**overrides, "paths.model": str(path), "paths.rules": str(patterns)}))
    result = cross_validate(records, fold_models(models), variants, samples, log=typer.echo)
    out.parent.mkdir(parents=True, exist_ok=True)
    srsly.write_json(out, {"models": str(models), "config": str(config), **result})
    table = markdown(result)
    markdown_out.write_text(table, encoding="utf-8")
    typer.echo(table)


def _gold_or_fail(gold: List[Path]) -> list[dict]:
    from .corpus import load_gold

    records = load_gold(gold)
    if not records:
        fail(f"no gold sentences in {', '.join(map(str, gold))}")
    return records


@app.command()
def package(
    model: Path = typer.Argument(Path("training/model-final"), help="Pipeline to package."),
    out_dir: Path = typer.Argument(Path("packages"), help="Where the package folder and its wheel go."),
    name: str = typer.Option("zhibiao", "--name", help="Package name (spaCy prefixes the language: zh_NAME)."),
    version: str = typer.Option("0.1.0", "--version", help="Package version."),
) -> None:
    """Build an installable wheel of a pipeline, offline; installing it needs the zhibiao package."""
    from .packaging import package_pipeline

    if not model.exists():
        fail(f"{model}: no pipeline to package")
    typer.echo(f"wheel: {package_pipeline(model, out_dir, name, version)}")


def doc_removed(result, doc_id: str) -> dict[str, int]:
    return {rule: count for rule, count in result.removed[doc_id].items() if count}


from .doccano.cli import agreement_command, doccano_app  # noqa: E402  (sub-app lives with its package)
app.add_typer(doccano_app, name="doccano")
app.command("agreement")(agreement_command)

from .extract_cli import register as _register_extract  # noqa: E402
_register_extract(app)

from .panel_cli import register as _register_panel  # noqa: E402
_register_panel(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
