"""Extraction: a pipeline over whole reports, sentence by sentence (as it was trained), into records.

The edges live here: finding and loading the pipeline, running it (spaCy's own `nlp.pipe`, with
`n_process` for several processes: docs carry value_of as offsets, so they cross process boundaries),
and writing record files. Records themselves are built from plain data in `zhibiao.records`.
"""

from __future__ import annotations

import csv
import json
import os
import re
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .annotations import write_jsonl
from .labels import LABEL_NAMES
from .matching import reading_text
from .meta import plausible_year, year_range
from .record_shape import lone_surrogate
from .records import RECORD_FIELDS, Record, add_report_context, doc_records
from .sentences import split_offsets
from .spans import doc_length, doc_spans, made_doc, mask_spans
from .spreadsheet import safe_row

DEFAULT_MODEL = "training/model-final"
PACKAGED_MODEL = "zh_zhibiao"
MODEL_ENV = "ZHIBIAO_MODEL"
RECORD_SUFFIXES = (".csv", ".jsonl")


class ModelNotFoundError(Exception):
    """No pipeline where the caller (or ZHIBIAO_MODEL, or the default) said one would be."""


class PipelineLoadError(Exception):
    """A pipeline that is there but cannot be loaded (a damaged file, a config that is not one, data of an older
    zhibiao); the message is one line: `<location>: cannot load the pipeline: <reason>`."""


# ---------------------------------------------------------------- the pipeline

def model_location(model: str | os.PathLike | None = None) -> str:
    """Where the pipeline is: the argument, $ZHIBIAO_MODEL, ./training/model-final, or the installed zh_zhibiao."""
    import spacy

    if model:
        return str(model)
    if os.environ.get(MODEL_ENV):
        return os.environ[MODEL_ENV]
    if not Path(DEFAULT_MODEL).exists() and spacy.util.is_package(PACKAGED_MODEL):
        return PACKAGED_MODEL
    return DEFAULT_MODEL


def with_linker(nlp: Language) -> Language:
    """The pipeline with `zhibiao_linker` at the end (an NER-only pipeline gets one added)."""
    from . import linker  # noqa: F401  (registers the factory)

    if "zhibiao_linker" not in nlp.pipe_names:
        nlp.add_pipe("zhibiao_linker", last=True)
    return nlp


def load_pipeline(model: str | os.PathLike | None = None) -> Language:
    """Load (once per location) a zhibiao pipeline, with the linker; ModelNotFoundError when there is none,
    PipelineLoadError when it cannot be loaded."""
    return _load(model_location(model))


@lru_cache(maxsize=4)
def _load(location: str) -> Language:
    import spacy

    from . import linker, ruler  # noqa: F401  (register the factories a pipeline may name)

    if not Path(location).exists() and not spacy.util.is_package(location):
        raise ModelNotFoundError(
            f"no zhibiao pipeline at {location!r}: train one (`spacy project run train`), or point --model or "
            f"{MODEL_ENV} (in Python: extract(..., nlp=)) at a pipeline folder or package"
        )
    if Path(location).is_file():  # spaCy's answer is an E053 about a meta.json it looked for inside the file
        raise ModelNotFoundError(f"{location!r} is a file, not a spaCy pipeline (a folder with config.cfg): "
                                 f"point {MODEL_ENV} or --model at a trained pipeline such as training/model-final")
    if Path(location).is_dir() and not (Path(location) / "config.cfg").exists():
        # spaCy's own answer here is a many-line E053 about a missing config file.
        raise ModelNotFoundError(f"{location!r} is a folder but not a spaCy pipeline (no config.cfg): "
                                 f"point {MODEL_ENV} or --model at a trained pipeline such as training/model-final")
    if problem := _meta_problem(Path(location)):
        raise PipelineLoadError(f"{location}: cannot load the pipeline: {problem}")
    try:
        nlp = spacy.load(location)
    except Exception as err:  # spaCy, thinc, srsly and the components each raise their own kind for a damaged file
        reason = " ".join(str(err).split()) or type(err).__name__  # a config error spans lines
        raise PipelineLoadError(f"{location}: cannot load the pipeline: {reason}") from err
    if not recognises_zhibiao_labels(nlp):  # a blank or another project's pipeline: every report would give no record
        raise PipelineLoadError(f"{location}: not a zhibiao pipeline: it has neither zhibiao_rules nor a recogniser "
                                f"(ner, spancat) of {', '.join(LABEL_NAMES)} (its components: "
                                f"{', '.join(nlp.pipe_names) or 'none'}); give a trained zhibiao pipeline such as "
                                "training/model-final")
    return with_linker(nlp)


