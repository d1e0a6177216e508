"""Boilerplate rules remove only boilerplate: whole short lines, or the fragment inside a longer line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from zhibiao.clean import FRAGMENT_RULES, LINE_RULES, LONG_REMOVAL, SHORT_LINE, clean_text
from zhibiao.cli import app
from zhibiao.preprocess import preprocess

RAW = Path(__file__).resolve().parents[1] / "corpus" / "raw"

# Report sentences that share no word with any rule.
SENTENCES = [
    "各位代表:现在,我代表市人民政府向大会报告工作,请予审议,并请市政协委员和其他列席人员提出意见。",
    "地区生产总值增长6.5%左右,一般公共预算收入增长6%以上。",
    "新增规上工业企业102家,高新技术企业总数突破600家。",
    "华能金坛储能二期项目开工建设,年内建成5G基站1200个。",
    "城乡居民人均可支配收入分别增长5%和7%。",
    "空气质量优良天数比率>85%,PM2.5平均浓度>30微克/立方米的天数减少。",
]

# rule -> boilerplate as scraped pages put it inside a line (what each rule exists to remove).
TRIGGERS: dict[str, list[str]] = {
    "navigation": ["首页 > 政务公开 > 政府工作报告", "当前位置:首页 > 新闻中心", "您当前的位置:首页 > 2025专题 > 报告与解读",
                   "导航菜单", "人民政府门户网站欢迎您!", "政务公开 > 规划计划 > 政府工作报告"],
    "publish": ["来源:东台日报", "来源:", "信息来源:区融媒体中心", "发布时间:2025-01-04", "发布日期:2024-01-10",
                "浏览次数:1024", "2022-03-07 04:23", "【打印】"],
    "editor": ["责任编辑:王丽", "(编辑:王丽)", "审核:李明"],
    "links": ["返回首页", "相关新闻", "返回顶部", "扫一扫在手机打开当前页", "【关闭】", "上一篇:2023年政府工作报告"],
    "url": ["本文地址:/baogao/huadong/12114.html", "原文链接:http://www.zhenjiang.gov.cn/art/1.html"],
    "comments": ["留言与评论(共有 条评论)", "验证码:", "发表评论", "昵称:"],
    "disclaimer": ["本文仅代表作者观点,不代表本站立场。", "版权所有:东台市人民政府办公室", "未经许可,不得转载;"],
    "image": ["downLoad-20220307042218", "W020240110356782145.jpg"],
    "spam": ["4hc44四虎www在线影院,亚洲精品国产自在现线看,精品无码AV无码专区"],
}


def test_every_rule_has_triggers():
    assert set(TRIGGERS) == set(LINE_RULES) == set(FRAGMENT_RULES)


@settings(max_examples=300, deadline=None)
@given(
    rule=st.sampled_from(sorted(TRIGGERS)),
    data=st.data(),
    sentences=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4),
    separator=st.sampled_from([" ", "  ", "\u3000", " \u3000"]),
)
def test_paragraph_with_a_trigger_inside_keeps_its_text(rule, data, sentences, separator):
    trigger = data.draw(st.sampled_from(TRIGGERS[rule]))
    position = data.draw(st.integers(0, len(sentences)))
    parts = [*sentences[:position], trigger, *sentences[position:]]
    line = separator.join(parts)
    report = clean_text(f"{line}\n")
    for sentence in sentences:
        assert sentence in report.text, (line, report.text)
    assert report.removed_lines == []
    # Whatever went is the trigger: the kept text is the paragraph's sentences and the spaces between them.
    assert "".join(report.text.split()) == "".join(sentences) or len(line) <= SHORT_LINE


@pytest.mark.parametrize("prefix", ["来源:东台日报 ", "来源:", "首页 > 政务公开 > 政府工作报告 ",
                                    "当前位置:首页 > 政务公开 ", "您当前的位置:首页 > 2025专题 > 内容 返回 "])
def test_scraped_body_on_one_line_after_a_prefix_is_kept(prefix):
    body = "".join(SENTENCES[:3])
    report = clean_text(prefix + body)
    assert report.text == body
    assert report.removed_lines == []
    assert [rule for _, rule, _ in report.removed_fragments] in (["publish"], ["navigation"])


@pytest.mark.parametrize("line", [
    "优良天数比率>85%,PM2.5浓度>30",
    "空气质量优良天数比率>85%,PM2.5平均浓度控制在30微克/立方米以内,重污染天数比率>0,地表水国考断面水质达标。",
    "建成区绿化覆盖率>43%,人均公园绿地面积>15平方米,林木覆盖率>25%。",
])
def test_two_greater_than_signs_in_report_text_are_kept(line):
    report = clean_text(line)
    assert report.text == line
    assert report.removed_lines == [] and report.removed_fragments == []


def test_inline_breadcrumb_between_sentences_removed_alone():
    line = f"{SENTENCES[1]} 首页 > 政务公开 > 政府工作报告 {SENTENCES[2]}"
    report = clean_text(line)
    assert report.text == f"{SENTENCES[1]} {SENTENCES[2]}"
    assert report.removed_fragments == [(1, "navigation", "首页 > 政务公开 > 政府工作报告")]


def test_long_disclaimer_line_removed_sentence_by_sentence():
    line = (RAW / "jiangdu-2025.txt").read_text(encoding="utf-8").splitlines()[130].strip()
    assert len(line) > LONG_REMOVAL
    report = clean_text(f"{SENTENCES[1]}\n{line}")
    assert report.text == SENTENCES[1]
    assert report.removed_lines == [(2, "disclaimer", line)]
    large = report.large_removals()
    assert large["long"] == [[2, "disclaimer", len(line)]]


def test_fragment_removals_are_counted_and_recorded():
    report = clean_text(f"来源:东台日报 {SENTENCES[0]} 责任编辑:王丽")
    assert report.text == SENTENCES[0]
    assert report.removed["publish"] == 1 and report.removed["editor"] == 1
    assert report.removed_fragments == [(1, "publish", "来源:东台日报"), (1, "editor", "责任编辑:王丽")]


MOSTLY_BOILERPLATE = "\n".join([
    "导航菜单", "您当前的位置:首页 > 2025专题 > 2025金坛两会 > 报告与解读 > 内容 返回",
    "信息来源:区融媒体中心 发布时间:2025-01-04 浏览次数: 【打印】 【字体:", "扫一扫在手机打开当前页",
    "地区生产总值增长6%。", "返回顶部", "相关新闻", "版权所有:东台市人民政府办公室",
])


def test_most_of_a_file_removed_is_reported_and_warned(tmp_path):
    report = clean_text(MOSTLY_BOILERPLATE)
    assert report.removed_share > 0.5
    path = tmp_path / "raw" / "thin-2024.txt"
    path.parent.mkdir()
    path.write_text(MOSTLY_BOILERPLATE, encoding="utf-8")
    result = preprocess([path])
    assert result.large_removals["thin-2024"]["share"] > 0.5
    assert "MOST OF THE REPORT WAS REMOVED" in result.cleaning_warnings()[0]
    out = tmp_path / "clean"
    run = CliRunner().invoke(app, ["clean", str(path), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "warning: thin-2024: MOST OF THE REPORT WAS REMOVED" in run.stderr
    import srsly
    assert srsly.read_json(out / "report.json")["large_removals"]["thin-2024"]["share"] > 0.5


def test_real_reports_report_only_the_long_disclaimer():
    result = preprocess([RAW])
    assert set(result.large_removals) == {"jiangdu-2025"}
    assert result.large_removals["jiangdu-2025"]["long"] == [[131, "disclaimer", 148]]


def test_a_report_with_overlong_sentences_is_cleaned_and_warned(tmp_path):
    path = tmp_path / "raw" / "flat-2024.txt"
    path.parent.mkdir()
    path.write_text("地区生产总值增长6%左右," * 200 + "\n", encoding="utf-8")
    out = tmp_path / "clean"
    run = CliRunner().invoke(app, ["clean", str(path), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "warning: flat-2024: 1 sentence(s) over 1000 characters" in run.stderr
    import srsly
    assert srsly.read_json(out / "report.json")["long_sentences"] == {"flat-2024": 1}
    assert all(end - start <= 1000 for start, end in next(srsly.read_jsonl(out / "docs.jsonl"))["sentences"])
