"""Gold annotations to spaCy DocBins: grouped train/dev/test split and leave-one-report-out folds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from .annotations import (
    Problem,
    duplicate_sentence,
    read_records,
    record_relations,
    sentence_key,
    spans,
)
from .inputs import listed_inputs
from .labels import SPAN_KEY
from .sentences import MAX_SENTENCE_CHARS

SPLIT_NAMES = ("train", "dev", "test")


def annotation_files(paths: Iterable[Path]) -> list[Path]:
    """Gold files: given files, or the `*.jsonl` directly inside given folders (not parts/ or conflicts)."""
    return annotation_inputs(paths)[0]


def annotation_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """(gold files, one line per entry of a given folder that is not read): a folder's sub-folders, files
    that are not `*.jsonl` and the conflicts files of `doccano pull` are named, never passed over silently."""
    return listed_inputs(paths, _not_gold)


def _not_gold(entry: Path) -> str | None:
    if entry.suffix != ".jsonl":
        return "not a .jsonl file, not read"
    if entry.name.startswith("conflicts"):
        return "conflicts of `doccano pull`, not gold; not read"
    return None


def load_gold(paths: Iterable[Path]) -> list[dict]:
    """The records of gold files as they are, unchecked; commands read the gold through cli.app.gold_or_fail."""
    records: list[dict] = []
    for path in annotation_files(paths):
        records.extend(read_records(path))
    return records


class SentencesError(ValueError):
    """A clean sentences file that cannot be read; the message is `file:line: problem`."""


def load_sentence_texts(path: Path) -> dict[tuple[str, int], str]:
    """(doc_id, sent_id) -> text of a clean sentences file; its first bad line raises SentencesError, and so does a
    file with no sentence (against it every gold sentence would be `not in the clean corpus`)."""
    texts = {sentence_key(line): line["text"] for line in read_sentences(path)}
    if not texts:
        raise SentencesError("the file holds no sentences")
    return texts


def read_sentences(path: Path) -> list[dict]:
    """The lines of a clean sentences file, checked as preprocess.read_corpus_file checks them and for a sentence
    given twice (which one a key means would be a guess); SentencesError at the first bad line."""
    from .preprocess import SENTENCE_FIELDS, CorpusError, numbered_corpus_lines

    try:
        numbered = numbered_corpus_lines(path, SENTENCE_FIELDS)
    except CorpusError as err:
        raise SentencesError(str(err)) from None
    first: dict[tuple[str, int], str] = {}
    for number, line in numbered:
        key = sentence_key(line)
        if key in first:
            raise SentencesError(str(Problem(str(path), number, duplicate_sentence(key, first[key]))))
        if len(line["text"]) > MAX_SENTENCE_CHARS:  # `zhibiao clean` never writes one: not a clean corpus
            raise SentencesError(str(Problem(str(path), number, f"a sentence of {len(line['text'])} characters, more "
                                             f"than the {MAX_SENTENCE_CHARS} `zhibiao clean` cuts sentences to")))
        first[key] = f"{path}:{number}"
    return [line for _, line in numbered]


@dataclass
class Conversion:
    docs: list[Doc] = field(default_factory=list)
    misaligned: list[str] = field(default_factory=list)
    spans: int = 0


def record_to_doc(nlp: Language, record: dict, conversion: Conversion) -> Doc:
    """A Doc with the gold spans as doc.ents and doc.spans[SPAN_KEY], the gold relations as doc._.value_of
    (offsets, so DocBins carry them), and doc_id / sent_id in user_data."""
    doc = nlp.make_doc(record["text"])
    gold: list[Span] = []
    for start, end, label in spans(record):
        span = doc.char_span(start, end, label=label)
        if span is None:
            conversion.misaligned.append(
                f"{record['doc_id']}#{record['sent_id']}: {label} {record['text'][start:end]!r} ({start}-{end})"
            )
            continue
        gold.append(span)
    conversion.spans += len(gold)
    doc.ents = gold
    doc.spans[SPAN_KEY] = gold  # what a spancat pipeline trains on
    doc.user_data["doc_id"] = record["doc_id"]
    doc.user_data["sent_id"] = record["sent_id"]
    aligned = {(span.start_char, span.end_char) for span in gold}
    doc._.value_of = [relation for relation in record_relations(record)
                      if relation[:2] in aligned and relation[2:] in aligned]
    return doc


def records_to_docs(nlp: Language, records: Iterable[dict]) -> Conversion:
    conversion = Conversion()
    for record in records:
        conversion.docs.append(record_to_doc(nlp, record, conversion))
    return conversion


def split_reports(doc_ids: list[str], seed: int, n_test: int = 1, n_dev: int = 1) -> dict[str, list[str]]:
    """Assign whole reports to train/dev/test with scikit-learn's group-aware splitter (never a report in two parts)."""
    from sklearn.model_selection import GroupShuffleSplit

    reports = sorted(set(doc_ids))
    if len(reports) < n_test + n_dev + 1:
        raise ValueError(f"need at least {n_test + n_dev + 1} reports to split, got {len(reports)}")
    rest_idx, test_idx = next(GroupShuffleSplit(n_splits=1, test_size=n_test, random_state=seed).split(reports, groups=reports))
    rest = [reports[i] for i in rest_idx]
    train_idx, dev_idx = next(GroupShuffleSplit(n_splits=1, test_size=n_dev, random_state=seed).split(rest, groups=rest))
    return {
        "train": sorted(rest[i] for i in train_idx),
        "dev": sorted(rest[i] for i in dev_idx),
        "test": sorted(reports[i] for i in test_idx),
    }


