"""Raw report files to the sentence corpus (`sentences.jsonl`, `docs.jsonl`) with a removal report."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import srsly

from .atomic import replacing
from .case_collisions import WHY, case_key
from .clean import MOST_REMOVED, CleanReport, ReportError, clean_file
from .garbled import garbled_number_sentences
from .inputs import listed_inputs, shown
from .meta import file_name_year_note, report_year, text_year_note
from .record_shape import FILE_STEM_RULE, is_file_stem
from .sentences import MAX_SENTENCE_CHARS, long_sentences, split_offsets

RAW_SUFFIXES = {".txt", ".html", ".htm"}
CORPUS_FILES = ("sentences.jsonl", "docs.jsonl", "report.json")
# The fields a line of sentences.jsonl / docs.jsonl must have for the commands that read them, with their types.
SENTENCE_FIELDS: dict[str, type] = {"doc_id": str, "sent_id": int, "text": str}
DOC_FIELDS: dict[str, type] = {"doc_id": str, "text": str}


class EmptyCorpusRefused(Exception):
    """Writing would replace a corpus that has sentences with one that has none."""


class CorpusError(Exception):
    """A sentences.jsonl or docs.jsonl that cannot be read; the message is `file:line: what`."""


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
    # doc_id -> sent_ids with a number touching garbled text, which no command reads as a value (zhibiao.garbled)
    garbled_numbers: dict[str, list[int]] = field(default_factory=dict)

    def ignored_count(self) -> int:
        """Entries of the given folders not read (sub-folders, other files), for the summary line: each is named on
        its own line, which a long run scrolls away. A file given twice is read, once, and not counted."""
        return sum(1 for line in self.ignored if not line.endswith(", read once"))

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
                         f"cut at clause marks, or at the limit where there are none")
        sources = {doc["doc_id"]: doc for doc in self.docs}
        for doc_id, sent_ids in self.garbled_numbers.items():
            doc = sources[doc_id]
            start, end = doc["sentences"][sent_ids[0]]
            lines.append(f"{doc['meta']['source']}: {len(sent_ids)} sentence(s) with a number touching garbled text "
                         f"(U+FFFD or mis-decoded bytes), not read as a value: sent_id {sent_ids[0]} "
                         f"`{doc['text'][start:end][:60]}`" + (f" and {len(sent_ids) - 1} more" if len(sent_ids) > 1 else "")
                         + "; decode the file right (its encoding) to read them")
        for doc in self.docs:  # the panel has a row per place and year: say where they stay empty or may be wrong
            meta = doc["meta"]
            if meta.get("year_source") in (None, "file name") and (
                    note := file_name_year_note(meta["source"], meta.get("year"))):
                lines.append(note)
            elif note := text_year_note(meta["source"], meta.get("year"), meta.get("year_source")):
                lines.append(note)
            elif meta.get("year") is None:
                lines.append(f"{doc['meta']['source']}: no report year in the text or the file name (`name-2024.txt` "
                             "gives one); its records have none")
            if doc["meta"].get("place") is None:
                lines.append(f"{doc['meta']['source']}: no place in the text's title, session line or mentions; its "
                             "records have none")
        return lines


def raw_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their report files, sorted so that runs are reproducible."""
    return list_inputs(paths)[0]


def list_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """(report files, one line per entry not read: sub-folders and other suffixes of a given folder, and a file
    given twice, by name or through its folder, which is read once)."""
    return listed_inputs(paths, lambda entry: None if entry.suffix.lower() in RAW_SUFFIXES
                         else f"not a {'/'.join(sorted(RAW_SUFFIXES))} file, not read")