def _meta_problem(folder: Path) -> str | None:
    """What is wrong with a pipeline folder's meta.json, naming it: spaCy's error for a damaged one ("Expected
    object or value") names no file, while its errors for every other damaged part do."""
    import srsly

    meta = folder / "meta.json"
    if not meta.is_file():
        return None
    try:
        data = srsly.read_json(meta)
    except (OSError, ValueError) as err:
        return f"{meta}: not JSON ({' '.join(str(err).split())})"
    return None if isinstance(data, dict) else f"{meta}: not a JSON object"


def spans_key_of(nlp: Language) -> str | None:
    """The span source the pipeline's linker reads (None: doc.ents); records are built from the same one."""
    return getattr(nlp.get_pipe("zhibiao_linker"), "spans_key") if "zhibiao_linker" in nlp.pipe_names else None


# ---------------------------------------------------------------- reports

def report_fields(report: dict) -> dict:
    """doc_id, place and year of a cleaned report (a `docs.jsonl` line from zhibiao.preprocess)."""
    meta = report.get("meta") or {}
    return {"doc_id": report["doc_id"], "place": meta.get("place"), "year": meta.get("year")}


def report_records(text: str, sentences: list[tuple[int, Doc]], spans_key: str | None, meta: dict,
                   unlinked: bool = False, split: bool = False) -> list[Record]:
    """Records of one report from its sentence Docs (with their offsets into `text`), in report context; `split`:
    the Docs are the report's sentences as split_offsets splits it."""
    records: list[Record] = []
    found = []
    for sentence_start, doc in sentences:
        sentence = text[sentence_start:sentence_start + doc_length(doc)]
        for record in doc_records(doc, spans_key, unlinked, sentence, sentence=True):
            records.append({**record, "start": record["start"] + sentence_start, "end": record["end"] + sentence_start})
        found += [(sentence_start + start, sentence_start + end) for start, end, _ in doc_spans(doc, spans_key)]
    bounds = [(start, start + doc_length(doc)) for start, doc in sentences] if split else None
    return add_report_context(records, text, mask_spans(text, found), meta, bounds)


def extract_reports(reports: Iterable[dict], nlp: Language, n_process: int = 1, unlinked: bool = False,
                    batch_size: int = 64, gated: bool = True) -> Iterator[tuple[dict, list[Record]]]:
    """Yield (report, records) for cleaned reports ({"doc_id", "text", "meta"}), in order.

    Every sentence of every report goes through one `nlp.pipe`, so `n_process` > 1 spreads sentences
    over processes; a VALUE measuring no indicator is left out unless `unlinked`. In one process the model
    only reads the sentences where it can change the result (`model_gate`), unless `gated` is False.
    """
    reports = list(reports)
    spans_key = spans_key_of(nlp)
    texts = ((report["text"][start:end], (number, start)) for number, report in enumerate(reports)
             for start, end in split_offsets(report["text"]))
    gate = model_gate(nlp) if gated and n_process == 1 else None
    docs = gated_pipe(nlp, texts, gate, batch_size) if gate else nlp.pipe(texts, as_tuples=True, batch_size=batch_size,
                                                                          n_process=n_process)
    pending: tuple[int, int, Doc] | None = None
    for number, report in enumerate(reports):
        sentences: list[tuple[int, Doc]] = []
        if pending is not None and pending[0] == number:
            sentences.append(pending[1:])
            pending = None
        if pending is None:
            for doc, (doc_number, start) in docs:
                if doc_number != number:
                    pending = (doc_number, start, doc)
                    break
                sentences.append((start, doc))
        meta = _with_text_meta(report["text"], report_fields(report))
        yield report, report_records(report["text"], sentences, spans_key, meta, unlinked, split=True)


Gate = tuple[list[str], Callable[[str], bool]]
GATE_CHUNK = 512


