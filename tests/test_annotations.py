"""The annotation validator: one small bad file per error kind, each reported as `file:line: what`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from zhibiao.annotations import (
    AnnotationError,
    char_tokenizer_alignment,
    make_record,
    read_jsonl,
    record_relations,
    span_edge_problem,
    validate_files,
    validate_record,
    write_jsonl,
)
from zhibiao.cli import app
from zhibiao.corpus import annotation_files, load_sentence_texts

DATA = Path(__file__).parent / "data" / "annotations"
REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "corpus" / "annotations"


def problems(report) -> list[str]:
    return [str(p) for p in report.errors]


def only_error(path: Path, line: int, fragment: str, **kwargs) -> str:
    """Validate one file, assert exactly one error, at `path:line`, mentioning `fragment`."""
    report = validate_files([path], **kwargs)
    assert len(report.errors) == 1, problems(report)
    message = str(report.errors[0])
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message
    assert not report.ok
    return message


# ---------------------------------------------------------------- the good file

def test_good_file_has_no_problems_and_counts_labels():
    report = validate_files([DATA / "good.jsonl"], char_tokenizer_alignment())
    assert problems(report) == []
    assert report.misaligned == []
    assert report.warnings == []
    assert report.ok
    assert report.records == 11
    assert report.label_counts == {"INDICATOR": 8, "VALUE": 9, "UNIT": 8, "PROJECT": 3}
    assert report.relation_count == 8


@pytest.mark.parametrize("surface", ["省级智能车间(工厂)", "“小巨人”企业", "“揭榜挂帅”项目", "区域智算中心(一期)",
                                     '"四上"企业', '省级"专精特新"'])
def test_owned_brackets_and_quotes_are_allowed_at_span_edges(surface):
    text = f"新增{surface}12家。"
    start = text.index(surface)
    assert span_edge_problem(text, start, start + len(surface), "INDICATOR") is None


@pytest.mark.parametrize("unit", ["%", "％", "‰"])
def test_percent_signs_are_units_not_edge_punctuation(unit):
    # Reports typed in full-width characters write ％ for %: the same unit, so gold may label it.
    text = f"增长6.3{unit}。"
    assert span_edge_problem(text, 5, 6, "UNIT") is None
    assert "punctuation" in span_edge_problem("增长6.3。", 5, 6, "UNIT")


def test_a_negative_value_keeps_its_sign():
    # ANNOTATION.md: `增长【-31.4】【%】`; a sign before anything else is still edge punctuation
    text = "增长-31.4%。"
    assert span_edge_problem(text, 2, 7, "VALUE") is None
    assert "punctuation" in span_edge_problem(text, 2, 7, "INDICATOR")
    assert "punctuation" in span_edge_problem("增长-%。", 2, 4, "VALUE")


# ---------------------------------------------------------------- one file per error kind

def test_bad_json_names_file_and_line():
    only_error(DATA / "bad_json.jsonl", 2, "bad JSON")
    with pytest.raises(AnnotationError, match=r"bad_json\.jsonl:2: bad JSON"):
        read_jsonl(DATA / "bad_json.jsonl")


def test_a_line_that_is_not_an_object_is_reported(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text('\n["text", "entities"]\n', encoding="utf-8")
    only_error(path, 2, "must be a JSON object")


def test_missing_fields():
    only_error(DATA / "missing_fields.jsonl", 2, "missing field(s): relations, doc_id")


def test_offsets_outside_the_text():
    path = DATA / "offsets_outside.jsonl"
    report = validate_files([path])
    assert problems(report) == [
        f"{path}:1: VALUE offsets 8-40 outside the text (length 13)",
        f"{path}:2: VALUE offsets 5-5: the span is empty (start_offset must be less than end_offset)",
        f"{path}:3: PROJECT offsets -1-3 outside the text (length 13)",
    ]


def _gdp_record(**value_changes) -> dict:
    value = {"id": 2, "label": "VALUE", "start_offset": 10, "end_offset": 11, **value_changes}
    return {"doc_id": "x", "sent_id": 1, "text": "全县地区生产总值增长6%。",
            "entities": [{"id": 1, "label": "INDICATOR", "start_offset": 2, "end_offset": 8}, value,
                         {"id": 3, "label": "UNIT", "start_offset": 11, "end_offset": 12}],
            "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "value_of"}]}


@pytest.mark.parametrize("changes, message", [
    ({"end_offset": 40}, "VALUE offsets 10-40 outside the text (length 13)"),
    ({"start_offset": 11}, "VALUE offsets 11-11: the span is empty (start_offset must be less than end_offset)"),
    ({"label": "VALU"}, "unknown label 'VALU' (known: INDICATOR, VALUE, UNIT, PROJECT)"),
])
def test_a_broken_value_is_one_error_not_its_knock_on_ones(changes, message):
    # the UNIT after it, the relation from it and the INDICATOR it measures are right as the annotator meant them
    assert validate_record(_gdp_record(**changes)) == ([message], [])


def test_a_unit_after_no_value_is_still_an_error_when_the_values_are_sound():
    record = _gdp_record()
    record["entities"][2]["start_offset"] = 12
    record["text"] = "全县地区生产总值增长6成%。"
    record["entities"][2]["end_offset"] = 13
    assert validate_record(record)[0] == ["UNIT '%' at 12 is not right after a VALUE"]


def test_span_edges_whitespace_and_punctuation():
    path = DATA / "span_edges.jsonl"
    report = validate_files([path])
    by_line = {p.line: p.message for p in report.errors}
    assert sorted(by_line) == [1, 2, 3, 4, 5], problems(report)  # line 6, 省级智能车间(工厂), is fine
    assert len(report.errors) == 5
    assert "starts or ends with whitespace" in by_line[1]
    assert "ends with punctuation '。'" in by_line[2]
    assert "starts with punctuation '、'" in by_line[3]
    # A closing quote without its opener in the span, and an opener without its closer, are not owned.
    assert "ends with punctuation '”'" in by_line[4]
    assert "starts with punctuation '“'" in by_line[5]


def test_overlapping_spans():
    only_error(DATA / "overlap.jsonl", 1, "overlapping spans INDICATOR '地区生产总值' and PROJECT '总值增长'")


def test_unknown_label():
    only_error(DATA / "unknown_label.jsonl", 2, "unknown label 'FACILITY'")


def test_unit_must_follow_a_value_with_only_yu_or_duo_between():
    path = DATA / "unit_position.jsonl"
    report = validate_files([path])
    assert problems(report) == [
        f"{path}:1: UNIT '家' at 6 is not right after a VALUE",  # no VALUE at all
        f"{path}:2: UNIT '以上' at 10 is not right after a VALUE",  # `%` between
        f"{path}:7: UNIT '户' at 12 is not right after a VALUE",  # a word between, spaces or not
    ]  # lines 3-6: 7500余户, 7500多户, 7500户, ` 7500 户` (spaces a PDF put there) are fine


def test_relation_to_a_missing_entity():
    only_error(DATA / "relation_missing_id.jsonl", 1, "relation 1 points to missing entity id 9")


def test_relation_between_wrong_labels():
    path = DATA / "relation_labels.jsonl"
    report = validate_files([path])
    by_line: dict[int, list[str]] = {}
    for p in report.errors:
        by_line.setdefault(p.line, []).append(p.message)
    assert by_line[1] == ["relation 1 value_of goes VALUE -> UNIT, must be VALUE -> INDICATOR"]
    # Reversed direction: wrong labels, and so the INDICATOR is left unmeasured.
    assert by_line[2][0] == "relation 1 value_of goes INDICATOR -> VALUE, must be VALUE -> INDICATOR"
    assert "is measured by no VALUE" in by_line[2][1]
    assert len(report.errors) == 3


def test_unknown_relation_type_and_duplicate_ids():
    record = make_record("t-2025", 0, "地区生产总值增长6%以上。", {},
                         [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], [(1, 0)])
    record["relations"].append({"id": 1, "from_id": 2, "to_id": 1, "type": "measures"})
    record["entities"].append({"id": 3, "label": "PROJECT", "start_offset": 11, "end_offset": 12})
    errors, _ = validate_record(record)
    assert "duplicate relation id 1" in errors
    assert "unknown relation type 'measures'" in errors
    assert "duplicate entity id 3" in errors


def test_indicator_measured_by_no_value():
    only_error(DATA / "indicator_unmeasured.jsonl", 1, "INDICATOR '地区生产总值' is measured by no VALUE")


def test_duplicate_sentence_names_both_places():
    path = DATA / "duplicate_sentence.jsonl"
    message = only_error(path, 3, "duplicate sentence ('t-2025', 1)")
    assert message.endswith(f"(also at {path}:1)")
    # Same text under another sent_id is only a warning.
    report = validate_files([path])
    assert [(p.line, p.message) for p in report.warnings] == [(4, f"same text as {path}:1")]


def test_duplicate_sentence_across_files(tmp_path):
    copy = tmp_path / "copy.jsonl"
    shutil.copy(DATA / "indicator_unmeasured.jsonl", tmp_path / "first.jsonl")
    write_jsonl(copy, [make_record("t-2025", 0, "新增企业15家。", {}, [(4, 6, "VALUE"), (6, 7, "UNIT")])])
    report = validate_files([tmp_path / "first.jsonl", copy])
    duplicates = [p for p in report.errors if "duplicate sentence" in p.message]
    assert len(duplicates) == 1
    assert duplicates[0].path == str(copy) and duplicates[0].line == 1
    assert f"also at {tmp_path / 'first.jsonl'}:1" in duplicates[0].message


# ---------------------------------------------------------------- tokenizer alignment

def test_spans_not_aligned_to_a_word_tokenizer_are_listed_separately():
    path = DATA / "misaligned.jsonl"
    tokenizer = spacy.blank("en").tokenizer  # 规上工业增加值增长8.5 | %

    def word_aligned(text: str, start: int, end: int) -> bool:
        return tokenizer(text).char_span(start, end) is not None

    report = validate_files([path], word_aligned)
    assert report.errors == []
    assert [str(p) for p in report.misaligned] == [
        f"{path}:1: INDICATOR span '规上工业增加值' (0-7) does not align to tokens",
        f"{path}:1: VALUE span '8.5' (9-12) does not align to tokens",
    ]
    assert not report.ok  # misalignment alone fails validation
    # The project's char tokenizer aligns every span in this file.
    assert validate_files([path], char_tokenizer_alignment()).ok


def test_char_tokenizer_alignment_at_spaces():
    is_aligned = char_tokenizer_alignment()
    text = "增长 6%"  # the space is trailing whitespace of 长, not a token
    assert is_aligned(text, 0, 2)
    assert is_aligned(text, 3, 5)
    assert is_aligned(text, 3, 4)
    assert is_aligned(text, 1, 4)  # an inner space is fine
    assert not is_aligned(text, 2, 5)  # starts on the space
    assert not is_aligned(text, 0, 3)  # ends on the space


def test_span_with_a_space_edge_is_both_an_edge_error_and_misaligned():
    path = DATA / "span_edges.jsonl"
    report = validate_files([path], char_tokenizer_alignment())
    assert [str(p) for p in report.misaligned] == [
        f"{path}:1: PROJECT span ' 华能金坛储能二期项目' (2-13) does not align to tokens"
    ]


# ---------------------------------------------------------------- gold against the clean corpus

def test_gold_text_must_match_the_clean_corpus():
    path = DATA / "good.jsonl"
    records = [record for _, record in read_jsonl(path)]
    sentences = {(r["doc_id"], r["sent_id"]): r["text"] for r in records}
    assert validate_files([path], sentences=sentences).ok

    changed = dict(sentences)
    changed[("t-2025", 2)] = "新增省级智能车间（工厂）12家。"  # cleaning changed the brackets
    del changed[("t-2025", 4)]
    changed[("t-2025", 99)] = "一句没有标注的句子。"  # annotated report, sentence with no gold line
    changed[("other-2023", 0)] = "另一份报告的句子。"  # report not annotated at all: not required
    report = validate_files([path], sentences=changed)
    assert problems(report) == [
        f"{path}:3: sentence ('t-2025', 2) differs from the clean corpus",
        f"{path}:5: sentence ('t-2025', 4) is not in the clean corpus",
        "(corpus): 1 sentence(s) of annotated reports have no gold line, e.g. [('t-2025', 99)]",
    ]


# ---------------------------------------------------------------- helpers

def test_record_relations_and_make_record_round_trip(tmp_path):
    record = make_record("t-2025", 0, "地区生产总值增长6%以上。", {"year": 2025},
                         [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")], [(1, 0)])
    assert record["relations"] == [{"id": 1, "from_id": 2, "to_id": 1, "type": "value_of"}]
    assert record_relations(record) == [(8, 9, 0, 6)]
    path = tmp_path / "one.jsonl"
    write_jsonl(path, [record])
    assert "地区生产总值" in path.read_text(encoding="utf-8")  # not \u-escaped
    assert read_jsonl(path) == [(1, record)]
    assert validate_files([path], char_tokenizer_alignment()).ok


# ---------------------------------------------------------------- the command line

runner = CliRunner()


@pytest.mark.parametrize(
    "name, line, fragment",
    [
        ("bad_json.jsonl", 2, "bad JSON"),
        ("missing_fields.jsonl", 2, "missing field(s)"),
        ("offsets_outside.jsonl", 1, "outside the text"),
        ("span_edges.jsonl", 2, "ends with punctuation"),
        ("overlap.jsonl", 1, "overlapping spans"),
        ("unknown_label.jsonl", 2, "unknown label"),
        ("unit_position.jsonl", 1, "not right after a VALUE"),
        ("relation_missing_id.jsonl", 1, "missing entity id"),
        ("relation_labels.jsonl", 1, "must be VALUE -> INDICATOR"),
        ("indicator_unmeasured.jsonl", 1, "measured by no VALUE"),
        ("duplicate_sentence.jsonl", 3, "duplicate sentence"),
    ],
)
def test_cli_validate_fails_with_file_and_line(name, line, fragment):
    path = DATA / name
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert f"error: {path}:{line}: " in result.output
    assert fragment in result.output


def test_cli_validate_good_file_passes(tmp_path):
    summary = tmp_path / "report.json"
    result = runner.invoke(app, ["validate", str(DATA / "good.jsonl"), "--report", str(summary)])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 misaligned" in result.output
    written = json.loads(summary.read_text(encoding="utf-8"))
    assert written["sentences"] == 11 and written["errors"] == []


def test_cli_validate_checks_sentences(tmp_path):
    path = DATA / "good.jsonl"
    records = [record for _, record in read_jsonl(path)]
    clean = tmp_path / "sentences.jsonl"
    write_jsonl(clean, [{"doc_id": r["doc_id"], "sent_id": r["sent_id"], "text": r["text"]} for r in records])
    assert runner.invoke(app, ["validate", str(path), "--sentences", str(clean)]).exit_code == 0
    records[0]["text"] = records[0]["text"].replace("6", "7")
    write_jsonl(clean, [{"doc_id": r["doc_id"], "sent_id": r["sent_id"], "text": r["text"]} for r in records])
    result = runner.invoke(app, ["validate", str(path), "--sentences", str(clean)])
    assert result.exit_code == 1
    assert f"error: {path}:1: sentence ('t-2025', 0) differs from the clean corpus" in result.output


def test_cli_validate_against_an_empty_sentences_file_says_so_once(tmp_path):
    clean = tmp_path / "sentences.jsonl"
    clean.write_text("\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(DATA / "good.jsonl"), "--sentences", str(clean)])
    assert result.exit_code == 1
    assert result.output.count("error:") == 1 and "holds no sentences" in result.output


def test_cli_validate_misaligned_space_fails(tmp_path):
    path = tmp_path / "space.jsonl"
    write_jsonl(path, [make_record("t-2025", 0, "推进 华能金坛储能二期项目开工。", {}, [(2, 13, "PROJECT")])])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"misaligned: {path}:1: PROJECT" in result.output


def test_cli_validate_folder_without_files_fails(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "no annotation files" in result.output


# ---------------------------------------------------------------- the real gold corpus

def test_checked_in_gold_corpus_is_valid_and_matches_the_cleaner(tmp_path):
    from zhibiao.preprocess import preprocess, write_corpus

    files = annotation_files([GOLD_DIR])
    assert len(files) == 5  # one gold file a seed report
    write_corpus(preprocess([REPO / "corpus" / "raw"]), tmp_path)  # what the cleaner makes of them today
    sentences = load_sentence_texts(tmp_path / "sentences.jsonl")
    report = validate_files(files, char_tokenizer_alignment(), sentences)
    assert problems(report) == []
    assert [str(p) for p in report.misaligned] == []
    assert report.records > 0
    assert set(report.label_counts) <= {"INDICATOR", "VALUE", "UNIT", "PROJECT"}


@pytest.mark.parametrize("surface", ['"四上企业', '四上企业"'])
def test_an_ascii_quote_the_name_does_not_close_is_still_edge_punctuation(surface):
    text = f"新增{surface}12家。"
    start = text.index(surface)
    assert "punctuation" in span_edge_problem(text, start, start + len(surface), "INDICATOR")
