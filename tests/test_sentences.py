"""Sentence splitting: terminators, numbers, quotes, brackets, line breaks, garbled text, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhibiao.clean import clean_file
from zhibiao.sentences import TERMINATORS, TRAILING, split_offsets, split_sentences

RAW = Path(__file__).resolve().parents[1] / "corpus" / "raw"


def check_offsets(text: str) -> list[str]:
    spans = split_offsets(text)
    sentences = [text[start:end] for start, end in spans]
    assert sentences == split_sentences(text)
    for (start, end), (next_start, _) in zip(spans, spans[1:]):
        assert end <= next_start
        assert text[end:next_start].strip() == ""  # nothing but whitespace is ever dropped
    if spans:
        assert text[: spans[0][0]].strip() == "" and text[spans[-1][1]:].strip() == ""
    for sentence in sentences:
        assert sentence == sentence.strip() and sentence
    return sentences


@pytest.mark.parametrize(
    "text,expected",
    [
        # full-width terminators
        ("地区生产总值增长6.5%左右。一般公共预算收入增长6%以上。",
         ["地区生产总值增长6.5%左右。", "一般公共预算收入增长6%以上。"]),
        ("确保完成！力争突破？全面推进；持续用力",
         ["确保完成！", "力争突破？", "全面推进；", "持续用力"]),
        # ASCII terminators
        ("增长3.5%!投资增长10%?消费增长8%;出口持平",
         ["增长3.5%!", "投资增长10%?", "消费增长8%;", "出口持平"]),
        ("各位代表!为民之行,光荣之路。", ["各位代表!", "为民之行,光荣之路。"]),
        # never inside a number
        ("增长6.5%,达到1:2的比例。", ["增长6.5%,达到1:2的比例。"]),
        ("三次产业结构比为1;2;7,保持稳定。", ["三次产业结构比为1;2;7,保持稳定。"]),
        ("比分3?2,下一项。", ["比分3?2,下一项。"]),
        ("三次产业结构调整为3:42:55;新增就业2万人。", ["三次产业结构调整为3:42:55;", "新增就业2万人。"]),
        ("总额达1.2亿元。2.5万人受益。", ["总额达1.2亿元。", "2.5万人受益。"]),
        # an ASCII comma is no terminator, nor a full stop in a number; a full stop between Han characters is
        ("实施PM2.5和臭氧协同治理,VOCs浓度下降.继续推进。", ["实施PM2.5和臭氧协同治理,VOCs浓度下降.", "继续推进。"]),
        # quotes
        ("牢固树立“招商第一。项目为王”鲜明导向。下一句。", ["牢固树立“招商第一。项目为王”鲜明导向。", "下一句。"]),
        ("推进“‘两山’转化！持续”行动。下一句", ["推进“‘两山’转化！持续”行动。", "下一句"]),
        ('坚持"稳中求进;以进促稳"总基调。下一句。', ['坚持"稳中求进;以进促稳"总基调。', "下一句。"]),
        ("发扬「实干。担当」精神;再出发。", ["发扬「实干。担当」精神;", "再出发。"]),
        # brackets
        ("（注：含新增项目。不含续建项目）合计30个。下一句。", ["（注：含新增项目。不含续建项目）合计30个。", "下一句。"]),
        ("开工项目(含续建;不含新开工)共5个。", ["开工项目(含续建;不含新开工)共5个。"]),
        ("审议《关于2024年计划执行情况的报告！草案》。下一句。",
         ["审议《关于2024年计划执行情况的报告！草案》。", "下一句。"]),
        ("落实【打印。字体】功能;完成。", ["落实【打印。字体】功能;", "完成。"]),
        ("推进〔2024〕3号文件落实。下一句。", ["推进〔2024〕3号文件落实。", "下一句。"]),
        # an unbalanced inner bracket closes back to its opener
        ("“开展(试点”工作。下一句。", ["“开展(试点”工作。", "下一句。"]),
        # a closing quote or bracket right after a terminator stays with its sentence
        ("要实干。”下一句。", ["要实干。”", "下一句。"]),
        ("要实干！’”下一句。", ["要实干！’”", "下一句。"]),
        ("要实干。）下一句。", ["要实干。）", "下一句。"]),
        ("要实干;\"下一句。", ["要实干;\"", "下一句。"]),
        # line breaks
        ("一、聚焦产业强区\n聚力攻坚项目。全年招引项目30个",
         ["一、聚焦产业强区", "聚力攻坚项目。", "全年招引项目30个"]),
        ("坚持“项目为王。\n第二段。", ["坚持“项目为王。", "第二段。"]),  # an unclosed quote ends at the line
        ("第一段(未闭合\n第二段。下一句。", ["第一段(未闭合", "第二段。", "下一句。"]),
        ("第一段\r\n第二段", ["第一段", "第二段"]),
        # whitespace
        ("  第一句。  第二句。 \n\n  ", ["第一句。", "第二句。"]),
        ("\n\n", []),
        ("", []),
        # garbled source text is not split
        ("登记失业率低于3%?;A(chǔ)保障坚实。下一句。", ["登记失业率低于3%?;A(chǔ)保障坚实。", "下一句。"]),
        ("确??谞夂和水环境质量稳步提升。下一句。", ["确??谞夂和水环境质量稳步提升。", "下一句。"]),
        ("燃?xì)狻⑽;\ue1fb贰⒌缆。下一句", ["燃?xì)狻⑽;\ue1fb贰⒌缆。", "下一句"]),
        ("?\ue2a6保障。下一句", ["?\ue2a6保障。", "下一句"]),
    ],
)
def test_split(text, expected):
    assert check_offsets(text) == expected


def test_split_after_terminator_and_balanced_closing_quote():
    assert check_offsets("习近平总书记指出:“发展是第一要务。”我们要坚持。") == [
        "习近平总书记指出:“发展是第一要务。”",
        "我们要坚持。",
    ]


def test_offsets_point_into_the_text():
    text = "  2024年工作回顾\n\n这一年,产业规模持续壮大。全口径工业开票销售1710亿元、增长19.8%!\n“十四五”收官。"
    spans = split_offsets(text)
    assert spans[0] == (2, 11)
    assert spans[1][0] == text.index("这一年")
    assert spans[-1] == (text.index("“十四五”"), len(text))
    assert [text[s:e] for s, e in spans] == [
        "2024年工作回顾", "这一年,产业规模持续壮大。", "全口径工业开票销售1710亿元、增长19.8%!", "“十四五”收官。"]


@pytest.fixture(scope="module")
def real_texts():
    return {path.stem: clean_file(path)[0].text for path in sorted(RAW.glob("*.txt"))}


def test_real_reports_sentence_boundaries(real_texts):
    """In the real reports, a sentence ends at a line end or right after a terminator (plus closers)."""
    assert len(real_texts) == 5
    for name, text in real_texts.items():
        spans = split_offsets(text)
        assert len(spans) > 20, name
        for start, end in spans:
            sentence = text[start:end]
            assert "\n" not in sentence
            at_line_end = end == len(text) or text[end] == "\n"
            if not at_line_end:
                assert sentence[-1] in TERMINATORS | TRAILING, (name, sentence[-30:])
                # never between two digits
                assert not (sentence[-1] in ";!?" and sentence[-2].isdigit() and text[end].isdigit())
        # only whitespace between sentences is left out
        check_offsets(text)


def test_real_report_numbers_not_split(real_texts):
    # `6.5%` and `19.8%` stay inside their sentences in the Dongtai report
    sentences = split_sentences(real_texts["dongtai-2024"])
    assert any("地区生产总值增长6.5%左右" in s for s in sentences)
    assert any("增长19.8%" in s for s in sentences)
    # the garbled `3%?;A(chǔ)` in the Zhenjiang report is inside one sentence
    zhenjiang = split_sentences(real_texts["zhenjiang-2022"])
    assert sum("?;" in s and "A(chǔ)保障" in s for s in zhenjiang) == 1


def test_an_overlong_sentence_is_cut_at_clause_marks():
    from zhibiao.sentences import MAX_SENTENCE_CHARS, long_sentences

    text = "地区生产总值增长6%左右," * 200  # 2,600 characters and no terminator
    pieces = split_offsets(text)
    assert len(pieces) > 1
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in pieces)
    assert all(text[end - 1] == "," for start, end in pieces[:-1])  # cut after a clause mark, never in a clause
    assert "".join(text[start:end] for start, end in pieces) == text  # nothing lost between the pieces
    assert long_sentences(text) == 1
    assert long_sentences("地区生产总值增长6%左右。") == 0


def test_an_overlong_sentence_without_clause_marks_is_cut_at_the_limit():
    from zhibiao.sentences import MAX_SENTENCE_CHARS

    text = "甲" * (2 * MAX_SENTENCE_CHARS + 5)
    assert split_offsets(text) == [(0, MAX_SENTENCE_CHARS), (MAX_SENTENCE_CHARS, 2 * MAX_SENTENCE_CHARS),
                                   (2 * MAX_SENTENCE_CHARS, len(text))]
