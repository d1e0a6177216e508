"""Indicator records: one plain dict per (INDICATOR, VALUE) pair and per PROJECT, and `extract`.

A record says what a report states about one quantity: the indicator, the number as written and
normalised, its unit and magnitude, the qualifier and change words around it, whether it is a
target or an actual result, and where it is. Everything here is plain data in, plain data out;
loading the pipeline is the one edge (`load_pipeline`).
"""

from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import cn2an
from spacy.language import Language
from spacy.tokens import Doc

from .annotations import write_jsonl
from .labels import UNIT_GAP
from .linker import clause_bounds, doc_spans, link, mask_spans, unit_of
from .sentences import split_offsets

RECORD_FIELDS = (
    "doc_id", "place", "year", "kind", "indicator", "value_text", "value", "unit", "multiplier",
    "qualifier", "change", "project", "action", "sentence", "start", "end",
)
KINDS = ("target", "actual", "unknown", "project")
DEFAULT_MODEL = "training/model-final"
MODEL_ENV = "ZHIBIAO_MODEL"
REPO_ROOT = Path(__file__).resolve().parent.parent


class ModelNotFoundError(Exception):
    """No pipeline where the caller (or ZHIBIAO_MODEL, or the default) said one would be."""


# ---------------------------------------------------------------- value normalisation

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_FRACTION = re.compile(r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)")
_RANGE = re.compile(r"^(.+?)\s*(?:[-—–~～]+|至|到)\s*(.+)$")
_RATIO = re.compile(r"[:：∶]")
_CHINESE_DIGITS = "零一二两三四五六七八九"
_HALF = {"半", "一半"}


def parse_number(text: str) -> float | None:
    """One number as written: `1,300`, `90.9`, `1/5`, `两`, `百`, `三十五`, `一半`; None when it is not one."""
    text = text.strip()
    if _ARABIC.fullmatch(text):
        return float(text.replace(",", ""))
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        denominator = float(fraction.group(2))
        return float(fraction.group(1)) / denominator if denominator else None
    if text in _HALF:
        return 0.5
    if len(text) == 2 and all(char in _CHINESE_DIGITS for char in text):
        return None  # 三四 is "three or four", not 34 as cn2an would say
    if text[:1] in "十百千万亿":
        text = "一" + text  # cn2an wants 一百, reports write 百
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def normalise_value(text: str) -> float | list[float] | None:
    """A float, [low, high] for a range (`3-5`, `4—5`, `10~15`, `三四`), None for ratios and the unreadable."""
    text = text.strip()
    if _RATIO.search(text):
        return None  # 9.7:47.3:43 is a structure, not one quantity
    if len(text) == 2 and all(char in _CHINESE_DIGITS for char in text):
        low, high = parse_number(text[0]), parse_number(text[1])
        return [low, high] if low is not None and high is not None and low < high else None
    number = parse_number(text)
    if number is not None:
        return number
    match = _RANGE.match(text)
    if match:
        low, high = parse_number(match.group(1)), parse_number(match.group(2))
        if low is not None and high is not None:
            return [low, high]
    return None


