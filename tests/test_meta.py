import pytest

from zhibiao.meta import report_meta, report_year, resolve_place


@pytest.mark.parametrize("head,place,province,level,code", [
    ("(江苏省)扬州市江都区人民政府工作报告(2025年1月7日)\n2025年政府工作任务", "江都区", "江苏省", "county", "321012"),
    ("——2024年1月9日在东台市第十七届人民代表大会第三次会议上", "东台市", "江苏省", "county", "320981"),
    ("平遥县政府工作报告\n", "平遥县", "山西省", "county", "140728"),
    ("2022年镇江市政府工作报告(全文)", "镇江市", "江苏省", "prefecture", "321100"),
    ("现在,我代表江苏省人民政府向大会报告工作", "江苏省", "江苏省", "province", "320000"),
])
def test_place_from_title_or_session_line(head, place, province, level, code):
    meta = report_meta(head)
    assert (meta["place"], meta["province"], meta["level"], meta["admin_code"]) == (place, province, level, code)


def test_place_from_the_area_a_report_names_most():
    text = "全区经济社会发展的主要预期目标是……书写好中国式现代化钟楼答卷。" + "才聚钟楼。" * 3
    meta = report_meta(text)
    assert (meta["place"], meta["place_source"]) == ("钟楼区", "mentions")


def test_no_place_is_none_not_a_guess():
    meta = report_meta("今年工作的总体思路是坚持稳中求进。")
    assert meta["place"] is None and meta["admin_code"] is None


def test_a_short_name_that_is_a_common_word_counts_no_mention():
    # 合作 is a county-level city of Gansu and a word every report uses: only 合作市 itself would name it
    text = "全市上下加强区域合作，深化校地合作，推进产业合作。" * 3
    assert report_meta(text)["place"] is None


def test_unknown_name_does_not_resolve():
    assert resolve_place("桃花源县") is None


@pytest.mark.parametrize("head,file_name,year,source", [
    ("2024年《政府工作报告》(摘登)", "x.txt", 2024, "title"),
    ("扬州市江都区人民政府工作报告(2025年1月7日)", "jiangdu-2020.txt", 2025, "session date"),
    ("政府工作报告\n向全区人民汇报2024年工作", None, 2025, "heading"),
    ("政府工作报告\n2023年工作回顾", None, 2024, "heading"),
    ("今年政府工作的总体思路是", "zhonglou-2024.txt", 2024, "file name"),
    ("今年政府工作的总体思路是", "report.txt", None, None),
])
def test_year_from_text_first_then_file_name(head, file_name, year, source):
    assert report_year(head, file_name) == {"year": year, "year_source": source}


def test_a_district_report_that_says_quanshi_as_often_as_quanqu_is_a_district():
    text = "全区目标。全市部署。书写钟楼答卷。才聚钟楼。钟楼半程马拉松。加强合作。"
    assert report_meta(text)["place"] == "钟楼区"


@pytest.mark.parametrize("head, file_name, year, source", [
    ("各位代表:", "东台市二〇二四年政府工作报告.txt", 2024, "file name"),
    ("各位代表:", "东台市二零二三年政府工作报告.txt", 2023, "file name"),
    ("东台市二〇二四年政府工作报告\n各位代表:", "dt.txt", 2024, "title"),
    ("政府工作报告\n——二〇二四年一月十日在东台市第十七届人民代表大会第四次会议上", "dt.txt", 2024, "session date"),
    ("各位代表:", "一二三四年.txt", None, None),  # not a year of a report
    ("各位代表:", "东台市政府工作报告_20240110.txt", 2024, "file name"),  # a date stamp
    ("各位代表:", "report-20241399.txt", None, None),  # no date
])
def test_a_year_in_chinese_numerals_or_a_date_stamp_is_read(head, file_name, year, source):
    assert report_year(head, file_name) == {"year": year, "year_source": source}
