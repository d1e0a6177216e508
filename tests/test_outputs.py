"""Outputs are replaced whole or not at all, a corpus is never emptied, and exit codes say whether every
input was processed (clean and extract)."""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly
from typer.testing import CliRunner

import zhibiao.linker  # noqa: F401  (registers zhibiao_linker)
import zhibiao.ruler  # noqa: F401  (registers zhibiao_rules)
from zhibiao.atomic import OutputError, replacing
from zhibiao.cli import app
from zhibiao.preprocess import preprocess

GOOD = "2024年东台市政府工作报告\n地区生产总值增长6.5%左右。一般公共预算收入增长6%以上!\n"


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A cleaned corpus made from one good report, as a project has it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good-2024.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "clean"
    assert run("clean", raw, "--out", out).exit_code == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_clean_refuses_to_empty_a_corpus_when_every_input_fails(corpus, tmp_path):
    before = snapshot(corpus)
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"")
    result = run("clean", bad, "--out", corpus)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {bad}: empty file"]  # one line: no corpus, nothing written
    assert "Traceback" not in result.output
    assert snapshot(corpus) == before


def test_clean_missing_input_leaves_the_corpus(corpus, tmp_path):
    before = snapshot(corpus)
    result = run("clean", tmp_path / "missing.txt", "--out", corpus)
    assert result.exit_code == 1 and "No such file" in result.stderr
    assert snapshot(corpus) == before


def test_a_failed_write_leaves_every_file_as_it_was(corpus, monkeypatch):
    before = snapshot(corpus)

    def broken(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(srsly, "write_json", broken)
    result = preprocess([corpus.parent / "raw"])
    from zhibiao.preprocess import write_corpus

    with pytest.raises(OutputError, match="No space left on device"):  # one line naming the files, for the CLI
        write_corpus(result, corpus)
    assert snapshot(corpus) == before  # sentences.jsonl and docs.jsonl were written to temporary files only


def test_replacing_removes_its_temporary_files(tmp_path):
    target = tmp_path / "a.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        with replacing(target) as (temporary,):
            temporary.write_text("half")
            raise RuntimeError("stop")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.jsonl"]
    with replacing(target) as (temporary,):
        assert temporary.suffix == ".jsonl"
        temporary.write_text("new\n")
    assert target.read_text() == "new\n" and [p.name for p in tmp_path.iterdir()] == ["a.jsonl"]


def test_duplicate_stems_refused_naming_both_paths(tmp_path):
    first = tmp_path / "a" / "good-2024.txt"
    second = tmp_path / "b" / "good-2024.html"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(GOOD, encoding="utf-8")
    result = run("clean", first, second, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"error: {second}: duplicate doc_id 'good-2024', also the stem of {first}" in result.stderr


def test_sub_folders_and_other_files_are_named(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2023").mkdir(parents=True)
    (raw / "2023" / "old-2023.txt").write_text(GOOD, encoding="utf-8")
    (raw / "good-2024.txt").write_text(GOOD, encoding="utf-8")
    (raw / "notes.md").write_text("notes", encoding="utf-8")
    (raw / "scan-2024.pdf").write_bytes(b"%PDF-1.4")
    result = run("clean", raw, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    ignored = [line for line in result.stderr.splitlines() if line.startswith("ignored: ")]
    assert ignored == [
        f"ignored: {raw / '2023'}: sub-folder not read (give it as an argument to read it)",
        f"ignored: {raw / 'notes.md'}: not a .htm/.html/.txt file, not read",
        f"ignored: {raw / 'scan-2024.pdf'}: not a .htm/.html/.txt file, not read",
    ]
    assert len(srsly.read_json(tmp_path / "out" / "report.json")["ignored"]) == 3
    assert result.stdout.splitlines()[-1].endswith("; 0 failed; ignored 3")  # counted where a long run ends


def test_extract_and_panel_count_what_they_ignore_on_the_summary_line(model, tmp_path):
    raw = tmp_path / "raw"
    (raw / "2023").mkdir(parents=True)
    (raw / "good-2024.txt").write_text(GOOD, encoding="utf-8")
    (raw / "notes.md").write_text("notes", encoding="utf-8")
    extracted = run("extract", raw, raw / "good-2024.txt", "--model", model, "--out", tmp_path / "r.csv")
    assert extracted.exit_code == 0, extracted.output
    assert "; skipped 0; ignored 2; extracted " in extracted.stdout  # (the file given twice is read, once)
    panel = run("panel", raw, "--model", model, "--out", tmp_path / "p.csv")
    assert panel.exit_code == 0, panel.output
    assert panel.stdout.splitlines()[-1].endswith("; ignored 2")




def test_extract_exit_code_and_names(model, tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "good-2024.txt").write_text(GOOD, encoding="utf-8")
    (raw / "readme.md").write_text("x", encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = run("extract", raw, "--model", model, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"ignored: {raw / 'sub'}: sub-folder" in result.stderr and f"ignored: {raw / 'readme.md'}" in result.stderr
    other = tmp_path / "other" / "good-2024.txt"
    other.parent.mkdir()
    other.write_text(GOOD, encoding="utf-8")
    result = run("extract", raw, other, "--model", model, "--out", out)
    assert result.exit_code == 1
    assert f"skipped: {other}: duplicate doc_id 'good-2024', also the stem of {raw / 'good-2024.txt'}" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_scraped_one_line_report_gives_records(model, tmp_path):
    """A page whose body is one line after a source prefix and a breadcrumb: the body is kept."""
    raw = tmp_path / "scraped-2024.txt"
    raw.write_text("来源:东台日报 首页 > 政务公开 > 政府工作报告 各位代表:地区生产总值增长6.5%左右,"
                   "一般公共预算收入增长6%以上,城乡居民人均可支配收入增长6%。\n", encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = run("extract", raw, "--model", model, "--out", out)
    assert result.exit_code == 0, result.output
    assert len(list(srsly.read_jsonl(out))) >= 2


def test_a_folder_that_is_not_a_pipeline_is_a_one_line_error(tmp_path, monkeypatch):
    not_a_pipeline = tmp_path / "corpus"
    not_a_pipeline.mkdir()
    (not_a_pipeline / "notes.txt").write_text("x")
    raw = tmp_path / "good-2024.txt"
    raw.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("ZHIBIAO_MODEL", str(not_a_pipeline))
    result = run("extract", raw, "--out", tmp_path / "records.csv")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"error: {str(not_a_pipeline)!r} is a folder but not a spaCy pipeline "
                                     "(no config.cfg): point ZHIBIAO_MODEL or --model at a trained pipeline such as "
                                     "training/model-final")
    assert "E053" not in result.output