_MAGNITUDES = {"百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8}
# Units that start with a magnitude character but are units in their own right.
_UNITS_STARTING_WITH_MAGNITUDE = ("千瓦", "千米", "千克", "千卡", "千伏", "百分点", "百分比")


def unit_multiplier(unit: str | None) -> float:
    """The magnitude a unit carries: 亿元 → 1e8, 万人 → 1e4, 千亿元 → 1e11, 万千瓦 → 1e4, 千瓦 → 1."""
    multiplier, rest = 1.0, unit or ""
    while rest and rest[0] in _MAGNITUDES and not rest.startswith(_UNITS_STARTING_WITH_MAGNITUDE):
        multiplier *= _MAGNITUDES[rest[0]]
        rest = rest[1:]
    return multiplier


# ---------------------------------------------------------------- words around a value

QUALIFIERS_BEFORE = ("不低于", "不少于", "不超过", "不高于", "超过", "超", "突破", "逾", "将近", "接近", "近", "约",
                     "力争", "至少", "高于", "低于")
QUALIFIERS_AFTER = ("及以上", "以上", "以下", "以内", "左右", "上下", "多")
CHANGE_WORDS = (
    "同比增长", "年均增长", "平均增长", "增长", "增加到", "增加至", "增加", "下降到", "下降至", "下降", "降低到", "降低至",
    "降低", "降至", "减少", "提高到", "提高至", "提高", "提升到", "提升至", "提升", "缩小至", "缩小到", "压缩至", "压缩",
    "提速", "达到", "达", "占", "新增", "净增", "新建", "累计", "保持在", "控制在", "稳定在", "完成", "实现",
)
PROJECT_ACTIONS = (
    "开工建设", "新开工", "开工", "建成投用", "建成投运", "建成投产", "建成交房", "建成", "竣工投产", "竣工", "投产",
    "投入使用", "投用", "投运", "签约落户", "签约", "落户", "开业", "运营", "试产", "达产", "完工", "通车", "开通",
    "加快建设", "全面建设", "启动建设", "启动", "加快推进", "推进", "续建", "新建", "改造", "报审",
)


def _alternation(words: Iterable[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)))


_QUALIFIER_BEFORE = _alternation(QUALIFIERS_BEFORE)
# Verbs that come before the indicator they change (`新增【规上工业企业】102家`); other change words
# are read only between the indicator and its value, so `磊达集团` does not give `达`.
LEADING_CHANGE_WORDS = ("新增", "净增", "新建", "累计", "完成", "实现")
_CHANGE = _alternation(CHANGE_WORDS)
_LEADING_CHANGE = _alternation(LEADING_CHANGE_WORDS)
_ACTION = _alternation(PROJECT_ACTIONS)


def qualifiers(masked: str, segment_start: int, value_start: int, group_end: int, value_end: int) -> str | None:
    """Qualifier words as written around a VALUE, in text order (`超`, `以上`, `余`, `力争 … 左右`)."""
    # A one-character qualifier counts only right before the number: 约 of 签约, 超 of 超额, 近 of 近年 do not.
    found = [m.group() for m in _QUALIFIER_BEFORE.finditer(masked, segment_start, value_start)
             if len(m.group()) > 1 or m.end() == value_start]
    gap = masked[value_end:value_end + 1]
    if group_end > value_end and gap in UNIT_GAP:
        found.append(gap)
    after = next((word for word in sorted(QUALIFIERS_AFTER, key=len, reverse=True) if masked.startswith(word, group_end)), None)
    if after and not (after == "多" and group_end == value_end):
        found.append(after)
    return "、".join(found) or None


def change_word(masked: str, clause_start: int, value_start: int, indicator: tuple[int, int] | None = None) -> str | None:
    """The change or level word of a VALUE (`增长`, `下降`, `达到`, `新增` …): the nearest one between its
    indicator (or its clause start) and the VALUE, else a leading verb before the indicator."""
    if indicator is None or indicator[0] >= value_start:
        matches = list(_CHANGE.finditer(masked, clause_start, value_start))
        return matches[-1].group() if matches else None
    matches = list(_CHANGE.finditer(masked, max(clause_start, indicator[1]), value_start))
    if matches:
        return matches[-1].group()
    indicator_clause_start = clause_bounds(masked, indicator[0])[0]
    leading = list(_LEADING_CHANGE.finditer(masked, indicator_clause_start, indicator[0]))
    return leading[-1].group() if leading else None


def project_action(masked: str, start: int, end: int) -> str | None:
    """What happens to a PROJECT: the first action word after it in its clause, else the nearest before."""
    clause_start, clause_end = clause_bounds(masked, start)
    after = _ACTION.search(masked, end, clause_end)
    if after:
        return after.group()
    before = list(_ACTION.finditer(masked, clause_start, start))
    return before[-1].group() if before else None


# ---------------------------------------------------------------- target or actual

