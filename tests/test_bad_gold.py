"""Bad gold and bad inputs next to it: every command that reads gold validates it as `zhibiao validate` does and
stops with `file:line` errors; doccano pulls refuse malformed export lines one by one and never write outside the
gold folder; convert refuses contradictory options; the panel truth is checked before any panel runs; a short or
mixed GB18030 report is read as Chinese or refused at the right line."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from conftest import RULES
from typer.testing import CliRunner

from zhibiao.annotations import make_record, read_records, validate_files, write_jsonl
from zhibiao.cli import app
from zhibiao.doccano.convert import convert_exports, split_valid
from zhibiao.encodings import ReportError, decode
from zhibiao.panel_eval import TruthError, load_truth, scored_truth

TEXT = "地区生产总值增长6%。"
GOOD = make_record("t-2025", 0, TEXT, {}, [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], [(1, 0)])
SECOND = make_record("t-2025", 1, "新增规上工业企业102家。", {}, [(2, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 12, "UNIT")],
                     [(1, 0)])


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def one_line_failure(result, where: str) -> str:
    """The last stderr line of a failed command: an `error:` naming `where`, and no traceback anywhere."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: {where}"), result.stderr
    return last


def gold_with(tmp_path: Path, bad: dict | str, name: str = "t-2025.jsonl") -> Path:
    """A gold file of two good lines with `bad` as line 2."""
    path = tmp_path / "gold" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    line = bad if isinstance(bad, str) else json.dumps(bad, ensure_ascii=False)
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n" + line + "\n" + json.dumps(SECOND, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    return path


OVERLAP = {**SECOND, "sent_id": 5, "entities": SECOND["entities"] + [
    {"id": 4, "label": "PROJECT", "start_offset": 2, "end_offset": 8}]}
BAD_GOLD = {
    "overlap": (OVERLAP, "overlapping spans"),
    "unknown label": ({**SECOND, "sent_id": 5, "entities": [{**SECOND["entities"][0], "label": "INDICATER"},
                                                            *SECOND["entities"][1:]]}, "unknown label 'INDICATER'"),
    "offset out of range": ({**SECOND, "sent_id": 5, "entities": [{**SECOND["entities"][0], "end_offset": 999},
                                                                  *SECOND["entities"][1:]]}, "outside the text"),
    "negative offset": ({**SECOND, "sent_id": 5, "entities": [{**SECOND["entities"][0], "start_offset": -2},
                                                              *SECOND["entities"][1:]]}, "outside the text"),
    "duplicate sentence": ({**SECOND, "sent_id": 0, "text": TEXT, "entities": GOOD["entities"]}, "duplicate sentence"),
    "VALUE to VALUE": ({**SECOND, "sent_id": 5, "relations": [{"id": 1, "from_id": 2, "to_id": 2, "type": "value_of"}]},
                       "goes VALUE -> VALUE"),
    "string offsets": ({**SECOND, "sent_id": 5, "entities": [{**SECOND["entities"][0], "start_offset": "2"},
                                                             *SECOND["entities"][1:]]}, "must be an integer"),
    "no text": ({key: value for key, value in SECOND.items() if key != "text"}, "missing field(s): text"),
    "bad JSON": ('{"text": ', "bad JSON"),
    "synthetic": ({**SECOND, "sent_id": 5, "meta": {"synthetic": True}}, "a synthetic sentence (meta.synthetic) in the gold"),
    "sent_id above 2**64": ({**SECOND, "sent_id": 10**20},
                            "field 'sent_id' is 100000000000000000000, larger than a DocBin can store"),
}


# ---------------------------------------------------------------- convert


@pytest.mark.parametrize("case", BAD_GOLD)
def test_convert_refuses_invalid_gold_at_its_line_and_writes_nothing(tmp_path, case):
    bad, fragment = BAD_GOLD[case]
    path = gold_with(tmp_path, bad)
    out = tmp_path / "out"
    result = run("convert", path, "--all-reports", "--out", out)
    one_line_failure(result, f"{path}:")
    assert f"{path}:2: " in result.stderr and fragment in result.stderr, result.stderr
    assert "run `zhibiao validate` on the gold first" in result.stderr
    assert not (out / "train.spacy").exists() and not (out / "split.json").exists()


