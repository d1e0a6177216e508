"""Raw report files to the sentence corpus (`sentences.jsonl`, `docs.jsonl`) with a removal report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import srsly

from .atomic import replacing
from .clean import MOST_REMOVED, ReportError, clean_file
from .meta import report_year
from .sentences import MAX_SENTENCE_CHARS, long_sentences, split_offsets

RAW_SUFFIXES = {".txt", ".html", ".htm"}


class EmptyCorpusRefused(Exception):
    """Writing would replace a corpus that has sentences with one that has none."""


@dataclass
class PreprocessResult:
    docs: list[dict] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    removed: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files and sub-folders of given folders not read
    # doc_id -> share, characters and long stretches removed, where over the thresholds of zhibiao.clean
    large_removals: dict[str, dict] = field(default_factory=dict)
    long_sentences: dict[str, int] = field(default_factory=dict)  # doc_id -> sentences cut into pieces

    def cleaning_warnings(self) -> list[str]:
        """One line per report that lost much text to cleaning (loud where it lost most of it) or had sentences cut."""
        lines = []
        for doc_id, large in self.large_removals.items():
            share = f"{large['share']:.0%} of the text ({large['removed_chars']} of {large['chars']} characters)"
            if large["share"] > MOST_REMOVED:
                lines.append(f"{doc_id}: MOST OF THE REPORT WAS REMOVED as boilerplate: {share}; "
                             "check removed_lines in docs.jsonl")
            else:
                long = ", ".join(f"line {n} ({rule}, {length} characters)" for n, rule, length in large["long"])
                lines.append(f"{doc_id}: cleaning removed {share}" + (f"; long removals: {long}" if long else ""))
        for doc_id, count in self.long_sentences.items():
            lines.append(f"{doc_id}: {count} sentence(s) over {MAX_SENTENCE_CHARS} characters (no terminators?) "
                         f"cut at clause marks")
        return lines


def raw_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their report files, sorted so that runs are reproducible."""
    return list_inputs(paths)[0]


def list_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """(report files, one line per entry of a given folder that is not read: sub-folders, other suffixes)."""
    files: list[Path] = []
    ignored: list[str] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for entry in sorted(path.iterdir()):
            if entry.is_dir():
                ignored.append(f"{entry}: sub-folder not read (give it as an argument to read it)")
            elif entry.suffix.lower() in RAW_SUFFIXES:
                files.append(entry)
            else:
                ignored.append(f"{entry}: not a {'/'.join(sorted(RAW_SUFFIXES))} file, not read")
    return files, ignored


def doc_record(path: Path, text: str, meta: dict, encoding: str) -> dict:
    doc_id = path.stem
    if meta.get("year") is None:
        meta = {**meta, **report_year("", path.name)}  # the text states none: the file name's year, if it has one
    return {
        "doc_id": doc_id,
        "text": text,
        "meta": {**meta, "source": path.name, "encoding": encoding},
        "sentences": [list(span) for span in split_offsets(text)],
    }


def sentence_records(doc: dict) -> list[dict]:
    meta = {key: doc["meta"].get(key) for key in ("place", "year", "source")}
    return [
        {"doc_id": doc["doc_id"], "sent_id": sent_id, "text": doc["text"][start:end], "meta": meta}
        for sent_id, (start, end) in enumerate(doc["sentences"])
    ]


def preprocess(paths: list[Path]) -> PreprocessResult:
    """Clean every file; a bad file is reported in `errors` and the others are still processed."""
    result = PreprocessResult()
    files, result.ignored = list_inputs(paths)
    seen: dict[str, Path] = {}
    for path in files:
        if path.stem in seen:
            result.errors.append(f"{path}: duplicate doc_id {path.stem!r}, also the stem of {seen[path.stem]}; "
                                 "rename one of them")
            continue
        try:
            report, encoding = clean_file(path)
        except (ReportError, OSError) as err:
            result.errors.append(str(err) if isinstance(err, ReportError) else f"{path}: {err.strerror or err}")
            continue
        seen[path.stem] = path
        doc = doc_record(path, report.text, report.meta, encoding)
        doc["removed_lines"] = [list(item) for item in report.removed_lines]
        doc["removed_fragments"] = [list(item) for item in report.removed_fragments]
        if large := report.large_removals():
            result.large_removals[doc["doc_id"]] = large
        if cut := long_sentences(report.text):
            result.long_sentences[doc["doc_id"]] = cut
        result.docs.append(doc)
        result.sentences.extend(sentence_records(doc))
        result.removed[doc["doc_id"]] = dict(sorted(report.removed.items()))
    return result


def write_corpus(result: PreprocessResult, out_dir: Path) -> None:
    """Write the three files together, or none of them; never replace a corpus with sentences by an empty one."""
    sentences_path = out_dir / "sentences.jsonl"
    if not result.sentences and (existing := _count_lines(sentences_path)):
        raise EmptyCorpusRefused(f"{sentences_path}: no report could be read, so the corpus would go from "
                                 f"{existing} sentences to none; left unchanged")
    paths = [sentences_path, out_dir / "docs.jsonl", out_dir / "report.json"]
    with replacing(*paths) as (sentences, docs, report):
        srsly.write_jsonl(sentences, result.sentences)
        srsly.write_jsonl(docs, result.docs)
        srsly.write_json(
            report,
            {
                "documents": len(result.docs),
                "sentences": len(result.sentences),
                "removed": result.removed,
                "large_removals": result.large_removals,
                "long_sentences": result.long_sentences,
                "errors": result.errors,
                "ignored": result.ignored,
            },
        )


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0
