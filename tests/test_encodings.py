"""Encoding detection: BOM-less UTF-16, Big5, and the check that decoded text is Chinese prose."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from typer.testing import CliRunner

from zhibiao.clean import ReportError, clean_file
from zhibiao.cli import app
from zhibiao.encodings import MIN_COMMON_SHARE, common_share, decode

RAW = Path(__file__).resolve().parents[1] / "corpus" / "raw"
TEXT = "2024年东台市政府工作报告\n地区生产总值增长6.5%左右。\n坚持稳中求进,推动高质量发展!\n"
REPORT = (RAW / "dongtai-2024.txt").read_text(encoding="utf-8")
S2T = opencc.OpenCC("s2t")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [TEXT, REPORT], ids=["short", "report"])
def test_utf16_without_bom_is_decoded(tmp_path, codec, text):
    assert decode(text.encode(codec), "x.txt") == (text, codec)
    path = tmp_path / "u16-2024.txt"
    path.write_bytes(text.encode(codec))
    report, encoding = clean_file(path)
    assert encoding == codec
    assert "地区生产总值增长" in report.text


@pytest.mark.parametrize("data, codec", [
    (TEXT.encode("utf-32"), "utf-32"),  # with its BOM, which opens like UTF-16 LE's
    ("\ufeff".encode("utf-32-be") + TEXT.encode("utf-32-be"), "utf-32"),
    (TEXT.encode("utf-32-le"), "utf-32-le"),  # no BOM
    (REPORT.encode("utf-32-be"), "utf-32-be"),
])
def test_utf32_is_decoded_not_read_as_utf16(data, codec):
    text, encoding = decode(data, "x.txt")
    assert encoding == codec and "\x00" not in text and "地区生产总值增长" in text


def big5_bytes(text: str) -> bytes:
    return S2T.convert(text).encode("big5", errors="ignore")


@pytest.mark.parametrize("text", [TEXT, REPORT[:4000]], ids=["short", "report"])
def test_big5_is_detected_and_converted_to_simplified(tmp_path, text):
    data = big5_bytes(text)
    decoded, encoding = decode(data, "x.txt")
    assert encoding == "big5"
    assert decoded == data.decode("big5")
    path = tmp_path / "big5-2024.txt"
    path.write_bytes(data)
    report, encoding = clean_file(path)
    assert encoding == "big5"
    assert "地区生产总值增长" in report.text
    assert common_share(report.text) > 0.95


def test_big5_read_as_gb18030_would_be_mojibake():
    # What the old decoder returned for a Big5 file; the check now refuses text like this.
    mojibake = big5_bytes(REPORT[:4000]).decode("gb18030", errors="replace")
    assert common_share(mojibake) < MIN_COMMON_SHARE


def test_real_reports_are_chinese_prose():
    for path in sorted(RAW.glob("*.txt")):
        assert common_share(path.read_text(encoding="utf-8")) > 0.95, path


@pytest.mark.parametrize("data,message", [
    ("The annual report of the county government.\nGrowth was 6%.\n".encode("utf-8"),
     r": read as utf-8, the text is not Chinese prose \(0% common"),
    ("Zürich Straße\nnaïve café\n".encode("latin-1"), r":1: not UTF-8; read as \S+ it is not Chinese text"),
    ("Привет, отчёт правительства\n".encode("cp1251"), r":1: not UTF-8; read as \S+ it is not Chinese text"),
], ids=["english", "latin1", "cyrillic"])
def test_text_that_is_not_chinese_is_refused_naming_the_encoding(tmp_path, data, message):
    path = tmp_path / "other-2024.txt"
    path.write_bytes(data)
    with pytest.raises(ReportError) as info:
        clean_file(path)
    assert re.match(re.escape(str(path)) + message, str(info.value)), str(info.value)


def test_clean_command_reads_utf16_and_big5_and_names_the_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "u16-2024.txt").write_bytes(TEXT.encode("utf-16-le"))
    (raw / "big5-2024.txt").write_bytes(big5_bytes(TEXT))
    (raw / "latin-2024.txt").write_bytes("Zürich Straße\n".encode("latin-1"))
    run = CliRunner().invoke(app, ["clean", str(raw), "--out", str(tmp_path / "clean")])
    assert run.exit_code == 1
    assert "Traceback" not in run.output
    # the Big5 file reads as the UTF-16 one's text: one report, read once
    assert "u16-2024: 3 sentences" in run.stdout
    assert f"ignored: {raw / 'big5-2024.txt'}: the same report text as {raw / 'u16-2024.txt'}, read once" in run.stderr
    assert f"error: {raw / 'latin-2024.txt'}:1: not UTF-8" in run.stderr
