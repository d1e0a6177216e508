"""Gold to DocBins: grouped split, leave-one-report-out folds, learning-curve subsets, misalignment counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from zhibiao.annotations import make_record, write_jsonl
from zhibiao.cli import app
from zhibiao.corpus import (
    annotation_files,
    leave_one_report_out,
    load_gold,
    read_docbin,
    records_to_docs,
    split_reports,
    subset_reports,
    write_split,
)
from zhibiao.labels import SPAN_KEY
from zhibiao.spans import value_of

REPORTS = ["dongtai-2024", "jiangdu-2025", "jintan-2025", "zhenjiang-2022", "zhonglou-2024"]


def sentence_level_ids() -> list[str]:
    """doc_id of every sentence: reports repeat, of different sizes, in no particular order."""
    ids = []
    for n, report in enumerate(reversed(REPORTS)):
        ids += [report] * (3 + 2 * n)
    return ids


def gdp_record(doc_id: str, sent_id: int) -> dict:
    return make_record(doc_id, sent_id, "地区生产总值增长6%以上。", {},
                       [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], [(1, 0)])


def project_record(doc_id: str, sent_id: int) -> dict:
    return make_record(doc_id, sent_id, "华能金坛储能二期项目开工。", {}, [(0, 10, "PROJECT")])


def gold_records() -> list[dict]:
    records = []
    for report in REPORTS[:3]:
        records += [gdp_record(report, 0), project_record(report, 1)]
    return records


# ---------------------------------------------------------------- split_reports

@pytest.mark.parametrize("seed", range(8))
def test_split_keeps_reports_whole_and_covers_all(seed):
    split = split_reports(sentence_level_ids(), seed)
    parts = [set(split[name]) for name in ("train", "dev", "test")]
    assert set().union(*parts) == set(REPORTS)
    assert sum(len(p) for p in parts) == len(REPORTS)  # pairwise disjoint: no report in two parts
    assert len(split["test"]) == 1 and len(split["dev"]) == 1 and len(split["train"]) == 3
    assert all(split[name] == sorted(split[name]) for name in split)


def test_split_sizes_follow_arguments():
    split = split_reports(REPORTS, seed=3, n_test=2, n_dev=2)
    assert (len(split["train"]), len(split["dev"]), len(split["test"])) == (1, 2, 2)


def test_split_is_reproducible_and_depends_on_the_seed():
    ids = sentence_level_ids()
    assert split_reports(ids, 7) == split_reports(ids, 7)
    assert split_reports(ids, 7) == split_reports(list(reversed(ids)), 7)  # input order does not matter
    assert len({json.dumps(split_reports(ids, seed), sort_keys=True) for seed in range(10)}) > 1


def test_split_needs_enough_reports():
    with pytest.raises(ValueError, match="at least 3 reports"):
        split_reports(["a", "a", "b"], seed=0)


# ---------------------------------------------------------------- leave one report out

def test_leave_one_report_out_folds():
    folds = leave_one_report_out(sentence_level_ids())
    assert len(folds) == len(REPORTS)
    assert sorted(f["test"][0] for f in folds) == REPORTS  # each report is test exactly once
    for fold in folds:
        assert len(fold["test"]) == 1
        assert fold["test"][0] not in fold["train"]
        assert set(fold["train"]) | set(fold["test"]) == set(REPORTS)
        assert fold["dev"] == fold["train"]


# ---------------------------------------------------------------- learning-curve subsets

def test_subset_reports():
    shuffled = ["c", "a", "e", "b", "d"]
    assert subset_reports(shuffled, 1.0) == ["a", "b", "c", "d", "e"]
    assert subset_reports(shuffled, 0.5) == ["a", "b", "c"]  # ceil(2.5)
    assert subset_reports(shuffled, 0.01) == ["a"]  # at least one
    small = subset_reports(shuffled, 0.4)
    assert small == subset_reports(shuffled, 0.6)[:len(small)]  # nested: curves add reports


# ---------------------------------------------------------------- DocBins

def test_write_split_docbins_hold_ents_spans_and_ids(tmp_path):
    nlp = spacy.blank("zh")
    records = gold_records()
    split = {"train": [REPORTS[0]], "dev": [REPORTS[1]], "test": [REPORTS[2]]}
    summary = write_split(nlp, records, split, tmp_path / "out")
    assert summary["misaligned"] == []
    for part, report in (("train", REPORTS[0]), ("dev", REPORTS[1]), ("test", REPORTS[2])):
        assert summary["parts"][part] == {"reports": [report], "synthetic": 0, "sentences": 2, "spans": 4,
                                           "misaligned": 0}
        docs = read_docbin(nlp, tmp_path / "out" / f"{part}.spacy")
        assert len(docs) == 2
        assert {doc.user_data["doc_id"] for doc in docs} == {report}
        by_sent = {doc.user_data["sent_id"]: doc for doc in docs}
        gdp, project = by_sent[0], by_sent[1]
        expected = [("地区生产总值", "INDICATOR", 0, 6), ("6", "VALUE", 8, 9), ("%", "UNIT", 9, 10)]
        assert [(e.text, e.label_, e.start_char, e.end_char) for e in gdp.ents] == expected
        assert [(s.text, s.label_, s.start_char, s.end_char) for s in gdp.spans[SPAN_KEY]] == expected
        # the gold relation travels in the DocBin as offsets (msgpack gives lists back)
        assert value_of(gdp) == [(8, 9, 0, 6)]
        assert value_of(project) == []
        assert [(e.text, e.label_) for e in project.ents] == [("华能金坛储能二期项目", "PROJECT")]
        assert [(s.text, s.label_) for s in project.spans[SPAN_KEY]] == [("华能金坛储能二期项目", "PROJECT")]


def test_write_split_leaves_out_reports_not_in_the_split(tmp_path):
    nlp = spacy.blank("zh")
    split = {"train": [REPORTS[0]], "dev": [], "test": [REPORTS[2]]}
    summary = write_split(nlp, gold_records(), split, tmp_path)
    assert summary["parts"]["dev"]["sentences"] == 0
    everything = [d for part in ("train", "dev", "test") for d in read_docbin(nlp, tmp_path / f"{part}.spacy")]
    assert REPORTS[1] not in {doc.user_data["doc_id"] for doc in everything}


def test_misaligned_span_is_counted_not_silently_dropped(tmp_path):
    # A word tokenizer keeps 规上工业增加值增长8.5 as one token: neither the INDICATOR nor the VALUE align.
    nlp = spacy.blank("en")
    bad = make_record("jiangdu-2025", 0, "规上工业增加值增长8.5%。", {},
                      [(0, 7, "INDICATOR"), (9, 12, "VALUE"), (12, 13, "UNIT")], [(1, 0)])
    good = make_record("jintan-2025", 0, "GDP grew 6 % .", {}, [(0, 3, "INDICATOR"), (9, 10, "VALUE"), (11, 12, "UNIT")],
                       [(1, 0)])
    split = {"train": ["jiangdu-2025"], "dev": [], "test": ["jintan-2025"]}
    summary = write_split(nlp, [bad, good], split, tmp_path)
    assert summary["parts"]["train"] == {"reports": ["jiangdu-2025"], "synthetic": 0, "sentences": 1, "spans": 1,
                                         "misaligned": 2}
    assert summary["parts"]["test"]["misaligned"] == 0 and summary["parts"]["test"]["spans"] == 3
    assert summary["misaligned"] == [
        "jiangdu-2025#0: INDICATOR '规上工业增加值' (0-7)",
        "jiangdu-2025#0: VALUE '8.5' (9-12)",
    ]
    (doc,) = read_docbin(nlp, tmp_path / "train.spacy")
    assert [(e.text, e.label_) for e in doc.ents] == [("%", "UNIT")]  # the sentence itself is kept


def test_records_to_docs_counts_spans():
    conversion = records_to_docs(spacy.blank("zh"), gold_records())
    assert len(conversion.docs) == 6
    assert conversion.spans == 12
    assert conversion.misaligned == []


# ---------------------------------------------------------------- files and the command line

def write_gold(folder: Path) -> None:
    for report in REPORTS:
        write_jsonl(folder / f"{report}.jsonl", [gdp_record(report, 0), project_record(report, 1)])
    (folder / "parts").mkdir()
    write_jsonl(folder / "parts" / "extra.jsonl", [gdp_record("parts-only", 0)])
    write_jsonl(folder / "conflicts-jiangdu.jsonl", [gdp_record("conflict-only", 0)])


def test_annotation_files_skip_parts_and_conflicts(tmp_path):
    write_gold(tmp_path)
    files = annotation_files([tmp_path])
    assert [f.name for f in files] == [f"{report}.jsonl" for report in REPORTS]
    assert {r["doc_id"] for r in load_gold([tmp_path])} == set(REPORTS)
    single = tmp_path / "parts" / "extra.jsonl"
    assert annotation_files([single]) == [single]


def test_cli_convert_writes_split_by_report(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    write_gold(gold)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["convert", str(gold), "--out", str(out), "--seed", "1"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "split.json").read_text(encoding="utf-8"))
    assert summary["split"] == split_reports(REPORTS, 1)
    nlp = spacy.blank("zh")
    for part in ("train", "dev", "test"):
        docs = read_docbin(nlp, out / f"{part}.spacy")
        assert {d.user_data["doc_id"] for d in docs} == set(summary["split"][part])


def test_cli_convert_leave_one_report_out(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    write_gold(gold)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["convert", str(gold), "--out", str(out), "--test-report", "jintan-2025"])
    assert result.exit_code == 0, result.output
    split = json.loads((out / "split.json").read_text(encoding="utf-8"))["split"]
    assert split["test"] == ["jintan-2025"]
    assert "jintan-2025" not in split["train"]
    bad = CliRunner().invoke(app, ["convert", str(gold), "--out", str(out), "--test-report", "nowhere-2020"])
    assert bad.exit_code == 1
