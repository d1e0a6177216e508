"""Corpus commands: check the raw reports, clean them, pre-annotate, validate and convert the gold."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from .app import (
    SYNTHETIC_HELP,
    app,
    fail,
    gold_files,
    gold_or_fail,
    outputs_or_fail,
    patterns_or_fail,
    replacing_or_fail,
    synthetic_or_fail,
)


@app.command("check-assets")
def check_assets(project: Path = typer.Argument(Path("project.yml"), help="The spaCy project file.",
                                              readable=False)) -> None:
    """Fail when a raw report differs from the MD5 recorded for it in project.yml."""
    from ..assets import AssetsError, changed_assets, read_assets

    try:
        assets = read_assets(project)
    except AssetsError as err:
        fail(str(err))
    problems = changed_assets(assets, project.parent)
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("assets match their checksums")


@app.command()
def clean(
    # readable=False: an unreadable file is reported by the reading, as in a folder, and the others still read
    paths: List[Path] = typer.Argument(..., help="Raw report files or folders.", readable=False),
    out: Path = typer.Option(Path("corpus/clean"), "--out", help="Folder for sentences.jsonl, docs.jsonl, report.json."),
) -> None:
    """Clean raw reports into a sentence corpus; report what each rule removed."""
    from ..atomic import OutputError
    from ..preprocess import EmptyCorpusRefused, corpus_paths, no_report_files, preprocess, raw_files, write_corpus

    files = raw_files(paths)
    outputs_or_fail(files, {f"--out ({path.name})": path for path in corpus_paths(out)})
    result = preprocess(paths)
    for line in result.ignored:
        typer.echo(f"ignored: {line}", err=True)
    if not files:
        fail(no_report_files(paths))
    if not result.docs:  # no corpus at all: nothing is written, an existing corpus stays; one line for one file
        for error in result.errors:
            typer.echo(f"error: {error}", err=True)
        if len(files) > 1:
            fail(f"none of the {len(files)} files could be read; {out} left as it was")
        raise typer.Exit(1)
    try:
        write_corpus(result, out)
    except EmptyCorpusRefused as err:
        for error in result.errors:
            typer.echo(f"error: {error}", err=True)
        fail(str(err))
    except OutputError as err:
        fail(str(err))
    for doc in result.docs:
        removed = ", ".join(f"{rule} {count}" for rule, count in doc_removed(result, doc["doc_id"]).items()) or "nothing"
        typer.echo(f"{doc['doc_id']}: {len(doc['sentences'])} sentences; removed {removed}")
    for warning in result.cleaning_warnings():
        typer.echo(f"warning: {warning}", err=True)
    for error in result.errors:
        typer.echo(f"error: {error}", err=True)
    typer.echo(f"{len(result.docs)} reports, {len(result.sentences)} sentences -> {out}; {len(result.errors)} failed; "
               f"ignored {result.ignored_count()}")
    if result.errors:
        raise typer.Exit(1)


@app.command()
def validate(
    paths: List[Path] = typer.Argument(..., help="Annotation JSONL files or folders.", readable=False),
    sentences: Path = typer.Option(None, "--sentences", readable=False,
                                   help="Clean sentences.jsonl: also check the gold text still matches it."),
    report_out: Path = typer.Option(None, "--report", help="Write the validation summary as JSON here."),
) -> None:
    """Check annotation files; print file:line for every problem and fail when there is one."""
    from ..annotations import char_tokenizer_alignment, validate_files
    from ..corpus import load_sentence_texts

    files = gold_files(paths)  # names the entries of a folder it does not read
    outputs_or_fail([*files, *([sentences] if sentences else [])], {"--report": report_out})
    if not files:
        fail(f"no annotation files (*.jsonl) in {', '.join(map(str, paths))}")
    try:
        texts = load_sentence_texts(sentences) if sentences else None
    except (OSError, ValueError, KeyError, TypeError) as err:
        # a line's own problem names the file and line already (`FILE:3: field 'text' …`): once is enough
        where = str(err) if str(err).startswith(f"{sentences}:") else f"{sentences}: cannot read the clean sentences ({err})"
        fail(f"{where}; run `zhibiao clean` again")
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
    nothing_read = not report.records and report.ok
    if report_out and (nothing_read or not report.ok):
        # A summary of a failed validation must not be there for a later step to accept.
        report_out.unlink(missing_ok=True)
    elif report_out:
        import srsly

        with replacing_or_fail(report_out) as (written,):
            srsly.write_json(written, {
                "files": [str(f) for f in files], "sentences": report.records,
                "labels": dict(report.label_counts), "relations": report.relation_count,
                "errors": [str(p) for p in report.errors], "misaligned": [str(p) for p in report.misaligned],
                "warnings": [str(p) for p in report.warnings],
            })
    if nothing_read:
        fail(f"{', '.join(map(str, files))}: no annotation lines; nothing was validated")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def preannotate(
    sentences: Path = typer.Argument(Path("corpus/clean/sentences.jsonl"), help="Clean sentences.jsonl.", readable=False),
    out: Path = typer.Option(Path("corpus/preannotated.jsonl"), "--out", help="doccano import JSONL with proposed spans."),
    patterns: Path = typer.Option(Path("configs/rules.json"), "--patterns", help="Rule patterns JSON.", readable=False),
) -> None:
    """Propose spans with the rule pre-annotator (paired by the linker), in doccano's import format."""
    from ..annotations import write_jsonl
    from ..corpus import SentencesError, read_sentences
    from ..rules import propose_record

    outputs_or_fail([sentences, patterns], {"--out": out})
    rules = patterns_or_fail(patterns)
    try:
        lines = read_sentences(sentences)
    except SentencesError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{sentences}: cannot read ({err.strerror or err})")
    if not lines:  # an empty proposal must not replace the one being annotated
        fail(f"{sentences}: no sentences; {out} left as it was")
    if labelled := sum(1 for line in lines if line.get("entities") or line.get("relations")):
        # an annotated file given as sentences: its labels are not carried over, and the output says so
        typer.echo(f"warning: {sentences}: {labelled} line(s) already hold entities or relations; the proposals "
                   f"replace them in {out} (the labels stay in {sentences})", err=True)
    records = [propose_record(record, rules) for record in lines]
    with replacing_or_fail(out) as (written,):
        write_jsonl(written, records)
    proposed = sum(len(r["entities"]) for r in records)
    typer.echo(f"{len(records)} sentences, {proposed} proposed spans -> {out}")


