"""Synthetic training sentences (corpus/synthetic, docs/synthetic.md): marked, valid, apart from the gold, learned
from by the edge model and never scored."""

from __future__ import annotations

import json

import srsly
from conftest import ROOT, RULES
from typer.testing import CliRunner

from zhibiao.annotations import char_tokenizer_alignment, make_record, validate_files, write_jsonl
from zhibiao.cli import app
from zhibiao.corpus import load_gold

SYNTHETIC = ROOT / "corpus" / "synthetic"
GOLD = ROOT / "corpus" / "annotations"


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_the_synthetic_sentences_are_valid_and_all_marked():
    report = validate_files(sorted(SYNTHETIC.glob("*.jsonl")), char_tokenizer_alignment(), synthetic=True)
    assert report.ok, report.errors[:3]
    assert report.records > 1000 and report.label_counts["INDICATOR"] > 2000


def test_no_synthetic_sentence_is_a_report_sentence():
    gold = load_gold([GOLD])
    synthetic = load_gold([SYNTHETIC])
    assert not {r["text"] for r in gold} & {r["text"] for r in synthetic}
    assert not {r["doc_id"] for r in gold} & {r["doc_id"] for r in synthetic}


def test_a_report_sentence_passed_as_synthetic_is_refused_at_its_line(tmp_path):
    path = tmp_path / "x.jsonl"
    marked = make_record("s", 0, "新增企业5家。", {"synthetic": True}, [(2, 4, "INDICATOR"), (4, 5, "VALUE"), (5, 6, "UNIT")],
                         [(1, 0)])
    write_jsonl(path, [marked, {**marked, "sent_id": 1, "meta": {}}])
    result = run("fit-edges", GOLD, "--synthetic", path, "--patterns", RULES, "--out", tmp_path / "e.json")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {path}:2: not marked synthetic")
    assert not (tmp_path / "e.json").exists()


def test_fit_edges_learns_from_the_synthetic_sentences(tmp_path):
    result = run("fit-edges", GOLD, "--synthetic", SYNTHETIC, "--patterns", RULES, "--out", tmp_path / "e.json")
    assert result.exit_code == 0, result.output
    fitted_on = srsly.read_json(tmp_path / "e.json")["fitted_on"]
    gold, synthetic = load_gold([GOLD]), load_gold([SYNTHETIC])
    assert fitted_on["sentences"] == len(gold) + len(synthetic)
    assert "synthetic-h" in fitted_on["reports"] and "jintan-2025" in fitted_on["reports"]
    assert f"{len(gold)} gold and {len(synthetic)} synthetic sentences" in result.stdout


def test_the_synthetic_file_format_is_the_gold_format():
    first = json.loads((SYNTHETIC / "synthetic-h.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["meta"] == {"synthetic": True, "wording": "east and north counties"}
    assert set(first) == {"text", "doc_id", "sent_id", "meta", "entities", "relations"}
