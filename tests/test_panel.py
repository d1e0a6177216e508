import json
import re
import shutil
import subprocess

import pandas as pd
import pytest
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.panel import panel_rows, write_panel
from zhibiao.panel_page import chart_data, page

REPORT_2024 = (
    "2024年扬州市江都区政府工作报告\n2023年工作回顾\n"
    "预计全年地区生产总值增长5.6%,一般公共预算收入突破60亿元,一般公共预算收入62.5亿元。\n"
    "2024年主要工作\n主要预期目标是:地区生产总值增长6%左右,力争7%;城乡居民人均可支配收入分别增长5.5%和6%。\n"
)
REPORT_2025 = (
    "(江苏省)扬州市江都区人民政府工作报告(2025年1月7日)\n2024年工作回顾\n全年地区生产总值增长5.8%。\n"
    "2025年主要工作\n主要预期目标是:地区生产总值增长6%以上。\n"
)


@pytest.fixture(scope="module")
def built(model, tmp_path_factory):
    folder = tmp_path_factory.mktemp("panel")
    raw = folder / "raw"
    raw.mkdir()
    (raw / "jiangdu-2024.txt").write_text(REPORT_2024, encoding="utf-8")
    (raw / "jiangdu-2025.txt").write_text(REPORT_2025, encoding="utf-8")
    (raw / "broken-2024.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["panel", str(raw), "--model", str(model), "--out", str(folder / "panel.csv"),
                                      "--records", str(folder / "records.jsonl"), "--html", str(folder / "panel.html")])
    assert result.exit_code == 0, result.output
    return folder, result


def rows_of(folder):
    frame = pd.read_csv(folder / "panel.csv", encoding="utf-8-sig")
    return {(r["doc_id"], r["kind"], r["indicator"], r["measure"]): r for r in frame.to_dict("records")}


def test_panel_has_the_issue_columns_and_one_row_per_cell(built):
    folder, result = built
    frame = pd.read_csv(folder / "panel.csv", encoding="utf-8-sig")
    for column in ("doc_id", "place", "province", "year", "ref_year", "kind", "indicator", "measure", "value", "unit",
                   "value_base", "qualifier", "sentence", "start", "end"):
        assert column in frame.columns
    assert not frame.duplicated(["doc_id", "kind", "indicator", "measure"]).any()
    assert "broken-2024.txt" in result.output  # skipped by name


def test_panel_cells(built):
    rows = rows_of(built[0])
    actual = rows[("jiangdu-2024", "actual", "gdp", "growth")]
    assert (actual["place"], actual["province"], actual["year"], actual["ref_year"], actual["value"],
            bool(actual["estimated"])) == ("江都区", "江苏省", 2024, 2023, 5.6, True)
    target = rows[("jiangdu-2024", "target", "gdp", "growth")]
    assert (target["value"], target["qualifier"], target["value_stretch"], target["ref_year"]) == (6.0, "around", 7.0, 2024)
    assert rows[("jiangdu-2024", "target", "urban_disposable_income", "growth")]["value"] == 5.5
    assert rows[("jiangdu-2024", "target", "rural_disposable_income", "growth")]["value"] == 6.0
    assert rows[("jiangdu-2025", "actual", "gdp", "growth")]["ref_year"] == 2024


