"""Raw files to sentences.jsonl / docs.jsonl / report.json, and the `zhibiao clean` command."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import srsly
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.preprocess import preprocess, raw_files, write_corpus

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
REPORTS = ["dongtai-2024", "jiangdu-2025", "jintan-2025", "zhenjiang-2022", "zhonglou-2024"]

GOOD = "导航菜单\n2024年东台市政府工作报告\n——2024年1月9日在东台市第十七届人民代表大会第三次会议上\n" \
       "地区生产总值增长6.5%左右。一般公共预算收入增长6%以上!\n返回顶部\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.fixture
def mixed(tmp_path) -> Path:
    """A folder with one good report and three bad files (empty, binary, undecodable)."""
    folder = tmp_path / "raw"
    write(folder / "good-2024.txt", GOOD)
    write(folder / "empty-2024.txt", b"")
    write(folder / "binary-2024.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(folder / "latin-2024.txt", "第一行。\n".encode("utf-8") + b"caf\xe9 au lait\n")
    write(folder / "notes.md", "ignored: not a report suffix")
    return folder


def test_raw_files_sorted_and_filtered(mixed):
    files = raw_files([mixed])
    assert [p.name for p in files] == ["binary-2024.txt", "empty-2024.txt", "good-2024.txt", "latin-2024.txt"]


def test_bad_files_reported_others_processed(mixed):
    result = preprocess([mixed])
    assert [doc["doc_id"] for doc in result.docs] == ["good-2024"]
    assert len(result.errors) == 3
    by_file = {name: [e for e in result.errors if name in e] for name in ("empty", "binary", "latin")}
    assert all(len(errors) == 1 for errors in by_file.values()), result.errors
    assert by_file["empty"][0] == f"{mixed / 'empty-2024.txt'}: empty file"
    assert by_file["binary"][0].startswith(f"{mixed / 'binary-2024.txt'}:3: binary file")
    assert by_file["latin"][0].startswith(f"{mixed / 'latin-2024.txt'}:2: not UTF-8")
    assert all("\n" not in error for error in result.errors)


def test_missing_and_duplicate_files(tmp_path):
    good = write(tmp_path / "a" / "good-2024.txt", GOOD)
    same_id = write(tmp_path / "b" / "good-2024.html", f"<html><body><p>{GOOD}</p></body></html>")
    missing = tmp_path / "missing-2024.txt"
    result = preprocess([good, missing, same_id])
    assert [doc["doc_id"] for doc in result.docs] == ["good-2024"]
    assert result.docs[0]["meta"]["source"] == "good-2024.txt"
    assert len(result.errors) == 2
    assert result.errors[0].startswith(f"{missing}: ") and "No such file" in result.errors[0]
    assert result.errors[1].startswith(f"{same_id}: duplicate doc_id 'good-2024'")


def test_records(tmp_path):
    write(tmp_path / "good-2024.txt", GOOD)
    result = preprocess([tmp_path])
    doc = result.docs[0]
    assert doc["doc_id"] == "good-2024"
    assert doc["text"] == ("2024年东台市政府工作报告\n——2024年1月9日在东台市第十七届人民代表大会第三次会议上\n"
                           "地区生产总值增长6.5%左右。一般公共预算收入增长6%以上!")
    assert doc["meta"] == {"place": "东台市", "province": "江苏省", "city": "盐城市", "county": "东台市",
                           "level": "county", "admin_code": "320981", "place_source": "title", "year": 2024,
                           "year_source": "title", "session_date": "2024-01-09", "source": "good-2024.txt",
                           "encoding": "utf-8"}
    assert [s["text"] for s in result.sentences] == [
        "2024年东台市政府工作报告",
        "——2024年1月9日在东台市第十七届人民代表大会第三次会议上",
        "地区生产总值增长6.5%左右。",
        "一般公共预算收入增长6%以上!",
    ]
    assert [s["sent_id"] for s in result.sentences] == [0, 1, 2, 3]
    for sentence in result.sentences:
        assert set(sentence) == {"doc_id", "sent_id", "text", "meta"}
        assert sentence["doc_id"] == "good-2024"
        assert sentence["meta"] == {"place": "东台市", "year": 2024, "source": "good-2024.txt"}
    assert result.removed["good-2024"]["navigation"] == 1
    assert result.removed["good-2024"]["links"] == 1
    assert [line[:2] for line in doc["removed_lines"]] == [[1, "navigation"], [5, "links"]]


def test_encoding_recorded_in_docs(tmp_path):
    write(tmp_path / "gbk-2024.txt", GOOD.encode("gbk"))
    write(tmp_path / "u16-2024.txt", GOOD.encode("utf-16"))
    write(tmp_path / "bom-2024.txt", GOOD.encode("utf-8-sig"))
    # one file at a time: read together, the three are one report text, read once
    docs = [preprocess([path]).docs[0] for path in sorted(tmp_path.iterdir())]
    assert {d["doc_id"]: d["meta"]["encoding"] for d in docs} == {
        "bom-2024": "utf-8-sig", "gbk-2024": "gb18030", "u16-2024": "utf-16"}
    texts = {d["text"] for d in docs}
    assert len(texts) == 1


def test_year_from_file_name_only_when_text_has_none(tmp_path):
    write(tmp_path / "nowhere-2023.txt", "今年政府工作的总体思路是:坚持稳中求进。\n")
    write(tmp_path / "dongtai-1999.txt", GOOD)
    result = preprocess([tmp_path])
    meta = {d["doc_id"]: d["meta"] for d in result.docs}
    assert meta["nowhere-2023"]["year"] == 2023 and meta["nowhere-2023"]["year_source"] == "file name"
    assert meta["dongtai-1999"]["year"] == 2024 and meta["dongtai-1999"]["year_source"] == "title"


def test_the_same_report_text_under_another_name_is_read_once_and_named(tmp_path):
    text = "2024年某县政府工作报告\n全县新增城镇就业1.1万人,粮食总产量稳定在80万吨。\n"
    write(tmp_path / "county-2024 (1).txt", text)  # a second download
    write(tmp_path / "county-2024.txt", text.encode("gb18030"))  # the same text in another encoding
    write(tmp_path / "other-2024.txt", GOOD)
    result = preprocess([tmp_path])
    assert [doc["doc_id"] for doc in result.docs] == ["county-2024", "other-2024"]  # the name a copy added nothing to
    assert result.ignored == [f"{tmp_path / 'county-2024 (1).txt'}: the same report text as "
                              f"{tmp_path / 'county-2024.txt'}, read once"]
    assert not result.errors


def test_a_file_name_year_out_of_range_or_one_of_two_is_named(tmp_path):
    body = "今年政府工作的总体思路是:坚持稳中求进。\n"
    for number, name in enumerate(("report-1900.txt", "zhonglou-2023-2024.txt", "old-1900-2024.txt", "dongtai-2024.txt")):
        write(tmp_path / name, body + f"新增城镇就业{number + 1}万人。\n")  # four reports, not one read once
    result = preprocess([tmp_path])
    years = {d["doc_id"]: d["meta"]["year"] for d in result.docs}
    assert years == {"report-1900": None, "zhonglou-2023-2024": 2023, "old-1900-2024": 2024, "dongtai-2024": 2024}
    last = date.today().year + 1
    year_lines = [line for line in result.cleaning_warnings() if "year" in line]
    assert year_lines == [
        f"old-1900-2024.txt: the year 1900 in the file name is outside 1949–{last}, not taken as the report year; "
        "2024 is",
        f"report-1900.txt: the year 1900 in the file name is outside 1949–{last}, not taken as the report year; "
        "its records have none",
        "zhonglou-2023-2024.txt: the file name holds 2 years (2023, 2024); the report year is taken as the first, "
        "2023: check it"]


# ---------------------------------------------------------------- the CLI


def test_cli_clean_bad_file_alongside_good_one(mixed, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(mixed), "--out", str(out)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    for name in ("empty-2024.txt", "binary-2024.txt", "latin-2024.txt"):
        assert sum(name in line for line in errors) == 1
    assert "good-2024: 4 sentences; removed " in result.stdout
    assert "1 reports, 4 sentences" in result.stdout and "3 failed" in result.stdout
    # the good file is still written
    sentences = list(srsly.read_jsonl(out / "sentences.jsonl"))
    assert [s["doc_id"] for s in sentences] == ["good-2024"] * 4
    docs = list(srsly.read_jsonl(out / "docs.jsonl"))
    assert [d["doc_id"] for d in docs] == ["good-2024"]
    report = srsly.read_json(out / "report.json")
    assert report["documents"] == 1 and report["sentences"] == 4 and len(report["errors"]) == 3
    assert report["removed"]["good-2024"]["navigation"] == 1


def test_cli_clean_exit_zero_when_all_good(tmp_path):
    write(tmp_path / "raw" / "good-2024.txt", GOOD)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "raw" / "good-2024.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "good-2024: 4 sentences; removed links 1, navigation 1" in result.stdout
    assert "0 failed" in result.stdout
    assert (out / "sentences.jsonl").exists()


def test_cli_clean_names_and_counts_a_report_read_twice_under_two_names(tmp_path):
    write(tmp_path / "raw" / "good-2024.txt", GOOD)
    write(tmp_path / "raw" / "good-2024-copy.txt", GOOD)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "raw"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    line = f"{tmp_path / 'raw' / 'good-2024-copy.txt'}: the same report text as {tmp_path / 'raw' / 'good-2024.txt'}, read once"
    assert f"ignored: {line}" in result.stderr.splitlines()
    assert "1 reports, 4 sentences" in result.stdout
    report = srsly.read_json(out / "report.json")
    assert report["documents"] == 1 and report["ignored"] == [line]


def test_cli_clean_all_bad(tmp_path):
    bad = write(tmp_path / "empty.txt", b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert f"error: {bad}: empty file" in result.stderr
    assert not out.exists()  # no report read: no corpus written


# ---------------------------------------------------------------- the real reports


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    result = CliRunner().invoke(app, ["clean", str(RAW), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_real_reports_all_processed(real_run):
    out, result = real_run
    docs = list(srsly.read_jsonl(out / "docs.jsonl"))
    assert [d["doc_id"] for d in docs] == REPORTS
    assert "5 reports" in result.stdout and "0 failed" in result.stdout
    report = srsly.read_json(out / "report.json")
    assert report["errors"] == []
    assert report["removed"]["zhenjiang-2022"]["spam"] == 1
    assert report["removed"]["zhenjiang-2022"]["links"] == 3
    assert report["removed"]["zhenjiang-2022"]["pinyin_gloss"] > 1000
    assert report["removed"]["jiangdu-2025"]["comments"] == 2
    assert report["removed"]["jintan-2025"]["publish"] == 1
    assert "zhenjiang-2022: " in result.stdout and "spam 1" in result.stdout


def test_real_reports_metadata_in_records(real_run):
    out, _ = real_run
    meta = {d["doc_id"]: d["meta"] for d in srsly.read_jsonl(out / "docs.jsonl")}
    assert {k: (m["place"], m["year"], m["session_date"]) for k, m in meta.items()} == {
        "dongtai-2024": ("东台市", 2024, "2024-01-09"),
        "jiangdu-2025": ("江都区", 2025, "2025-01-07"),
        "jintan-2025": ("金坛区", 2025, None),
        "zhenjiang-2022": ("镇江市", 2022, "2022-03-01"),
        "zhonglou-2024": ("钟楼区", 2024, None),
    }
    assert meta["zhonglou-2024"]["year_source"] == "file name"
    for sentence in srsly.read_jsonl(out / "sentences.jsonl"):
        m = meta[sentence["doc_id"]]
        assert sentence["meta"] == {"place": m["place"], "year": m["year"], "source": f"{sentence['doc_id']}.txt"}


def test_docs_offsets_reproduce_sentences(real_run):
    out, _ = real_run
    sentences = list(srsly.read_jsonl(out / "sentences.jsonl"))
    docs = list(srsly.read_jsonl(out / "docs.jsonl"))
    by_doc: dict[str, list[dict]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence["doc_id"], []).append(sentence)
    assert sum(len(d["sentences"]) for d in docs) == len(sentences)
    for doc in docs:
        records = by_doc[doc["doc_id"]]
        assert [r["sent_id"] for r in records] == list(range(len(doc["sentences"])))
        for record, (start, end) in zip(records, doc["sentences"]):
            assert doc["text"][start:end] == record["text"]
        starts = [start for start, _ in doc["sentences"]]
        assert starts == sorted(starts)


def test_sent_id_stable_between_runs(tmp_path, real_run):
    out1, _ = real_run
    out2 = tmp_path / "again"
    write_corpus(preprocess([RAW]), out2)
    for name in ("sentences.jsonl", "docs.jsonl", "report.json"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name


def test_sent_id_independent_of_input_order_and_other_files(tmp_path):
    forward = preprocess(sorted(RAW.glob("*.txt")))
    backward = preprocess(sorted(RAW.glob("*.txt"), reverse=True))
    alone = preprocess([RAW / "jintan-2025.txt"])

    def keyed(result):
        return {(s["doc_id"], s["sent_id"]): s["text"] for s in result.sentences}

    assert keyed(forward) == keyed(backward)
    jintan = {k: v for k, v in keyed(forward).items() if k[0] == "jintan-2025"}
    assert jintan == keyed(alone)
    # a bad file next to the reports changes nothing for them
    folder = tmp_path / "raw"
    shutil.copytree(RAW, folder)
    write(folder / "aaa-broken.txt", b"\x00\x01")
    with_bad = preprocess([folder])
    assert keyed(with_bad) == keyed(forward) and len(with_bad.errors) == 1


def test_gold_matches_what_the_cleaner_produces_now(real_run):
    """The checked-in gold refers to (doc_id, sent_id) of the cleaner's output: a change there must show here."""
    import json

    out, _ = real_run
    fresh = {(s["doc_id"], s["sent_id"]): s["text"] for s in map(json.loads, (out / "sentences.jsonl").open(encoding="utf-8"))}
    gold = {}
    for path in sorted((ROOT / "corpus" / "annotations").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            gold[(record["doc_id"], record["sent_id"])] = record["text"]
    assert gold == fresh


def test_a_folder_unzipped_from_a_mac_reads_its_reports_and_names_the_rest(tmp_path):
    folder = tmp_path / "raw"
    write(folder / "dongtai-2024.txt", GOOD)
    write(folder / "._dongtai-2024.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")  # AppleDouble: binary
    write(folder / "__MACOSX" / "._dongtai-2024.txt", b"\x00\x05\x16\x07")
    (folder / "gone-2024.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop-2024.txt").symlink_to(folder / "loop-2024.txt")
    result = preprocess([folder])
    assert [doc["doc_id"] for doc in result.docs] == ["dongtai-2024"] and result.errors == []
    assert result.ignored == [
        f"{folder / '._dongtai-2024.txt'}: hidden file, not read (`._x.txt` is the metadata a Mac adds to a zip)",
        f"{folder / '__MACOSX'}: sub-folder not read (give it as an argument to read it)",
        f"{folder / 'gone-2024.txt'}: a symbolic link to nothing (broken, or a loop), not read",
        f"{folder / 'loop-2024.txt'}: a symbolic link to nothing (broken, or a loop), not read",
    ]
    assert result.ignored_count() == 4
    hidden = preprocess([folder / "._dongtai-2024.txt"])  # named on its own, a hidden file is read (and refused)
    assert hidden.ignored == [] and hidden.errors[0].endswith("binary file (NUL byte), not a text report")


def test_a_text_year_other_than_the_file_names_is_named(tmp_path):
    write(tmp_path / "raw" / "dongtai-2023.txt", GOOD)  # the text says 2024
    write(tmp_path / "raw" / "rugao-2024.txt", GOOD.replace("东台", "如皋"))
    result = preprocess([tmp_path / "raw"])
    assert [doc["meta"]["year"] for doc in result.docs] == [2024, 2024]
    assert [line for line in result.cleaning_warnings() if "year" in line] == [
        "dongtai-2023.txt: the text gives the report year 2024 (title), the file name 2023; 2024 is taken: check "
        "the file is the report its name says"]