# Strong cues decide on their own; the report section comes next; weak cues only when there is no section.
_ESTIMATE = re.compile(r"预计(?!到)")
STRONG_ACTUAL = ("比上年", "较上年", "上年", "去年", "过去一年", "过去五年", "五年来", "同比")
STRONG_TARGET = ("预期目标", "主要目标", "力争", "确保", "年内", "今年", "到20")
WEAK_TARGET = ("将", "要", "争取", "计划", "目标")
WEAK_ACTUAL = ("完成", "实现", "建成", "获评", "荣获", "创成", "累计", "达到")
ACTUAL_HEADINGS = ("回顾", "过去一年", "过去五年", "过去的一年")
TARGET_HEADINGS = ("工作安排", "主要工作", "目标任务", "工作任务", "重点工作", "主要目标", "预期目标", "总体要求", "工作建议")
OTHER_HEADINGS = ("名词解释",)
_HEADING_YEAR = re.compile(r"((?:19|20)\d{2})年(?:的)?工作")
HEADING_MAX_CHARS = 40


def kind_of(sentence: str, section: str | None = None) -> str:
    """`target`, `actual` or `unknown` for a sentence (masked of its spans) in a report section."""
    if _ESTIMATE.search(sentence):
        return "actual"  # 预计全年…: the estimate for the year just ended
    if any(word in sentence for word in STRONG_TARGET):
        return "target"
    if any(word in sentence for word in STRONG_ACTUAL):
        return "actual"
    if section in ("target", "actual"):
        return section
    if any(word in sentence for word in WEAK_TARGET):
        return "target"
    if any(word in sentence for word in WEAK_ACTUAL):
        return "actual"
    return "unknown"


def heading_section(sentence: str, year: int | None) -> str | None:
    """'actual', 'target', 'other' for a section heading (`2023年工作回顾`, `2024年主要工作`), else None."""
    if len(sentence) > HEADING_MAX_CHARS or sentence.endswith(("。", "；", ";")):
        return None
    if any(word in sentence for word in OTHER_HEADINGS):
        return "other"
    if any(word in sentence for word in ACTUAL_HEADINGS):
        return "actual"
    if any(word in sentence for word in TARGET_HEADINGS):
        return "target"
    match = _HEADING_YEAR.search(sentence)
    if match and year:
        return "actual" if int(match.group(1)) < year else "target"
    return None


def sections(sentences: list[str], year: int | None) -> list[str | None]:
    """The section ('actual' / 'target' / None) each sentence of a report is in, from the headings before it."""
    current: str | None = None
    found = []
    for sentence in sentences:
        heading = heading_section(sentence, year)
        if heading is not None:
            current = None if heading == "other" else heading
        found.append(current)
    return found


# ---------------------------------------------------------------- records of one Doc

def doc_records(doc: Doc, unlinked: bool = False) -> list[dict]:
    """Records of a Doc's spans and doc._.value_of; offsets are into doc.text; kind from the sentence alone.

    A VALUE measuring two indicators gives two records; a VALUE measuring none (a threshold) is left
    out unless `unlinked`, when it comes with indicator None.
    """
    text = doc.text
    spans = doc_spans(doc)
    plain = [(span.start_char, span.end_char, span.label_) for span in spans]
    index = {(start, end): i for i, (start, end, _) in enumerate(plain)}
    targets: dict[int, list[int]] = {}
    for value, indicator in doc._.value_of:
        v = index.get((value.start_char, value.end_char))
        i = index.get((indicator.start_char, indicator.end_char))
        if v is not None and i is not None:
            targets.setdefault(v, []).append(i)
    return records_from_spans(text, plain, targets, unlinked)