@app.command()
def convert(
    gold: List[Path] = typer.Argument(..., help="Gold annotation files or folders.", readable=False),
    out: Path = typer.Option(Path("corpus"), "--out", help="Folder for train/dev/test.spacy and split.json."),
    # the bounds of scikit-learn's random_state, checked by typer before any gold is read
    seed: int = typer.Option(0, "--seed", min=0, max=2**32 - 1, help="Seed of the grouped split."),
    fold: str = typer.Option(None, "--test-report", help="Leave this report out as test (cross-validation)."),
    all_reports: bool = typer.Option(False, "--all-reports",
                                     help="Train on every report (the shipped pipeline; cross-validation is the estimate)."),
    train_fraction: float = typer.Option(1.0, "--train-fraction", help="Use only this share of training reports."),
    synthetic: List[Path] = typer.Option([], "--synthetic", help=SYNTHETIC_HELP, readable=False),
) -> None:
    """Gold JSONL to DocBins, split by report (never by sentence); misaligned spans are counted and listed.
    Synthetic sentences join the train part only."""
    from ..corpus import annotation_files, leave_one_report_out, split_docbins, split_reports, subset_reports

    # a file or a folder it cannot write to, before any work
    outputs_or_fail(annotation_files([*gold, *synthetic]), {"--out": out / "split.json"})
    import spacy
    import srsly

    if all_reports and fold:
        fail("--all-reports trains on every report and --test-report holds one out: give one of them")
    if not 0 < train_fraction <= 1:  # NaN too
        fail(f"--train-fraction must be more than 0 and at most 1, not {train_fraction}")
    records = gold_or_fail(gold)  # validated as `zhibiao validate` does: nothing is written from invalid gold
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
    docbins, summary = split_docbins(spacy.blank("zh"), records, split, synthetic_or_fail(synthetic))
    # all the files of a split or none: a failure leaves the folder as it was, never parts of two splits
    names = [f"{part}.spacy" for part in docbins] + ["split.json"]
    with replacing_or_fail(*(out / name for name in names)) as written:
        for part, path in zip(docbins, written):
            docbins[part].to_disk(path)
        srsly.write_json(written[-1], summary)
    for part, info in summary["parts"].items():
        added = f" and {info['synthetic']} synthetic" if info["synthetic"] else ""
        typer.echo(f"{part}: {', '.join(info['reports'])}{added}: {info['sentences']} sentences, {info['spans']} spans, "
                   f"{info['misaligned']} misaligned")
    for item in summary["misaligned"]:
        typer.echo(f"misaligned: {item}", err=True)


def doc_removed(result, doc_id: str) -> dict[str, int]:
    return {rule: count for rule, count in result.removed[doc_id].items() if count}
