import json

import pytest

from zhibiao.panel_eval import TruthError, load_truth, score_panel

LINE = {"doc_id": "d", "kind": "target", "indicator": "gdp", "measure": "growth", "value": 6.0, "qualifier": "around",
        "ref_year": 2024, "place": "东台市", "province": "江苏省", "year": 2024, "unit": "%"}


def write(path, rows):
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("change,message", [
    ({"qualifier": "about"}, "qualifier 'about'"), ({"kind": "plan"}, "kind 'plan'"), ({"value": None}, "value is empty"),
])
def test_bad_truth_lines_are_named_by_file_and_line(tmp_path, change, message):
    path = write(tmp_path / "truth.jsonl", [LINE, {**LINE, "indicator": "cpi", **change}])
    with pytest.raises(TruthError, match=rf"truth.jsonl:2: {message}"):
        load_truth(path)


def test_a_cell_given_twice_is_refused(tmp_path):
    with pytest.raises(TruthError, match="given twice"):
        load_truth(write(tmp_path / "truth.jsonl", [LINE, LINE]))


def test_the_committed_truth_loads():
    rows = load_truth("corpus/panel/truth.jsonl")
    assert {row["doc_id"] for row in rows} == {"dongtai-2024", "jiangdu-2025", "jintan-2025", "zhenjiang-2022", "zhonglou-2024"}


def test_scores_count_value_misses_and_wrong_cells():
    truth = [LINE, {**LINE, "indicator": "cpi", "value": 3.0}, {**LINE, "indicator": "retail_sales", "panel": False}]
    rows = [{**LINE, "qualifier": "at_least"}, {**LINE, "indicator": "cpi", "value": 2.0},
            {**LINE, "indicator": "exports"}]
    result = score_panel(rows, truth)
    assert (result["cells"]["tp"], result["cells"]["fp"], result["cells"]["fn"]) == (1, 2, 1)
    assert result["matched_rows"] == 2
    assert result["fields"]["qualifier"]["correct"] == 1 and result["fields"]["value"]["correct"] == 1