def leave_one_report_out(doc_ids: list[str]) -> list[dict[str, list[str]]]:
    """One fold per report: test on it, train on all the others (dev = the training reports, fixed steps)."""
    from sklearn.model_selection import LeaveOneGroupOut

    reports = sorted(set(doc_ids))
    folds = []
    for train_idx, test_idx in LeaveOneGroupOut().split(reports, groups=reports):
        train = sorted(reports[i] for i in train_idx)
        folds.append({"train": train, "dev": train, "test": [reports[i] for i in test_idx]})
    return folds


def subset_reports(reports: list[str], fraction: float) -> list[str]:
    """The first ceil(fraction × n) reports (at least one) of a sorted list, for learning curves."""
    import math

    count = max(1, math.ceil(len(reports) * fraction))
    return sorted(reports)[:count]


def write_split(nlp: Language, records: list[dict], split: dict[str, list[str]], out_dir: Path,
                synthetic: Sequence[dict] = ()) -> dict:
    """Write one DocBin per split part; return counts and every misaligned span. The synthetic sentences join the
    train part only: they are learned from, never scored."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docbins, summary = split_docbins(nlp, records, split, synthetic)
    for part, docbin in docbins.items():
        docbin.to_disk(out_dir / f"{part}.spacy")
    return summary


def split_docbins(nlp: Language, records: list[dict], split: dict[str, list[str]],
                  synthetic: Sequence[dict] = ()) -> tuple[dict[str, DocBin], dict]:
    """(part -> DocBin, summary) of write_split, in memory: every Doc is made before a file is written."""
    docbins: dict[str, DocBin] = {}
    summary: dict = {"split": split, "parts": {}, "misaligned": []}
    for part, reports in split.items():
        added = list(synthetic) if part == "train" else []
        chosen = [r for r in records if r["doc_id"] in set(reports)] + added
        conversion = records_to_docs(nlp, chosen)
        docbins[part] = DocBin(docs=conversion.docs, store_user_data=True)
        summary["parts"][part] = {"reports": reports, "synthetic": len(added), "sentences": len(conversion.docs),
                                  "spans": conversion.spans, "misaligned": len(conversion.misaligned)}
        summary["misaligned"].extend(conversion.misaligned)
    summary["misaligned"] = sorted(set(summary["misaligned"]))
    return docbins, summary


def read_docbin(nlp: Language, path: Path) -> list[Doc]:
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))
