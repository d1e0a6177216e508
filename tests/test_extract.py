"""The extract, show, benchmark and evaluate-records commands, with a rules + linker pipeline saved to disk."""

import csv
import json

import pytest
from typer.testing import CliRunner

import zhibiao.linker  # noqa: F401  (registers zhibiao_linker)
import zhibiao.ruler  # noqa: F401  (registers zhibiao_rules)
from zhibiao.annotations import make_record, write_jsonl
from zhibiao.cli import app

GOOD_REPORT = (
    "镇江市2022年政府工作报告\n"
    "一、本届政府工作回顾\n"
    "地区生产总值达到4763亿元、年均增长5.8%。\n"
    "三、2022年目标任务和重点工作\n"
    "地区生产总值增长7%左右,一般公共预算收入增长6%以上。\n"
    "推动中集科创金融中心建成投用。\n"
)




@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "zhenjiang-2022.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (folder / "jintan-2025.txt").write_bytes("金坛区政府工作报告\n全年地区生产总值增长6.1%。\n".encode("gb18030"))
    (folder / "empty-2024.txt").write_bytes(b"")
    (folder / "binary-2024.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin-2024.txt").write_bytes("Rapport annuel: café, résumé, naïve, über.\n".encode("latin-1") * 3)
    return folder


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_extract_skips_bad_files_by_name_and_keeps_the_others(model, reports, tmp_path):
    out = tmp_path / "records.csv"
    result = run("extract", reports, "--model", model, "--out", out)
    assert result.exit_code == 1, result.output  # records of the good reports written, but not every input read
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 3
    assert any("empty-2024.txt" in line and "empty file" in line for line in skipped)
    assert any("binary-2024.txt" in line and "binary" in line for line in skipped)
    assert any("latin-2024.txt" in line and "not UTF-8" in line for line in skipped)
    assert "read 5 file(s): 2 report(s)" in result.stdout and "skipped 3" in result.stdout
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    found = {(row["doc_id"], row["indicator"], row["value_text"], row["kind"]) for row in rows if row["kind"] != "project"}
    assert ("zhenjiang-2022", "地区生产总值", "4763", "actual") in found
    assert ("zhenjiang-2022", "地区生产总值", "7", "target") in found
    assert ("jintan-2025", "地区生产总值", "6.1", "unknown") in found
    assert {row["doc_id"] for row in rows} == {"zhenjiang-2022", "jintan-2025"}
    assert f"extracted {len(rows)} records" in result.stdout


