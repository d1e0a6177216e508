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


def test_a_whole_gold_file_passed_as_synthetic_is_one_error(tmp_path):
    gold = next(GOLD.glob("*.jsonl")) if GOLD.is_dir() else GOLD
    result = run("fit-edges", GOLD, "--synthetic", gold, "--patterns", RULES, "--out", tmp_path / "e.json")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.exit_code == 1 and len(errors) == 1 and "every one of its" in errors[0]


def test_an_empty_gold_file_is_counted_as_a_warning(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = run("validate", empty)
    assert f"warning: {empty}: no records (an empty file)" in result.output


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


def test_synthetic_sentences_join_the_train_part_only(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    from zhibiao.corpus import write_split

    gold = [make_record(report, 0, "新增企业5家。", {}, [(2, 4, "INDICATOR"), (4, 5, "VALUE"), (5, 6, "UNIT")], [(1, 0)])
            for report in ("a-2024", "b-2024", "c-2024")]
    synthetic = [make_record("synthetic-x", n, f"全年引进项目{n + 2}个。", {"synthetic": True},
                             [(4, 6, "INDICATOR"), (6, 7, "VALUE"), (7, 8, "UNIT")], [(1, 0)]) for n in range(3)]
    split = {"train": ["a-2024"], "dev": ["b-2024"], "test": ["c-2024"]}
    summary = write_split(spacy.blank("zh"), gold, split, tmp_path, synthetic)
    assert {part: info["synthetic"] for part, info in summary["parts"].items()} == {"train": 3, "dev": 0, "test": 0}
    nlp = spacy.blank("zh")
    texts = {part: [doc.text for doc in DocBin().from_disk(tmp_path / f"{part}.spacy").get_docs(nlp.vocab)]
             for part in split}
    assert texts["train"] == ["新增企业5家。", "全年引进项目2个。", "全年引进项目3个。", "全年引进项目4个。"]
    assert texts["dev"] == texts["test"] == ["新增企业5家。"]


def test_convert_trains_on_the_synthetic_sentences_and_says_so(tmp_path):
    result = run("convert", GOLD, "--synthetic", SYNTHETIC, "--all-reports", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    synthetic = load_gold([SYNTHETIC])
    assert f"and {len(synthetic)} synthetic:" in result.stdout.splitlines()[0]
    split = srsly.read_json(tmp_path / "split.json")
    assert split["parts"]["train"]["synthetic"] == len(synthetic) and split["parts"]["dev"]["synthetic"] == 0
