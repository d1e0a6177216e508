"""The researcher's panel: one row per report, kind, canonical indicator and measure.

`report_rows` runs a pipeline over cleaned reports and enriches their records (zhibiao.enrich);
`panel_rows` keeps, for each (doc_id, kind, indicator, measure), the figure a researcher wants: the
annual figure before a five-year one, the main target before its 力争 stretch (kept beside it as
`value_stretch`), the exact value before a milestone (`602.5亿元` before `突破600亿元`). The enriched
record file keeps every figure. Writing the table (.csv, .dta) is the edge at the bottom.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from .atomic import replacing
from .enrich import ENRICHED_FIELDS, enrich_records
from .extraction import extract_reports
from .indicators import Table, load_table
from .meta import report_meta
from .spreadsheet import safe_cell

PANEL_COLUMNS = (
    "doc_id", "place", "province", "city", "level", "admin_code", "year", "ref_year", "period", "kind",
    "indicator", "indicator_zh", "indicator_text", "measure", "value", "value_low", "value_high", "unit",
    "value_base", "base_unit", "qualifier", "qualifier_text", "estimated", "value_stretch", "mentions",
    "sentence", "start", "end",
)
PANEL_KINDS = ("target", "actual")
PANEL_SUFFIXES = (".csv", ".dta")


def report_rows(reports: Iterable[dict], nlp: Language, table: Table | None = None,
                n_process: int = 1) -> Iterator[tuple[dict, list[dict]]]:
    """(report, enriched records) for cleaned reports (docs.jsonl lines), in order."""
    table = table or load_table()
    for report, records in extract_reports(reports, nlp, n_process=n_process):
        meta = report.get("meta") or {}
        if "province" not in meta:  # not a report cleaned by zhibiao clean: read place and year here
            meta = report_meta(report["text"], meta.get("source") or report["doc_id"])
        meta = {**meta, "doc_id": report["doc_id"]}
        yield report, enrich_records(records, report["text"], meta, table)


def shared_place_years(reports: Iterable[dict]) -> list[str]:
    """One line per place and year that two or more cleaned reports give (`某县-2024.txt` and `某县2024年.txt`: a
    report and its 摘要, two versions), naming their files. Neither wins: the panel keeps the rows of each, told
    apart by doc_id, so a join on place and year would match each twice; the user keeps the one they mean."""
    groups: dict[tuple, list[dict]] = {}
    for report in reports:
        meta = report.get("meta") or {}
        if meta.get("place") and meta.get("year") is not None:
            place = (meta.get("admin_code") or meta.get("province"), meta.get("city"), meta["place"])
            groups.setdefault((place, meta["year"]), []).append(report)
    return [f"{', '.join((r.get('meta') or {}).get('source') or r['doc_id'] for r in group)}: {len(group)} reports "
            f"of {place[-1]} {year}; neither is dropped (doc_id tells their rows apart): keep the one you mean"
            for (place, year), group in groups.items() if len(group) > 1]


def panel_rows(records: Iterable[dict], table: Table | None = None) -> list[dict]:
    """One row per (doc_id, kind, indicator_id, measure) of the canonical target and actual records."""
    table = table or load_table()
    groups: dict[tuple, list[dict]] = {}
    for record in records:
        if record.get("indicator_id") and record.get("kind") in PANEL_KINDS and record.get("value") is not None:
            key = (record["doc_id"], record["kind"], record["indicator_id"], record["measure"])
            groups.setdefault(key, []).append(record)
    rows = []
    for (_, _, ident, _), group in groups.items():
        chosen = min(group, key=preference)
        stretch = next((r["value"] for r in group if r["stretch"] and r is not chosen), None)
        rows.append(panel_row(chosen, table.indicators[ident].zh, stretch, len(group)))
    return sorted(rows, key=lambda row: (row["doc_id"], row["kind"], row["indicator"], row["measure"]))


def preference(record: dict) -> tuple:
    """Sort key of the figures of one panel cell: annual, not a stretch, exact, not estimated, first."""
    return (record["period"] != "year", record["stretch"], record["qualifier"] != "exact", record["start"])


def panel_row(record: dict, indicator_zh: str, stretch: float | None, mentions: int) -> dict:
    row = {column: record.get(column) for column in PANEL_COLUMNS}
    value = record["value"]
    row.update(
        indicator=record["indicator_id"], indicator_zh=indicator_zh, indicator_text=record["indicator_name"],
        # A range is given by value_low/value_high; a cell holds one number (Stata, pandas).
        value=None if isinstance(value, list) else value,
        value_base=None if isinstance(record["value_base"], list) else record["value_base"],
        value_stretch=stretch, mentions=mentions,
    )
    return row


# ---------------------------------------------------------------- files

def write_panel(path: Path, rows: list[dict]) -> None:
    """CSV (UTF-8 with BOM, for Excel) or Stata .dta (version 118, Unicode) by the file's extension; whole or not
    at all (OutputError when `path` cannot be written)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PANEL_SUFFIXES:
        raise ValueError(f"{path}: the panel must end in .csv or .dta")
    with replacing(path) as (written,):
        _write_table(written, suffix, rows)


