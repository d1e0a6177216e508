"""Records made ready for a panel: report meta, canonical indicator, measure, qualifier class, signed and
base-unit value, reference year and period, estimate and stretch flags.

Takes the plain record dicts of zhibiao.records with the report text and zhibiao.meta's meta, and gives
new dicts (the input is not changed). `qualifier` becomes the class (exact, around, at_least, at_most,
range); the words as written stay in `qualifier_text`.
"""

from __future__ import annotations

import bisect
import re
from itertools import groupby
from typing import Any, Mapping, Sequence

from .figures import (
    base_unit,
    base_value,
    is_stretch,
    measure_of,
    qualifier_class,
    signed,
    trailing_qualifier,
)
from .indicators import Table, canonical_id, load_table, pair_ids

META_FIELDS = ("place", "province", "city", "level", "admin_code", "year", "year_source")
ENRICHED_FIELDS = (
    "doc_id", "place", "province", "city", "level", "admin_code", "year", "year_source", "ref_year", "period",
    "kind", "estimated", "stretch", "indicator_id", "indicator", "indicator_name", "measure", "value_text", "value", "value_low",
    "value_high", "unit", "value_base", "base_unit", "qualifier", "qualifier_text", "change", "sentence", "start", "end",
)
# Words before a name that make it another quantity: 人均地区生产总值 is not gdp.
NOT_THE_WHOLE = ("人均", "单位", "万元")
# Words right after a name that make it a wider quantity: 新增就业再就业 counts re-employment too.
NAME_GOES_ON = ("再就业",)
# Paragraphs about a five-year term, and paragraphs that bring the text back to a single year.
_FIVE_YEAR = re.compile(r"五年来|过去五年|这五年|本届政府|未来五年|今后五年|“十[三四五]五”(?:期间|时期)|年均")
_ONE_YEAR = re.compile(r"^(?:过去的?一年|去年|今年|(?:19|20)\d{2}年|[一二三四五六七八九十]+、(?:19|20)\d{2}年)")
_BY_YEAR = re.compile(r"到((?:19|20)\d{2})年")
_ESTIMATE = re.compile(r"预计(?!到)")


def enrich_records(records: Sequence[Mapping[str, Any]], text: str, meta: dict, table: Table | None = None) -> list[dict]:
    """Enriched copies of the indicator records of one report (project records are left out)."""
    table = table or load_table()
    periods = paragraph_periods(text)
    out = []
    for record in records:
        if record.get("kind") == "project":
            continue
        out.append(enrich_record(record, text, meta, periods, table))
    split_pairs(out, table)
    mark_stretch(out)
    return out


def enrich_record(record: Mapping[str, Any], text: str, meta: dict, periods: tuple[list[int], list[str]], table: Table) -> dict:
    sentence = record.get("sentence") or ""
    sentence_start = record["start"] - _offset_in_sentence(record, text)
    before = text[sentence_start:record["start"]]
    indicator = record.get("indicator")
    name = widest_name(before, indicator, table)
    ident = canonical_id(name, table)
    if ident and name and (_preceded_by(before, name, NOT_THE_WHOLE) or _goes_on(before, name)):
        ident = None
    measures = table.indicators[ident].measures if ident else ("level",)
    measure = measure_of(record.get("unit"), record.get("change"), measures)
    value = signed(record.get("value"), record.get("change") if measure == "growth" else None, before)
    qualifier, low, high = qualifier_class(record.get("qualifier"), value)
    period = "five_year" if _FIVE_YEAR.search(record.get("change") or "") else _period_at(periods, record["start"])
    year = meta.get("year")
    out = {field: record.get(field) for field in ENRICHED_FIELDS}
    out.update({key: meta.get(key) for key in META_FIELDS})
    out.update(
        doc_id=record.get("doc_id") or meta.get("doc_id"), indicator_id=ident, indicator_name=name, measure=measure, value=value,
        value_low=low, value_high=high, qualifier=qualifier, qualifier_text=record.get("qualifier"),
        value_base=base_value(value, record.get("multiplier")), base_unit=base_unit(record.get("unit"), record.get("multiplier")),
        estimated=bool(_ESTIMATE.search(before)), stretch=False, period=period,
        ref_year=reference_year(record.get("kind"), year, period, sentence),
    )
    return out