def records_from_spans(text: str, spans: list[tuple[int, int, str]], targets: dict[int, list[int]],
                       unlinked: bool = False) -> list[dict]:
    """Records from plain spans and value_of targets (VALUE index → INDICATOR indices)."""
    units = unit_of(text, spans)
    masked = mask_spans(text, spans)
    bounds = split_offsets(text) or [(0, len(text))]
    starts = [start for start, _ in bounds]
    value_groups = sorted(
        (start, spans[units[i]][1] if i in units else end) for i, (start, end, label) in enumerate(spans) if label == "VALUE"
    )
    records = []
    for i, (start, end, label) in sorted(enumerate(spans), key=lambda item: item[1][0]):
        sentence_start, sentence_end = bounds[max(0, bisect.bisect_right(starts, start) - 1)]
        sentence = text[sentence_start:sentence_end]
        base = {field: None for field in RECORD_FIELDS}
        base.update(sentence=sentence, start=start, end=end)
        if label == "PROJECT":
            records.append({**base, "kind": "project", "project": text[start:end], "action": project_action(masked, start, end)})
            continue
        if label != "VALUE":
            continue
        indicators = targets.get(i, [])
        if not indicators and not unlinked:
            continue
        unit = spans[units[i]] if i in units else None
        group_end = unit[1] if unit else end
        clause_start = clause_bounds(text, start)[0]
        previous_end = max((e for s, e in value_groups if e <= start and s >= clause_start), default=clause_start)
        value_text = text[start:end]
        unit_text = text[unit[0]:unit[1]] if unit else None
        record = {
            **base,
            "kind": kind_of(masked[sentence_start:sentence_end]),
            "value_text": value_text,
            "value": normalise_value(value_text),
            "unit": unit_text,
            "multiplier": unit_multiplier(unit_text),
            "qualifier": qualifiers(masked, previous_end, start, group_end, end),
        }
        for target in indicators or [None]:
            where = None if target is None else spans[target][:2]
            records.append({**record, "indicator": None if where is None else text[where[0]:where[1]],
                            "change": change_word(masked, clause_start, start, where)})
    return records


# ---------------------------------------------------------------- whole reports

def add_report_context(records: list[dict], text: str, masked: str, meta: dict | None = None) -> list[dict]:
    """Set kind from the report's sections and doc_id / place / year from `meta`.

    `masked` is `text` with every labelled span blanked, so that cue words are not read inside names.
    """
    meta = meta or {}
    bounds = split_offsets(text) or [(0, len(text))]
    starts = [start for start, _ in bounds]
    kinds = sentence_kinds([masked[s:e] for s, e in bounds], sections([text[s:e] for s, e in bounds], meta.get("year")))
    out = []
    for record in records:
        record = {**record, **{key: meta.get(key) for key in ("doc_id", "place", "year")}}
        if record["kind"] != "project":
            record["kind"] = kinds[max(0, bisect.bisect_right(starts, record["start"]) - 1)]
        out.append(record)
    return out


def sentence_kinds(masked_sentences: list[str], sentence_sections: list[str | None]) -> list[str]:
    """Kind of each sentence; one without cues after a `；` goes on with the previous one (an item of a list
    of targets: `…主要预期目标是:地区生产总值增长6%左右;` `一般公共预算收入增长3%左右;`)."""
    kinds: list[str] = []
    for position, (sentence, section) in enumerate(zip(masked_sentences, sentence_sections)):
        kind = kind_of(sentence, section)
        if kind == "unknown" and position and masked_sentences[position - 1].endswith(("；", ";")):
            kind = kinds[-1]
        kinds.append(kind)
    return kinds


def report_records(text: str, nlp: Language, unlinked: bool = False, batch_size: int = 64) -> tuple[list[dict], str]:
    """Run the pipeline sentence by sentence (as it was trained): records with offsets into `text`, and
    `text` with the spans found blanked out (for reading cue words)."""
    bounds = split_offsets(text)
    records: list[dict] = []
    masked = list(text)
    docs = nlp.pipe((text[s:e] for s, e in bounds), batch_size=batch_size)
    for (sentence_start, _), doc in zip(bounds, docs):
        found = doc._.records if doc._.records is not None and not unlinked else _link_and_record(doc, unlinked)
        for record in found:
            records.append({**record, "start": record["start"] + sentence_start, "end": record["end"] + sentence_start})
        for span in doc_spans(doc):
            masked[sentence_start + span.start_char:sentence_start + span.end_char] = "\0" * len(span.text)
    return records, "".join(masked)


