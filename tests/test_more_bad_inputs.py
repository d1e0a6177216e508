"""Bad inputs found in a later round of probing: each gives one `error: file[:line]: …` line, and nothing is
silently dropped, scored or written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_bad_gold import one_line_failure, run  # the same CLI runner and one-line check

from zhibiao.annotations import write_jsonl
from zhibiao.panel_eval import TruthError, load_truth

ROOT = Path(__file__).resolve().parent.parent
GOOD_GOLD = ROOT / "tests" / "data" / "annotations" / "good.jsonl"
TRUTH = {"doc_id": "dongtai-2024", "kind": "actual", "indicator": "gdp", "measure": "growth", "value": 7.5,
         "value_low": 7.5, "value_high": 7.5, "unit": "%", "qualifier": "exact", "ref_year": 2023, "period": "year",
         "estimated": True, "value_stretch": None, "place": "东台市", "province": "江苏省", "year": 2024, "panel": True}


@pytest.mark.parametrize("kind,says", [("missing", "No such file or directory"), ("folder", "Is a directory")])
def test_evaluate_panel_with_a_truth_that_is_missing_or_a_folder_names_it(tmp_path, kind, says):
    truth = tmp_path / "truth"
    if kind == "folder":
        truth.mkdir()
    result = run("evaluate-panel", tmp_path / "r-2024.txt", "--truth", truth, "--out", tmp_path / "p.json")
    assert one_line_failure(result, f"{truth}:") == f"error: {truth}: cannot read the truth ({says})"
    assert not (tmp_path / "p.json").exists()


@pytest.fixture(scope="module")
def foreign_pipelines(tmp_path_factory):
    """Pipelines spaCy loads that are no zhibiao pipeline: blank, and an NER of other labels."""
    import spacy

    folder = tmp_path_factory.mktemp("foreign")
    spacy.blank("zh").to_disk(folder / "blank")
    nlp = spacy.blank("zh")
    nlp.add_pipe("ner").add_label("PERSON")
    nlp.initialize()
    nlp.to_disk(folder / "person-ner")
    return folder


@pytest.mark.parametrize("name,components", [("blank", "none"), ("person-ner", "ner")])
def test_a_pipeline_without_zhibiao_recognisers_is_refused_not_read_as_no_records(tmp_path, foreign_pipelines,
                                                                                name, components):
    report = tmp_path / "r-2024.txt"
    report.write_text("2024年政府工作报告\n全年地区生产总值增长6%。\n", encoding="utf-8")
    model = foreign_pipelines / name
    for args in (["extract", report, "--out", tmp_path / "r.csv"], ["show", report, "--out", tmp_path / "r.html"],
                 ["panel", report, "--out", tmp_path / "p.csv"],
                 ["evaluate", GOOD_GOLD, "--out", tmp_path / "e.json"]):
        result = run(*args, "--model", model)
        line = one_line_failure(result, f"{model}: not a zhibiao pipeline")
        assert f"(its components: {components})" in line
    assert not list(tmp_path.glob("[rpe].*"))


def test_a_model_that_is_a_file_is_named_as_a_file_not_a_missing_meta_json(tmp_path):
    report = tmp_path / "r-2024.txt"
    report.write_text("2024年政府工作报告\n全年地区生产总值增长6%。\n", encoding="utf-8")
    model = tmp_path / "model.whl"
    model.write_bytes(b"PK\x03\x04")
    result = run("extract", report, "--model", model, "--out", tmp_path / "r.csv")
    line = one_line_failure(result, f"'{model}' is a file, not a spaCy pipeline")
    assert "meta.json" not in line


@pytest.mark.parametrize("spec", ["alice=", "="])
def test_agreement_with_an_empty_path_after_the_name_does_not_read_the_working_folder(tmp_path, monkeypatch, spec):
    monkeypatch.chdir(tmp_path)  # gold in the working folder, which Path("") would name
    (tmp_path / "alice.jsonl").write_text(GOOD_GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bob.jsonl").write_text(GOOD_GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("agreement", spec, f"bob={tmp_path / 'bob.jsonl'}")
    assert one_line_failure(result, f"{spec}:") == \
        f"error: {spec}: an empty path; give NAME=PATH with the annotator's file or folder"


@pytest.mark.parametrize("change,message", [
    ({"unti": "%"}, r":2: unknown field 'unti' \(did you mean 'unit'\?\)"),
    ({"valeu_low": 7.5}, r":2: unknown field 'valeu_low' \(did you mean 'value_low'\?\)"),
    ({"measure": "grwoth"}, r":2: measure 'grwoth' is not one of level, growth, rate, share, points"),
])
def test_a_truth_line_with_a_misspelt_field_or_measure_is_refused_not_scored_as_a_miss(tmp_path, change, message):
    path = tmp_path / "truth.jsonl"
    write_jsonl(path, [TRUTH, {**TRUTH, "indicator": "cpi", **change}])
    with pytest.raises(TruthError, match=message):
        load_truth(path)


def test_the_truth_fields_a_checker_writes_are_known(tmp_path):
    path = tmp_path / "truth.jsonl"
    write_jsonl(path, [{**TRUTH, "evidence": "预计全年地区生产总值增长7.5%", "note": "", "comment": "checked"}])
    assert len(load_truth(path)) == 1
    assert len(load_truth(ROOT / "corpus" / "panel" / "truth.jsonl")) > 0


@pytest.mark.parametrize("flag,shown", [("yes", "'yes'"), ("true", "'true'"), (1, "1"), (None, "null")])
def test_a_meta_synthetic_that_is_not_true_or_false_is_an_error_not_scored_as_gold(tmp_path, flag, shown):
    lines = GOOD_GOLD.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["meta"] = {"synthetic": flag}
    gold = tmp_path / "t-2025.jsonl"
    gold.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    result = run("evaluate", gold, "--rules", "--out", tmp_path / "e.json")
    assert one_line_failure(result, f"{gold}:1:").startswith(
        f"error: {gold}:1: field 'meta.synthetic' must be true or false, not {shown}")
    assert not (tmp_path / "e.json").exists()


def test_preannotate_of_an_annotated_file_says_its_labels_are_not_carried_over(tmp_path):
    out = tmp_path / "pre.jsonl"
    result = run("preannotate", GOOD_GOLD, "--out", out)
    assert result.exit_code == 0, result.output
    labelled = sum(1 for line in GOOD_GOLD.read_text(encoding="utf-8").splitlines()
                   if json.loads(line)["entities"] or json.loads(line)["relations"])
    assert f"warning: {GOOD_GOLD}: {labelled} line(s) already hold entities or relations; the proposals replace " \
           f"them in {out}" in result.stderr
    assert out.exists()


def test_a_tab_typed_inside_a_gold_string_is_named_once_with_its_column(tmp_path):
    gold = tmp_path / "t-2025.jsonl"
    gold.write_text('{"text": "地区\t生产总值", "doc_id": "t-2025", "sent_id": 0, "entities": [], "relations": []}\n',
                    encoding="utf-8")
    result = run("validate", gold)
    assert f"error: {gold}:1: bad JSON (Invalid control character at column 13: a tab or line break typed inside " \
           "a string (write it as \\t or \\n))" in result.stderr.splitlines(), result.stderr
    assert "at at" not in result.stderr and result.exit_code == 1


def test_an_export_zip_that_is_no_zip_is_named_first(tmp_path):
    export = tmp_path / "export.zip"
    export.write_text("not a zip", encoding="utf-8")
    result = run("agreement", export, f"bob={GOOD_GOLD}")
    assert one_line_failure(result, f"{export}:") == \
        f"error: {export}: cannot read the doccano export (File is not a zip file)"


def test_preannotate_refuses_an_empty_sentence_instead_of_proposing_an_empty_example(tmp_path):
    sentences = tmp_path / "sentences.jsonl"
    lines = [{"doc_id": "t-2025", "sent_id": 0, "text": "地区生产总值增长6%。", "meta": {}},
             {"doc_id": "t-2025", "sent_id": 1, "text": "", "meta": {}}]
    sentences.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = run("preannotate", sentences, "--out", tmp_path / "pre.jsonl")
    assert one_line_failure(result, f"{sentences}:2:") == (
        f"error: {sentences}:2: field 'text' must be a non-empty string, not '' (not a line written by `zhibiao clean`)")
    assert not (tmp_path / "pre.jsonl").exists()


def test_validate_names_a_bad_sentences_line_once(tmp_path):
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text('{"doc_id": "t-2025", "sent_id": 0, "text": "", "meta": {}}\n', encoding="utf-8")
    result = run("validate", GOOD_GOLD, "--sentences", sentences)
    last = one_line_failure(result, f"{sentences}:1:")
    assert last.count(str(sentences)) == 1, last


def test_a_missing_model_is_pointed_at_with_the_command_line_option(tmp_path):
    result = run("extract", GOOD_GOLD, "--model", tmp_path / "nowhere", "--out", tmp_path / "records.jsonl")
    assert "no zhibiao pipeline at" in result.stderr and "--model" in result.stderr and result.exit_code == 1