def name_problem(path: Path) -> str | None:
    """Why a file name cannot be a doc_id (it is not UTF-8, naming what it reads as in GB18030, or the gold rules
    refuse its stem: a newline would break every line naming it, and the gold would refuse its sentences later);
    None if it can."""
    raw = os.fsencode(path.name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if is_file_stem(path.stem):
            return None
        printable = re.sub(r"[\x00-\x1f\x7f]", lambda char: f"\\x{ord(char.group()):02x}", shown(path))
        return f"{printable}: the file name cannot be a doc_id ({FILE_STEM_RULE}); rename the file"
    try:
        guess = f" (as GB18030: {raw.decode('gb18030')})"
    except UnicodeDecodeError:
        guess = ""
    return f"{shown(path)}: the file name is not UTF-8{guess}; rename the file"


def no_report_files(paths: list[Path]) -> str:
    """The error when the given folders hold no report file at all (empty, or only other files)."""
    return f"{', '.join(map(str, paths))}: no {'/'.join(sorted(RAW_SUFFIXES))} report files in the folder(s)"


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
    cleaned: list[tuple[Path, CleanReport, str]] = []
    for path in files:
        if problem := name_problem(path):
            result.errors.append(problem)
            continue
        if (other := seen.get(case_key(path.stem))) is not None:  # `Jintan-2025` too: one gold file on Windows
            same = "" if other.stem == path.stem else f" but for letter case ({WHY})"
            result.errors.append(f"{path}: duplicate doc_id {path.stem!r}, also the stem of {other}{same}; "
                                 "rename one of them")
            continue
        try:
            report, encoding = clean_file(path)
        except (ReportError, OSError) as err:
            result.errors.append(str(err) if isinstance(err, ReportError) else f"{path}: {err.strerror or err}")
            continue
        seen[case_key(path.stem)] = path
        cleaned.append((path, report, encoding))
    for path, report, encoding in read_each_text_once(cleaned, result.ignored):
        doc = doc_record(path, report.text, report.meta, encoding)
        doc["removed_lines"] = [list(item) for item in report.removed_lines]
        doc["removed_fragments"] = [list(item) for item in report.removed_fragments]
        if large := report.large_removals():
            result.large_removals[doc["doc_id"]] = large
        if cut := long_sentences(report.text):
            result.long_sentences[doc["doc_id"]] = cut
        spans = [(start, end) for start, end in doc["sentences"]]
        if garbled := set(garbled_number_sentences(report.text, spans)):
            result.garbled_numbers[doc["doc_id"]] = [i for i, span in enumerate(spans) if span in garbled]
            report.removed["garbled_number_sentences"] = len(garbled)
        result.docs.append(doc)
        result.sentences.extend(sentence_records(doc))
        result.removed[doc["doc_id"]] = dict(sorted(report.removed.items()))
    return result


def read_each_text_once(cleaned: list[tuple[Path, CleanReport, str]], ignored: list[str]) -> list[tuple[Path, CleanReport, str]]:
    """The cleaned reports with each text once, in their order; a line in `ignored` for each other file with a
    text already read, naming the file it repeats. A second download of a report (`name (1).txt`) has another
    name but the same text: read twice, its records and panel rows would count twice. The cleaned text is
    compared, so that a GBK copy of a UTF-8 file, or a page saved as text, is one too. Of copies, the shortest
    name is kept: the one without the `(1)` or `副本` a copy adds."""
    kept: dict[str, Path] = {}
    for path, report, _ in cleaned:
        if (first := kept.get(report.text)) is None or len(path.name) < len(first.name):
            kept[report.text] = path
    for path, report, _ in cleaned:
        if (first := kept[report.text]) is not path:
            ignored.append(f"{shown(path)}: the same report text as {shown(first)}, read once")
    return [item for item in cleaned if kept[item[1].text] is item[0]]


def corpus_paths(out_dir: Path) -> list[Path]:
    """sentences.jsonl, docs.jsonl and report.json in `out_dir`."""
    return [Path(out_dir) / name for name in CORPUS_FILES]


def write_corpus(result: PreprocessResult, out_dir: Path) -> None:
    """Write the three files together, or none of them; never replace a corpus with sentences by an empty one."""
    paths = corpus_paths(out_dir)
    if not result.sentences and (existing := _count_lines(paths[0])):
        raise EmptyCorpusRefused(f"{paths[0]}: no report could be read, so the corpus would go from "
                                 f"{existing} sentences to none; left unchanged")
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


def read_corpus_file(path: Path, fields: dict[str, type]) -> list[dict]:
    """The lines of a sentences.jsonl or docs.jsonl (`fields`: SENTENCE_FIELDS or DOC_FIELDS); CorpusError at the
    first line that is not JSON, not UTF-8, or lacks one of the fields; OSError when the file cannot be opened."""
    return [record for _, record in numbered_corpus_lines(path, fields)]


def numbered_corpus_lines(path: Path, fields: dict[str, type]) -> list[tuple[int, dict]]:
    """(line number, record) of read_corpus_file, for a caller that names lines."""
    from .annotations import Problem, parsed_lines

    records = []
    for number, value in parsed_lines(path):
        if isinstance(value, Problem):
            raise CorpusError(str(value))
        if problem := _field_problem(value, fields):
            raise CorpusError(f"{path}:{number}: {problem} (not a line written by `zhibiao clean`)")
        assert isinstance(value, dict)
        records.append((number, value))
    return records


def _field_problem(value: object, fields: dict[str, type]) -> str | None:
    if not isinstance(value, dict):
        return "a line must be a JSON object"
    for name, kind in fields.items():
        if name not in value:
            return f"no field {name!r}"
        field = value[name]
        # clean writes no empty doc_id and no empty text (an empty sentence would go to doccano as an example)
        if not isinstance(field, kind) or isinstance(field, bool) or (name in ("doc_id", "text") and not field):
            wanted = "a non-empty string" if kind is str else "an integer"
            return f"field {name!r} must be {wanted}, not {field!r:.40}"
    if not isinstance(value.get("meta") or {}, dict):
        return "field 'meta' must be an object"
    return None