def _link_and_record(doc: Doc, unlinked: bool) -> list[dict]:
    if doc._.records is None:
        spans = doc_spans(doc)
        plain = [(span.start_char, span.end_char, span.label_) for span in spans]
        doc._.value_of = [(spans[v], spans[i]) for v, i in link(doc.text, plain)]
    return doc_records(doc, unlinked)


def extract(text_or_doc: str | Doc, nlp: Language | None = None, meta: dict | None = None,
            unlinked: bool = False) -> list[dict]:
    """Indicator and project records of a report, a paragraph or a sentence (text), or of a processed Doc.

    `nlp` defaults to the pipeline at $ZHIBIAO_MODEL or training/model-final, loaded once. `meta` may give
    doc_id, place and year; place and year are otherwise read from the text when it states them.
    """
    from .clean import extract_meta

    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
        text = doc.text
        records = _link_and_record(doc, unlinked) if unlinked or doc._.records is None else doc._.records
        masked = mask_spans(text, [(span.start_char, span.end_char, "") for span in doc_spans(doc)])
    else:
        text = text_or_doc
        records, masked = report_records(text, nlp or load_pipeline(), unlinked)
    found = {key: value for key, value in extract_meta(text).items() if value is not None}
    return add_report_context(records, text, masked, {**found, **(meta or {})})


# ---------------------------------------------------------------- the pipeline

def model_location(model: str | os.PathLike | None = None) -> str:
    """Where the pipeline is: the argument, $ZHIBIAO_MODEL, ./training/model-final, or the repo's training/model-final."""
    if model:
        return str(model)
    if os.environ.get(MODEL_ENV):
        return os.environ[MODEL_ENV]
    local = Path(DEFAULT_MODEL)
    return str(local if local.exists() else REPO_ROOT / DEFAULT_MODEL)


def with_linker(nlp: Language) -> Language:
    """The pipeline with `zhibiao_linker` at the end (an NER-only pipeline gets one added)."""
    from . import linker  # noqa: F401  (registers the factory)

    if "zhibiao_linker" not in nlp.pipe_names:
        nlp.add_pipe("zhibiao_linker", last=True)
    return nlp


def load_pipeline(model: str | os.PathLike | None = None) -> Language:
    """Load (once per location) a zhibiao pipeline, with the linker; ModelNotFoundError when there is none."""
    return _load(model_location(model))


@lru_cache(maxsize=4)
def _load(location: str) -> Language:
    import spacy

    from . import linker, rules  # noqa: F401  (register the factories a pipeline may name)

    if not Path(location).exists() and not spacy.util.is_package(location):
        raise ModelNotFoundError(
            f"no zhibiao pipeline at {location!r}: train one (`spacy project run train`), "
            f"set {MODEL_ENV} to a pipeline folder or package, or pass nlp="
        )
    if Path(location).is_dir() and not (Path(location) / "config.cfg").exists():
        # spaCy's own answer here is a many-line E053 about a missing config file.
        raise ModelNotFoundError(f"{location!r} is a folder but not a spaCy pipeline (no config.cfg): "
                                 f"point {MODEL_ENV} or --model at a trained pipeline such as training/model-final")
    return with_linker(spacy.load(location))


# ---------------------------------------------------------------- scoring records against the gold

def record_triple(record: dict) -> tuple:
    """What a record must get right: indicator, value (with its place in the sentence) and unit."""
    return (record["indicator"], record["value_text"], record["start"], record["unit"])


def gold_doc(record: dict, nlp: Language) -> Doc:
    """A Doc with the gold spans as ents and the gold value_of pairs."""
    from .annotations import spans, value_of_pairs

    doc = nlp.make_doc(record["text"])
    aligned = {(s, e): doc.char_span(s, e, label=label) for s, e, label in spans(record)}
    doc.ents = [span for span in aligned.values() if span is not None]
    doc._.value_of = [
        (aligned[value], aligned[indicator]) for value, indicator in value_of_pairs(record)
        if aligned.get(value) is not None and aligned.get(indicator) is not None
    ]
    return doc