def widest_name(before: str, indicator: str | None, table: Table, reach: int = 6) -> str | None:
    """The longest canonical name that ends with the indicator as found and starts at most `reach`
    characters before it (`新增城镇` + `就业`), else the indicator as found: the span may be shorter than the name."""
    if not indicator:
        return indicator
    at = before.rfind(indicator)
    if at < 0:
        return indicator
    for width in range(min(reach, at), 0, -1):
        candidate = before[at - width:at] + indicator
        if canonical_id(candidate, table):
            return candidate
    return indicator


def reference_year(kind: str | None, year: int | None, period: str, sentence: str) -> int | None:
    """The year a value describes: `到2025年` when the sentence says so; else a target the report's year and
    a result the year before (the last year of the term for five-year figures); None when unknown."""
    stated = _BY_YEAR.search(sentence)
    if kind == "target" and stated:
        return int(stated.group(1))
    if year is None or kind not in ("target", "actual"):
        return None
    if kind == "target":
        return None if period == "five_year" else year
    return year - 1


def paragraph_periods(text: str) -> tuple[list[int], list[str]]:
    """(paragraph starts, 'year' or 'five_year'): a five-year cue starts a run of five-year paragraphs that a
    paragraph opening on a single year (`过去的一年`, `2022年`, `三、2022年目标任务`) ends."""
    starts, periods, current, position = [], [], "year", 0
    for line in text.split("\n"):
        stripped = line.strip()
        if _ONE_YEAR.search(stripped):
            current = "year"
        elif _FIVE_YEAR.search(stripped[:20]):
            current = "five_year"
        starts.append(position)
        periods.append(current)
        position += len(line) + 1
    return starts, periods


def _period_at(periods: tuple[list[int], list[str]], offset: int) -> str:
    starts, found = periods
    return found[max(0, bisect.bisect_right(starts, offset) - 1)] if found else "year"


def _offset_in_sentence(record: Mapping[str, Any], text: str) -> int:
    sentence = record.get("sentence") or ""
    start = record["start"]
    found = text.rfind(sentence, 0, start + len(sentence)) if sentence else -1
    return start - found if 0 <= found <= start else 0


def _preceded_by(before: str, indicator: str, words: tuple[str, ...]) -> bool:
    at = before.rfind(indicator)
    return at > 0 and before[:at].endswith(words)


def _goes_on(before: str, indicator: str) -> bool:
    at = before.rfind(indicator)
    return at >= 0 and before[at + len(indicator):].startswith(NAME_GOES_ON)


def split_pairs(records: list[dict], table: Table) -> None:
    """Give the values of a `分别` list after a pair name (城乡…) the pair's ids by position, per measure; a
    word after the list's last value (`以上`) qualifies the values before it that have none."""
    def key(record: dict) -> tuple:
        return (record["doc_id"], record["sentence"], record["indicator"], record["measure"])

    candidates = [r for r in records if pair_ids(r["indicator"], table) and "分别" in (r["sentence"] or "")]
    for _, grouped in groupby(sorted(candidates, key=lambda r: (key(r), r["start"])), key=key):
        group = list(grouped)
        ids = pair_ids(group[0]["indicator"], table)
        if len(group) != len(ids):
            continue  # not one value per item: leave them unmapped rather than guess
        last = trailing_qualifier(group[-1]["qualifier_text"])
        for record, ident in zip(group, ids):
            record["indicator_id"] = ident
            if last and not record["qualifier_text"]:
                record["qualifier_text"] = last
                record["qualifier"], record["value_low"], record["value_high"] = qualifier_class(last, record["value"])


def mark_stretch(records: list[dict]) -> None:
    """A `力争` figure after another figure of the same indicator and measure in the sentence is the stretch
    one of a dual target (`增长7%左右,力争8%`); a lone `力争` figure is the target itself."""
    seen = set()
    for record in sorted(records, key=lambda r: r["start"]):
        key = (record["sentence"], record["indicator"], record["measure"])
        if key in seen and is_stretch(record["qualifier_text"]):
            record["stretch"] = True
        seen.add(key)
