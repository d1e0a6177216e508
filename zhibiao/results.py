"""The README's results tables, written from the JSON that `spacy project run` leaves under training/.

Each table sits between `<!-- results:NAME -->` and `<!-- /results:NAME -->` in README.md and is replaced
whole, so the figures there are the ones measured, never typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Mapping

# Issue 10's targets for the cross-validated estimate (F1).
TARGETS = {"INDICATOR": 0.80, "VALUE": 0.97, "UNIT": 0.97, "PROJECT": 0.65, "micro": 0.90, "records": 0.80}
ROW_NAMES = {"records": "records (indicator, value, unit)"}


class ResultsError(ValueError):
    """A results JSON that is not what readme-results writes from; the message names the file and what is wrong."""


def _f1(scores: Mapping[str, Any], key: str, spread: bool = True) -> str:
    value, sd = scores["f1"][key], scores["sd_over_seeds"][key]
    return f"{value:.3f}" + (f" ± {sd:.3f}" if spread and sd else "")


def cv_table(result: Mapping[str, Any], shipped: str, model_alone: str) -> str:
    """Rules alone, the model alone and the shipped candidate per key, the paired Δ and the target."""
    variants, reference = result["variants"], result["reference"]
    lines = [f"| | {reference} | NER alone | shipped pipeline | Δ shipped − {reference} | target | met |",
             "|---|---|---|---|---|---|---|"]
    for key, target in TARGETS.items():
        score = variants[shipped]["f1"][key]
        low, high = variants[shipped][f"delta_vs_{reference}_ci95"][key]
        met = "yes" if score >= target else f"no ({score - target:+.4f})"  # four places: a miss never reads -0.000
        lines.append(f"| {ROW_NAMES.get(key, key)} | {_f1(variants[reference], key, False)} | "
                     f"{_f1(variants[model_alone], key)} | **{_f1(variants[shipped], key)}** | "
                     f"[{low:+.3f}, {high:+.3f}] | {target} | {met} |")
    return "\n".join(lines)


def benchmark_table(benchmark: Mapping[str, Any]) -> str:
    lines = ["| run | seconds | characters/s |", "|---|---|---|"]
    lines += [f"| {run['name']} | {run['seconds']:.3f} | {run['chars_per_second']:,} |" for run in benchmark["runs"]]
    memory, size = benchmark["memory"]["max_rss_mb_main_process"], benchmark["pipeline_size_bytes"] / 1e6
    return "\n".join(lines) + f"\n\nPeak memory {memory:.0f} MB (main process), pipeline {size:.1f} MB on disk."


def cv_table_from(path: Path, shipped: str, model_alone: str) -> str:
    """`cv_table` of cv-evaluate's JSON at `path`; ResultsError naming the file when it is not that."""
    return _table_from(path, "cv-evaluate's results", lambda result: cv_table(result, shipped, model_alone))


def benchmark_table_from(path: Path) -> str:
    """`benchmark_table` of benchmark's JSON at `path`; ResultsError naming the file when it is not that."""
    return _table_from(path, "benchmark's results", benchmark_table)


def _table_from(path: Path, what: str, table: Callable[[Mapping[str, Any]], str]) -> str:
    """The table drawn from the JSON at `path`. The tables read their figures by key, so a file of another
    shape fails there: that failure is reported against this file, not the README it would have gone into."""
    import srsly

    try:
        data = srsly.read_json(path)
    except (OSError, ValueError) as err:
        raise ResultsError(f"{path}: not JSON ({_one_line(err)})") from None
    if not isinstance(data, dict):
        raise ResultsError(f"{path}: not {what} (not a JSON object)")
    try:
        return table(data)
    except KeyError as err:
        raise ResultsError(f"{path}: not {what} (no {err})") from None
    except (TypeError, ValueError, AttributeError, IndexError) as err:
        raise ResultsError(f"{path}: not {what} ({_one_line(err)})") from None


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())  # srsly's JSON errors span lines


def replace_block(text: str, name: str, content: str) -> str:
    """`text` with the block between the `results:name` markers replaced by `content`."""
    pattern = re.compile(rf"(<!-- results:{re.escape(name)} -->)\n.*?(<!-- /results:{re.escape(name)} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"no <!-- results:{name} --> … <!-- /results:{name} --> block")
    return pattern.sub(lambda match: f"{match.group(1)}\n{content}\n{match.group(2)}", text, count=1)
