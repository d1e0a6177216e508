"""The README's results tables come from the JSON under training/."""

import json
import re

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.results import TARGETS, ResultsError, benchmark_table, benchmark_table_from, cv_table, cv_table_from, replace_block


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


@pytest.mark.parametrize("content, expected", [
    ("{not json", "not JSON ("),
    ("[]", "not cv-evaluate's results (not a JSON object)"),
    ('{"reference": "rules alone"}', "not cv-evaluate's results (no 'variants')"),
    ('{"reference": "rules alone", "variants": []}', "not cv-evaluate's results (list indices"),
])
def test_a_cv_json_of_another_shape_is_an_error_naming_it(tmp_path, content, expected):
    path = tmp_path / "cv.json"
    path.write_text(content)
    with pytest.raises(ResultsError, match="^" + re.escape(f"{path}: {expected}")):
        cv_table_from(path, "shipped", "ner")
    with pytest.raises(ResultsError, match="^" + re.escape(f"{path}: not ")):
        benchmark_table_from(path)


def test_readme_results_names_the_bad_json_not_the_readme(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("<!-- results:cv -->\nold\n<!-- /results:cv -->\n<!-- results:benchmark -->\n<!-- /results:benchmark -->\n")
    before = readme.read_text()
    good = tmp_path / "cv.json"
    good.write_text(json.dumps({"reference": "rules alone", "variants": {}}))
    listed, garbage = tmp_path / "list.json", tmp_path / "garbage.json"
    listed.write_text("[]")
    garbage.write_text("{not json")
    for cv, benchmark, named in [(listed, listed, listed), (good, garbage, good), (garbage, good, garbage)]:
        args = ["readme-results", "--cv", cv, "--benchmark", benchmark, "--readme", readme]
        result = CliRunner().invoke(app, [str(arg) for arg in args])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.stderr.startswith(f"error: {named}: not ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert readme.read_text() == before