def model_gate(nlp: Language) -> Gate | None:
    """The components a sentence can skip when the rules find no VALUE in it, and that test, where skipping them
    changes nothing: the rules own VALUE, UNIT and PROJECT and let no model entity of those labels fill their gaps
    (so none survives) and the linker drops INDICATORs no VALUE measures (so do a model's in a sentence without a
    VALUE)."""
    from .quantities import find_values

    if "zhibiao_rules" not in nlp.pipe_names or "zhibiao_linker" not in nlp.pipe_names:
        return None
    settings = nlp.config["components"]
    rules, linker = settings["zhibiao_rules"], settings["zhibiao_linker"]
    policy = rules.get("ents_filter", {})
    owned, model_fill = set(policy.get("rule_labels", [])), set(policy.get("model_fill_labels", []))
    if not ({"VALUE", "UNIT", "PROJECT"} <= owned - model_fill and rules.get("annotate_ents")
            and linker.get("drop_unmeasured") and linker.get("spans_key") is None):
        return None
    skipped = nlp.pipe_names[:nlp.pipe_names.index("zhibiao_rules")]
    patterns = getattr(nlp.get_pipe("zhibiao_rules"), "patterns")
    return (skipped, lambda text: bool(find_values(reading_text(text), patterns))) if skipped and patterns else None


def gated_pipe(nlp: Language, texts: Iterable[tuple[str, Any]], gate: Gate, batch_size: int) -> Iterator[tuple[Doc, Any]]:
    """nlp.pipe(texts, as_tuples=True), with the model components run only on the sentences the gate lets through:
    the same Docs' entities and relations, for a fraction of the model's time (the model dominates it)."""
    skipped, needs_model = gate
    texts = iter(texts)
    while chunk := list(islice(texts, GATE_CHUNK)):
        wanted = [needs_model(text) for text, _ in chunk]
        # The text is at hand: the Docs keep it, so the components need not join it again from the tokens.
        made = [(made_doc(nlp.make_doc, text), context) for text, context in chunk]
        full = iter(list(nlp.pipe([item for item, want in zip(made, wanted) if want], as_tuples=True,
                                  batch_size=batch_size)))
        with nlp.select_pipes(disable=skipped):
            light = iter(list(nlp.pipe([item for item, want in zip(made, wanted) if not want], as_tuples=True,
                                       batch_size=batch_size)))
        for want in wanted:
            yield next(full) if want else next(light)


def _with_text_meta(text: str, meta: dict) -> dict:
    """`meta`, with place and year read from the text where it has none (a cleaned report has them already)."""
    given = {key: value for key, value in meta.items() if value is not None}
    if "place" in given and "year" in given:
        return given
    from .clean import extract_meta

    return {**{key: value for key, value in extract_meta(text).items() if value is not None}, **given}


def extract(text_or_doc: str | Doc, nlp: Language | None = None, meta: dict | None = None,
            unlinked: bool = False) -> list[Record]:
    """Indicator and project records of a report, a paragraph or a sentence (text), or of a processed Doc.

    `nlp` defaults to the pipeline at $ZHIBIAO_MODEL or training/model-final, loaded once. `meta` may give
    doc_id, place and year; place and year are otherwise read from the text when it states them. Traditional
    characters in a text are read as simplified ones, as `clean` reads them (OpenCC t2s, where it keeps the
    length, so offsets stay the text's); the records quote the simplified sentence. A text holding a character
    `clean` removes (zero-width space, U+FEFF, soft hyphen…) is refused with a ValueError: removing it would move
    every offset after it, and keeping it cuts numbers (`1\u200b200` read as 200).
    """
    _check_arguments(text_or_doc, meta)
    _check_nlp(nlp, reads_text=isinstance(text_or_doc, str))
    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
        spans_key = spans_key_of(nlp) if nlp is not None else None
        if doc._.value_of is None:  # a Doc from a pipeline without the linker
            from .linker import ValueLinker

            ValueLinker(spans_key=spans_key)(doc)
        return report_records(doc.text, [(0, doc)], spans_key, _with_text_meta(doc.text, meta or {}), unlinked)
    from .clean import to_simplified

    simplified = to_simplified(text_or_doc)
    text = simplified if len(simplified) == len(text_or_doc) else text_or_doc
    report = {"doc_id": (meta or {}).get("doc_id"), "text": text, "meta": meta or {}}
    return next(extract_reports([report], nlp or load_pipeline(), unlinked=unlinked))[1]


