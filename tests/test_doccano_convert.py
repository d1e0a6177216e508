"""doccano conversion (zhibiao.doccano.convert), the merge into the gold and the offline CLI paths: no server needed."""

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import RULES
from typer.testing import CliRunner

from zhibiao.annotations import make_record, read_records, write_jsonl
from zhibiao.cli import app
from zhibiao.doccano import BadSpan, DoccanoError, ExportUnreadable, settings_from_env
from zhibiao.doccano.client import merge_into_gold
from zhibiao.doccano.convert import (
    BadExportLine,
    annotators_to_merge,
    convert_exports,
    from_doccano,
    label_differences,
    pre_annotate,
    read_export_zip,
    span_problems,
    split_valid,
    to_doccano,
    without_overlaps,
)
from zhibiao.labels import LABEL_NAMES, RELATION_TYPES

DATA = Path(__file__).parent / "data" / "doccano"
SENTENCES = read_records(DATA / "sentences.jsonl")
S0, S1, S2, S3 = (s["text"] for s in SENTENCES)


def export_line(example_id, sent_id, text, entities=(), relations=(), doc_id="t-2025"):
    """One line as doccano 1.8.4 exports it: meta spread out through pandas, so sent_id is a float."""
    return {"id": example_id, "text": text, "entities": list(entities), "relations": list(relations),
            "Comments": [], "doc_id": doc_id, "sent_id": float(sent_id), "meta": {"place": "测试区"}}


