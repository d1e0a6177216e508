"""The README's results tables come from the JSON under training/."""

import pytest

from zhibiao.results import TARGETS, benchmark_table, cv_table, replace_block

from conftest import ROOT


def scores(value: float, sd: float = 0.0) -> dict:
    keys = list(TARGETS)
    return {"f1": dict.fromkeys(keys, value), "sd_over_seeds": dict.fromkeys(keys, sd),
            "delta_vs_rules alone_ci95": dict.fromkeys(keys, [0.01, 0.05])}


def test_cv_table_shows_each_target_and_whether_it_is_met():
    result = {"reference": "rules alone",
              "variants": {"rules alone": scores(0.8), "ner": scores(0.7, 0.01), "shipped": scores(0.95, 0.002)}}
    table = cv_table(result, "shipped", "ner")
    assert "| micro | 0.800 | 0.700 ± 0.010 | **0.950 ± 0.002** | [+0.010, +0.050] | 0.9 | yes |" in table
    assert "| VALUE | 0.800 | 0.700 ± 0.010 | **0.950 ± 0.002** | [+0.010, +0.050] | 0.97 | no (-0.0200) |" in table


def test_benchmark_table_lists_every_run_with_memory_and_size():
    table = benchmark_table({"runs": [{"name": "extract", "seconds": 0.8, "chars_per_second": 52161}],
                             "memory": {"max_rss_mb_main_process": 266.2}, "pipeline_size_bytes": 2_749_314})
    assert "| extract | 0.800 | 52,161 |" in table and "Peak memory 266 MB" in table and "2.7 MB" in table


def test_only_the_named_block_is_replaced():
    text = "a\n<!-- results:cv -->\nold\n<!-- /results:cv -->\nb\n<!-- results:x -->\nkeep\n<!-- /results:x -->\n"
    assert replace_block(text, "cv", "new") == text.replace("old", "new")
    with pytest.raises(ValueError, match="results:missing"):
        replace_block(text, "missing", "new")


def test_the_readme_has_both_blocks():
    text = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    for name in ("cv", "benchmark"):
        assert replace_block(text, name, "") != text