def test_extract_jsonl_is_the_same_with_two_processes(model, reports, tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # two allowed on one CPU too
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("extract", reports, "--model", model, "--out", one).exit_code == 1  # the fixture's 3 bad files
    result = run("extract", reports, "--model", model, "--out", two, "--n-process", "2")
    assert result.exit_code == 1, result.output
    first = [json.loads(line) for line in one.read_text(encoding="utf-8").splitlines()]
    assert first and first == [json.loads(line) for line in two.read_text(encoding="utf-8").splitlines()]
    assert {"doc_id", "place", "year", "kind", "indicator", "value", "unit", "multiplier", "qualifier", "change",
            "sentence", "start", "end"} <= set(first[0])


def test_extract_fails_clearly_when_nothing_can_be_read(model, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("extract", tmp_path / "empty.txt", tmp_path / "missing.txt", "--model", model, "--out", tmp_path / "r.csv")
    assert result.exit_code == 1
    assert "none of the 2 file(s) could be read" in result.stderr
    assert "missing.txt" in result.stderr
    assert not (tmp_path / "r.csv").exists()


def test_extract_refuses_an_unknown_output_format(model, reports, tmp_path):
    result = run("extract", reports, "--model", model, "--out", tmp_path / "records.xlsx")
    assert result.exit_code == 1
    assert "must end in .csv or .jsonl" in result.stderr


def test_extract_without_a_model_says_where_it_looked(reports, tmp_path):
    result = run("extract", reports, "--model", tmp_path / "nowhere", "--out", tmp_path / "r.csv")
    assert result.exit_code == 1
    assert "no zhibiao pipeline at" in result.stderr and "nowhere" in result.stderr
    assert "Traceback" not in result.output


def test_show_writes_a_displacy_page(model, reports, tmp_path):
    page = tmp_path / "page.html"
    result = run("show", reports / "zhenjiang-2022.txt", "--model", model, "--out", page)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "INDICATOR" in html and "地区生产总值" in html and "中集科创金融中心" in html
    assert "<table>" in html and "建成投用" in html
    assert "zhenjiang-2022" in result.stdout


def test_show_names_a_bad_file(model, reports, tmp_path):
    result = run("show", reports / "binary-2024.txt", "--model", model, "--out", tmp_path / "page.html")
    assert result.exit_code == 1
    assert "binary-2024.txt" in result.stderr


def test_benchmark_writes_its_json(model, tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"doc_id": "zhenjiang-2022", "text": GOOD_REPORT.strip(), "meta": {"year": 2022}},
                               ensure_ascii=False) + "\n" + json.dumps({"doc_id": "b", "text": "新增托位560个。", "meta": {}},
                                                                       ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "benchmark.json"
    result = run("benchmark", "--model", model, "--docs", docs, "--out", out, "--repeat", "1")
    assert result.exit_code == 0, result.output
    bench = json.loads(out.read_text())
    assert [row["name"].split(" ")[0] for row in bench["runs"]] == ["blank", "rule", "extract", "extract,"]
    assert all(row["chars_per_second"] > 0 for row in bench["runs"])
    assert bench["characters"] == len(GOOD_REPORT.strip()) + len("新增托位560个。")
    assert bench["pipeline_size_bytes"] > 0 and bench["memory"]["max_rss_mb_main_process"] > 0


def test_evaluate_records_scores_the_linker_on_gold(model, tmp_path):
    text = "地区生产总值增长6%以上,一般公共预算收入增长5%。"
    gold = make_record("d-2024", 0, text, {}, [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT"),
                                               (13, 21, "INDICATOR"), (23, 24, "VALUE"), (24, 25, "UNIT")], [(1, 0), (4, 3)])
    write_jsonl(tmp_path / "gold.jsonl", [gold])
    out = tmp_path / "records.json"
    result = run("evaluate-records", tmp_path / "gold.jsonl", "--model", model, "--out", out)
    assert result.exit_code == 0, result.output
    scores = json.loads(out.read_text())
    assert scores["linker_on_gold_spans"]["records"]["f"] == 1.0
    assert scores["model"]["records"]["tp"] == 2
    assert "linker on gold spans: P 1.000 R 1.000 F1 1.000" in result.stdout


def damaged(model, tmp_path, part: str, change) -> str:
    """A copy of the pipeline with one file changed."""
    import shutil

    copy = tmp_path / "damaged"
    shutil.copytree(model, copy)
    change(copy / part)
    return str(copy)


@pytest.mark.parametrize("part, change, reason", [
    ("config.cfg", lambda path: path.write_text("garbage [[\n"), "Config validation error"),
    ("meta.json", lambda path: path.write_text("garbage"), "/damaged/meta.json: not JSON (Expected object or value)"),
    ("zhibiao_rules/patterns.json", lambda path: path.write_bytes(path.read_bytes()[:40]), ""),
    ("zhibiao_rules/patterns.json",
     lambda path: path.write_text(json.dumps({k: v for k, v in json.loads(path.read_text()).items() if k != "people_heads"})),
     "no list people_heads in the patterns (written by an older zhibiao?"),
])
@pytest.mark.parametrize("command", ["extract", "show"])
def test_a_pipeline_that_cannot_be_loaded_is_one_line(model, reports, tmp_path, part, change, reason, command):
    location = damaged(model, tmp_path, part, change)
    out = tmp_path / ("records.csv" if command == "extract" else "page.html")
    source = reports if command == "extract" else reports / "zhenjiang-2022.txt"
    result = run(command, source, "--model", location, "--out", out)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {location}: cannot load the pipeline: "), result.stderr
    assert reason in errors[0] and not out.exists()


@pytest.mark.parametrize("command, least", [("extract", 1), ("panel", 1), ("benchmark", 2)])
def test_more_processes_than_cpus_is_one_line_before_any_work(reports, tmp_path, monkeypatch, command, least):
    """Each process loads its own pipeline: a typo such as 200 would start 200 of them."""
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setenv("ZHIBIAO_MODEL", str(tmp_path / "no-such-pipeline"))  # loading it would be the next step
    out = tmp_path / ("r.csv" if command != "benchmark" else "b.json")
    args = {"extract": [reports, "--out", out], "panel": [reports, "--out", out],
            "benchmark": ["--raw", reports, "--out", out]}[command]
    result = run(command, *args, "--n-process", 3)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.stderr == (f"error: --n-process 3: more than the 1 CPU(s) this machine lets the command use; "
                             f"give at most {least}\n")
    assert not out.exists()