def test_exact_value_beats_the_milestone_and_the_record_file_keeps_both(built):
    folder, _ = built
    revenue = rows_of(folder)[("jiangdu-2024", "actual", "fiscal_revenue", "level")]
    assert (revenue["value"], revenue["qualifier"], revenue["value_base"], revenue["mentions"]) == (62.5, "exact", 6.25e9, 2)
    records = [json.loads(line) for line in (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    kept = sorted((r["value"], r["qualifier"]) for r in records
                  if r["indicator_id"] == "fiscal_revenue" and r["kind"] == "actual")
    assert kept == [(60.0, "at_least"), (62.5, "exact")]


def test_stata_file_reads_back(model, built, tmp_path):
    folder, _ = built
    out = tmp_path / "panel.dta"
    result = CliRunner().invoke(app, ["panel", str(folder / "raw" / "jiangdu-2024.txt"), "--model", str(model),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_stata(out)
    assert {"start_char", "end_char"} <= set(frame.columns) and "江都区" in set(frame["place"])


def test_panel_refuses_other_formats(model, built, tmp_path):
    result = CliRunner().invoke(app, ["panel", str(built[0] / "raw"), "--model", str(model), "--out", str(tmp_path / "p.xlsx")])
    assert result.exit_code == 1 and "p.xlsx: --out must end in .csv or .dta" in result.output


def test_page_is_self_contained_and_carries_the_rows(built):
    text = (built[0] / "panel.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text)  # plotly.js inline, nothing fetched
    data = json.loads(re.search(r"<script type='application/json' id='panel-data'>(.*?)</script>", text, re.DOTALL).group(1))
    assert {(r["doc_id"], r["kind"], r["indicator"]) for r in data} >= {("jiangdu-2024", "target", "gdp"),
                                                                        ("jiangdu-2025", "actual", "gdp")}
    assert "主要预期目标是" in text  # source sentences in the table


def test_chart_data_puts_targets_and_results_on_reference_years(built):
    rows = [r for r in rows_of(built[0]).values()]
    rows = [{**r, "ref_year": int(r["ref_year"])} for r in rows]
    gdp = chart_data(rows)[("gdp", "growth", "%")]
    assert gdp["actual"]["x"] == [2023, 2024] and gdp["actual"]["y"] == [5.6, 5.8]
    assert gdp["target"]["x"] == [2024, 2025]
    assert chart_data(rows)[("fiscal_revenue", "level", "元")]["actual"]["y"] == [6.25e9]  # in yuan, not 亿元


def test_panel_rows_leave_unmapped_and_unknown_out():
    base = {"doc_id": "d", "measure": "growth", "value": 1.0, "period": "year", "stretch": False, "qualifier": "exact",
            "start": 0}
    records = [{**base, "kind": "target", "indicator_id": None, "indicator": "投资"},
               {**base, "kind": "unknown", "indicator_id": "gdp", "indicator": "GDP"}]
    assert panel_rows(records) == []


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")
def test_page_renders_its_charts_in_headless_chromium(built, tmp_path):
    page_file = built[0] / "panel.html"
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                          "--dump-dom", page_file.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert dom.returncode == 0, dom.stderr[-500:]
    assert dom.stdout.count('class="main-svg"') >= 2  # plotly drew the charts (it adds these svgs only when it runs)
    shot = tmp_path / "panel.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                    f"--screenshot={shot}", page_file.as_uri()], capture_output=True, timeout=120, check=False)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_page_of_no_rows_is_still_a_page():
    assert "0 rows" in page([])


def test_the_cleaned_reports_place_and_year_are_used_as_cleaning_read_them(rules_nlp):
    """A cleaned report carries zhibiao.meta's whole reading; the panel takes it instead of reading the text again."""
    from zhibiao.panel import report_rows

    meta = {"place": "某某县", "province": "某某省", "city": None, "county": "某某县", "level": "county",
            "admin_code": None, "place_source": "title", "year": 2031, "year_source": "title", "session_date": None,
            "source": "x.txt"}
    report = {"doc_id": "x-2031", "text": "今年地区生产总值增长6%左右。", "meta": meta}
    [(_, records)] = list(report_rows([report], rules_nlp))
    assert records and {(r["place"], r["province"], r["year"]) for r in records} == {("某某县", "某某省", 2031)}


def test_csv_years_stay_integers_when_a_report_has_none(tmp_path):
    rows = [{"doc_id": "dongtai-2024", "year": 2024, "ref_year": 2024, "start": 10, "end": 14, "mentions": 1,
             "value": 6.5},
            {"doc_id": "noyear", "year": None, "ref_year": None, "start": 3, "end": 5, "mentions": 2, "value": 6.0}]
    write_panel(tmp_path / "panel.csv", rows)
    lines = (tmp_path / "panel.csv").read_text(encoding="utf-8-sig").splitlines()
    columns = lines[0].split(",")
    cells = [dict(zip(columns, line.split(","))) for line in lines[1:]]
    assert [{key: cell[key] for key in ("year", "ref_year", "start", "end", "mentions", "value")} for cell in cells] == [
        {"year": "2024", "ref_year": "2024", "start": "10", "end": "14", "mentions": "1", "value": "6.5"},
        {"year": "", "ref_year": "", "start": "3", "end": "5", "mentions": "2", "value": "6.0"}]


def test_two_reports_of_one_place_and_year_are_named_and_counted(model, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "江都区-2024.txt").write_text(REPORT_2024, encoding="utf-8")
    (raw / "江都区2024年.txt").write_text(REPORT_2024.replace("增长6%左右", "增长6.5%左右"), encoding="utf-8")
    (raw / "jiangdu-2025.txt").write_text(REPORT_2025, encoding="utf-8")
    result = CliRunner().invoke(app, ["panel", str(raw), "--model", str(model), "--out", str(tmp_path / "panel.csv")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "reports of" in line]
    warning = ("warning: 江都区-2024.txt, 江都区2024年.txt: 2 reports of 江都区 2024; neither is dropped (doc_id tells "
               "their rows apart): keep the one you mean")
    assert warnings == [warning]
    assert "; 1 place-year(s) given by more than one report; ignored 0" in result.output
    gdp = {row["doc_id"]: row["value"] for row in rows_of(tmp_path).values()
           if row["indicator"] == "gdp" and row["kind"] == "target" and row["year"] == 2024}
    assert gdp == {"江都区-2024": 6.0, "江都区2024年": 6.5}  # neither is dropped
    extracted = CliRunner().invoke(app, ["extract", str(raw), "--model", str(model), "--out", str(tmp_path / "r.csv")])
    assert extracted.exit_code == 0 and warning in extracted.output.splitlines(), extracted.output


def test_reports_of_one_place_in_other_years_or_of_namesakes_elsewhere_are_no_pair():
    from zhibiao.panel import shared_place_years

    def report(doc_id, place, city, year):
        return {"doc_id": doc_id, "meta": {"place": place, "city": city, "province": "p", "year": year,
                                           "source": f"{doc_id}.txt"}}
    assert shared_place_years([report("a", "鼓楼区", "南京市", 2024), report("b", "鼓楼区", "徐州市", 2024),
                               report("c", "鼓楼区", "南京市", 2025), report("d", None, None, 2024),
                               report("e", None, None, 2024)]) == []
    assert len(shared_place_years([report("a", "鼓楼区", "南京市", 2024), report("b", "鼓楼区", "南京市", 2024)])) == 1