def make_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, lines in files.items():
            archive.writestr(name, "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


def alice_lines():
    return [
        export_line(11, 0, S0, [{"id": 905, "label": "UNIT", "start_offset": 9, "end_offset": 10},
                                {"id": 903, "label": "INDICATOR", "start_offset": 0, "end_offset": 6},
                                {"id": 904, "label": "VALUE", "start_offset": 8, "end_offset": 9}],
                    [{"id": 77, "from_id": 904, "to_id": 903, "type": "value_of"}]),
        # PROJECT over 𠙶山路改造工程: UTF-16 2-10, code points 2-9
        export_line(13, 2, S2, [{"id": 906, "label": "PROJECT", "start_offset": 2, "end_offset": 10}]),
    ]


# ---------------------------------------------------------------- records

def test_from_doccano_renumbers_ids_and_restores_types():
    record = from_doccano(alice_lines()[0])
    assert record["sent_id"] == 0 and isinstance(record["sent_id"], int)
    assert record["meta"] == {"place": "测试区"}
    assert [(e["id"], e["label"]) for e in record["entities"]] == [(1, "INDICATOR"), (2, "VALUE"), (3, "UNIT")]
    assert record["relations"] == [{"id": 1, "from_id": 2, "to_id": 1, "type": "value_of"}]
    assert "Comments" not in record and "id" not in record


def test_from_doccano_converts_utf16_offsets():
    record = from_doccano(alice_lines()[1])
    entity = record["entities"][0]
    assert (entity["start_offset"], entity["end_offset"]) == (2, 9)
    assert S2[2:9] == "𠙶山路改造工程"


def test_example_without_doc_id_is_not_converted():
    assert from_doccano({"id": 1, "text": "x", "entities": [], "relations": [], "doc_id": None, "sent_id": None}) is None


def test_to_doccano_has_the_same_fields_for_every_record_and_utf16_offsets():
    first = make_record("t-2025", 0, S0, None, [(0, 6, "INDICATOR")])
    third = make_record("t-2025", 2, S2, {"place": "测试区"}, [(2, 9, "PROJECT")])
    lines = [to_doccano(first), to_doccano(third)]
    assert {tuple(line) for line in lines} == {("text", "doc_id", "sent_id", "meta", "entities", "relations")}
    assert lines[0]["meta"] == {}
    assert lines[1]["entities"][0]["end_offset"] == 10


def test_span_problems_name_the_sentence():
    record = make_record("t-2025", 3, S3, {}, [(10, 99, "VALUE"), (0, 2, "ORG")])
    assert span_problems(record) == [
        "t-2025/3: VALUE span 10-99 is outside the text (length 16)",
        "t-2025/3: unknown label 'ORG' (known: INDICATOR, VALUE, UNIT, PROJECT)",
    ]


def test_pre_annotate_refuses_a_bad_span_before_any_upload():
    def propose(text):
        return [(0, len(text) + 5, "VALUE")] if text == S1 else []

    with pytest.raises(BadSpan, match=r"^t-2025/1: VALUE span 0-18 is outside the text \(length 13\)$"):
        pre_annotate(SENTENCES, propose)


def test_pre_annotate_with_a_proposer_and_with_records():
    records, dropped = pre_annotate(SENTENCES, lambda text: [(0, 2, "INDICATOR")] if text == S0 else [])
    assert dropped == 0
    assert [len(r["entities"]) for r in records] == [1, 0, 0, 0]
    # a proposer's spans are paired by the linker, as every span source is
    records, _ = pre_annotate(SENTENCES, lambda text: [(2, 8, "INDICATOR"), (8, 11, "VALUE")] if text == S1 else [])
    assert [(r["from_id"], r["to_id"]) for r in records[1]["relations"]] == [(2, 1)]
    source = {("t-2025", 1): make_record("t-2025", 1, S1, {}, [(2, 8, "INDICATOR"), (8, 11, "VALUE")], [(1, 0)])}
    records, _ = pre_annotate(SENTENCES, preannotated=source)
    assert len(records[1]["relations"]) == 1
    assert records[1]["meta"] == SENTENCES[1]["meta"]
    with pytest.raises(BadSpan, match="t-2025/1: the pre-annotation's text differs"):
        pre_annotate(SENTENCES, preannotated={("t-2025", 1): {**source[("t-2025", 1)], "text": "别的"}})


def test_overlapping_proposals_are_dropped_and_counted():
    record = make_record("t-2025", 3, S3, {}, [(4, 10, "INDICATOR"), (6, 10, "PROJECT"), (10, 13, "VALUE")], [(2, 0)])
    cleaned, dropped = without_overlaps(record)
    assert dropped == 1
    assert [e["label"] for e in cleaned["entities"]] == ["INDICATOR", "VALUE"]
    assert cleaned["relations"] == record["relations"]
    dropping_target = make_record("t-2025", 3, S3, {}, [(4, 10, "PROJECT"), (6, 10, "INDICATOR"), (10, 13, "VALUE")], [(2, 1)])
    cleaned, _ = without_overlaps(dropping_target)
    assert cleaned["relations"] == []


def test_label_differences():
    spans = [{"text": name} for name in LABEL_NAMES]
    relations = [{"text": name} for name in RELATION_TYPES]
    assert label_differences(spans, relations) == []
    assert label_differences(spans[:3] + [{"text": "ORG"}], []) == [
        "missing span label(s) PROJECT", "unexpected span label(s) ORG", "missing relation label(s) value_of"]


def test_annotators_to_merge():
    assert annotators_to_merge(["admin", "alice", "bob"], exclude=["admin"]) == ["alice", "bob"]
    assert annotators_to_merge(["admin", "alice"], include=["admin"]) == ["admin"]
    assert annotators_to_merge(["all"], exclude=["admin"]) == ["all"]
    with pytest.raises(DoccanoError, match="no export for annotator"):
        annotators_to_merge(["alice"], include=["zoe"])


# ---------------------------------------------------------------- export zips

def test_read_export_zip_per_annotator(tmp_path):
    path = make_zip(tmp_path / "export.zip", {"admin.jsonl": [], "alice.jsonl": alice_lines()})
    exports = read_export_zip(path)
    assert sorted(exports) == ["admin", "alice"]
    assert len(exports["alice"]) == 2


def test_read_export_zip_refuses_other_files(tmp_path):
    (tmp_path / "not.zip").write_text("no zip")
    with pytest.raises(ExportUnreadable, match="cannot read the doccano export"):
        read_export_zip(tmp_path / "not.zip")
    with pytest.raises(ExportUnreadable, match="has no .jsonl file"):
        read_export_zip(make_zip(tmp_path / "empty.zip", {}))


def test_convert_and_validate_exports():
    broken = export_line(14, 3, S3, [{"id": 1, "label": "INDICATOR", "start_offset": 4, "end_offset": 10}])
    inside_pair = export_line(15, 2, S2, [{"id": 1, "label": "PROJECT", "start_offset": 3, "end_offset": 10}])
    no_key = export_line(16, 0, "手工加的句子", doc_id=None)
    converted = convert_exports({"alice": alice_lines() + [broken, inside_pair, no_key]})
    assert converted.without_key == 1
    assert converted.unconvertible == ["alice t-2025/2: UTF-16 offset 3 falls inside the character '𠙶' at 2"]
    valid, problems = split_valid(converted.records)
    assert [r["sent_id"] for r in valid["alice"]] == [0, 2]
    assert problems == ["alice t-2025/3: INDICATOR '固定资产投资' is measured by no VALUE (no value_of relation)"]


def test_merge_into_gold_writes_gold_exports_and_conflicts(tmp_path):
    gold = tmp_path / "annotations"
    write_jsonl(gold / "t-2025.jsonl", [
        make_record("t-2025", 0, S0, {"place": "测试区"}, []),
        make_record("t-2025", 2, S2, {"place": "测试区"}, [(4, 9, "PROJECT")]),
    ])
    write_jsonl(gold / "other-2024.jsonl", [make_record("other-2024", 0, "别的报告。", {}, [])])
    untouched = (gold / "other-2024.jsonl").read_bytes()
    exports = {"admin": [export_line(11, 0, S0, [{"id": 1, "label": "VALUE", "start_offset": 8, "end_offset": 9}])],
               "alice": alice_lines()}
    plain = merge_into_gold(exports, gold, tmp_path / "exports", gold / "conflicts.jsonl", only_approved=False,
                            exclude=["admin"])
    assert plain.merge.counts() == {"added": 0, "updated": 0, "unchanged": 0, "conflicted": 1, "skipped": 0, "held": 1}
    assert plain.written == []  # the empty gold line 0 waits until alice marks it done
    report = merge_into_gold(exports, gold, tmp_path / "exports", gold / "conflicts.jsonl", only_approved=True,
                             exclude=["admin"])
    assert report.merged_from == ["alice"]
    assert report.merge.counts() == {"added": 0, "updated": 1, "unchanged": 0, "conflicted": 1, "skipped": 0, "held": 0}
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == ["admin.jsonl", "alice.jsonl"]
    merged = read_records(gold / "t-2025.jsonl")
    assert [len(r["entities"]) for r in merged] == [3, 1]
    assert merged[1]["entities"][0]["start_offset"] == 4  # the hand label stays
    conflicts = read_records(gold / "conflicts.jsonl")
    assert [(c["sent_id"], c["reason"]) for c in conflicts] == [(2, "labels differ")]
    assert conflicts[0]["versions"][1]["entities"][0]["start_offset"] == 2
    assert (gold / "other-2024.jsonl").read_bytes() == untouched
    assert report.written == [gold / "t-2025.jsonl"]


def test_collaborative_plain_pull_takes_no_labels(tmp_path):
    """all.jsonl mixes the uploader's rule proposals with the annotators' labels: only confirmed ones count."""
    gold = tmp_path / "annotations"
    write_jsonl(gold / "t-2025.jsonl", [make_record("t-2025", 0, S0, {}, [])])
    before = (gold / "t-2025.jsonl").read_bytes()
    proposals = {"all": [export_line(11, 0, S0, [{"id": 1, "label": "PROJECT", "start_offset": 0, "end_offset": 6}]),
                         export_line(12, 1, S1, [{"id": 2, "label": "PROJECT", "start_offset": 2, "end_offset": 8}])]}
    plain = merge_into_gold(proposals, gold, None, gold / "conflicts.jsonl", only_approved=False)
    assert plain.merged_from == [] and plain.written == []
    assert "merged only from examples marked done" in plain.held_back[0]
    assert (gold / "t-2025.jsonl").read_bytes() == before
    confirmed = merge_into_gold(proposals, gold, None, gold / "conflicts.jsonl", only_approved=True)
    assert confirmed.merged_from == ["all"]
    assert confirmed.merge.counts()["updated"] == 1 and confirmed.merge.counts()["added"] == 1


# ---------------------------------------------------------------- settings and offline CLI

def test_settings_defaults_and_environment(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    defaults = settings_from_env({}, root=tmp_path)
    assert (defaults.url, defaults.username, defaults.password, defaults.project) == (
        "http://127.0.0.1:8000", "admin", "zhibiao-local", "zhibiao")
    assert defaults.home == tmp_path / ".doccano" and defaults.venv == tmp_path / ".venv-doccano"
    assert defaults.port == 8000
    custom = settings_from_env({"ZHIBIAO_DOCCANO_URL": "http://localhost:9010/", "ZHIBIAO_DOCCANO_USER": "lead",
                                "ZHIBIAO_DOCCANO_TIMEOUT": "7"}, root=tmp_path)
    assert (custom.url, custom.port, custom.username, custom.task_timeout) == ("http://localhost:9010", 9010, "lead", 7.0)
    with pytest.raises(DoccanoError, match="ZHIBIAO_DOCCANO_TIMEOUT must be a number"):
        settings_from_env({"ZHIBIAO_DOCCANO_TIMEOUT": "soon"}, root=tmp_path)


@pytest.mark.parametrize("variable, value, message", [
    ("ZHIBIAO_DOCCANO_URL", "localhost:8000", "must be http://host:port"),  # was requests' `No connection adapters`
    ("ZHIBIAO_DOCCANO_URL", "http://127.0.0.1:99999", "the port must be a number from 1 to 65535"),
    ("ZHIBIAO_DOCCANO_URL", "http://127.0.0.1:port", "the port must be a number"),
    ("ZHIBIAO_DOCCANO_TIMEOUT", "-5", "above 0, not -5.0"),
    ("ZHIBIAO_DOCCANO_TIMEOUT", "nan", "above 0, not nan"),
])
def test_a_server_address_or_timeout_that_is_none_is_one_error_naming_the_variable(tmp_path, variable, value, message):
    with pytest.raises(DoccanoError, match=f"{variable}.*{re.escape(message)}"):
        settings_from_env({variable: value}, root=tmp_path)
    result = CliRunner(env={variable: value}).invoke(app, ["doccano", "setup"])
    assert result.exit_code == 1 and result.output.startswith(f"error: {variable}"), result.output


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("command", [["doccano", "setup"], ["doccano", "pull"],
                                     ["doccano", "push", "--sentences", str(DATA / "sentences.jsonl")]])
def test_server_down_is_a_one_line_error(command):
    env = {"ZHIBIAO_DOCCANO_URL": f"http://127.0.0.1:{free_port()}"}
    result = CliRunner().invoke(app, command, env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: cannot reach doccano at {env['ZHIBIAO_DOCCANO_URL']}: is it running? (start it with `zhibiao doccano serve`)"]


def test_push_with_two_pre_annotators_is_refused():
    result = CliRunner().invoke(app, ["doccano", "push", "--rules", "--from", str(DATA / "alice.jsonl")])
    assert result.exit_code == 1
    assert "error: choose one of --rules, --model, --from" in result.output


def test_pull_from_a_zip_without_a_server(tmp_path):
    path = make_zip(tmp_path / "export.zip", {"admin.jsonl": [], "alice.jsonl": alice_lines()})
    gold = tmp_path / "annotations"
    result = CliRunner().invoke(app, ["doccano", "pull", "--zip", str(path), "--gold", str(gold),
                                      "--exports", str(tmp_path / "exports"), "--conflicts", str(gold / "conflicts.jsonl")],
                                env={"ZHIBIAO_DOCCANO_USER": "admin"})
    assert result.exit_code == 0, result.output
    assert "merged alice" in result.output
    assert "added 2, updated 0, unchanged 0, conflicted 0, skipped 0" in result.output
    assert [r["sent_id"] for r in read_records(gold / "t-2025.jsonl")] == [0, 2]


def test_pull_refuses_conflicts_that_are_a_fifo_before_reading(tmp_path):
    path = make_zip(tmp_path / "export.zip", {"admin.jsonl": [], "alice.jsonl": alice_lines()})
    fifo = tmp_path / "conflicts.jsonl"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["doccano", "pull", "--zip", str(path), "--gold", str(tmp_path / "annotations"),
                                      "--exports", str(tmp_path / "exports"), "--conflicts", str(fifo)],
                                env={"ZHIBIAO_DOCCANO_USER": "admin"})
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {fifo}: not a regular file; give a file path"]
    assert fifo.is_fifo() and not (tmp_path / "annotations").exists()


def test_url_option_overrides_the_environment():
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(app, ["doccano", "--url", url + "/", "setup"],
                                env={"ZHIBIAO_DOCCANO_URL": "http://127.0.0.1:1"})
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot reach doccano at {url}: ")


def test_model_proposer_reads_doc_ents_of_a_saved_pipeline(tmp_path):
    import spacy

    from zhibiao.doccano import PreannotatorMissing
    from zhibiao.doccano.convert import model_proposer

    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "INDICATOR", "pattern": [{"TEXT": c} for c in "地区生产总值"]},
                        {"label": "GPE", "pattern": [{"TEXT": "以"}, {"TEXT": "上"}]}])
    nlp.to_disk(tmp_path / "model")
    propose = model_proposer(tmp_path / "model")
    assert propose(S0) == [(0, 6, "INDICATOR")]  # labels outside zhibiao.labels are left out
    with pytest.raises(PreannotatorMissing, match="cannot load the spaCy pipeline"):
        model_proposer(tmp_path / "nothing-here")


def test_rules_proposer_gives_spans_in_the_label_set():
    from zhibiao.doccano.convert import rules_proposer

    spans = rules_proposer(RULES)(S0)
    assert spans and all(label in LABEL_NAMES and 0 <= start < end <= len(S0) for start, end, label in spans)


def test_a_sequence_labeling_export_line_is_refused_not_read_without_its_labels():
    line = {"id": 1, "text": "新增企业15家", "label": [[2, 4, "INDICATOR"]], "doc_id": "t-2025", "sent_id": 0}
    with pytest.raises(BadExportLine, match="JSONL\\(Relation\\)"):
        from_doccano(line)