def test_convert_names_a_utf16_gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes((json.dumps(GOOD, ensure_ascii=False) + "\n").encode("utf-16"))
    result = run("convert", path, "--all-reports", "--out", tmp_path / "out")
    assert f"error: {path}:1: not UTF-8" in result.stderr
    one_line_failure(result, f"{path}:")


def test_convert_refuses_all_reports_with_a_test_report(tmp_path):
    result = run("convert", gold_with(tmp_path, SECOND | {"sent_id": 5}), "--all-reports", "--test-report", "t-2025",
                 "--out", tmp_path / "out")
    one_line_failure(result, "--all-reports trains on every report and --test-report holds one out")
    assert not (tmp_path / "out" / "train.spacy").exists()


@pytest.mark.parametrize("fraction", ["0", "-1", "5", "nan"])
def test_convert_refuses_a_train_fraction_outside_zero_to_one(tmp_path, fraction):
    result = run("convert", gold_with(tmp_path, SECOND | {"sent_id": 5}), "--all-reports", "--train-fraction", fraction,
                 "--out", tmp_path / "out")
    one_line_failure(result, "--train-fraction must be more than 0 and at most 1")


def test_convert_writes_all_its_files_or_none(tmp_path):
    gold = tmp_path / "gold"
    for report in ("a-2024", "b-2024", "c-2024"):
        write_jsonl(gold / f"{report}.jsonl", [GOOD | {"doc_id": report}])
    out = tmp_path / "out"
    (out / "test.spacy").mkdir(parents=True)  # in the way of the last DocBin
    (out / "train.spacy").write_bytes(b"old")
    result = run("convert", gold, "--test-report", "c-2024", "--out", out)
    assert one_line_failure(result, f"{out / 'test.spacy'}") == f"error: {out / 'test.spacy'}: is a folder; give a file name"
    assert (out / "train.spacy").read_bytes() == b"old"
    assert sorted(path.name for path in out.iterdir()) == ["test.spacy", "train.spacy"]  # no temporary file left


