"""Raw report files to the sentence corpus (`sentences.jsonl`, `docs.jsonl`) with a removal report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import srsly

from .clean import MOST_REMOVED, ReportError, clean_file
from .sentences import split_offsets

RAW_SUFFIXES = {".txt", ".html", ".htm"}
_YEAR_IN_NAME = re.compile(r"-((?:19|20)\d{2})$")


@dataclass
class PreprocessResult:
    docs: list[dict] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    removed: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # doc_id -> share, characters and long stretches removed, where over the thresholds of zhibiao.clean
    large_removals: dict[str, dict] = field(default_factory=dict)

    def removal_warnings(self) -> list[str]:
        """One line per report that lost much text to cleaning; loud where it lost most of it."""
        lines = []
        for doc_id, large in self.large_removals.items():
            share = f"{large['share']:.0%} of the text ({large['removed_chars']} of {large['chars']} characters)"
            if large["share"] > MOST_REMOVED:
                lines.append(f"{doc_id}: MOST OF THE REPORT WAS REMOVED as boilerplate: {share}; "
                             "check removed_lines in docs.jsonl")
            else:
                long = ", ".join(f"line {n} ({rule}, {length} characters)" for n, rule, length in large["long"])
                lines.append(f"{doc_id}: cleaning removed {share}" + (f"; long removals: {long}" if long else ""))
        return lines


def raw_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their report files, sorted so that runs are reproducible."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in RAW_SUFFIXES))
        else:
            files.append(path)
    return files


def doc_record(path: Path, text: str, meta: dict, encoding: str) -> dict:
    doc_id = path.stem
    if meta.get("year") is None and (match := _YEAR_IN_NAME.search(doc_id)):
        meta = {**meta, "year": int(match.group(1)), "year_from": "file name"}
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
    seen: set[str] = set()
    for path in raw_files(paths):
        try:
            report, encoding = clean_file(path)
        except (ReportError, OSError) as err:
            result.errors.append(str(err) if isinstance(err, ReportError) else f"{path}: {err.strerror or err}")
            continue
        if path.stem in seen:
            result.errors.append(f"{path}: duplicate doc_id {path.stem!r}; rename the file")
            continue
        seen.add(path.stem)
        doc = doc_record(path, report.text, report.meta, encoding)
        doc["removed_lines"] = [list(item) for item in report.removed_lines]
        doc["removed_fragments"] = [list(item) for item in report.removed_fragments]
        if large := report.large_removals():
            result.large_removals[doc["doc_id"]] = large
        result.docs.append(doc)
        result.sentences.extend(sentence_records(doc))
        result.removed[doc["doc_id"]] = dict(sorted(report.removed.items()))
    return result


def write_corpus(result: PreprocessResult, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    srsly.write_jsonl(out_dir / "sentences.jsonl", result.sentences)
    srsly.write_jsonl(out_dir / "docs.jsonl", result.docs)
    srsly.write_json(
        out_dir / "report.json",
        {
            "documents": len(result.docs),
            "sentences": len(result.sentences),
            "removed": result.removed,
            "large_removals": result.large_removals,
            "errors": result.errors,
        },
    )
