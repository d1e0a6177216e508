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
