"""Bad outputs and side inputs: an output that is an input or another output is refused before any work, an
output that cannot be written is one line, and preannotate, check-assets, benchmark and show fail with one
`file:line` line; nothing is overwritten, emptied or dropped, and written files get the usual mode."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from zhibiao.annotations import make_record
from zhibiao.atomic import OutputError, output_folder, replacing
from zhibiao.cli import app
from zhibiao.crossval import FoldsError, fold_models

ROOT = Path(__file__).resolve().parents[1]
REPORT = "2024年东台市政府工作报告\n地区生产总值增长6.5%左右。一般公共预算收入增长6%以上!\n"
GOLD = make_record("r-2024", 0, "地区生产总值增长6%。", {}, [(0, 6, "INDICATOR"), (8, 9, "VALUE")], [(1, 0)])
SENTENCE = {"doc_id": "r-2024", "sent_id": 0, "text": "地区生产总值增长6%。", "meta": {}}


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def one_error(result, code: int = 1) -> str:
    """The one `error:` line of a failed run with no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (KeyError, TypeError, ValueError))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.fixture
def raw(tmp_path) -> Path:
    path = tmp_path / "raw" / "dongtai-2024.txt"
    path.parent.mkdir()
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def sentences(tmp_path) -> Path:
    path = tmp_path / "sentences.jsonl"
    path.write_text(json.dumps(SENTENCE, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- an output that is an input or another output


@pytest.mark.parametrize("broken", [False, True])
def test_validate_report_equal_to_the_gold_is_refused_and_the_gold_kept(gold, broken):
    if broken:
        gold.write_text(gold.read_text(encoding="utf-8") + "{bad\n", encoding="utf-8")
    before = gold.read_bytes()
    error = one_error(run("validate", gold, "--report", gold))
    assert error == f"error: {gold}: --report is also an input; give it a path of its own"
    assert gold.read_bytes() == before


def test_an_output_naming_an_input_another_way_is_refused(gold, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.jsonl").symlink_to(gold)
    assert "is also an input" in one_error(run("validate", "gold.jsonl", "--report", "./link.jsonl"))
    assert "is also an input" in one_error(run("validate", gold, "--report", "sub/../gold.jsonl"))


def test_preannotate_out_equal_to_its_sentences_is_refused(sentences):
    before = sentences.read_bytes()
    assert "--out is also an input" in one_error(run("preannotate", sentences, "--out", sentences))
    assert sentences.read_bytes() == before


def test_extract_and_show_refuse_to_write_over_the_report_they_read(raw):
    before = raw.read_bytes()
    copy = raw.with_suffix(".jsonl")
    copy.write_bytes(before)
    assert "--out is also an input" in one_error(run("extract", copy, "--out", copy))
    assert "--out is also an input" in one_error(run("show", raw, "--out", raw))
    assert raw.read_bytes() == before == copy.read_bytes()


def test_panel_refuses_an_html_over_an_input_and_records_over_the_table(raw, tmp_path):
    before = raw.read_bytes()
    table = tmp_path / "panel.csv"
    table.write_text("kept\n")
    assert "--html is also an input" in one_error(run("panel", raw, "--out", table, "--html", raw))
    error = one_error(run("panel", raw, "--out", table, "--records", table))
    assert error == f"error: {table}: --records is also the file of --out; give it a path of its own"
    assert raw.read_bytes() == before and table.read_text() == "kept\n"


def test_clean_refuses_an_out_folder_holding_one_of_its_inputs(tmp_path):
    corpus = tmp_path / "clean"
    corpus.mkdir()
    docs = corpus / "docs.jsonl"
    docs.write_text(REPORT, encoding="utf-8")
    assert "--out (docs.jsonl) is also an input" in one_error(run("clean", docs, "--out", corpus))
    assert docs.read_text(encoding="utf-8") == REPORT


def test_evaluate_panel_and_benchmark_refuse_clashing_outputs(raw, tmp_path):
    truth = tmp_path / "truth.jsonl"
    truth.write_text("{}\n")
    scores = tmp_path / "scores.json"
    assert "--markdown is also the file of --out" in one_error(
        run("evaluate-panel", raw, "--truth", truth, "--out", scores, "--markdown", scores))
    assert "--out is also an input" in one_error(run("evaluate-panel", raw, "--truth", truth, "--out", truth))
    docs = tmp_path / "docs.jsonl"
    docs.write_text("{}\n")
    assert "--out is also an input" in one_error(run("benchmark", "--docs", docs, "--out", docs))
    assert truth.read_text() == docs.read_text() == "{}\n"


# ---------------------------------------------------------------- outputs that cannot be written


def test_an_output_that_is_a_folder_is_one_line(raw, gold, sentences, tmp_path):
    folder = tmp_path / "taken.csv"
    folder.mkdir()
    expected = f"error: {folder}: is a folder; give a file name"
    assert one_error(run("validate", gold, "--report", folder)) == expected
    assert one_error(run("extract", raw, "--out", folder)) == expected
    assert one_error(run("panel", raw, "--out", folder)) == expected
    assert one_error(run("show", raw, "--out", folder)) == expected
    assert one_error(run("preannotate", sentences, "--out", folder)) == expected
    assert list(folder.iterdir()) == []


def test_a_file_where_the_out_folder_goes_is_one_line(raw, gold, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("kept")
    error = one_error(run("clean", raw, "--out", taken))
    assert error == f"error: {taken}: is a file, but {taken / 'sentences.jsonl'} needs it to be a folder"
    assert "is a file, but" in one_error(run("convert", gold, "--all-reports", "--out", taken))
    assert "is a file, but" in one_error(run("extract", raw, "--out", taken / "records.csv"))
    assert taken.read_text() == "kept"


def test_an_unwritable_folder_is_one_line(raw, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    access = os.access  # readable, not writable: a folder whose write permission was taken away
    monkeypatch.setattr(os, "access", lambda path, mode: access(path, mode) and not (Path(path) == locked and mode & os.W_OK))
    assert one_error(run("clean", raw, "--out", locked)) == f"error: {locked}: cannot write in this folder (permission denied)"
    with pytest.raises(OutputError, match="cannot write in this folder"), replacing(locked / "a.json"):
        pass


def test_replacing_raises_output_error_and_leaves_no_file(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("kept")
    with pytest.raises(OutputError, match="is a folder"), replacing(tmp_path / "a.json", tmp_path / "folder"):
        pass
    with pytest.raises(OutputError, match="is a file, but"), replacing(tmp_path / "file" / "a.json"):
        pass
    with pytest.raises(OutputError, match="is a file, not a folder"):
        output_folder(tmp_path / "file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder"]


def test_replacing_gives_new_files_the_umask_mode_and_keeps_an_existing_mode(tmp_path):
    old = os.umask(0o027)
    try:
        with replacing(tmp_path / "new.json") as (written,):
            written.write_text("{}")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640
    kept = tmp_path / "kept.json"
    kept.write_text("{}")
    kept.chmod(0o604)
    with replacing(kept) as (written,):
        written.write_text("[]")
    assert kept.stat().st_mode & 0o777 == 0o604 and kept.read_text() == "[]"


def test_a_read_only_output_is_refused_and_kept(sentences, tmp_path):
    """Mode bits, not permission: root may write a 0444 file, and the replacement would drop its protection."""
    kept = tmp_path / "kept.jsonl"
    kept.write_text("keep me\n")
    kept.chmod(0o444)
    expected = f"error: {kept}: is read-only; make it writable or give another file"
    assert one_error(run("preannotate", sentences, "--out", kept)) == expected
    with pytest.raises(OutputError, match="is read-only"), replacing(kept):
        pass
    assert kept.read_text() == "keep me\n" and kept.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.jsonl", "sentences.jsonl"]


def test_a_folder_nobody_may_write_in_is_refused_even_to_root(sentences, tmp_path):
    folder = tmp_path / "protected"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert one_error(run("preannotate", sentences, "--out", folder / "pre.jsonl")) == \
            f"error: {folder}: cannot write in this folder (permission denied)"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_replacing_applies_a_mode_without_write_bits_only_after_the_writing(tmp_path):
    old = os.umask(0o222)  # new files get 0444: writing the temporary file must still work (root writes it anyway)
    try:
        with replacing(tmp_path / "new.json") as (written,):
            assert written.stat().st_mode & 0o200
            written.write_text("{}")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").read_text() == "{}" and (tmp_path / "new.json").stat().st_mode & 0o777 == 0o444


def test_an_output_that_is_a_symlink_is_written_through_and_the_link_kept(sentences, tmp_path):
    shared = tmp_path / "shared" / "pre.jsonl"
    shared.parent.mkdir()
    shared.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(shared)
    result = run("preannotate", sentences, "--out", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(shared)
    assert json.loads(shared.read_text(encoding="utf-8").splitlines()[0])["doc_id"] == "r-2024"
    assert sorted(p.name for p in shared.parent.iterdir()) == ["pre.jsonl"]  # no temporary file left


def test_an_output_that_is_a_fifo_is_refused_before_any_work_and_kept(sentences, tmp_path):
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    expected = f"error: {fifo}: not a regular file; give a file path"
    assert one_error(run("preannotate", sentences, "--out", fifo)) == expected
    assert one_error(run("validate", sentences, "--report", fifo)) == expected
    with pytest.raises(OutputError, match="not a regular file"), replacing(tmp_path / "other.json", fifo):
        pass
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "sentences.jsonl"]


def test_a_symlink_loop_as_output_is_refused(tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(OutputError, match="symlink loop"), replacing(loop):
        pass
    assert loop.is_symlink()


# ---------------------------------------------------------------- preannotate


PREANNOTATE_CASES = {
    "bad JSON": (b"{bad\n", ":7: bad JSON"),
    "array line": (b"[1, 2]\n", ":7: a line must be a JSON object"),
    "no text": (json.dumps({"doc_id": "r-2024", "sent_id": 6}).encode() + b"\n", ":7: no field 'text'"),
    "string sent_id": (json.dumps({**SENTENCE, "sent_id": "6"}).encode() + b"\n", ":7: field 'sent_id' must be an integer"),
    "text twice": (json.dumps(SENTENCE).encode()[:-1] + b', "text": "x"}\n', ":7: key 'text' appears twice"),
    "not UTF-8": ("地区".encode("utf-16") + b"\n", ":7: not UTF-8"),
}


@pytest.mark.parametrize("name", PREANNOTATE_CASES)
def test_preannotate_bad_line_is_one_file_line_error(tmp_path, name):
    bad, fragment = PREANNOTATE_CASES[name]
    path = tmp_path / "sentences.jsonl"
    good = [json.dumps({**SENTENCE, "sent_id": n}).encode() + b"\n" for n in range(6)]
    path.write_bytes(b"".join(good) + bad + good[0])
    out = tmp_path / "pre.jsonl"
    error = one_error(run("preannotate", path, "--out", out))
    assert error.startswith(f"error: {path}{fragment}"), error
    assert not out.exists()


def test_preannotate_missing_sentences_or_patterns_is_one_line(sentences, tmp_path):
    out = tmp_path / "pre.jsonl"
    missing = tmp_path / "missing.jsonl"
    assert one_error(run("preannotate", missing, "--out", out)) == f"error: {missing}: cannot read (No such file or directory)"
    error = one_error(run("preannotate", sentences, "--out", out, "--patterns", tmp_path / "nope.json"))
    assert error == f"error: {tmp_path / 'nope.json'}: no rule patterns (no such file)"
    (tmp_path / "bad.json").write_text("{bad")
    assert one_error(run("preannotate", sentences, "--out", out, "--patterns", tmp_path / "bad.json")).startswith(
        f"error: {tmp_path / 'bad.json'}:1: bad JSON (")  # the line where the JSON breaks
    assert not out.exists()


def test_preannotate_empty_input_leaves_the_existing_output(tmp_path):
    empty = tmp_path / "sentences.jsonl"
    empty.write_text("\n")
    out = tmp_path / "pre.jsonl"
    out.write_text("being annotated\n")
    assert one_error(run("preannotate", empty, "--out", out)) == f"error: {empty}: no sentences; {out} left as it was"
    assert out.read_text() == "being annotated\n"


def test_preannotate_writes_proposals(sentences, tmp_path):
    out = tmp_path / "pre.jsonl"
    result = run("preannotate", sentences, "--out", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["entities"]


# ---------------------------------------------------------------- side files


def test_check_assets_missing_invalid_or_without_dest_is_one_line(tmp_path):
    missing = tmp_path / "project.yml"
    assert one_error(run("check-assets", missing)) == f"error: {missing}: no such file, not a project.yml"
    missing.write_text("assets: [\n- a\n")
    assert one_error(run("check-assets", missing)).startswith(f"error: {missing}:2: not valid YAML (")
    missing.write_text("assets:\n  - checksum: abc\n")
    assert one_error(run("check-assets", missing)) == f"error: {missing}: asset 1 has no dest (the file's path in the project)"


def test_check_assets_still_checks_the_project():
    assert run("check-assets", ROOT / "project.yml").exit_code == 0


def test_benchmark_bad_docs_line_is_one_file_line_error(model, tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"doc_id": "r-2024", "text": REPORT}) + "\n{bad\n", encoding="utf-8")
    error = one_error(run("benchmark", "--model", model, "--docs", docs, "--repeat", 1, "--out", tmp_path / "b.json"))
    assert error.startswith(f"error: {docs}:2: bad JSON")


def test_fold_models_without_a_fold_list_name_it(tmp_path):
    with pytest.raises(FoldsError, match=f"{tmp_path / 'folds.json'}: no fold list"):
        fold_models(tmp_path)
    (tmp_path / "folds.json").write_text('[{"test": "a"}]')
    with pytest.raises(FoldsError, match="not a fold list written by cv-train"):
        fold_models(tmp_path)


# ---------------------------------------------------------------- nothing read, nothing dropped


def test_show_refuses_a_folder_of_several_reports_and_an_empty_one(raw, tmp_path):
    (raw.parent / "other-2024.txt").write_text(REPORT, encoding="utf-8")
    error = one_error(run("show", raw.parent, "--out", tmp_path / "page.html"))
    assert error == (f"error: {raw.parent}: holds 2 reports (dongtai-2024.txt, other-2024.txt); "
                     "show draws one, give its file")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert one_error(run("show", empty, "--out", tmp_path / "page.html")) == \
        f"error: {empty}: no .htm/.html/.txt report files in the folder(s)"
    assert not (tmp_path / "page.html").exists()


def test_show_draws_the_one_report_of_a_folder(raw, model, tmp_path):
    result = run("show", raw.parent, "--model", model, "--out", tmp_path / "page.html")
    assert result.exit_code == 0, result.output
    assert "dongtai-2024" in (tmp_path / "page.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["clean", "extract", "panel"])
def test_a_folder_without_reports_says_so(tmp_path, command, model):
    folder = tmp_path / "docx"
    folder.mkdir()
    (folder / "report-2024.docx").write_bytes(b"PK")
    out = tmp_path / ("corpus" if command == "clean" else "out.csv")
    result = run(command, folder, "--out", out, *([] if command == "clean" else ["--model", model]))
    assert one_error(result) == f"error: {folder}: no .htm/.html/.txt report files in the folder(s)"
    assert f"ignored: {folder / 'report-2024.docx'}" in result.stderr
    assert not out.exists()


def test_clean_when_no_report_could_be_read_fails_saying_so(tmp_path):
    bad = tmp_path / "empty-2024.txt"
    bad.write_bytes(b"")
    result = run("clean", bad, "--out", tmp_path / "corpus")
    assert one_error(result) == f"error: {bad}: empty file"  # the one file's own line, and no empty corpus
    assert not (tmp_path / "corpus").exists()
    other = tmp_path / "other-2024.txt"
    other.write_bytes(b"\x00\x01")
    result = run("clean", bad, other, "--out", tmp_path / "corpus")
    assert result.stderr.count("error:") == 3 and "none of the 2 files could be read" in result.stderr
    assert not (tmp_path / "corpus").exists()


def test_validate_an_empty_file_fails_and_writes_no_summary(tmp_path):
    empty = tmp_path / "gold.jsonl"
    empty.write_text("\n\n")
    summary = tmp_path / "validation.json"
    summary.write_text('{"errors": []}')  # left by an earlier, passing run
    error = one_error(run("validate", empty, "--report", summary))
    assert error == f"error: {empty}: no annotation lines; nothing was validated"
    assert not summary.exists()


def test_clean_reads_a_file_given_twice_once_and_says_so(raw, tmp_path):
    result = run("clean", raw, raw.parent, "--out", tmp_path / "corpus")
    assert result.exit_code == 0, result.output
    assert f"ignored: {raw}: given twice, read once" in result.stderr
    assert "duplicate doc_id" not in result.stderr


# ---------------------------------------------------------------- unreadable files given by name


INPUTS = {"clean": ["paths"], "extract": ["paths"], "panel": ["paths"], "show": ["path"],
          "validate": ["paths", "sentences"], "preannotate": ["sentences", "patterns"], "check-assets": ["project"],
          "benchmark": ["docs", "raw", "patterns"], "evaluate-panel": ["paths", "truth", "patterns"],
          "evaluate": ["gold"], "evaluate-model": ["gold"], "evaluate-records": ["gold"], "cv-train": ["gold", "synthetic"],
          "fit-edges": ["gold", "synthetic"], "cv-evaluate": ["gold", "synthetic"], "convert": ["gold", "synthetic"]}


@pytest.mark.parametrize("name", INPUTS)
def test_input_files_are_left_to_the_reading_not_checked_by_typer(name):
    """typer's readable check would stop the run with a usage box before the other files are read."""
    params = {param.name: param for param in typer.main.get_command(app).commands[name].params}  # type: ignore[attr-defined]
    assert [input for input in INPUTS[name] if params[input].type.readable] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_unreadable_file_by_name_is_one_line_and_the_others_are_cleaned(raw, tmp_path):
    locked = tmp_path / "locked-2024.txt"
    locked.write_text(REPORT, encoding="utf-8")
    locked.chmod(0)
    result = run("clean", locked, raw, "--out", tmp_path / "corpus")
    assert result.exit_code == 1 and "Usage" not in result.output
    assert f"error: {locked}: Permission denied" in result.stderr
    assert "dongtai-2024: " in result.stdout


@pytest.mark.parametrize("args, expected", [
    (["evaluate", "{gold}", "--model", "{tmp}/nope-model", "--out", "{tmp}/e.json"], "no zhibiao pipeline"),
    (["evaluate", "{gold}", "--rules", "--split", "{tmp}/nope.json", "--out", "{tmp}/e.json"], "cannot read the split"),
    (["evaluate", "{gold}", "--rules", "--split", "{tmp}/nosplit.json", "--out", "{tmp}/e.json"], "no split.test list"),
    (["evaluate", "{gold}", "--rules", "--patterns", "{tmp}/nope.json", "--out", "{tmp}/e.json"], "no rule patterns"),
    (["evaluate", "{gold}", "--rules", "--out", "{gold}"], "--out is also an input"),
    (["fit-edges", "{gold}", "--patterns", "{tmp}/nope.json", "--out", "{tmp}/f.json"], "no rule patterns"),
    (["fit-edges", "{gold}", "--out", "{gold}"], "--out is also an input"),
    (["cv-evaluate", "{gold}", "--models", "{tmp}/nope-models", "--out", "{tmp}/c.json", "--markdown", "{tmp}/c.md"],
     "no fold list"),
])
def test_evaluation_commands_stop_on_bad_side_files_with_one_line(tmp_path, gold, args, expected):
    (tmp_path / "nosplit.json").write_text('{"reports": []}', encoding="utf-8")
    before = gold.read_bytes()
    error = one_error(run(*[arg.format(gold=gold, tmp=tmp_path) for arg in args]))
    assert expected in error
    assert gold.read_bytes() == before  # the gold is never written over


def test_evaluate_records_refuses_to_write_over_its_gold_or_into_a_folder(gold, tmp_path):
    before = gold.read_bytes()
    assert one_error(run("evaluate-records", gold, "--out", gold)) == \
        f"error: {gold}: --out is also an input; give it a path of its own"
    assert gold.read_bytes() == before
    folder = tmp_path / "scores"
    folder.mkdir()
    assert one_error(run("evaluate-records", gold, "--out", folder)) == f"error: {folder}: is a folder; give a file name"


def test_evaluate_makes_the_markdown_folder_before_writing_anything(gold, tmp_path):
    out, markdown = tmp_path / "e.json", tmp_path / "missing" / "e.md"
    result = run("evaluate", gold, "--rules", "--patterns", ROOT / "configs" / "rules.json", "--out", out,
                 "--markdown", markdown)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == "rules" and markdown.read_text(encoding="utf-8")


def test_evaluate_model_with_a_file_as_out_dir_is_one_line(gold, model, tmp_path):
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"split": {"test": ["r-2024"]}}), encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("kept")
    error = one_error(run("evaluate-model", gold, "--model", model, "--split", split, "--out-dir", taken,
                          "--patterns", ROOT / "configs" / "rules.json"))
    assert error == f"error: {taken}: is a file, but {taken / 'metrics.json'} needs it to be a folder"
    assert taken.read_text() == "kept"


@pytest.mark.parametrize("command", ["evaluate", "evaluate-records"])
def test_unreadable_gold_by_name_is_one_line_not_a_usage_box(gold, tmp_path, monkeypatch, command):
    import zhibiao.annotations

    access = os.access  # a file whose read permission was taken away (the tests may run as root, who reads it)
    monkeypatch.setattr(os, "access", lambda path, mode: access(path, mode) and not (Path(path) == gold and mode & os.R_OK))

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(zhibiao.annotations, "parsed_lines", unreadable)
    error = one_error(run(command, gold, *(["--rules"] if command == "evaluate" else []), "--out", tmp_path / "e.json"))
    assert error.startswith(f"error: {gold}") and "cannot read: Permission denied" in error


def test_a_crash_shows_no_local_variables():
    # typer before 0.13 printed every frame's locals in a crash, the doccano password among them
    from zhibiao.cli.app import app

    assert app.pretty_exceptions_show_locals is False
