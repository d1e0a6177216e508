"""Agreement on hand-made pairs whose F1 and kappa are worked out by hand."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao.agreement import (
    agreement,
    char_bio_tags,
    char_kappa,
    disagreements_markdown,
    mark_spans,
    span_scores,
    summary_lines,
)
from zhibiao.annotations import make_record, read_records
from zhibiao.cli import app

DATA = Path(__file__).parent / "data" / "doccano"


def load(name):
    return read_records(DATA / f"{name}.jsonl")


def test_char_bio_tags():
    assert char_bio_tags("增长6%", [(2, 3, "VALUE"), (3, 4, "UNIT")]) == ["O", "O", "B-VALUE", "B-UNIT"]
    assert char_bio_tags("地区生产", [(0, 4, "INDICATOR")]) == ["B-INDICATOR"] + ["I-INDICATOR"] * 3


def test_span_f1_per_label():
    # alice and bob agree on sentence 0; on sentence 1 bob's INDICATOR also takes in 新增.
    scores = span_scores(load("alice"), load("bob"))
    assert scores["INDICATOR"]["f1"] == 0.5
    assert (scores["INDICATOR"]["both"], scores["INDICATOR"]["first"], scores["INDICATOR"]["second"]) == (1, 2, 2)
    assert scores["VALUE"]["f1"] == 1.0
    assert scores["UNIT"]["f1"] == 1.0
    # neither marked a PROJECT: nothing to agree on, not a perfect score
    assert scores["PROJECT"] == {"precision": None, "recall": None, "f1": None, "first": 0, "second": 0, "both": 0}
    assert scores["ALL"]["f1"] == round(2 * 5 / 12, 4)


def test_precision_and_recall_swap_with_the_reference():
    alice, carol = load("alice")[:1], load("carol")
    forward, backward = span_scores(alice, carol), span_scores(carol, alice)
    # alice has 3 spans, carol 2 of them.
    assert (forward["ALL"]["precision"], forward["ALL"]["recall"]) == (1.0, round(2 / 3, 4))
    assert (backward["ALL"]["precision"], backward["ALL"]["recall"]) == (round(2 / 3, 4), 1.0)
    assert forward["UNIT"]["f1"] == 0.0
    assert forward["ALL"]["f1"] == backward["ALL"]["f1"] == round(2 * 2 / 5, 4)


def test_kappa_on_character_tags():
    # 26 characters, 23 tagged alike (p_o = 23/26). Tag counts alice / bob:
    # O 8/6, B-IND 2/2, I-IND 10/12, B-VAL 2/2, I-VAL 2/2, B-UNIT 2/2 -> p_e = 184/676.
    # kappa = (598/676 - 184/676) / (1 - 184/676) = 414/492.
    assert char_kappa(load("alice"), load("bob")) == round(414 / 492, 4)


def test_identical_annotations_have_kappa_one_even_without_labels():
    records = [make_record("d", 0, "全面推进各项工作。", {}, [])]
    assert char_kappa(records, records) == 1.0


def test_report_pairs_and_disagreements():
    report = agreement({"alice": load("alice"), "bob": load("bob"), "carol": load("carol")})
    assert report["annotators"] == ["alice", "bob", "carol"]
    pairs = {(p["first"], p["second"]): p for p in report["pairs"]}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol"), ("bob", "carol")}
    assert pairs[("alice", "bob")]["sentences"] == 2
    assert pairs[("alice", "carol")]["sentences"] == 1
    assert pairs[("alice", "bob")]["value_of"]["f1"] == 0.5
    # sentence 0: carol lacks the UNIT; sentence 1: alice and bob differ on the INDICATOR.
    assert [(d["sent_id"], sorted(d["annotators"])) for d in report["disagreements"]] == [
        (0, ["alice", "bob", "carol"]), (1, ["alice", "bob"])]
    first = report["disagreements"][1]["annotators"]
    assert first["alice"]["not_shared"] == [[2, 8, "INDICATOR", "规上工业企业"]]
    assert first["bob"]["not_shared"] == [[0, 8, "INDICATOR", "新增规上工业企业"]]


def test_sentences_with_different_text_are_not_compared():
    changed = [{**record, "text": record["text"] + "!"} for record in load("bob")]
    report = agreement({"alice": load("alice"), "bob": changed})
    assert report["pairs"][0]["sentences"] == 0
    assert report["pairs"][0]["text_mismatch"] == 2
    assert report["disagreements"] == []


def test_one_annotator_is_not_enough():
    with pytest.raises(ValueError):
        agreement({"alice": load("alice")})


def test_markdown_marks_each_version():
    report = agreement({"alice": load("alice"), "bob": load("bob")})
    text = disagreements_markdown(report)
    assert "## t-2025 #1" in text
    assert "【新增规上工业企业|INDICATOR】" in text
    assert "新增【规上工业企业|INDICATOR】" in text
    assert mark_spans("增长6%", [[2, 3, "VALUE"], [3, 4, "UNIT"]]) == "增长【6|VALUE】【%|UNIT】"


def test_agreement_command_writes_the_lists(tmp_path):
    result = CliRunner().invoke(app, [
        "agreement", str(DATA / "alice.jsonl"), str(DATA / "bob.jsonl"),
        "--jsonl", str(tmp_path / "d.jsonl"), "--markdown", str(tmp_path / "d.md"), "--json", str(tmp_path / "r.json"),
    ])
    assert result.exit_code == 0, result.output
    assert "alice vs bob: 2 sentences, kappa 0.84" in result.output
    assert "INDICATOR  F1 0.500" in result.output
    assert len(read_records(tmp_path / "d.jsonl")) == 1
    assert "# Disagreements" in (tmp_path / "d.md").read_text(encoding="utf-8")


def test_agreement_command_with_one_file_is_a_one_line_error():
    result = CliRunner().invoke(app, ["agreement", str(DATA / "alice.jsonl")])
    assert result.exit_code == 1
    assert "error: agreement needs two or more annotators" in result.output
    assert "Traceback" not in result.output


def test_name_equals_folder_reads_one_annotator_from_many_files(tmp_path):
    from zhibiao.annotations import write_jsonl

    alice = load("alice")
    gold = tmp_path / "gold"
    write_jsonl(gold / "part-a.jsonl", alice[:1])
    write_jsonl(gold / "part-b.jsonl", alice[1:])
    write_jsonl(gold / "conflicts.jsonl", [{"not": "a record"}])  # never read as gold
    result = CliRunner().invoke(app, ["agreement", f"gold={gold}", str(DATA / "bob.jsonl"), str(DATA / "carol.jsonl"),
                                      "--exclude", "carol"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("bob vs gold: 2 sentences, kappa 0.84")  # stderr names the conflicts file
    assert "carol" not in result.output


def test_pair_without_shared_sentences_says_so():
    other = [{**record, "doc_id": "other-2024"} for record in load("bob")]
    report = agreement({"alice": load("alice"), "bob": other})
    from zhibiao.agreement import summary_lines

    assert summary_lines(report)[0] == \
        "alice vs bob: no shared sentences, 2 only in alice not compared, 2 only in bob not compared"


def test_agreement_refuses_an_output_over_an_annotator_or_under_a_file(tmp_path):
    alice = tmp_path / "alice.jsonl"
    alice.write_bytes((DATA / "alice.jsonl").read_bytes())
    before = alice.read_bytes()
    result = CliRunner().invoke(app, ["agreement", f"a={alice}", str(DATA / "bob.jsonl"), "--jsonl", str(alice)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == f"error: {alice}: --jsonl is also an input; give it a path of its own\n"
    assert alice.read_bytes() == before
    result = CliRunner().invoke(app, ["agreement", str(DATA / "alice.jsonl"), str(DATA / "bob.jsonl"),
                                      "--json", str(tmp_path / "r.json"), "--markdown", str(alice / "d.md")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {alice}: is a file, but {alice / 'd.md'} needs it to be a folder\n"
    assert not (tmp_path / "r.json").exists() and alice.read_bytes() == before


def agreement_error(*args) -> str:
    """The one-line error of an agreement run that must stop."""
    result = CliRunner().invoke(app, ["agreement", *map(str, args)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_an_annotator_given_twice_is_an_error_not_a_replacement(tmp_path):
    alice, bob, carol = (DATA / f"{name}.jsonl" for name in ("alice", "bob", "carol"))
    assert agreement_error(f"a={alice}", f"a={bob}", f"c={carol}") == (
        f"error: {bob}: annotator a is given twice (also {alice}); give each annotator a name of its own (NAME=PATH)\n")
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "alice.jsonl").write_bytes(alice.read_bytes())
    assert "annotator alice is given twice" in agreement_error(tmp_path / "one", tmp_path / "two", bob)


def test_one_folder_under_two_spellings_or_through_a_link_is_refused(tmp_path, monkeypatch):
    """Compared with themselves, the files would agree perfectly."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t-2025.jsonl").write_bytes((DATA / "alice.jsonl").read_bytes())
    (tmp_path / "link").symlink_to(tmp_path / "gold")
    for other in ("b=./gold", "b=link", "b=gold/../gold/"):
        assert agreement_error("a=gold", other) == f"error: {other}: the same files as a=gold; give each annotator's own files\n"
    assert agreement_error("a=gold", f"b={DATA / 'bob.jsonl'}", "c=link/t-2025.jsonl") == \
        "error: c=link/t-2025.jsonl: the same files as a=gold; give each annotator's own files\n"
    (tmp_path / "gold" / "u-2025.jsonl").write_bytes((DATA / "bob.jsonl").read_bytes())
    assert agreement_error("a=gold", "b=link/t-2025.jsonl") == \
        "error: b=link/t-2025.jsonl: link/t-2025.jsonl is also read for a=gold; give each annotator's own files\n"


