"""Corpus commands: check the raw reports, clean them, pre-annotate, validate and convert the gold."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from .app import app, fail


@app.command("check-assets")
def check_assets(project: Path = typer.Argument(Path("project.yml"), help="The spaCy project file.")) -> None:
    """Fail when a raw report differs from the MD5 recorded for it in project.yml."""
    import srsly

    from ..assets import changed_assets

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
    from ..preprocess import EmptyCorpusRefused, preprocess, write_corpus

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
    for warning in result.cleaning_warnings():
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
    from ..annotations import char_tokenizer_alignment, validate_files
    from ..corpus import annotation_files, load_sentence_texts

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
    counts = ", ".join(f"{label} {count}" for label, count in sorted(report.label_counts.items())) or "no spans"
    typer.echo(
        f"{len(files)} files, {report.records} sentences; {counts}; {report.relation_count} relations; "
        f"{len(report.errors)} errors, {len(report.misaligned)} misaligned, {len(report.warnings)} warnings"
    )
    if report_out and not report.ok:
        # A summary of a failed validation must not be there for a later step to accept.
        report_out.unlink(missing_ok=True)
    elif report_out:
        import srsly

        from ..atomic import replacing

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

    from ..annotations import write_jsonl
    from ..rules import load_patterns, propose_record

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
    all_reports: bool = typer.Option(False, "--all-reports",
                                     help="Train on every report (the shipped pipeline; cross-validation is the estimate)."),
    train_fraction: float = typer.Option(1.0, "--train-fraction", help="Use only this share of training reports."),
) -> None:
    """Gold JSONL to DocBins, split by report (never by sentence); misaligned spans are counted and listed."""
    import spacy
    import srsly

    from ..annotations import AnnotationError
    from ..corpus import leave_one_report_out, load_gold, split_reports, subset_reports, write_split
    from ..record_shape import shape_problems

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
    if all_reports:
        # dev is the training data: spaCy logs it, and the last model (fixed steps, as in cross-validation) ships
        split = {"train": sorted(set(doc_ids)), "dev": sorted(set(doc_ids))}
    elif fold:
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


def doc_removed(result, doc_id: str) -> dict[str, int]:
    return {rule: count for rule, count in result.removed[doc_id].items() if count}