@pytest.mark.parametrize("seed", ["-1", str(2**32)])
def test_convert_refuses_a_seed_outside_the_splitters_range_as_an_option_error(tmp_path, seed):
    result = run("convert", gold_with(tmp_path, SECOND | {"sent_id": 5}), "--seed", seed, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "Traceback" not in result.output  # typer's usage error, before any gold is read
    assert "--seed" in result.output and "add gold" not in result.output, result.output
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- every other command that reads gold


def commands(gold: Path, tmp_path: Path) -> dict[str, list]:
    good = gold.parent / "other.jsonl"
    write_jsonl(good, [GOOD, SECOND])
    return {
        "evaluate": ["evaluate", gold, "--rules", "--patterns", RULES, "--out", tmp_path / "e.json"],
        "evaluate-records": ["evaluate-records", gold, "--out", tmp_path / "r.json"],
        "fit-edges": ["fit-edges", gold, "--patterns", RULES, "--out", tmp_path / "f.json"],
        "cv-train": ["cv-train", "configs/ner.cfg", gold, "--models", tmp_path / "m", "--work", tmp_path / "w"],
        "cv-evaluate": ["cv-evaluate", gold, "--models", tmp_path / "m", "--out", tmp_path / "c.json",
                        "--markdown", tmp_path / "c.md"],
        "agreement": ["agreement", f"a={gold}", f"b={good}"],
    }


@pytest.mark.parametrize("command", ["evaluate", "evaluate-records", "fit-edges", "cv-train", "cv-evaluate", "agreement"])
@pytest.mark.parametrize("case", ["overlap", "offset out of range", "no text", "bad JSON", "VALUE to VALUE", "synthetic",
                                  "sent_id above 2**64"])
def test_commands_reading_gold_stop_at_the_invalid_line(tmp_path, command, case):
    bad, fragment = BAD_GOLD[case]
    path = gold_with(tmp_path, bad)
    result = run(*commands(path, tmp_path)[command])
    last = one_line_failure(result, f"{path}:")
    assert fragment in result.stderr and f"{path}:2: " in result.stderr, result.stderr
    assert "problem(s) in the gold" in last
    assert not any((tmp_path / name).exists() for name in ("e.json", "r.json", "f.json", "m", "c.json"))


def test_evaluate_with_a_report_the_gold_lacks_is_an_error(tmp_path):
    path = gold_with(tmp_path, SECOND | {"sent_id": 5})
    result = run("evaluate", path, "--rules", "--patterns", RULES, "--reports", "t-2025,t-2052", "--out", tmp_path / "e.json")
    assert one_line_failure(result, "--reports: no gold sentences for t-2052") == \
        "error: --reports: no gold sentences for t-2052 (the gold has t-2025)"
    assert not (tmp_path / "e.json").exists()


def test_gold_folder_entries_not_read_are_named_and_counted(tmp_path):
    folder = tmp_path / "gold"
    write_jsonl(folder / "t-2025.jsonl", [GOOD])
    for name in ("b.JSONL", "c.json", "conflicts-old.jsonl"):
        write_jsonl(folder / name, [SECOND])
    write_jsonl(folder / "sub" / "d.jsonl", [SECOND])
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    ignored = [line for line in result.stderr.splitlines() if line.startswith("ignored: ")]
    assert [line.split(": ")[1].rsplit("/", 1)[1] for line in ignored] == ["b.JSONL", "c.json", "conflicts-old.jsonl", "sub"]
    assert "ignored 4 entries of the gold folder(s)" in result.stderr
    assert "1 files, 1 sentences" in result.stdout


@pytest.mark.parametrize("command", [["validate"], ["evaluate-records"]])
def test_a_gold_file_given_twice_is_read_once_with_a_note(tmp_path, command):
    path = gold_with(tmp_path, SECOND | {"sent_id": 5})
    result = run(*command, path, path.parent, "--out" if command != ["validate"] else "--report", tmp_path / "o.json")
    assert result.exit_code == 0, result.output
    assert f"ignored: {path}: given twice, read once" in result.stderr.splitlines()
    assert "duplicate sentence" not in result.output
    assert "entry of the gold folder" not in result.stderr  # the file is read: no folder entry was left out


def test_a_pipe_among_the_gold_is_not_read(tmp_path):
    path = gold_with(tmp_path, SECOND | {"sent_id": 5})
    os.mkfifo(path.parent / "pipe.jsonl")  # reading it would wait for a writer forever
    result = run("validate", path.parent, "--report", tmp_path / "o.json")
    assert result.exit_code == 0, result.output
    assert f"ignored: {path.parent / 'pipe.jsonl'}: not a regular file, not read" in result.stderr.splitlines()


# ---------------------------------------------------------------- validate


def test_the_same_value_of_pair_twice_is_an_error(tmp_path):
    twice = {**SECOND, "sent_id": 5, "relations": SECOND["relations"] + [{**SECOND["relations"][0], "id": 77}]}
    report = validate_files([gold_with(tmp_path, twice)])
    assert [p.message for p in report.errors] == [
        "relation 77 repeats relation 1 (value_of VALUE '102' -> INDICATOR '规上工业企业')"]


def test_entity_ids_as_strings_and_relation_ids_as_integers_name_the_type_mismatch(tmp_path):
    strings = {**SECOND, "sent_id": 5, "entities": [{**entity, "id": str(entity["id"])} for entity in SECOND["entities"]]}
    report = validate_files([gold_with(tmp_path, strings)])
    assert [p.message for p in report.errors] == [  # (and no "INDICATOR … measured by no VALUE" after it)
        "relation 1: from_id 2 is an integer, the entity id '2' is a string; give ids of one type"]


def test_an_entity_id_given_as_a_string_and_as_an_integer_is_a_duplicate(tmp_path):
    entities = [*SECOND["entities"], {"id": "1", "label": "PROJECT", "start_offset": 0, "end_offset": 2}]
    report = validate_files([gold_with(tmp_path, {**SECOND, "sent_id": 5, "text": "全县" + SECOND["text"][2:],
                                                  "entities": entities})])
    assert [p.message for p in report.errors] == [
        "duplicate entity id '1': entity id 1 differs only in type; give every id as an integer (or every id as a string)"]


def test_a_doc_id_that_is_no_file_name_is_an_error(tmp_path):
    report = validate_files([gold_with(tmp_path, {**SECOND, "doc_id": "../escaped"})])
    assert len(report.errors) == 1 and "field 'doc_id' must be usable as a file name" in report.errors[0].message


@pytest.mark.parametrize("doc_id", ["t-2025 ", " t-2025", "t-2025\u3000", "t-2025\t"])
def test_a_doc_id_with_space_at_an_end_is_refused_not_split_off_as_another_report(tmp_path, doc_id):
    """'t-2025 ' would be trained on while 't-2025' is held out, and both print alike."""
    path = gold_with(tmp_path, {**SECOND, "sent_id": 5, "doc_id": doc_id})
    result = run("convert", path, "--test-report", "t-2025", "--out", tmp_path / "out")
    assert f"{path}:2: field 'doc_id' must be usable as a file name (" in result.stderr
    assert "no whitespace but single spaces inside" in result.stderr
    one_line_failure(result, f"{path}:")
    assert not (tmp_path / "out").exists()


def test_validate_sentences_error_names_the_line(tmp_path):
    path = gold_with(tmp_path, SECOND | {"sent_id": 5})
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text(json.dumps({"doc_id": "t-2025", "sent_id": 0, "text": TEXT}) + "\n[1, 2]\n", encoding="utf-8")
    result = run("validate", path, "--sentences", sentences)
    assert f"{sentences}:2: a line must be a JSON object" in one_line_failure(result, f"{sentences}")


def sentences_with_a_duplicate(tmp_path: Path) -> Path:
    sentences = tmp_path / "sentences.jsonl"
    lines = [{"doc_id": "t-2025", "sent_id": 0, "text": TEXT}, {"doc_id": "t-2025", "sent_id": 1, "text": SECOND["text"]},
             {"doc_id": "t-2025", "sent_id": 0, "text": "别的句子。"}]
    sentences.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return sentences


def test_validate_names_a_sentence_given_twice_in_the_sentences_not_the_gold(tmp_path):
    sentences = sentences_with_a_duplicate(tmp_path)
    result = run("validate", gold_with(tmp_path, SECOND | {"sent_id": 1}), "--sentences", sentences)
    last = one_line_failure(result, f"{sentences}")
    assert f"{sentences}:3: duplicate sentence ('t-2025', 0) (also at {sentences}:1)" in last
    assert "differs from the clean corpus" not in result.stderr


def test_preannotate_refuses_a_sentence_given_twice(tmp_path):
    sentences = sentences_with_a_duplicate(tmp_path)
    result = run("preannotate", sentences, "--out", tmp_path / "pre.jsonl", "--patterns", RULES)
    assert one_line_failure(result, f"{sentences}:3") == \
        f"error: {sentences}:3: duplicate sentence ('t-2025', 0) (also at {sentences}:1)"
    assert not (tmp_path / "pre.jsonl").exists()


def test_preannotate_refuses_a_sentence_longer_than_clean_writes(tmp_path):
    sentences = tmp_path / "sentences.jsonl"
    lines = [{"doc_id": "t-2025", "sent_id": 0, "text": "增长6%。"}, {"doc_id": "t-2025", "sent_id": 1, "text": "增" * 5000}]
    sentences.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = run("preannotate", sentences, "--out", tmp_path / "pre.jsonl", "--patterns", RULES)
    assert "a sentence of 5000 characters" in one_line_failure(result, f"{sentences}:2")
    assert not (tmp_path / "pre.jsonl").exists()


# ---------------------------------------------------------------- doccano pull


def export_line(sent_id, text=TEXT, entities=None, relations=None, **changes):
    """A line as doccano 1.8.4 exports it: sent_id a float."""
    line = {"id": 10 + int(sent_id) if isinstance(sent_id, (int, float)) else 99, "text": text, "doc_id": "t-2025",
            "sent_id": float(sent_id) if isinstance(sent_id, int) else sent_id, "meta": {}, "Comments": [],
            "entities": GOOD["entities"] if entities is None else entities,
            "relations": GOOD["relations"] if relations is None else relations}
    line.update(changes)
    return {key: value for key, value in line.items() if value is not ...}


def make_zip(path: Path, lines: list) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("alice.jsonl", "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


def pull(tmp_path: Path, lines: list):
    gold = tmp_path / "pulled" / "gold"
    gold.mkdir(parents=True)
    export = make_zip(tmp_path / "export.zip", lines)
    result = run("doccano", "pull", "--zip", export, "--gold", gold, "--exports", tmp_path / "pulled" / "exports",
                 "--conflicts", tmp_path / "pulled" / "conflicts.jsonl")
    return result, export, gold


def test_pull_refuses_a_doc_id_that_leaves_the_gold_folder(tmp_path):
    result, export, gold = pull(tmp_path, [export_line(0, doc_id="../escaped"), export_line(1, doc_id="a/../../b")])
    invalid = [line for line in result.stderr.splitlines() if line.startswith("invalid: ")]
    assert [line.split(": ")[1] for line in invalid] == [f"{export}:alice.jsonl:1", f"{export}:alice.jsonl:2"]
    assert all("field 'doc_id' must be usable as a file name" in line for line in invalid)
    one_line_failure(result, "2 problem(s) in the export")
    assert sorted(p.name for p in (tmp_path / "pulled").iterdir()) == ["conflicts.jsonl", "exports", "gold"]
    assert list(gold.iterdir()) == [] and not (tmp_path / "escaped.jsonl").exists()


@pytest.mark.parametrize("sent_id,shown", [(1.5, "1.5"), ("abc", "'abc'"), (True, "true")])
def test_pull_refuses_a_sent_id_that_is_no_integer(tmp_path, sent_id, shown):
    second = export_line(1, text=SECOND["text"], entities=SECOND["entities"], relations=SECOND["relations"])
    result, export, gold = pull(tmp_path, [export_line(0), {**second, "sent_id": sent_id}])
    assert f"invalid: {export}:alice.jsonl:2: " in result.stderr
    assert f"field 'sent_id' must be an integer, not {shown}" in result.stderr
    one_line_failure(result, "1 problem(s) in the export")
    assert [r["sent_id"] for r in read_records(gold / "t-2025.jsonl")] == [0]  # never merged as sent_id 1


MALFORMED = {
    "array line": ([1, 2], "a line must be a JSON object"),
    "no text": (export_line(1, text=...), "missing field(s): text"),
    "entity without id": (export_line(1, entities=[{"label": "VALUE", "start_offset": 8, "end_offset": 9}], relations=[]),
                          "lacks id"),
    "entities a string": (export_line(1, entities="x"), "field 'entities' must be a list of objects, not 'x'"),
    "not JSON": ("{oops", "bad JSON"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_pull_names_each_malformed_export_line_and_merges_the_others(tmp_path, case):
    bad, fragment = MALFORMED[case]
    gold = tmp_path / "gold"
    gold.mkdir()
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("alice.jsonl", "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                                                  for line in (export_line(0), bad)) + "\n")
    result = run("doccano", "pull", "--zip", export, "--gold", gold, "--exports", tmp_path / "exports",
                 "--conflicts", tmp_path / "conflicts.jsonl")
    [invalid] = [line for line in result.stderr.splitlines() if line.startswith("invalid: ")]
    assert invalid.startswith(f"invalid: {export}:alice.jsonl:2") and fragment in invalid, invalid
    assert "1 problem(s) kept records out of the merge" in result.stdout
    one_line_failure(result, "1 problem(s) in the export")
    assert [r["sent_id"] for r in read_records(gold / "t-2025.jsonl")] == [0]
    assert [r["sent_id"] for r in read_records(tmp_path / "exports" / "alice.jsonl")] == [0]


def test_a_relation_to_a_missing_entity_is_not_renumbered_onto_another():
    # Entity ids 905, 903, 904 become 1-3; a relation to the missing id 2 must not land on the new entity 2.
    entities = [{"id": 905, "label": "UNIT", "start_offset": 9, "end_offset": 10},
                {"id": 903, "label": "INDICATOR", "start_offset": 0, "end_offset": 6},
                {"id": 904, "label": "VALUE", "start_offset": 8, "end_offset": 9}]
    line = export_line(0, entities=entities, relations=[{"id": 1, "from_id": 2, "to_id": 903, "type": "value_of"}])
    converted = convert_exports({"alice": [line]})
    _, problems = split_valid(converted.records, converted.where)
    assert "alice t-2025/0: relation 1 points to missing entity id 2" in problems


# ---------------------------------------------------------------- evaluate-panel truth

TRUTH = {"doc_id": "dongtai-2024", "kind": "actual", "indicator": "gdp", "measure": "growth", "value": 7.5,
         "value_low": 7.5, "value_high": 7.5, "unit": "%", "qualifier": "exact", "ref_year": 2023, "period": "year",
         "estimated": True, "value_stretch": None, "place": "东台市", "province": "江苏省", "year": 2024, "panel": True}


@pytest.mark.parametrize("change,message", [
    ({"value": "十五"}, r":2: value must be a number or null, not '十五'"),
    ({"measure": ["growth"]}, r':2: measure must be a string, not \["growth"\]'),
    ({"ref_year": "2023"}, r":2: ref_year must be an integer or null, not '2023'"),
])
def test_truth_values_of_the_wrong_type_name_the_line(tmp_path, change, message):
    path = tmp_path / "truth.jsonl"
    write_jsonl(path, [TRUTH, {**TRUTH, "indicator": "cpi", **change}])
    with pytest.raises(TruthError, match=message):
        load_truth(path)


def test_empty_and_utf16_truth_files_are_errors(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(TruthError, match="empty.jsonl: no truth lines"):
        load_truth(empty)
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes((json.dumps(TRUTH, ensure_ascii=False) + "\n").encode("utf-16"))
    with pytest.raises(TruthError, match=r"utf16.jsonl:1: not UTF-8"):
        load_truth(utf16)


def test_evaluate_panel_stops_on_a_bad_truth_before_reading_any_report(tmp_path):
    truth = tmp_path / "truth.jsonl"
    write_jsonl(truth, [TRUTH, {**TRUTH, "indicator": "cpi", "value": "十五"}])
    result = run("evaluate-panel", tmp_path / "no-such-report-2024.txt", "--truth", truth, "--out", tmp_path / "p.json")
    assert one_line_failure(result, f"{truth}:2:") == f"error: {truth}:2: value must be a number or null, not '十五'"


def test_truth_of_other_reports_and_unknown_indicators_is_counted_not_scored():
    truth = [TRUTH, {**TRUTH, "doc_id": "dongtai-2042"}, {**TRUTH, "indicator": "GDP growth"},
             {**TRUTH, "indicator": "GDP growth", "measure": "level"}]
    kept, notes = scored_truth(truth, ["dongtai-2024"], ["gdp", "cpi"])
    assert kept == [TRUTH]
    assert notes == ["1 truth line(s) of reports not given (dongtai-2042) not scored",
                     "2 truth line(s) with an indicator that is no canonical id ('GDP growth') not scored"]


# ---------------------------------------------------------------- encodings


def test_a_short_gb18030_report_is_read_as_gb18030():
    text = "各位代表!\n畅通交通网络。\n"
    assert decode(text.encode("gb18030"), "x.txt") == (text, "gb18030")


def test_a_gb18030_report_with_utf8_lines_later_names_the_first_utf8_line():
    gb = "".join(f"地区生产总值增长{n}%以上。\n" for n in range(30)).encode("gb18030")
    undecodable = gb + "国、省考断面。\n".encode("utf-8")  # a byte that GB18030 cannot read
    with pytest.raises(ReportError, match=r"^x\.txt:31: .*the lines before read as gb18030"):
        decode(undecodable, "x.txt")
    decodable = gb + "名词解释\n".encode("utf-8")  # UTF-8 that GB18030 reads as mojibake without an error
    with pytest.raises(ReportError, match=r"^x\.txt:31: this line is UTF-8, the lines before are gb18030"):
        decode(decodable, "x.txt")
