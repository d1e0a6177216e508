"""Summaries of cross-validation and learning-curve runs (mean and per-fold F1)."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

from .labels import LABEL_NAMES

TARGETS = {"micro": 0.90, "VALUE": 0.97, "UNIT": 0.97, "INDICATOR": 0.85, "PROJECT": 0.75}


def _f(scores: dict, label: str) -> float:
    exact = scores["exact"]
    return exact["micro"]["f"] if label == "micro" else exact["per_label"][label]["f"]


def summarise_folds(runs: list[dict]) -> dict:
    """Mean exact-match F1 per label for model and rules, per training fraction, with per-fold figures."""
    by_fraction: dict = defaultdict(list)
    for run in runs:
        by_fraction[run["fraction"]].append(run)
    summary = {}
    for fraction, fraction_runs in sorted(by_fraction.items()):
        labels = [*LABEL_NAMES, "micro"]
        summary[str(fraction)] = {
            "mean": {
                source: {label: round(mean(_f(run[source], label) for run in fraction_runs), 4) for label in labels}
                for source in ("model", "rules")
            },
            "value_of": {
                source: round(mean(run[source]["value_of"]["f"] for run in fraction_runs), 4) for source in ("model", "rules")
            },
            "per_fold": {
                run["test"]: {source: {label: _f(run[source], label) for label in labels} for source in ("model", "rules")}
                for run in fraction_runs
            },
        }
    return {"by_fraction": summary}


def folds_markdown(summary: dict) -> str:
    lines = []
    for fraction, data in summary["by_fraction"].items():
        lines += [f"## Training on {float(fraction):.0%} of the other reports (exact-match F1, mean of folds)", "",
                  "| label | model | rules | target | model meets target |", "|---|---|---|---|---|"]
        for label, value in data["mean"]["model"].items():
            target = TARGETS.get(label)
            met = "–" if target is None else ("yes" if value >= target else f"no ({value - target:+.3f})")
            lines.append(f"| {label} | {value:.3f} | {data['mean']['rules'][label]:.3f} | {target or '–'} | {met} |")
        lines += ["", "| test report | model micro | rules micro |", "|---|---|---|"]
        for report, scores in data["per_fold"].items():
            lines.append(f"| {report} | {scores['model']['micro']:.3f} | {scores['rules']['micro']:.3f} |")
        lines.append("")
    return "\n".join(lines)