def _write_table(path: Path, suffix: str, rows: list[dict]) -> None:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(PANEL_COLUMNS))
    if suffix == ".csv":
        # nullable integers: one report without a year made pandas write every year as 2024.0, which joins on
        # year against other data do not match
        for column in INTEGER_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        # text cells that would start a spreadsheet formula are guarded (zhibiao.spreadsheet); number columns (and
        # numbers in a mixed column) stay as they are
        for column in frame.columns:
            if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
                frame[column] = frame[column].map(safe_cell)
        frame.to_csv(path, index=False, encoding="utf-8-sig")
        return
    for column in INTEGER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("value", "value_low", "value_high", "value_base", "value_stretch"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["estimated"] = frame["estimated"].fillna(False).astype("int8")
    text_columns = [c for c in PANEL_COLUMNS if frame[c].dtype == object]
    frame[text_columns] = frame[text_columns].fillna("").astype(str)
    frame = frame.rename(columns=STATA_NAMES)  # `end` is a Stata reserved word
    # A sentence can pass the 2045 bytes of a Stata str column (UTF-8 Chinese is 3 bytes a character).
    labels = {STATA_NAMES.get(column, column): label for column, label in COLUMN_LABELS.items()}
    frame.to_stata(path, write_index=False, version=118, variable_labels=labels, convert_strl=["sentence"])


def write_enriched(path: Path, records: list[dict]) -> None:
    """Every enriched record (all figures, not only the panel's choice) as JSONL; OutputError as write_panel."""
    with replacing(Path(path)) as (written,), written.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({field: record.get(field) for field in ENRICHED_FIELDS}, ensure_ascii=False) + "\n")


def write_page(path: Path, rows: list[dict], title: str) -> None:
    """The panel's self-contained page (zhibiao.panel_page); OutputError as write_panel."""
    from .panel_page import page

    with replacing(Path(path)) as (written,):
        written.write_text(page(rows, title), encoding="utf-8")


INTEGER_COLUMNS = ("year", "ref_year", "start", "end", "mentions")  # (empty where a report has no year)
STATA_NAMES = {"start": "start_char", "end": "end_char"}
# Stata variable labels (at most 80 characters); docs/panel.md defines each column in full.
COLUMN_LABELS = {
    "doc_id": "report id", "place": "place of the report", "province": "province", "city": "prefecture city",
    "level": "province / prefecture / county", "admin_code": "administrative code", "year": "report year",
    "ref_year": "year the value describes", "period": "year or five_year", "kind": "target or actual",
    "indicator": "canonical indicator id", "indicator_zh": "indicator (Chinese name)",
    "indicator_text": "indicator as written", "measure": "growth / level / rate / share / points",
    "value": "value as written, signed", "value_low": "lower bound", "value_high": "upper bound",
    "unit": "unit as written", "value_base": "value in base unit", "base_unit": "base unit",
    "qualifier": "exact / around / at_least / at_most / range", "qualifier_text": "qualifier words as written",
    "estimated": "1 if 预计 (estimate)", "value_stretch": "力争 stretch target", "mentions": "figures for this cell",
    "sentence": "source sentence", "start": "start offset in report text", "end": "end offset in report text",
}
