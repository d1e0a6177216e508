import json
from pathlib import Path

import pytest

from zhibiao.indicators import canonical_id, load_table, pair_ids

REPO = Path(__file__).resolve().parent.parent
ISSUE_IDS = {
    "gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales", "fiscal_revenue",
    "fiscal_expenditure", "foreign_trade", "exports", "foreign_investment", "urban_disposable_income",
    "rural_disposable_income", "disposable_income", "new_urban_jobs", "unemployment_rate", "cpi",
    "energy_intensity", "rd_intensity", "grain_output", "population",
}


def test_package_copy_is_the_config():
    assert (REPO / "zhibiao" / "indicators.json").read_bytes() == (REPO / "configs" / "indicators.json").read_bytes()


def test_every_issue_id_is_defined_with_names_and_measures():
    table = load_table()
    assert ISSUE_IDS <= set(table.indicators)
    for indicator in table.indicators.values():
        assert indicator.zh and indicator.en and indicator.measures


@pytest.mark.parametrize("text,expected", [
    ("地区生产总值", "gdp"), ("生产总值", "gdp"), ("GDP", "gdp"), ("经济总量", "gdp"), ("全市地区生产总值", "gdp"),
    ("规上工业增加值", "industrial_value_added"), ("规模以上工业增加值", "industrial_value_added"),
    ("城镇居民人均可支配收入", "urban_disposable_income"), ("城镇常住居民人均可支配收入", "urban_disposable_income"),
    ("人均可支配收入", "disposable_income"),
    ("一般公共预算收入", "fiscal_revenue"), ("地方一般公共预算收入", "fiscal_revenue"),
    ("单位GDP能耗", "energy_intensity"), ("全社会研发投入占GDP比重", "rd_intensity"),
    ("“进出口”", "foreign_trade"),
])
def test_variants_map_to_one_id(text, expected):
    assert canonical_id(text) == expected


@pytest.mark.parametrize("text", ["人均地区生产总值", "服务业增加值占地区生产总值比重", "全社会研发投入", "投资", "", None])
def test_other_names_get_no_id(text):
    assert canonical_id(text) is None


def test_pairs_name_two_ids_in_order():
    assert pair_ids("城乡居民人均可支配收入") == ("urban_disposable_income", "rural_disposable_income")
    assert pair_ids("地区生产总值") == ()


def test_bad_table_names_the_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"indicators": [{"id": "a", "zh": "甲", "en": "A", "measures": ["level"], "forms": ["x"]},
                                               {"id": "b", "zh": "乙", "en": "B", "measures": ["level"], "forms": ["x"]}]}))
    with pytest.raises(ValueError, match="bad.json: .*both"):
        load_table(path)
