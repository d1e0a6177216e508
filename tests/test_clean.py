"""Cleaning of raw reports: line and inline rules, decoding, HTML, bad files, metadata, the real reports."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import opencc
import pytest

from zhibiao.clean import (
    INLINE_RULES,
    LINE_RULES,
    TONE_MARKS,
    ReportError,
    clean_file,
    clean_text,
    decode,
    html_to_text,
    line_rule,
)
from zhibiao.preprocess import preprocess
from zhibiao.record_shape import FILE_STEM_RULE
from zhibiao.sentences import split_offsets
from zhibiao.unwrap import page_width, unwrap

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
REPORTS = ["dongtai-2024", "jiangdu-2025", "jintan-2025", "zhenjiang-2022", "zhonglou-2024"]

# A report paragraph that follows the boilerplate in the small inline texts below.
BODY = "地区生产总值增长6.5%左右,一般公共预算收入增长6%以上。"

# ---------------------------------------------------------------- line rules

# rule -> (boilerplate lines as they occur in the raw reports or on such sites, report lines to keep).
# The kept lines are near misses: report text sharing a word or a shape with the rule.
LINE_RULE_EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "navigation": (
        [
            "导航菜单",
            "人民政府门户网站欢迎您!",
            "您当前的位置:首页 > 2025专题 > 2025金坛两会 > 报告与解读 > 内容 返回",
            "首頁 新聞中心 鎮(zhèn)江新聞 鎮(zhèn)江新聞 - 要聞",
            "首页 > 政务公开 > 政府工作报告",
        ],
        [
            "准确把握我区在全省全市发展大局中的当前位置和目标定位。",
            "建成区绿化覆盖率>43%,人均公园绿地面积达15平方米。",
            "热忱欢迎您来东台投资兴业。",
        ],
    ),
    "publish": (
        [
            "  • 发布日期:2024-01-10",
            "  • 来源:东台日报",
            "信息来源:区融媒体中心 发布时间:2025-01-04 浏览次数: 【打印】 【字体:",
            "2022-03-07 04:23",
            "瀏覽次數:1024",
        ],
        [
            "全年发布政策解读信息320条,政务新媒体浏览次数超1000万。",
            "2024年1月9日,召开全区高质量发展大会。",
            "资金来源:争取上级资金12亿元,发行专项债券20亿元。",
        ],
    ),
    "editor": (
        [
            "責(zé)任編輯:龔逍遙",
            "责任编辑:龚逍遥",
            "(编辑:王丽)",
            "审核:李明",
        ],
        [
            "编辑出版《东台年鉴》,审核通过地方标准5项。",
            "严格落实重大行政决策合法性审核制度。",
        ],
    ),
    "links": (
        [
            "返回首頁",
            "相關(guān)新聞",
            "返回頂部",
            "返回首页",
            "相关新闻",
            "返回顶部",
            "扫一扫在手机打开当前页",
            "【关闭】",
            "上一篇:2023年政府工作报告",
        ],
        [
            "关闭退出落后化工企业12家,腾出用地1500亩。",
            "及时回应社会关注,返回群众满意率达98%。",
        ],
    ),
    "url": (
        [
            "本文地址:/baogao/huadong/12114.html",
            "原文链接:http://www.zhenjiang.gov.cn/art/2022/3/7/art_1.html",
            "www.zhenjiang.gov.cn/art/2022/3/7/art_1.html",
        ],
        [
            "本地企业新增发明专利授权1200件。",
            "“我的扬州”APP上线“一件事”服务专区。",
        ],
    ),
    "comments": (
        [
            "留言与评论(共有 条评论)",
            "验证码:",
            "验证码",
            "发表评论",
            "昵称:",
        ],
        [
            "畅通12345热线和网上留言与评论渠道,办结群众诉求5.2万件。",
            "推行电子证照和验证码登录,政务服务“一网通办”。",
        ],
    ),
    "disclaimer": (
        [
            "本文仅代表作者观点,不代表本站立场。 凡注明为博县网原创作品的,未经许可,不得转载;"
            "报告、公报、规划等总结类或文件类信息,本站展示并非全部都完整。",
            "版权所有:东台市人民政府办公室",
        ],
        [
            "加强知识产权保护,新增作品版权登记1200件。",
            "坚持代表本地特色,打造文旅品牌。",
        ],
    ),
    "image": (
        [
            "downLoad-20220307042218",
            "3月1日,市長徐曙海代表市政府向市九屆人大一次會議做政府工作報告。 謝道韞 攝",
            "W020240110356782145.jpg",
        ],
        [
            "举办“美丽东台”摄影大赛,征集作品1200件。",
            "市长 李 杰",
        ],
    ),
    "spam": (
        [
            "4hc44四虎www在线影院,亚洲精品国产自在现线看,精品无码AV无码专区,俺去俺来也在线www色官网,"
            "久久精品人人做人人爽电影",
        ],
        [
            "推进“5G+超高清”视频产业发展,新增在线观看用户10万户。",
            "打造精品国产动漫品牌,影视基地接待游客200万人次。",
        ],
    ),
}


def test_every_line_rule_has_examples():
    assert set(LINE_RULE_EXAMPLES) == set(LINE_RULES)


@pytest.mark.parametrize(
    "rule,line",
    [(rule, line) for rule, (lines, _) in LINE_RULE_EXAMPLES.items() for line in lines],
)
def test_line_rule_removes_boilerplate(rule, line):
    report = clean_text(f"{line}\n{BODY}\n")
    assert report.text == BODY
    assert report.removed[rule] == 1
    assert [(n, r) for n, r, _ in report.removed_lines] == [(1, rule)]
    assert report.removed_lines[0][2] == line.strip()


@pytest.mark.parametrize(
    "rule,line",
    [(rule, line) for rule, (_, kept) in LINE_RULE_EXAMPLES.items() for line in kept],
)
def test_line_rule_keeps_report_text(rule, line):
    assert line_rule(line) is None
    report = clean_text(f"{BODY}\n{line}\n")
    assert report.text == f"{BODY}\n{line}"
    assert report.removed_lines == []
    assert report.removed[rule] == 0


def test_line_rule_reports_rule_name_directly():
    # Direct, unambiguous ones.
    assert line_rule("导航菜单") == "navigation"
    assert line_rule("• 发布日期:2024-01-10") == "publish"
    assert line_rule("责任编辑:龚逍遥") == "editor"
    assert line_rule("返回顶部") == "links"
    assert line_rule("本文地址:/baogao/huadong/12114.html") == "url"
    assert line_rule("验证码:") == "comments"
    assert line_rule("版权所有:东台市人民政府办公室") == "disclaimer"
    assert line_rule("downLoad-20220307042218") == "image"
    assert line_rule(BODY) is None


def test_removal_counts_per_rule():
    text = "\n".join(["导航菜单", "  • 发布日期:2024-01-10", "  • 来源:东台日报", BODY, "返回首页", "相关新闻", "返回顶部"])
    report = clean_text(text)
    assert report.text == BODY
    assert report.removed["navigation"] == 1
    assert report.removed["publish"] == 2
    assert report.removed["links"] == 3
    assert [n for n, _, _ in report.removed_lines] == [1, 2, 3, 5, 6, 7]


def test_bare_url_line_is_removed_as_a_line():
    report = clean_text(f"{BODY}\nhttp://www.zhenjiang.gov.cn/art/2022/3/7/art_1.html\n{BODY}")
    assert report.text == f"{BODY}\n{BODY}"
    assert report.removed["url"] == 1
    assert [(n, r) for n, r, _ in report.removed_lines] == [(2, "url")]


# ---------------------------------------------------------------- inline rules

INLINE_RULE_EXAMPLES: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    # rule -> ([(line, cleaned line)], [lines kept unchanged])
    "pinyin_gloss": (
        [
            ("鎮(zhèn)江新聞", "镇江新闻"),
            ("現(xiàn)在,我代表鎮(zhèn)江市人民政府向大會報告工作",
             "现在,我代表镇江市人民政府向大会报告工作"),
            ("堅(jiān)持穩(wěn)中求進(jìn)", "坚持稳中求进"),
            ("綠(lǜ)色發(fā)展", "绿色发展"),
        ],
        [
            "中德(常州)创新产业园落地项目12个。",
            "年内建成低(零)碳园区2个。",
            "实施PM2.5(细颗粒物)和臭氧协同治理。",
            "入选国家创新型县(市)建设名单。",
        ],
    ),
    "inline_url": (
        [
            ("政策全文见http://www.jiangdu.gov.cn/zfxxgk/index.html,欢迎监督。", "政策全文见,欢迎监督。"),
            ("详见 https://www.dongtai.gov.cn/art/2024/1/10/art_1.html 。", "详见  。"),
        ],
        [
            "建成“智慧东台”城市运行管理平台。",
            "www建设",
        ],
    ),
    "control_chars": (
        [
            ("新增产值30\x01亿元，企业1家\x1f。", "新增产值30亿元，企业1家。"),
            ("地区生产总值\x7f增长6.5%\x9b", "地区生产总值增长6.5%"),
        ],
        [
            "地区生产总值\t增长6.5%",  # a tab is a table's column
        ],
    ),
    "invisible_chars": (
        [
            ("新增产值30\u202e亿元\u202c企业1家", "新增产值30亿元企业1家"),
            ("地区生产总值\u200b增长6.5%", "地区生产总值增长6.5%"),
        ],
        [
            "地区生产总值增长 6.5 %",  # spaces show: they stay
            "全市\u3000地区生产总值",
        ],
    ),
    "digit_group_spaces": (
        [
            ("粮食总产量2\u00a0350万吨", "粮食总产量2350万吨"),
            ("实际使用外资1\u2009080万美元", "实际使用外资1080万美元"),
            ("新增储蓄存款4\u3000600亿元", "新增储蓄存款4600亿元"),
            ("全年接待游客12\u202f345\u2009678人次", "全年接待游客12345678人次"),
        ],
        [
            "一般公共预算收入 45 120",  # ordinary spaces: table columns
            "2023年\u3000150个项目",  # a year, no thousands group
            "人均1.5\u00a0200元",  # a decimal has no thousands after it
            "新建学校3\u00a01200所",  # four digits after the space: no grouping
            "增长6\u3000\u300012%",
        ],
    ),
}


def test_every_inline_rule_has_examples():
    assert set(INLINE_RULE_EXAMPLES) == set(INLINE_RULES)


@pytest.mark.parametrize(
    "rule,line,expected",
    [(rule, line, expected) for rule, (pairs, _) in INLINE_RULE_EXAMPLES.items() for line, expected in pairs],
)
def test_inline_rule_removes(rule, line, expected):
    report = clean_text(line)
    assert report.text == expected
    assert report.removed[rule] >= 1


@pytest.mark.parametrize(
    "rule,line",
    [(rule, line) for rule, (_, kept) in INLINE_RULE_EXAMPLES.items() for line in kept],
)
def test_inline_rule_keeps(rule, line):
    report = clean_text(line)
    assert report.text == line
    assert report.removed[rule] == 0


def test_pinyin_gloss_count():
    report = clean_text("鎮(zhèn)江市堅(jiān)持穩(wěn)中求進(jìn)")
    assert report.text == "镇江市坚持稳中求进"
    assert report.removed["pinyin_gloss"] == 4
    assert report.removed["traditional_chars"] >= 4


def test_inline_url_keeps_following_chinese_text():
    report = clean_text("政策文件已在http://www.jiangdu.gov.cn公开发布,接受社会监督。")
    assert report.text == "政策文件已在公开发布,接受社会监督。"


def test_html_entity_remnants_repaired():
    report = clean_text("抓好臨床ldquo;補短板rdquo;工程&mdash;")
    assert report.text == "抓好临床“补短板”工程—"
    assert report.removed["html_entity_repaired"] == 3


@pytest.mark.parametrize("line,expected,count", [
    ("城镇化率提高到68&#37;。", "城镇化率提高到68%。", 1),
    ("城镇化率提高到68&#x25;。", "城镇化率提高到68%。", 1),
    ("城镇化率提高到68&percnt;。", "城镇化率提高到68%。", 1),
    ("城镇化率提高到68&amp;#37;。", "城镇化率提高到68%。", 2),  # double-escaped: two decodings
    ("建成&amp;ldquo;口袋公园&amp;rdquo;10个", "建成“口袋公园”10个", 4),
    ("新增绿地1&nbsp;500亩", "新增绿地1500亩", 1),  # a no-break space grouping the thousands
])
def test_html_entities_left_in_the_text_are_decoded_and_counted(line, expected, count):
    report = clean_text(line)
    assert report.text == expected
    assert report.removed["html_entity_repaired"] == count


def test_an_unknown_entity_stays_as_written():
    report = clean_text("合作项目代号&xyzzy;已签约。")
    assert report.text == "合作项目代号&xyzzy;已签约。"
    assert report.removed["html_entity_repaired"] == 0


def test_replacement_characters_are_kept_and_counted_as_garbled():
    # U+FFFD is what a conversion with errors="replace" leaves where it could not read a character
    report = clean_text("新增城镇就业2\ufffd\ufffd0人,完成年度任务。")
    assert report.text == "新增城镇就业2\ufffd\ufffd0人,完成年度任务。"
    assert report.removed["garbled_kept"] == 2


def test_garbled_source_text_kept_as_written_and_counted():
    line = "登记失业率低于3%?;A(chǔ)保障坚实。"
    report = clean_text(line)
    assert report.text == line
    assert report.removed["garbled_kept"] >= 1
    report = clean_text("確??諝夂和水環境質量穩步提升")
    assert report.text == "确??谞夂和水环境质量稳步提升"
    assert report.removed["garbled_kept"] >= 1


def test_traditional_to_simplified_and_text_otherwise_as_written():
    # ASCII punctuation, spaces inside the line, digits and full-width quotes stay as written.
    report = clean_text("  市長 徐曙海:全市經濟增長7.5%,“十四五”開局良好!  ")
    assert report.text == "市长 徐曙海:全市经济增长7.5%,“十四五”开局良好!"
    assert report.removed["traditional_chars"] == 5
    assert clean_text("\u3000\u3000坚持稳中求进。\n\n\n推动高质量发展。").text == "坚持稳中求进。\n推动高质量发展。"


# ---------------------------------------------------------------- decoding

TEXT = "2024年东台市政府工作报告\n地区生产总值增长6.5%左右。\n坚持稳中求进,推动高质量发展!\n"


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-native-bom", "utf16le-bom", "utf16be-bom"],
)
def test_input_encodings(tmp_path, data, encoding):
    path = tmp_path / "report-2024.txt"
    path.write_bytes(data)
    report, detected = clean_file(path)
    assert detected == encoding
    assert report.text == TEXT.strip()
    assert "\ufeff" not in report.text
    assert report.meta["place"] == "东台市"
    assert decode(data, "x.txt") == (TEXT, encoding)


def test_gb18030_only_character(tmp_path):
    text = "新建王𠮷路,全长3.2公里。\n"  # 𠮷 is outside GBK, a four-byte GB18030 sequence
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("gb18030"))
    report, encoding = clean_file(path)
    assert encoding == "gb18030"
    assert report.text == text.strip()


def test_html_input_reduced_to_text(tmp_path):
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>东台市人民政府门户网站</title>'
        "<style>p{color:red}</style></head><body>"
        '<div class="nav">您当前的位置:首页 &gt; 政务公开 &gt; 政府工作报告</div>'
        "<h1>2024年东台市政府工作报告</h1><div class=\"info\">发布日期:2024-01-10</div>"
        "<p>&ldquo;十四五&rdquo;规划实施有力。</p><p>地区生产总值增长6.5%左右。</p>"
        '<script>var s = "<p>广告位招租</p>"; document.write(s);</script>'
        "<p>本文地址:http://www.dongtai.gov.cn/a.html</p><div>返回顶部</div></body></html>"
    )
    path = tmp_path / "dongtai-2024.html"
    path.write_text(html, encoding="utf-8")
    report, encoding = clean_file(path)
    assert encoding == "utf-8+html"
    assert report.text.split("\n") == ["2024年东台市政府工作报告", "“十四五”规划实施有力。", "地区生产总值增长6.5%左右。"]
    assert "<" not in report.text and "广告" not in report.text and "门户网站" not in report.text
    assert report.removed["navigation"] == 1 and report.removed["publish"] == 1 and report.removed["html_tags"] == 28
    assert report.removed["url"] == 1 and report.removed["links"] == 1


def test_body_closes_a_head_html5_leaves_open():
    text = html_to_text('<html><head><meta charset="utf-8"><title>门户网站</title><body><p>地区生产总值增长6.5%。</p>'
                        "<script>广告</script><p>新增就业1.2万人。</p></body></html>")
    assert [line for line in text.split("\n") if line] == ["地区生产总值增长6.5%。", "新增就业1.2万人。"]


def test_a_first_body_element_closes_a_head_html5_leaves_open():
    # neither </head> nor <body>: the first <p> opens the body
    text = html_to_text("<!DOCTYPE html><html><head><meta charset=utf-8><title>门户网站</title>"
                        "<p>粮食总产量稳定在80万吨。</p><p>新建农村公路45公里。</p></html>")
    assert [line for line in text.split("\n") if line] == ["粮食总产量稳定在80万吨。", "新建农村公路45公里。"]


def test_table_cells_and_definitions_are_kept_apart_a_row_on_a_line():
    text = html_to_text("<table><caption>主要指标</caption><tr><th>指标</th><th>上年完成</th><th>今年目标</th></tr>"
                        "<tr><td>城镇新增就业(万人)</td><td>5.8</td><td>6左右</td></tr>"
                        "<tr><td>粮食产量(万吨)</td><td>72</td><td>75</td></tr></table>"
                        "<dl><dt>社会消费品零售总额</dt><dd>增长6%</dd><dt>进出口总额</dt><dd>增长3%</dd></dl>")
    assert [line.strip() for line in text.split("\n") if line.strip()] == [
        "主要指标", "指标 上年完成 今年目标", "城镇新增就业(万人) 5.8 6左右", "粮食产量(万吨) 72 75",
        "社会消费品零售总额 增长6%", "进出口总额 增长3%"]


def test_form_template_frame_and_drawing_text_is_no_report_text():
    text = html_to_text("<body><p>新增绿地面积12公顷。</p><select><option>2021年</option><option>2022年</option></select>"
                        "<template><p>森林覆盖率达到99%。</p></template><textarea>请输入留言</textarea>"
                        "<iframe>您的浏览器不支持框架</iframe><svg><title>柱状图</title><text>30</text></svg>"
                        "<p>改造老旧小区8个。</p></body>")
    assert [line for line in text.split("\n") if line] == ["新增绿地面积12公顷。", "改造老旧小区8个。"]


@pytest.mark.parametrize("page", [
    "<span>2024年某县政府工作报告</span>\n<span>新增城镇就业1.1万人。</span>\n",  # a fragment, no <p> or <div>
    "<table><tr><td>新增城镇就业1.1万人。</td></tr></table>",
    "<script>" + "var a = 1;\n" * 300 + "</script><html><body><p>新增城镇就业1.1万人。</p></body></html>",
], ids=["spans", "table", "late-html-tag"])
@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_an_html_file_is_read_as_html_whatever_it_starts_with(tmp_path, page, suffix):
    path = tmp_path / f"report-2024{suffix}"
    path.write_text(page, encoding="utf-8")
    report, encoding = clean_file(path)
    assert encoding == "utf-8+html"
    assert "<" not in report.text and "var" not in report.text and "新增城镇就业1.1万人。" in report.text


def test_a_txt_file_is_html_only_when_it_looks_like_html(tmp_path):
    path = tmp_path / "report-2024.txt"
    path.write_text("新增城镇就业1.1万人,x<y>z时高校毕业生0.4万人。\n", encoding="utf-8")  # <y> is no tag of a page's text
    assert clean_file(path) == (clean_text("新增城镇就业1.1万人,x<y>z时高校毕业生0.4万人。"), "utf-8")
    path.write_text("<p>新增城镇就业1.1万人。</p>", encoding="utf-8")
    assert clean_file(path)[1] == "utf-8+html"


@pytest.mark.parametrize("before", ["", "各位代表:现在,我代表县人民政府向大会报告工作。\n" * 100], ids=["start", "after-2000"])
def test_html_tags_in_a_txt_file_are_read_as_a_page_and_counted(tmp_path, before):
    path = tmp_path / "report-2024.txt"
    path.write_text(before + '<span style="font-size:16px">规上工业增加值增长8%。</span>\n'
                    "新增就业<b>1200</b>人。&nbsp;城镇化率达到60%。<br/>一、产业发展\n"
                    "1 < 2, a<b 时x>y。<o:p></o:p>\n", encoding="utf-8")
    report, encoding = clean_file(path)
    assert encoding == "utf-8+html"
    assert report.text.split("\n")[-4:] == ["规上工业增加值增长8%。", "新增就业1200人。\xa0城镇化率达到60%。", "一、产业发展",
                                            "1 < 2, a<b 时x>y。"]  # a `<` that starts no tag stays
    assert report.removed["html_tags"] == 7 and report.removed["html_entity_repaired"] == 1


@pytest.mark.parametrize("name, page", [
    ("r-2024.txt", "2024年某县政府工作报告\n&lt;p&gt;新增城镇就业1.1万人。&lt;/p&gt;&lt;br&gt;\n"),
    ("r-2024.txt", "2024年某县政府工作报告\n&amp;lt;p&amp;gt;新增城镇就业1.1万人。&amp;lt;/p&amp;gt;\n"),
    ("r-2024.html", "<p>2024年某县政府工作报告</p><p>&lt;span style=&quot;color:red&quot;&gt;新增城镇就业1.1万人。"
                    "&lt;/span&gt;</p>"),
], ids=["txt", "txt-twice", "html"])
def test_tags_escaped_once_too_often_are_read_as_tags(tmp_path, name, page):
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    report, encoding = clean_file(path)
    assert encoding == "utf-8+html" and report.text.split("\n") == ["2024年某县政府工作报告", "新增城镇就业1.1万人。"]
    assert report.removed["html_tags"] >= 2


def test_html_in_gbk(tmp_path):
    html = "<html><body><p>鎮江市政府工作報告</p><p>堅持穩中求進。</p></body></html>"
    path = tmp_path / "r.htm"
    path.write_bytes(html.encode("gbk"))
    report, encoding = clean_file(path)
    assert encoding == "gb18030+html"
    assert report.text == "镇江市政府工作报告\n坚持稳中求进。"


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", r"empty file"),
        (b"  \r\n\n\t", r"empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", r":3: binary file"),
        (("第一行。\n第二行。\n").encode("utf-8") + b"\xff\xfe\xfd\xfc\n", r":3: not UTF-8, UTF-16 or GB18030"),
        (b"\xff\xfe\x00\xd8", r":1: invalid utf-16 despite its BOM"),
        (b"\xef\xbb\xbf", r"empty file"),
        ("\u3000\u3000\n\u00a0\n\u200b\ufeff\n".encode("utf-8"), r"empty file \(only spaces and invisible"),
        ("\u3000\n".encode("utf-16"), r"empty file"),
        ("导航菜单\n返回首页\n返回顶部\n".encode("utf-8"), r"no report text left"),
    ],
    ids=["empty", "whitespace", "binary", "undecodable", "bad-utf16", "bom-only", "unicode-spaces", "utf16-spaces",
         "boilerplate-only"],
)
def test_bad_files_raise_naming_the_file(tmp_path, data, message):
    path = tmp_path / "bad-2024.txt"
    path.write_bytes(data)
    with pytest.raises(ReportError) as info:
        clean_file(path)
    error = str(info.value)
    assert error.startswith(str(path))
    assert re.search(re.escape(str(path)) + r".*" + message, error), error
    assert "\n" not in error


def test_corrupted_utf8_report_is_an_error_with_its_line(tmp_path):
    raw = (RAW / "dongtai-2024.txt").read_bytes()
    offset = raw.index("这一年,产业基础".encode("utf-8")) + 1  # cut one byte out of a character
    path = tmp_path / "dongtai-2024.txt"
    path.write_bytes(raw[:offset] + raw[offset + 1:])
    with pytest.raises(ReportError, match=re.escape(f"{path}:16:")):
        clean_file(path)


def test_latin1_is_not_guessed_as_gb18030():
    with pytest.raises(ReportError):
        decode("Zürich Straße\nnaïve\n".encode("latin-1"), "x.txt")


def test_missing_file_is_oserror(tmp_path):
    with pytest.raises(OSError):
        clean_file(tmp_path / "missing.txt")


# ---------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    "text,meta",
    [
        ("(江苏省)扬州市江都区人民政府工作报告(2025年1月7日)\n2025年政府工作任务",
         {"place": "江都区", "year": 2025, "session_date": "2025-01-07"}),
        ("2022年镇江市政府工作报告(全文)\n——2022年3月1日在镇江市第九届人民代表大会第一次会议上",
         {"place": "镇江市", "year": 2022, "session_date": "2022-03-01"}),
        ("政府工作报告(摘要)\n——胥亚伟在常州市金坛区第十八届人民代表大会第四次会议上\n向全区人民汇报2025年工作安排",
         {"place": "金坛区", "year": 2025, "session_date": None}),
        ("今年政府工作的总体思路是:坚持稳中求进。", {"place": None, "year": None, "session_date": None}),
    ],
)
def test_extract_meta_inline(text, meta):
    found = clean_text(text).meta
    assert {key: found[key] for key in meta} == meta
    # the whole of zhibiao.meta's reading is kept, so that the panel need not read it again
    assert set(found) >= {"province", "city", "level", "admin_code", "place_source", "year_source"}
    assert (found["province"] == "江苏省") == (meta["place"] is not None)


# ---------------------------------------------------------------- the five real reports

EXPECTED_META = {
    "dongtai-2024": {"place": "东台市", "year": 2024, "session_date": "2024-01-09"},
    "jiangdu-2025": {"place": "江都区", "year": 2025, "session_date": "2025-01-07"},
    "jintan-2025": {"place": "金坛区", "year": 2025, "session_date": None},
    "zhenjiang-2022": {"place": "镇江市", "year": 2022, "session_date": "2022-03-01"},
    # The Zhonglou excerpt names neither its district in a title nor a year or date: the place is the district
    # it names most (zhibiao.meta), the year comes from the file name in preprocess (see test_preprocess).
    "zhonglou-2024": {"place": "钟楼区", "year": None, "session_date": None},
}

# Lines (1-based) of each raw file that are boilerplate, with the rule that must remove them.
EXPECTED_REMOVED = {
    "dongtai-2024": {1: "navigation", 5: "publish", 6: "publish"},
    "jiangdu-2025": {1: "navigation", 131: "disclaimer", 133: "url", 135: "comments", 136: "comments"},
    "jintan-2025": {1: "navigation", 4: "publish", 105: "links"},
    "zhenjiang-2022": {1: "spam", 3: "navigation", 9: "publish", 19: "image", 21: "image", 183: "editor",
                       185: "links", 186: "links", 187: "links"},
    "zhonglou-2024": {},
}

# First and last body paragraphs (raw line numbers) and how each starts, so that a shifted file is noticed.
BODY_PARAGRAPHS = {
    "dongtai-2024": [(14, "这一年,综合实力在践行新思想中更有分量。"), (100, "把清正廉洁融入本色。")],
    "jiangdu-2025": [(7, "2025年是全面落实党的二十届三中全会精神的关键之年"), (101, "各位代表,征程万里风正劲"),
                     (129, "13、“五社联动”")],
    "jintan-2025": [(8, "2024年是中华人民共和国成立75周年"), (103, "坚持清正廉洁作表率。")],
    "zhenjiang-2022": [(25, "现在,我代表镇江市人民政府向大会报告工作"), (181, "星光不负赶路人,江河眷顾奋楫者。")],
    "zhonglou-2024": [(1, "今年政府工作的总体思路是:"), (29, "各位代表!为民之行,光荣之路。")],
}

BOILERPLATE_STRINGS = [
    "导航菜单", "本文地址", "验证码", "责任编辑", "返回首页", "相关新闻", "返回顶部", "扫一扫", "发布日期",
    "浏览次数", "您当前的位置", "发布时间", "信息来源", "留言与评论", "本站立场", "不得转载", "欢迎您", "downLoad",
    "【打印】", "首页", "新闻中心",
    # traditional forms too
    "責任編輯", "返回首頁", "相關新聞", "返回頂部", "首頁",
]
SPAM_STRINGS = ["四虎", "在线影院", "自在现线", "无码", "色官网", "人人爽", "www"]
TONE = f"[a-zü]*[{TONE_MARKS}][a-zü]*"
PINYIN_GLOSS = re.compile(rf"[\u4e00-\u9fff]\({TONE}\)")

_T2S = opencc.OpenCC("t2s")
_GLOSS_ANYWHERE = re.compile(rf"\((?=[a-zü{TONE_MARKS}]{{1,6}}\))[a-zü{TONE_MARKS}]+\)")


@pytest.fixture(scope="module")
def cleaned():
    return {name: clean_file(RAW / f"{name}.txt") for name in REPORTS}


def raw_lines(name: str) -> list[str]:
    return (RAW / f"{name}.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", REPORTS)
def test_real_report_metadata(cleaned, name):
    report, encoding = cleaned[name]
    assert encoding == "utf-8"
    assert {key: report.meta[key] for key in EXPECTED_META[name]} == EXPECTED_META[name]
    assert report.meta["province"] == "江苏省"


@pytest.mark.parametrize("name", REPORTS)
def test_real_report_removed_lines_exactly_the_boilerplate(cleaned, name):
    report, _ = cleaned[name]
    assert {n: rule for n, rule, _ in report.removed_lines} == EXPECTED_REMOVED[name]
    lines = raw_lines(name)
    for number, _, line in report.removed_lines:
        assert line == lines[number - 1].strip()
    for rule in LINE_RULES:
        assert report.removed[rule] == sum(r == rule for r in EXPECTED_REMOVED[name].values())


@pytest.mark.parametrize("name", REPORTS)
def test_real_report_no_boilerplate_or_spam_left(cleaned, name):
    text = cleaned[name][0].text
    for string in BOILERPLATE_STRINGS + SPAM_STRINGS:
        assert string not in text, string
    for line in text.split("\n"):
        assert line_rule(line) is None, line
        assert line.strip() == line and line


@pytest.mark.parametrize("name", REPORTS)
def test_real_report_no_pinyin_gloss(cleaned, name):
    text = cleaned[name][0].text
    assert PINYIN_GLOSS.findall(text) == []


def test_zhenjiang_had_pinyin_glosses_and_traditional_characters(cleaned):
    report = cleaned["zhenjiang-2022"][0]
    raw = (RAW / "zhenjiang-2022.txt").read_text(encoding="utf-8")
    assert len(PINYIN_GLOSS.findall(raw)) > 1000  # the check above is not vacuous
    assert report.removed["pinyin_gloss"] > 1000
    assert report.removed["traditional_chars"] > 1000
    # What is left of tone-marked pinyin sits only inside garbled source text (after `?`, a private-use
    # character or a Latin letter), never right after a Chinese character.
    for match in re.finditer(rf"(.)\({TONE}\)", report.text):
        assert not re.match(r"[\u4e00-\u9fff]", match.group(1)), match.group(0)


@pytest.mark.parametrize("name", REPORTS)
def test_real_report_no_traditional_characters(cleaned, name):
    text = cleaned[name][0].text
    assert _T2S.convert(text) == text


@pytest.mark.parametrize("name", REPORTS)
def test_real_report_body_intact(cleaned, name):
    text_lines = cleaned[name][0].text.split("\n")
    lines = raw_lines(name)
    for number, start in BODY_PARAGRAPHS[name]:
        raw = lines[number - 1].strip()
        expected = _T2S.convert(_GLOSS_ANYWHERE.sub("", raw)) if name == "zhenjiang-2022" else raw
        assert expected.startswith(start)
        assert expected in text_lines
    # first and last body paragraphs are where they should be: nothing after the last one
    last_number, _ = BODY_PARAGRAPHS[name][-1]
    last = lines[last_number - 1].strip()
    last = _T2S.convert(_GLOSS_ANYWHERE.sub("", last)) if name == "zhenjiang-2022" else last
    assert text_lines[-1] == last


@pytest.mark.parametrize("name", REPORTS)
def test_real_report_keeps_every_other_line(cleaned, name):
    """Every non-blank raw line that is not boilerplate is in the cleaned text, in order."""
    report = cleaned[name][0]
    lines = raw_lines(name)
    kept = [
        line.strip().strip("\u3000\ufeff")
        for number, line in enumerate(lines, start=1)
        if line.strip().strip("\u3000\ufeff") and number not in EXPECTED_REMOVED[name]
    ]
    text_lines = report.text.split("\n")
    assert len(text_lines) == len(kept)
    if name != "zhenjiang-2022":
        assert text_lines == kept


# ---------------------------------------------------------------- lines a PDF wrapped

def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_offsets(text)]


def _wrapped(text: str, width: int) -> str:
    """The text's paragraphs broken every `width` characters, as a PDF's text layer gives them."""
    return "\n".join(line[i:i + width] for line in text.splitlines() for i in range(0, max(len(line), 1), width))


def test_a_report_wrapped_at_the_page_width_gives_the_sentences_of_the_unwrapped_one():
    text = (RAW / "jintan-2025.txt").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if len(line) > 60)  # paragraphs, not the page's boilerplate
    whole, wrapped = clean_text(body), clean_text(_wrapped(body, 35))
    assert sentences(wrapped.text) == sentences(whole.text)  # a line may break after a sentence's end
    assert wrapped.removed["wrapped_lines_joined"] > 100
    assert whole.removed["wrapped_lines_joined"] == 0


def test_headings_short_lines_and_sentence_ends_stay_line_ends():
    lines = ["一、2024年工作回顾", *["全市地区生产总值增长百分之六点五，一般公共预算收入增长百"] * 6,
             "分之三。", "（一）产业发展", "全市规上工业增加值增长百分之八点二，新增规上工业企业一", "百零二家。"]
    joined, count = unwrap(lines)
    assert joined[0] == "一、2024年工作回顾"  # a short line
    assert joined[1].endswith("分之三。") and count == 7
    assert "（一）产业发展" in joined  # a heading after a full line starts its own
    assert joined[-1].startswith("全市规上工业") and joined[-1].endswith("百零二家。")


def test_a_break_inside_a_number_is_joined_whatever_the_page():
    lines = ["全市地区生产总值增长6.5", "%左右,一般公共预算收入达到1,", "200亿元,规上工业增加值增长8.", "5%。", "1.",
             "2024年工作回顾", "新增企业12", "家。"]
    assert unwrap(lines) == (["全市地区生产总值增长6.5%左右,一般公共预算收入达到1,200亿元,规上工业增加值增长8.5%。", "1.",
                              "2024年工作回顾", "新增企业12", "家。"], 3)  # (a list number alone and a measure word stay)
    assert clean_text("\n".join(lines[:4])).removed["wrapped_lines_joined"] == 3


def test_a_report_with_one_paragraph_per_line_is_left_as_it_is():
    lines = [BODY * n for n in (1, 3, 2, 5, 1, 4)] + ["二、2025年工作安排"]
    assert page_width(lines) is None
    assert unwrap(lines) == (lines, 0)
    assert page_width(["农业产值"] * 10) is None  # equal short lines are a list, not a page


# An invented report body, wrapped at 24 characters into 13 lines, a page break after every third line: the second
# page break falls between 新增市级研发机构 and 15家, so that a page number read as text would join the value.
PAGED_BODY = ("全年完成固定资产投资增长百分之五点二，其中工业投资增长百分之八点六，新开工亿元以上项目三十个，竣工投产项目二十四"
              "个，重大项目完成年度计划投资的百分之一百零八，实际使用外资增长百分之六点八，外贸进出口总额首次突破四百五十亿元。"
              "科技创新能力持续提升，新增高新技术企业四十二家，新增市级研发机构15家，专利授权量增长百分之十二，技术合同成交额突"
              "破十亿元。城乡环境明显改善，新建口袋公园二十个，改造老旧小区十八个，完成农村公路提档升级六十公里，新增城市停车泊"
              "位三千个，建成区绿化覆盖率达到百分之四十三，空气质量优良天数比例达到百分之八十，地表水国考断面水质全部达标，群众"
              "的获得感幸福感安全感不断增强。")


def _paged(footer: str | None, feed: bool = True, width: int = 24, page: int = 3) -> str:
    """PAGED_BODY as a PDF's text layer gives it: wrapped at `width`, `footer` (`{n}` the page number) and a form
    feed after every `page` lines."""
    lines = [PAGED_BODY[i:i + width] for i in range(0, len(PAGED_BODY), width)]
    out = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        if number % page == 0 and number < len(lines):
            out += ["", footer.format(n=number // page)] if footer else []
            out += ["\f"] if feed else []
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("footer", ["— {n} —", "- {n} -", "－{n}－", "—{n}—", "第 {n} 页", "第{n}页 共5页", "{n}"])
@pytest.mark.parametrize("feed", [True, False], ids=["form-feed", "no-form-feed"])
def test_page_numbers_are_removed_counted_and_the_sentence_a_page_broke_is_whole(footer, feed):
    assert "研发机构\n\n" + footer.format(n=2) in _paged(footer, feed=feed)
    whole = clean_text(_paged(None, feed=False))
    paged = clean_text(_paged(footer, feed=feed))
    assert "新增市级研发机构15家" in paged.text
    assert paged.text == whole.text
    assert paged.removed["page_number"] == 4
    assert [(rule, line) for _, rule, line in paged.removed_lines] == [
        ("page_number", footer.format(n=n)) for n in (1, 2, 3, 4)]
    assert paged.removed["wrapped_lines_joined"] == whole.removed["wrapped_lines_joined"]


@pytest.mark.parametrize("text,figures", [
    ("粮食产量(万吨)\n72\n75\n\f" + _paged(None), ["72", "75"]),  # a column of figures at a page end
    # label and figure lines in turn, in a wrapped text without form feeds
    (_paged(None, feed=False) + "城镇新增就业(万人)\n12\n粮食产量(万吨)\n75\n", ["12", "75"]),
    # a figure ending a page whose number does not follow the page numbers (1 to 4) of the others
    (_paged("{n}") + "\f\n粮食产量(万吨)\n75\n\f\n" + BODY, ["75"]),
    (f"{BODY}\n2\n{BODY}\n", ["2"]),  # one paragraph a line (a web page's text): no page breaks to find
], ids=["column", "label-figure", "off-sequence", "paragraph-lines"])
def test_a_bare_number_that_is_report_content_stays(text, figures):
    report = clean_text(text)
    lines = report.text.split("\n")
    assert [figure for figure in figures if figure in lines] == figures
    assert not [line for _, rule, line in report.removed_lines if line in figures]


def test_invisible_characters_inside_words_are_removed_and_counted():
    report = clean_text("新增产值30\u202e亿元\u202c企业1家，\u200b地区生产总值增长6.5%\u200d。\n")
    assert report.text == "新增产值30亿元企业1家，地区生产总值增长6.5%。"
    assert report.removed["invisible_chars"] == 4


# ---------------------------------------------------------------- files that are no report

def test_a_file_name_that_is_not_utf8_is_named_and_skipped(tmp_path):
    (tmp_path / "good-2024.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / os.fsdecode("钟楼区2024.txt".encode("gb18030"))).write_text(BODY, encoding="utf-8")
    result = preprocess([tmp_path])
    assert [doc["doc_id"] for doc in result.docs] == ["good-2024"]
    assert result.errors == [f"{tmp_path}/\\xd6\\xd3¥\\xc7\\xf82024.txt: the file name is not UTF-8 "  # ¥: c2 a5
                             "(as GB18030: 钟楼区2024.txt); rename the file"]
    json.dumps(result.errors, ensure_ascii=False).encode("utf-8")  # printable and writable


@pytest.mark.parametrize("name, shown", [("zhong\nlou-2024.txt", "zhong\\x0alou-2024.txt"),
                                         ("lou-2024 .txt", "lou-2024 .txt"), ("a:b-2024.txt", "a:b-2024.txt")])
def test_a_file_name_the_gold_would_refuse_as_a_doc_id_is_named_and_skipped(tmp_path, name, shown):
    """A newline in a doc_id breaks every line naming it; the gold refuses such a doc_id, so its sentences could
    never be annotated."""
    (tmp_path / "good-2024.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / name).write_text(BODY, encoding="utf-8")
    result = preprocess([tmp_path])
    assert [doc["doc_id"] for doc in result.docs] == ["good-2024"]
    assert result.errors == [f"{tmp_path}/{shown}: the file name cannot be a doc_id ({FILE_STEM_RULE}); rename the file"]


def test_a_pipe_is_not_read(tmp_path):
    (tmp_path / "good-2024.txt").write_text(BODY, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe-2024.txt")  # reading it would wait for a writer forever
    result = preprocess([tmp_path, tmp_path / "pipe-2024.txt"])
    assert [doc["doc_id"] for doc in result.docs] == ["good-2024"]
    assert result.ignored.count(f"{tmp_path / 'pipe-2024.txt'}: not a regular file, not read") == 2


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real = Path.iterdir

    def iterdir(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)  # as root, chmod 000 does not lock a folder
    assert preprocess([locked]).ignored == [f"{locked}: folder not read (Permission denied)"]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_lines_are_numbered_as_an_editor_numbers_them(end):
    text = end.join(["2024年东台市政府工作报告", "\f" + BODY, "责任编辑:张三", "页面\u2028" + BODY, "责任编辑:李四"])
    assert clean_text(text).removed_lines == [(3, "editor", "责任编辑:张三"), (5, "editor", "责任编辑:李四")]


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_a_bad_byte_is_found_on_its_line_whatever_the_line_ends(end):
    data = end.join([BODY.encode("utf-8")] * 3 + [b"\xc3(" + BODY.encode("utf-8")])
    with pytest.raises(ReportError, match=r"^x\.txt:4: not UTF-8, UTF-16 or GB18030 text as a whole"):
        decode(data, "x.txt")


def test_a_report_with_no_year_and_no_place_is_named(tmp_path):
    (tmp_path / "report.txt").write_text("今年工作的总体思路是坚持稳中求进。" + BODY, encoding="utf-8")
    assert preprocess([tmp_path]).cleaning_warnings() == [
        "report.txt: no report year in the text or the file name (`name-2024.txt` gives one); its records have none",
        "report.txt: no place in the text's title, session line or mentions; its records have none"]
