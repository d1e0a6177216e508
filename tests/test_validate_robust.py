"""`validate` never raises: every malformed line is a `file:line: message`, and later lines are still
checked; spans shifted by doccano's UTF-16 offsets are flagged; convert fails cleanly."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from zhibiao.annotations import make_record, validate_files, write_jsonl
from zhibiao.cli import app

GOOD = make_record("r-2024", 0, "地区生产总值增长6%。", {}, [(0, 6, "INDICATOR"), (8, 9, "VALUE")], [(1, 0)])


def line(**changes) -> str:
    return json.dumps({**GOOD, **changes}, ensure_ascii=True)


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


CASES = {
    "lone surrogate": (line(text="地区\ud800生产总值增长6%。"), "lone surrogate"),
    "entities null": (line(entities=None), "field 'entities' must be a list of objects, not null"),
    "entities as lists": (line(entities=[[0, 6, "INDICATOR"]]), "must be an object with id, label"),
    "relations null": (line(relations=None), "field 'relations' must be a list"),
    "doc_id null": (line(doc_id=None), "field 'doc_id' must be a non-empty string, not null"),
    "string sent_id": (line(sent_id="0"), "field 'sent_id' must be an integer, not '0'"),
    "float offset": (line(entities=[{**GOOD["entities"][0], "start_offset": 0.5}]), "'start_offset' must be an integer"),
    "list id": (line(entities=[{**GOOD["entities"][0], "id": [1]}]), "'id' must be an integer or a string"),
    "bad JSON": ('{"text": "x", ', "bad JSON"),
    "not an object": ("[1, 2]", "a line must be a JSON object"),
    "junk": ("ÿþ{}", "bad JSON"),
    "negative sent_id": (line(sent_id=-1), "field 'sent_id' must be 0 or more"),
    "meta a string": (line(meta="x"), "field 'meta' must be an object"),
    "NUL in the text": (line(text="地区生产总值\u0000增长6%。"), "control character U+0000 at column 7"),
    # hand-merged lines: json would keep the last copy without a word
    "text twice": (line()[:-1] + ', "text": "地区生产总值增长6%。。"}', "key 'text' appears twice"),
    "entities twice": (line()[:-1] + ', "entities": []}', "key 'entities' appears twice"),
    "a key twice in an entity": (line(entities=[]).replace('"entities": []', '"entities": [{"id": 1, "id": 2}]'),
                                 "key 'id' appears twice"),
}


def test_a_line_that_is_not_utf8_is_a_problem(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\xff\xfe{}\n" + line().encode("utf-8") + b"\n")
    report = validate_files([path])
    assert [str(p) for p in report.errors] == [f"{path}:1: not UTF-8 (byte 0xff at column 1)"]
    assert report.records == 1


@pytest.mark.parametrize("encoding, reads_as", [("utf-16", "utf-16"), ("gb18030", "gb18030")])
def test_a_file_in_another_encoding_is_one_problem_naming_it(tmp_path, encoding, reads_as):
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({**GOOD, "sent_id": n, "text": f"全县地区生产总值增长{n}%。"}, ensure_ascii=False) for n in range(6)]
    path.write_bytes("\n".join(lines).encode(encoding))
    report = validate_files([path])
    assert [str(p) for p in report.errors] == [f"{path}:1: not UTF-8 (6 of 6 lines): it reads as {reads_as}; "
                                               "save the file as UTF-8"]


@pytest.mark.parametrize("name", CASES)
def test_malformed_line_is_a_problem_and_later_lines_are_checked(tmp_path, name):
    bad, fragment = CASES[name]
    path = tmp_path / "C:gold.jsonl"  # a ':' in the name, as in every Windows path
    later = line(sent_id=1, entities=[{**GOOD["entities"][0], "label": "NOPE"}])
    path.write_text(f"{line()}\n{bad}\n{later}\n", encoding="utf-8")
    report = validate_files([path])
    messages = [str(problem) for problem in report.errors]
    assert messages[0].startswith(f"{path}:2: ") and fragment in messages[0], messages
    assert any(m.startswith(f"{path}:3: unknown label 'NOPE'") for m in messages), messages
    assert not report.ok


def test_cli_validate_prints_every_problem_without_a_traceback_and_drops_the_summary(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(bad for bad, _ in CASES.values()) + "\n", encoding="utf-8")
    summary = tmp_path / "validation.json"
    summary.write_text('{"errors": []}')  # left by an earlier, passing run
    result = run("validate", folder, "--report", summary)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [m for m in result.stderr.splitlines() if m.startswith("error: ")]
    assert len(errors) == len(CASES)
    assert not summary.exists()


def test_summary_written_when_valid(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(line() + "\n", encoding="utf-8")
    summary = tmp_path / "validation.json"
    assert run("validate", path, "--report", summary).exit_code == 0
    assert json.loads(summary.read_text())["sentences"] == 1


# ---------------------------------------------------------------- UTF-16 offsets from doccano

NON_BMP = "新建王𠮷路,新增企业2家。"


def test_value_shifted_by_utf16_offsets_is_an_error_offering_the_conversion(tmp_path):
    value = NON_BMP.index("2")
    record = make_record("r-2024", 0, NON_BMP, {}, [(value + 1, value + 2, "VALUE")])  # doccano's unit offset
    write_jsonl(tmp_path / "a.jsonl", [record])
    report = validate_files([tmp_path / "a.jsonl"])
    message = next(str(p) for p in report.errors if "outside the BMP" in str(p))
    assert "VALUE '家'" in message and f"the span is '2' ({value}-{value + 1})" in message
    assert "entities_from_utf16" in message


def test_other_span_after_a_non_bmp_character_is_a_warning(tmp_path):
    text = "王𠮷路项目开工。"
    start = text.index("项目")
    record = make_record("r-2024", 0, text, {}, [(start + 1, start + 4, "PROJECT")])  # '目开工'
    write_jsonl(tmp_path / "a.jsonl", [record])
    report = validate_files([tmp_path / "a.jsonl"])
    assert report.errors == []
    assert any("PROJECT '目开工'" in str(p) and "'项目开'" in str(p) for p in report.warnings)


def test_span_before_any_non_bmp_character_is_not_flagged(tmp_path):
    text = "增长6%,王𠮷路建成。"
    record = make_record("r-2024", 0, text, {}, [(2, 3, "VALUE")])
    write_jsonl(tmp_path / "a.jsonl", [record])
    assert validate_files([tmp_path / "a.jsonl"]).warnings == []


# ---------------------------------------------------------------- fuzz: nothing makes validation raise

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 40) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
offsets = st.integers(-3, 30) | st.none() | st.text(max_size=3) | st.floats(allow_nan=False)
entities = st.fixed_dictionaries({
    "id": st.integers(0, 4) | st.text(max_size=2) | json_values,
    "label": st.sampled_from(["INDICATOR", "VALUE", "UNIT", "PROJECT", "X"]) | json_values,
    "start_offset": offsets, "end_offset": offsets,
})
relations = st.fixed_dictionaries({
    "id": st.integers(0, 4) | json_values, "from_id": st.integers(0, 4) | json_values,
    "to_id": st.integers(0, 4) | json_values, "type": st.sampled_from(["value_of", "x"]) | json_values,
})
records = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(alphabet=st.characters(codec=None), max_size=20) | json_values,
        "entities": st.lists(entities | json_values, max_size=4) | json_values,
        "relations": st.lists(relations | json_values, max_size=3) | json_values,
        "doc_id": st.text(max_size=5) | json_values,
        "sent_id": st.integers(-1, 3) | json_values,
    },
)
lines = records.map(lambda r: json.dumps(r, ensure_ascii=True)) | json_values.map(json.dumps) | st.text(max_size=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(lines, min_size=1, max_size=5))
def test_no_input_makes_validation_raise(tmp_path, file_lines):
    path = tmp_path / "fuzz:1.jsonl"
    path.write_text("\n".join(text.replace("\n", " ") for text in file_lines) + "\n", encoding="utf-8",
                    errors="surrogatepass")
    report = validate_files([path], sentences={("a", 0): "地区"})
    for problem in [*report.errors, *report.warnings, *report.misaligned]:
        assert str(problem).startswith(f"{path}:") or str(problem).startswith("(corpus)")
        str(problem).encode("utf-8")  # printable: no lone surrogate reaches the terminal


# ---------------------------------------------------------------- convert

def test_convert_with_two_reports_is_a_clean_error(tmp_path):
    gold = tmp_path / "gold"
    write_jsonl(gold / "a.jsonl", [{**GOOD, "doc_id": "a-2024"}])
    write_jsonl(gold / "b.jsonl", [{**GOOD, "doc_id": "b-2024"}])
    result = run("convert", gold, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: need at least 3 reports to split, got 2")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("bad", [line(doc_id=None), line(sent_id="0"), '{"text": '])
def test_convert_refuses_malformed_gold(tmp_path, bad):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.jsonl").write_text(bad + "\n", encoding="utf-8")
    result = run("convert", gold, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "run `zhibiao validate` on the gold first" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("changes, where", [
    ({"doc_id": "r-2024\ud800"}, "field 'doc_id'"),
    ({"meta": {"title": ["ok", "\udc00"]}}, "field 'meta.title[1]'"),
    ({"entities": [{**GOOD["entities"][0], "label": "INDICATOR\ud800"}, GOOD["entities"][1]]}, "field 'entities[0].label'"),
    ({"extra\ud800": 1}, "a field name in the line"),
])
def test_a_lone_surrogate_in_any_string_of_a_record_names_the_field(tmp_path, changes, where):
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{line()}\n{line(sent_id=1, **changes)}\n", encoding="utf-8")
    report = validate_files([path])
    assert len(report.errors) == 1, report.errors
    message = str(report.errors[0])
    assert message.startswith(f"{path}:2: {where} has a lone surrogate "), message
    assert message.endswith("(broken UTF-16 in the source); fix the character")
    message.encode("utf-8")  # printable: the character itself is escaped


def test_evaluate_records_refuses_a_doc_id_with_a_lone_surrogate_instead_of_crashing(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{line()}\n{line(sent_id=1, doc_id='r-2024' + chr(0xD800))}\n", encoding="utf-8")
    result = run("evaluate-records", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}:2: field 'doc_id' has a lone surrogate" in result.stderr


@pytest.mark.parametrize("changes, where", [({"text": "地区\ud800生产"}, "field 'text'"),
                                            ({"doc_id": "x\ud800"}, "field 'doc_id'")])
def test_preannotate_refuses_a_lone_surrogate_in_the_sentences_at_its_line(tmp_path, changes, where):
    sentences = tmp_path / "sentences.jsonl"
    good = {"doc_id": "x", "sent_id": 0, "text": "地区生产总值增长6%。", "meta": {}}
    sentences.write_text(json.dumps(good) + "\n" + json.dumps({**good, "sent_id": 1, **changes}) + "\n", encoding="utf-8")
    result = run("preannotate", sentences, "--out", tmp_path / "pre.jsonl")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (f"error: {sentences}:2: {where} has a lone surrogate '\\ud800' at "
                                     f"{next(iter(changes.values())).index(chr(0xD800))} (broken UTF-16 in the source); "
                                     "fix the character")
    assert not (tmp_path / "pre.jsonl").exists()


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_cr_and_crlf_end_lines_as_an_editor_numbers_them(tmp_path, end):
    path = tmp_path / "gold.jsonl"
    bad = line(sent_id=2, entities=[{**GOOD["entities"][0], "label": "NOPE"}], relations=[])
    path.write_bytes(end.join([line(), line(sent_id=1), "", bad, ""]).encode("utf-8"))
    report = validate_files([path])
    assert report.records == 3
    assert [str(p) for p in report.errors] == [f"{path}:4: unknown label 'NOPE' (known: INDICATOR, VALUE, UNIT, PROJECT)"]


def test_a_pretty_printed_json_array_is_named_once_not_line_by_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n" + json.dumps([GOOD, {**GOOD, "sent_id": 1}], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report = validate_files([path])
    assert [str(p) for p in report.errors] == [f"{path}:2: the file is a JSON array, not JSON Lines (one JSON object a "
                                               "line); write each record on a line of its own"]
    result = run("validate", path)
    assert result.exit_code == 1 and result.stderr.count("error:") == 1, result.stderr


def test_a_file_starting_with_a_broken_array_line_is_still_read_line_by_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(f"[1, 2\n{line()}\n[3]\n", encoding="utf-8")
    report = validate_files([path])
    assert [str(p).split(" (")[0] for p in report.errors] == [f"{path}:1: bad JSON", f"{path}:3: a line must be a JSON object"]
    assert report.records == 2


@pytest.mark.parametrize("start, end, shape", [(8, 8, "empty"), (9, 8, "reversed"), (23, 17, "reversed")])
def test_an_empty_or_reversed_span_is_named_so_not_outside_the_text(tmp_path, start, end, shape):
    path = tmp_path / "gold.jsonl"
    path.write_text(line(entities=[GOOD["entities"][0], {**GOOD["entities"][1], "start_offset": start, "end_offset": end}])
                    + "\n", encoding="utf-8")
    report = validate_files([path])
    assert [str(p) for p in report.errors] == [
        f"{path}:1: VALUE offsets {start}-{end}: the span is {shape} (start_offset must be less than end_offset)"]


def test_a_doccano_export_in_the_label_format_names_the_command_that_converts_doccano_exports(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"id": 3, "text": GOOD["text"], "label": [[0, 6, "INDICATOR"]]}) + "\n", encoding="utf-8")
    report = validate_files([path])
    assert len(report.errors) == 1
    message = report.errors[0].message
    assert message.startswith("missing field(s): entities, relations, doc_id, sent_id; this looks like a doccano export")
    assert "`zhibiao doccano pull`" in message and "JSONL(Relation)" in message


def test_a_sentence_longer_than_the_pipeline_reads_is_an_error_at_its_line(tmp_path):
    from zhibiao.sentences import MAX_SENTENCE_CHARS

    longest = GOOD["text"] + "地" * (MAX_SENTENCE_CHARS - len(GOOD["text"]))
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{line(text=longest)}\n{line(sent_id=1, text=longest + '地')}\n", encoding="utf-8")
    report = validate_files([path])
    assert [str(p) for p in report.errors] == [
        f"{path}:2: text has {MAX_SENTENCE_CHARS + 1} characters, more than the {MAX_SENTENCE_CHARS} of the longest "
        "sentence the pipeline reads (zhibiao.sentences.MAX_SENTENCE_CHARS): split it into sentences"]


def test_a_gold_file_an_editor_saved_with_a_bom_is_read(tmp_path):
    path = tmp_path / "r-2024.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (line() + "\n" + line(sent_id=1) + "\n").encode("utf-8"))
    report = validate_files([path])
    assert report.ok and report.records == 2, report.errors
    path.write_bytes((line() + "\n").encode("utf-8") + b"\xef\xbb\xbf" + (line(sent_id=1) + "\n").encode("utf-8"))
    assert [str(error) for error in validate_files([path]).errors] == [  # not at the start: no BOM, a stray character
        f"{path}:2: bad JSON (Unexpected UTF-8 BOM (decode using utf-8-sig) at column 1)"]
