"""Bad inputs a user could hand the project, each refused or reported in one line naming the file (and line), never
silently dropped, kept or changed: gold fields, spreadsheet cells, sentence ends, control and invisible
characters, cross-validation arguments, rule word lists, strict JSON, case collisions, empty paths, a full disk
and mistyped environment variables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao.annotations import make_record, validate_files
from zhibiao.cli import app

TEXT = "地区生产总值增长6%。"
GOOD = make_record("t-2025", 0, TEXT, {}, [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], [(1, 0)])


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def gold_file(tmp_path: Path, *records: dict, name: str = "t-2025.jsonl") -> Path:
    path = tmp_path / "gold" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [str(problem) for problem in validate_files([path]).errors]


# ---------------------------------------------------------------- 1. unknown fields of a gold line

@pytest.mark.parametrize("change, says", [
    ({"sentid": 0}, "unknown field 'sentid' (did you mean 'sent_id'?)"),
    ({"labels": []}, "unknown field 'labels'"),
])
def test_an_unknown_field_of_a_gold_line_is_an_error_at_its_line(tmp_path, change, says):
    path = gold_file(tmp_path, GOOD, {**GOOD, "sent_id": 1, **change})
    [message] = messages(path)
    assert message.startswith(f"{path}:2: ") and says in message


def test_a_misspelt_required_field_is_named_beside_the_missing_one(tmp_path):
    record = {key: value for key, value in GOOD.items() if key != "entities"}
    path = gold_file(tmp_path, {**record, "entites": GOOD["entities"]})
    assert messages(path) == [f"{path}:1: missing field(s): entities",
                              f"{path}:1: unknown field 'entites' (did you mean 'entities'?)"]


def test_an_unknown_field_of_an_entity_or_relation_is_an_error(tmp_path):
    entities = [{**GOOD["entities"][0], "txt": "地区生产总值"}, *GOOD["entities"][1:]]
    relations = [{**GOOD["relations"][0], "typ": "value_of"}]
    path = gold_file(tmp_path, {**GOOD, "entities": entities, "relations": relations})
    found = messages(path)
    assert len(found) == 2 and "unknown field 'txt'" in found[0] and "unknown field 'typ'" in found[1]


def test_the_fields_the_project_writes_and_keeps_validate(tmp_path):
    # meta (anything in it) and an annotator's remark, which `doccano pull` keeps on the line it fills
    path = gold_file(tmp_path, {**GOOD, "meta": {"synthetic": False, "wording": "x"}, "comment": "待核对", "note": "?"})
    assert messages(path) == []


def test_the_project_gold_and_synthetic_sentences_have_no_unknown_field():
    root = Path(__file__).resolve().parents[1] / "corpus"
    files = sorted((root / "annotations").glob("*.jsonl")) + sorted((root / "synthetic").glob("*.jsonl"))
    assert files
    assert not [problem for problem in validate_files(files).errors if "unknown field" in problem.message]


# ---------------------------------------------------------------- 2. spreadsheet formulas in CSV cells

def _record(**fields) -> dict:
    from zhibiao.records import RECORD_FIELDS

    return {**dict.fromkeys(RECORD_FIELDS), "kind": "actual", "sentence": "s", "start": 0, "end": 1, **fields}


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+cmd|'/C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_records_csv_text_cell_that_starts_a_formula_is_quoted(tmp_path, text):
    import csv

    from zhibiao.extraction import write_records

    out = tmp_path / "r.csv"
    write_records(out, [_record(sentence=text, indicator=text)])
    [row] = csv.DictReader(out.open(encoding="utf-8-sig", newline=""))
    assert row["sentence"] == row["indicator"] == "'" + text


def test_numbers_in_a_records_csv_stay_numbers(tmp_path):
    import csv

    from zhibiao.extraction import write_records

    out = tmp_path / "r.csv"
    write_records(out, [_record(value=-3.5, value_text="-3.5", multiplier=1e8, indicator="增加值"),
                        _record(value=[-1.0, 2.0], value_text="+5%", indicator="地区生产总值")])
    first, second = csv.DictReader(out.open(encoding="utf-8-sig", newline=""))
    assert (first["value"], first["value_text"], first["multiplier"]) == ("-3.5", "-3.5", "100000000.0")
    assert float(first["value"]) == -3.5
    assert (second["value"], second["value_text"]) == ("[-1.0, 2.0]", "+5%")


def test_a_panel_csv_guards_text_cells_and_keeps_negative_numbers_numeric(tmp_path):
    import pandas as pd

    from zhibiao.panel import PANEL_COLUMNS, write_panel

    row = {**dict.fromkeys(PANEL_COLUMNS), "doc_id": "t-2025", "kind": "actual", "indicator": "gdp", "year": 2025,
           "indicator_text": "=1+1", "sentence": "-cmd", "value": -3.5, "value_base": -3.5, "qualifier_text": "-3"}
    out = tmp_path / "panel.csv"
    write_panel(out, [row])
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert frame.loc[0, "indicator_text"] == "'=1+1" and frame.loc[0, "sentence"] == "'-cmd"
    assert frame["value"].dtype == "float64" and frame.loc[0, "value"] == -3.5 and frame.loc[0, "value_base"] == -3.5
    assert str(frame.loc[0, "qualifier_text"]) == "-3"  # a number as written is no formula


@pytest.mark.parametrize("cell, safe", [
    ("-3.5", "-3.5"), ("+5%", "+5%"), ("-1e3", "-1e3"), ("-", "'-"), ("--1", "'--1"), ("-3.5-1", "'-3.5-1"),
    ("增长", "增长"), ("a=1", "a=1"), (-3.5, -3.5), (None, None), ("", ""),
])
def test_safe_cell(cell, safe):
    from zhibiao.spreadsheet import safe_cell

    assert safe_cell(cell) == safe


# ---------------------------------------------------------------- 3. an ASCII full stop between Han characters

@pytest.mark.parametrize("text, expected", [
    ("全年完成目标.明年继续努力", ["全年完成目标.", "明年继续努力"]),
    ("增长6.5%左右.新增企业102家", ["增长6.5%左右.", "新增企业102家"]),  # after a Han character only
    ("地区生产总值增长6.5%.明年", ["地区生产总值增长6.5%.明年"]),  # `%.` is no Han pair: kept whole
    ("1.地区生产总值增长6.5%", ["1.地区生产总值增长6.5%"]),
    ("“完成目标.明年”继续", ["“完成目标.明年”继续"]),  # never inside quotes
    ("部署Qwen2.5模型.明年推广", ["部署Qwen2.5模型.", "明年推广"]),
])
def test_an_ascii_full_stop_between_han_characters_ends_a_sentence(text, expected):
    from zhibiao.sentences import split_sentences

    assert split_sentences(text) == expected


def test_the_project_sentences_hold_no_full_stop_between_han_characters():
    # the clean corpus and the gold were split before this rule: no sentence of theirs changes with it
    import re

    from zhibiao.sentences import split_sentences

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [json.loads(line)["text"] for path in sorted((root / "annotations").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert texts and not any(re.search(r"[\u4e00-\u9fff]\.[\u4e00-\u9fff]", text) for text in texts)
    assert all(split_sentences(text) == [text] for text in texts if "." in text)


# ---------------------------------------------------------------- 4. control characters in a raw report

def test_control_characters_are_removed_and_counted_by_clean(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    # \x01 and \x7f inside sentences, \x1f (which clean once took for a removed fragment's mark) before a 。,
    # a C1 control (\x9b) and a tab, which stays
    (raw / "t-2025.txt").write_text("地区生产总值增长6%左右\x01，新增企业102家\x1f。\n收入增长5%\x7f以上\x9b。\t完成。\n",
                                    encoding="utf-8")
    result = run("clean", raw, "--out", tmp_path / "clean")
    assert result.exit_code == 0, result.output
    assert "removed control_chars 4" in result.stdout
    report = json.loads((tmp_path / "clean" / "report.json").read_text(encoding="utf-8"))
    assert report["removed"]["t-2025"]["control_chars"] == 4
    texts = [json.loads(line)["text"] for line in (tmp_path / "clean" / "sentences.jsonl").read_text().splitlines()]
    assert texts == ["地区生产总值增长6%左右，新增企业102家。", "收入增长5%以上。", "完成。"]


def test_a_report_without_control_characters_counts_none():
    from zhibiao.clean import clean_text

    report = clean_text("地区生产总值增长6%左右。\t新增企业102家。")
    assert report.removed["control_chars"] == 0 and "\t" in report.text


# ---------------------------------------------------------------- 5. invisible characters and spaces in doc_ids

@pytest.mark.parametrize("doc_id", ["t\u200b-2025", "\ufefft-2025", "t\u00ad-2025", "t-2025\u200e", "t\u202e-2025",
                                    "t  2025", "t\u30002025", "t\u00a02025", "t\x85-2025", "t\t2025"])
def test_a_doc_id_with_an_invisible_character_or_a_space_is_refused(tmp_path, doc_id):
    path = gold_file(tmp_path, {**GOOD, "doc_id": doc_id})
    [message] = messages(path)
    assert message.startswith(f"{path}:1: field 'doc_id' must be usable as a file name (")
    assert "invisible characters" in message and "no whitespace but single spaces inside" in message


def test_clean_refuses_a_report_file_name_with_an_invisible_character(tmp_path):
    from zhibiao.preprocess import preprocess

    (tmp_path / "t\u200b-2025.txt").write_text("地区生产总值增长6%左右。\n", encoding="utf-8")
    (tmp_path / "u-2025.txt").write_text("地区生产总值增长6%左右。\n", encoding="utf-8")
    result = preprocess([tmp_path])
    assert [doc["doc_id"] for doc in result.docs] == ["u-2025"]
    [error] = result.errors
    assert "t\u200b-2025.txt: the file name cannot be a doc_id (" in error and error.endswith("rename the file")


def test_the_project_doc_ids_are_file_stems():
    from zhibiao.record_shape import is_file_stem

    root = Path(__file__).resolve().parents[1] / "corpus"
    assert all(is_file_stem(path.stem) for path in (root / "raw").iterdir())
    assert is_file_stem("jintan-2025") and is_file_stem("金坛区_2025") and is_file_stem("county-2024 (1)")
    assert not is_file_stem("..") and not is_file_stem("county-2024  (1)")


# ---------------------------------------------------------------- 8. strict JSON

NOT_JSON = [("NaN", "NaN is no JSON number"), ("Infinity", "Infinity is no JSON number"),
            ("-Infinity", "-Infinity is no JSON number"), ("1e999", "the number 1e999 is too large"),
            ("-1e999", "the number -1e999 is too large"), ("1" * 5000, "a number too long to read")]


@pytest.mark.parametrize("number, says", NOT_JSON)
def test_a_gold_line_with_a_number_json_does_not_have_is_an_error_at_its_line(tmp_path, number, says):
    line = json.dumps({**GOOD, "sent_id": 1}, ensure_ascii=False).replace('"meta": {}', f'"meta": {{"year": {number}}}')
    path = gold_file(tmp_path, GOOD)
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    [message] = messages(path)
    assert message.startswith(f"{path}:2: ") and says in message


def test_a_key_given_twice_in_a_nested_object_is_an_error(tmp_path):
    path = gold_file(tmp_path, GOOD)
    line = json.dumps(GOOD, ensure_ascii=False).replace('"meta": {}', '"meta": {"year": 2024, "year": 2025}')
    path.write_text(line + "\n", encoding="utf-8")
    assert messages(path) == [f"{path}:1: key 'year' appears twice"]


@pytest.fixture
def rules_json(tmp_path) -> Path:
    from conftest import RULES

    path = tmp_path / "rules.json"
    path.write_bytes(Path(RULES).read_bytes())
    return path


@pytest.mark.parametrize("change, says", [
    (lambda text: text.replace('"units": [', '"units": [NaN, ', 1), ": NaN is no JSON number"),
    (lambda text: text.replace('"units": [', '"units": [1e999, ', 1), ": the number 1e999 is too large"),
    (lambda text: text.replace('"units": [', '"units": [], "units": [', 1), ": key 'units' appears twice"),
    (lambda text: text.replace('"units": [', '"units": [,', 1), ":3: bad JSON"),  # the line of "units"
])
def test_rule_patterns_that_are_not_strict_json_are_one_line(rules_json, tmp_path, change, says):
    text = rules_json.read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith(' "units": [')
    rules_json.write_text(change(text), encoding="utf-8")
    result = run("preannotate", tmp_path / "none.jsonl", "--patterns", rules_json, "--out", tmp_path / "out.jsonl")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith(f"error: {rules_json}{says}"), result.stderr


def test_rule_patterns_with_a_bom_are_read_as_the_gold_is(rules_json):
    from zhibiao.patterns import load_patterns

    plain = load_patterns(rules_json)
    rules_json.write_bytes(b"\xef\xbb\xbf" + rules_json.read_bytes())
    assert load_patterns(rules_json).units == plain.units


def test_an_indicator_table_with_nan_or_a_key_twice_names_the_file(tmp_path):
    from zhibiao.indicators import load_table

    path = tmp_path / "indicators.json"
    for text, says in [('{"a": NaN}', "NaN is no JSON number"), ('{"a": 1, "a": 2}', "key 'a' appears twice")]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError) as err:
            load_table(path)
        assert str(err.value).startswith(f"{path}: ") and says in str(err.value)


# ---------------------------------------------------------------- 7. the word lists of configs/rules.json

def _rules_with(rules_json: Path, change) -> Path:
    data = json.loads(rules_json.read_text(encoding="utf-8"))
    change(data)
    rules_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return rules_json


@pytest.mark.parametrize("change, says", [
    (lambda data: data.update(unitz=["亿元"]), "'unitz': no such list (did you mean 'units'?)"),
    (lambda data: data.update(units="亿元"), "units: must be a list of words, not '亿元'"),
    (lambda data: data["change_words"].append(""), "change_words[{n}]: must be a non-empty string, not ''"),
    (lambda data: data["change_words"].append(5), "change_words[{n}]: must be a non-empty string, not 5"),
    (lambda data: data["change_words"].append(data["change_words"][0]), "change_words: '{first}' is listed twice"),
])
def test_rule_word_lists_that_the_rules_cannot_read_name_the_key(rules_json, tmp_path, change, says):
    from zhibiao.patterns import load_patterns
    from zhibiao.ruler import rules_pipeline

    words = json.loads(rules_json.read_text(encoding="utf-8"))["change_words"]
    says = says.format(n=len(words), first=words[0])
    _rules_with(rules_json, change)
    result = run("preannotate", tmp_path / "none.jsonl", "--patterns", rules_json, "--out", tmp_path / "out.jsonl")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert line == f"error: {rules_json}: not rule patterns ({says})"
    with pytest.raises(ValueError) as err:
        load_patterns(rules_json)
    assert str(err.value) == f"{rules_json}: {says}"
    with pytest.raises(ValueError, match="listed twice|no such list|must be"):  # the component, at initialize
        rules_pipeline(rules_json, linker=False)


def test_the_project_rules_pass_and_comments_are_free(rules_json):
    from zhibiao.patterns import check_pattern_lists

    data = json.loads(rules_json.read_text(encoding="utf-8"))
    check_pattern_lists({**data, "_comment_new": "any text", "_note": ["x", "x"]})


# ---------------------------------------------------------------- 9. names that differ only in letter case

def test_doc_ids_that_differ_only_in_letter_case_are_an_error_naming_both(tmp_path):
    first = gold_file(tmp_path, GOOD, name="a.jsonl")
    second = gold_file(tmp_path, {**GOOD, "doc_id": "T-2025"}, name="b.jsonl")
    problems = [str(problem) for problem in validate_files([first, second]).errors]
    assert problems == [f"{second}:1: doc_id 'T-2025' differs from 't-2025' (at {first}:1) only in letter case "
                        "(one name on a case-insensitive file system (Windows, macOS)); give one spelling"]
    assert validate_files([first, gold_file(tmp_path, {**GOOD, "doc_id": "t-2026"}, name="c.jsonl")]).ok


def test_gold_files_that_differ_only_in_letter_case_are_an_error(tmp_path):
    first = gold_file(tmp_path, GOOD)
    second = gold_file(tmp_path, {**GOOD, "sent_id": 1}, name="T-2025.jsonl")
    result = run("validate", tmp_path / "gold")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [error] = [line for line in result.stderr.splitlines() if "letter case" in line]
    assert error.startswith(f"error: {first}: differs from {second} only in letter case")  # read in sorted order


def test_a_gold_file_name_with_an_invisible_character_is_an_error(tmp_path):
    path = gold_file(tmp_path, GOOD, name="t\u200b-2025.jsonl")
    assert [str(problem).split(" (")[0] for problem in validate_files([path]).errors] == [
        f"{path}: the file name cannot name gold"]


def test_clean_refuses_raw_reports_whose_names_differ_only_in_letter_case(tmp_path):
    from zhibiao.preprocess import preprocess

    for name in ("t-2025.txt", "T-2025.txt"):
        (tmp_path / name).write_text("地区生产总值增长6%左右。\n", encoding="utf-8")
    result = preprocess([tmp_path])
    assert [doc["doc_id"] for doc in result.docs] == ["T-2025"]  # sorted: upper case first
    [error] = result.errors
    assert error.startswith(f"{tmp_path / 't-2025.txt'}: duplicate doc_id 't-2025', also the stem of "
                            f"{tmp_path / 'T-2025.txt'} but for letter case")


# ---------------------------------------------------------------- 10. empty paths

@pytest.mark.parametrize("args, option", [
    (["clean", "corpus/raw", "--out", ""], "'--out'"),  # wrote its corpus into the working folder
    (["validate", ""], "'paths'"),  # read every file of the working folder
    (["extract", "x.txt", "--out", "  "], "'--out'"),
    (["cv-train", "", "corpus/annotations", "--models", "m"], "'config'"),
    (["doccano", "pull", "--gold", ""], "'--gold'"),
])
def test_an_empty_path_is_a_one_line_usage_error(tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    [line] = result.output.splitlines()
    command = " ".join(args[:2] if args[0] == "doccano" else args[:1])
    assert line.startswith("error: ") and f" {command}: " in line and line.endswith(f"{command} --help")
    assert f"Invalid value for {option}: an empty path; give a file or folder" in line
    assert list(tmp_path.iterdir()) == []  # nothing written where the empty path led


def test_every_path_parameter_of_every_command_refuses_an_empty_path():
    import typer

    from zhibiao.cli.usage_errors import _PathType

    def commands(command):
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from commands(sub)

    group = typer.main.get_command(app)
    checked = 0
    for command in commands(group):
        for param in command.params:
            if not isinstance(param.type, _PathType):
                continue
            ctx = typer.Context(command)
            for empty in ("", ("x", "")):
                with pytest.raises(Exception, match="an empty path"):
                    param.callback(ctx, param, empty)
            assert param.callback(ctx, param, "x") == "x" and param.callback(ctx, param, None) is None
            checked += 1
    assert checked > 40  # every command's inputs and outputs


# ---------------------------------------------------------------- 11. a full disk

def _full_disk(*args, **kwargs):
    import errno
    import os

    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_writing_is_an_output_error_naming_the_file_and_leaves_it_as_it_was(tmp_path):
    from zhibiao.atomic import OutputError, replacing

    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as err:
        with replacing(target) as (written,):
            written.write_text("half", encoding="utf-8")
            _full_disk()
    assert str(err.value) == f"{target}: cannot write (No space left on device); left as it was"
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_input_that_cannot_be_read_inside_the_block_is_not_taken_for_a_write_failure(tmp_path):
    from zhibiao.atomic import replacing

    with pytest.raises(FileNotFoundError):
        with replacing(tmp_path / "out.json"):
            (tmp_path / "missing.txt").read_text()
    assert list(tmp_path.iterdir()) == []


def test_clean_on_a_full_disk_is_one_line_and_keeps_the_corpus(tmp_path, monkeypatch):
    import srsly

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "t-2025.txt").write_text("地区生产总值增长6%左右。\n", encoding="utf-8")
    out = tmp_path / "clean"
    assert run("clean", raw, "--out", out).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    (raw / "u-2025.txt").write_text("新增企业102家。\n", encoding="utf-8")

    def half_then_full(path, lines, *args, **kwargs):
        Path(path).write_text("{", encoding="utf-8")
        _full_disk()

    monkeypatch.setattr(srsly, "write_jsonl", half_then_full)
    result = run("clean", raw, "--out", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: {out / 'sentences.jsonl'}, ") and "cannot write (No space left on device)" in last
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before  # no partial or temporary file


def test_a_gold_file_written_on_a_full_disk_is_left_whole(tmp_path):
    from zhibiao.annotations import read_records, write_jsonl
    from zhibiao.atomic import OutputError

    path = gold_file(tmp_path, GOOD)
    records = [GOOD, {**GOOD, "sent_id": 1}]

    def full_after_one():
        yield records[0]
        _full_disk()

    with pytest.raises(OutputError, match="No space left on device"):
        write_jsonl(path, full_after_one())
    assert read_records(path) == [GOOD] and [p.name for p in path.parent.iterdir()] == [path.name]


# ---------------------------------------------------------------- 12. mistyped ZHIBIAO_ variables

def test_a_mistyped_zhibiao_variable_is_named_with_the_nearest_known_one(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHIBIAO_MODLE", str(tmp_path / "model"))
    monkeypatch.setenv("ZHIBIAO_DOCCANO_PASWORD", "x")
    monkeypatch.setenv("ZHIBIAO_MODEL", str(tmp_path / "model"))  # known: no warning
    result = run("validate", gold_file(tmp_path, GOOD))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ZHIBIAO_")]
    assert warnings == [
        "warning: ZHIBIAO_DOCCANO_PASWORD is set but no zhibiao setting has that name (did you mean "
        "ZHIBIAO_DOCCANO_PASSWORD?); it is ignored",
        "warning: ZHIBIAO_MODLE is set but no zhibiao setting has that name (did you mean ZHIBIAO_MODEL?); "
        "it is ignored"]


def test_an_unrelated_zhibiao_variable_lists_the_known_ones():
    from zhibiao.environment import KNOWN, unknown_variables

    [warning] = unknown_variables({"ZHIBIAO_XYZ": "1", "PATH": "/bin", **dict.fromkeys(KNOWN, "")})
    assert warning.startswith("ZHIBIAO_XYZ is set") and "known: ZHIBIAO_MODEL, " in warning


def test_every_zhibiao_variable_the_code_reads_is_known():
    import re

    from zhibiao.environment import KNOWN

    package = Path(__file__).resolve().parents[1] / "zhibiao"
    named = {name for path in package.rglob("*.py") if path.name != "environment.py"
             for name in re.findall(r"ZHIBIAO_[A-Z_]*[A-Z](?![A-Z_*])", path.read_text(encoding="utf-8"))}
    assert named and named <= set(KNOWN), named - set(KNOWN)


# ---------------------------------------------------------------- 6. cv-train

CONFIGS = Path(__file__).resolve().parents[1] / "configs"


@pytest.fixture
def two_reports(tmp_path) -> Path:
    gold_file(tmp_path, GOOD)
    gold_file(tmp_path, {**GOOD, "doc_id": "u-2025"}, name="u-2025.jsonl")
    return tmp_path / "gold"


def cv_train(tmp_path, gold, config, *more):
    return run("cv-train", config, gold, "--models", tmp_path / "models", "--work", tmp_path / "work", *more)


def cv_failure(result, tmp_path) -> str:
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert not (tmp_path / "work").exists() and not (tmp_path / "models").exists()  # refused before any work
    return result.stderr.strip().splitlines()[-1]


def test_cv_train_with_a_missing_or_wrong_config_is_one_line_before_any_work(tmp_path, two_reports):
    missing = tmp_path / "nope.cfg"
    assert cv_failure(cv_train(tmp_path, two_reports, missing), tmp_path) == (
        f"error: {missing}: no training config (no such file)")
    garbage = tmp_path / "garbage.cfg"
    garbage.write_text("[training\nmax_steps = 1\n", encoding="utf-8")
    assert cv_failure(cv_train(tmp_path, two_reports, garbage), tmp_path).startswith(
        f"error: {garbage}: not a spaCy training config (")
    final = CONFIGS / "final.cfg"  # the assemble config: no training settings
    assert cv_failure(cv_train(tmp_path, two_reports, final), tmp_path).startswith(
        f"error: {final}: not a spaCy training config: no [paths] train")


@pytest.mark.parametrize("more, says", [
    (["--max-steps", "0"], "error: --max-steps must be at least 1, not 0"),
    (["--seed", "1", "--seed", "1"], "error: --seed 1 given twice: its models would overwrite each other"),
    (["--seed", "-1"], "error: --seed -1: seeds are 0 or more"),
])
def test_cv_train_options_that_cannot_run_are_one_line(tmp_path, two_reports, more, says):
    assert cv_failure(cv_train(tmp_path, two_reports, CONFIGS / "ner.cfg", *more), tmp_path) == says


def test_cv_train_on_one_report_or_into_a_file_is_one_line(tmp_path, two_reports):
    (two_reports / "u-2025.jsonl").unlink()
    assert cv_failure(cv_train(tmp_path, two_reports, CONFIGS / "ner.cfg"), tmp_path) == (
        "error: leave-one-report-out needs the gold of at least 2 reports, got 1 (t-2025): its only fold would train "
        "on nothing")
    gold_file(tmp_path, {**GOOD, "doc_id": "u-2025"}, name="u-2025.jsonl")
    taken = tmp_path / "taken"
    taken.write_text("", encoding="utf-8")
    result = run("cv-train", CONFIGS / "ner.cfg", two_reports, "--models", taken / "cv", "--work", tmp_path / "work")
    assert result.exit_code == 1 and not (tmp_path / "work").exists()
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: --models: {taken}: is a file, but {taken / 'cv'} needs it to be a folder")


def test_a_fold_training_that_fails_is_one_line_naming_the_fold_and_spacys_message(tmp_path, two_reports, monkeypatch):
    import subprocess

    def failing(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, b"=== Initializing ===\n\xe2\x9c\x98 Config validation error\n\n")

    monkeypatch.setattr(subprocess, "run", failing)
    result = cv_train(tmp_path, two_reports, CONFIGS / "ner.cfg", "--seed", "0")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "error: fold t-2025 seed 0: spacy train failed (exit 1): ✘ Config validation error")
    assert not (tmp_path / "models" / "folds.json").exists()