def _check_arguments(text_or_doc: object, meta: object) -> None:
    """TypeError or ValueError naming the argument that extract() cannot read (not a library's error from inside)."""
    if not isinstance(text_or_doc, (str, Doc)):
        raise TypeError(f"extract() reads a text (str) or a spaCy Doc, not {type(text_or_doc).__name__}"
                        + ("; decode the bytes first" if isinstance(text_or_doc, (bytes, bytearray)) else ""))
    if meta is not None and not isinstance(meta, dict):
        raise TypeError(f"extract()'s meta is a dict (doc_id, place, year), not {type(meta).__name__}")
    for key, kind in (("doc_id", str), ("place", str), ("year", int)):
        given = (meta or {}).get(key)
        if given is not None and (not isinstance(given, kind) or isinstance(given, bool)):
            raise TypeError(f"extract()'s meta[{key!r}] is {'a year (int)' if kind is int else 'a str'}, not {given!r}")
    if (year := (meta or {}).get("year")) is not None and not plausible_year(year):
        raise ValueError(f"extract()'s meta['year'] is {year}, outside {'–'.join(map(str, year_range()))}: "
                         "the year of the report")
    if isinstance(text_or_doc, str) and "\x00" in text_or_doc:  # as `zhibiao clean` refuses a report with one
        raise ValueError(f"extract(): the text holds a NUL character at position {text_or_doc.index(chr(0))}: "
                         "a damaged or binary text")
    if isinstance(text_or_doc, str) and (invisible := _invisible_char(text_or_doc)) is not None:
        raise ValueError(f"extract(): the text holds the invisible character U+{ord(text_or_doc[invisible]):04X} at "
                         f"position {invisible}, which `zhibiao clean` removes (it cuts a number from its digits or "
                         "its unit): remove such characters first, e.g. zhibiao.clean.clean_text(text).text")
    if isinstance(text_or_doc, str) and (lone := lone_surrogate(text_or_doc)) is not None:
        raise ValueError(f"extract(): the text holds a lone surrogate U+{ord(text_or_doc[lone]):04X} at position "
                         f"{lone}, which is no character (text decoded with errors='surrogateescape'?)")


def _check_nlp(nlp: object, reads_text: bool) -> None:
    """TypeError for an nlp that is no loaded pipeline (a path fails deep inside otherwise); ValueError for one
    that would read a text without any of zhibiao's recognisers (it finds nothing, and [] would look like an answer)."""
    if nlp is None:
        return
    if not isinstance(nlp, Language):
        raise TypeError(f"extract()'s nlp is a loaded pipeline (zhibiao.extraction.load_pipeline(path)), "
                        f"not {type(nlp).__name__}")
    if reads_text and not recognises_zhibiao_labels(nlp):
        raise ValueError(f"extract()'s nlp has neither zhibiao_rules nor a recogniser (ner, spancat) of zhibiao's labels "
                         f"(its components: {', '.join(nlp.pipe_names) or 'none'}): load a zhibiao pipeline with "
                         "zhibiao.extraction.load_pipeline(path)")


def recognises_zhibiao_labels(nlp: Language) -> bool:
    """Whether the pipeline finds any of zhibiao's spans: it has the rules, or a recogniser of one of the labels."""
    return "zhibiao_rules" in nlp.pipe_names or bool(_recognised_labels(nlp) & set(LABEL_NAMES))


def _recognised_labels(nlp: Language) -> set[str]:
    """The labels the pipeline's trained recognisers (ner, spancat) predict."""
    labels: set[str] = set()
    for _, component in nlp.pipeline:
        try:
            labels.update(label for label in getattr(component, "labels", ()) if isinstance(label, str))
        except Exception:  # a component's own `labels` may need data it lacks: it recognises none of ours then
            continue
    return labels


def _invisible_char(text: str) -> int | None:
    """Position of the first character clean's `invisible_chars` rule removes, or None."""
    from .clean import INLINE_RULES

    found = re.search(INLINE_RULES["invisible_chars"], text)
    return found.start() if found else None


# ---------------------------------------------------------------- files

def write_records(path: Path, records: list[Record]) -> None:
    """CSV or JSONL by the file's extension; a range is written as a JSON list in CSV."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in RECORD_SUFFIXES:
        raise ValueError(f"{path}: output must end in .csv or .jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".jsonl":
        write_jsonl(path, records)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads it as UTF-8
        writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for record in records:
            # a text cell that would start a spreadsheet formula is guarded (zhibiao.spreadsheet); numbers stay numbers
            writer.writerow(safe_row({key: json.dumps(value) if isinstance(value, list) else value
                                      for key, value in record.items()}))