def test_an_empty_annotator_file_is_left_out_with_a_note(tmp_path):
    # an annotator who has labelled nothing yet would be compared on nothing
    empty = tmp_path / "dave.jsonl"
    empty.write_text("")
    result = CliRunner().invoke(app, ["agreement", str(DATA / "alice.jsonl"), str(DATA / "bob.jsonl"), str(empty)])
    assert result.exit_code == 0, result.output
    assert f"note: {empty}: no annotations of dave; left out" in result.stderr
    assert "dave" not in result.stdout


def test_excluding_an_annotator_nobody_has_is_noted():
    # the project's workflow excludes its own account, which may have no export
    result = CliRunner().invoke(app, ["agreement", str(DATA / "alice.jsonl"), str(DATA / "bob.jsonl"),
                                      "--exclude", "carol"])
    assert result.exit_code == 0, result.output
    assert "note: --exclude carol: no such annotator (the annotators are alice, bob)" in result.stderr


def test_sentences_only_one_annotator_has_are_counted_not_dropped():
    report = agreement({"alice": load("alice"), "carol": load("carol")})
    pair = report["pairs"][0]
    assert pair["sentences"] == 1 and pair["only_first"] == 1 and pair["only_second"] == 0
    assert "1 only in alice not compared" in summary_lines(report)[0]