def score_records(gold_records: list[dict], nlp: Language | None = None) -> dict:
    """Record P/R/F1 on (indicator, value, unit) triples.

    Without `nlp` the linker runs on the GOLD spans, so linking is measured on its own; with `nlp`
    (any pipeline; the linker is added when missing) spans and links are both predicted.
    """
    import spacy

    from .evaluate import score_pairs
    from .linker import ValueLinker

    blank = spacy.blank("zh")
    linker = ValueLinker()
    predictor = with_linker(nlp) if nlp is not None else None
    gold_sets, pred_sets, errors = [], [], []
    per_report: dict[str, tuple[list, list]] = {}
    for record in gold_records:
        gold = gold_doc(record, blank)
        expected = {record_triple(r) for r in doc_records(gold) if r["kind"] != "project"}
        if predictor is None:
            gold._.value_of = []
            predicted_doc = linker(gold)
        else:
            predicted_doc = predictor(record["text"])
        predicted = {record_triple(r) for r in predicted_doc._.records if r["kind"] != "project"}
        gold_sets.append(expected)
        pred_sets.append(predicted)
        report = per_report.setdefault(record["doc_id"], ([], []))
        report[0].append(expected)
        report[1].append(predicted)
        for side, items in (("fn", expected - predicted), ("fp", predicted - expected)):
            for indicator, value, start, unit in sorted(items, key=lambda t: t[2]):
                errors.append({"side": side, "doc_id": record["doc_id"], "sent_id": record["sent_id"],
                               "indicator": indicator, "value": value, "unit": unit, "start": start,
                               "sentence": record["text"]})
    return {
        "input": "gold spans" if nlp is None else "predicted spans",
        "records": score_pairs(gold_sets, pred_sets),
        "per_report": {doc_id: score_pairs(*sets) for doc_id, sets in sorted(per_report.items())},
        "sentences": len(gold_records),
        "errors": errors,
    }


# ---------------------------------------------------------------- many reports

def report_meta(report: dict) -> dict:
    """doc_id, place and year of a cleaned report (a `docs.jsonl` line from zhibiao.preprocess)."""
    meta = report.get("meta") or {}
    return {"doc_id": report["doc_id"], "place": meta.get("place"), "year": meta.get("year")}


def extract_report(report: dict, nlp: Language, unlinked: bool = False) -> list[dict]:
    return extract(report["text"], nlp, report_meta(report), unlinked)


_worker_nlp: Language | None = None


def _start_worker(location: str) -> None:
    global _worker_nlp
    _worker_nlp = _load(location)


def _work(job: tuple[dict, bool]) -> list[dict]:
    report, unlinked = job
    return extract_report(report, _worker_nlp, unlinked)


def extract_reports(reports: list[dict], model: str | os.PathLike | None = None, n_process: int = 1,
                    unlinked: bool = False):
    """Yield (report, records) for cleaned reports, in order; `n_process` > 1 spreads reports over processes.

    Processes get whole reports and give back plain records: the Span pairs in doc._.value_of cannot
    cross a process boundary, so spaCy's own `nlp.pipe(n_process=…)` is not used here.
    """
    location = model_location(model)
    nlp = _load(location)  # fails here, once, when there is no pipeline
    if n_process <= 1 or len(reports) <= 1:
        for report in reports:
            yield report, extract_report(report, nlp, unlinked)
        return
    import multiprocessing

    pool = multiprocessing.get_context().Pool(min(n_process, len(reports)), initializer=_start_worker, initargs=(location,))
    try:
        yield from zip(reports, pool.imap(_work, [(report, unlinked) for report in reports]))
    finally:
        pool.close()
        pool.join()  # reaped workers count in RUSAGE_CHILDREN (the benchmark's memory figure)


def write_records(path: Path, records: list[dict]) -> None:
    """CSV or JSONL by the file's extension; a range is written as a JSON list in CSV."""
    import csv
    import json

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        write_jsonl(path, records)
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads it as UTF-8
            writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, extrasaction="ignore")
            writer.writeheader()
            for record in records:
                writer.writerow({key: json.dumps(value) if isinstance(value, list) else value for key, value in record.items()})
    else:
        raise ValueError(f"{path}: output must end in .csv or .jsonl")
