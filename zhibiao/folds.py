"""Summaries of cross-validation and learning-curve runs (mean and per-fold F1 of every span source)."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

from .labels import LABEL_NAMES

TARGETS = {"micro": 0.90, "VALUE": 0.97, "UNIT": 0.97, "INDICATOR": 0.85, "PROJECT": 0.75}
LABELS = [*LABEL_NAMES, "micro"]


def _f(scores: dict, label: str) -> float:
    exact = scores["exact"]
    return exact["micro"]["f"] if label == "micro" else exact["per_label"][label]["f"]


def summarise_folds(runs: list[dict]) -> dict:
    """Mean exact-match F1 per label and value_of F1 for each source, per training fraction, with per-fold figures."""
    by_fraction: dict = defaultdict(list)
    for run in runs:
        by_fraction[run["fraction"]].append(run)
    summary = {}
    for fraction, fraction_runs in sorted(by_fraction.items()):
        sources = list(fraction_runs[0]["scores"])
        summary[str(fraction)] = {
            "folds": len(fraction_runs),
            "mean": {
                source: {label: round(mean(_f(run["scores"][source], label) for run in fraction_runs), 4) for label in LABELS}
                for source in sources
            },
            "value_of": {
                source: round(mean(run["scores"][source]["value_of"]["f"] for run in fraction_runs), 4) for source in sources
            },
            "per_fold": {
                run["test"]: {source: {label: _f(run["scores"][source], label) for label in LABELS} for source in sources}
                for run in fraction_runs
            },
        }
    return {"by_fraction": summary}


def best_source(data: dict) -> str:
    return max((s for s in data["mean"] if s != "rules"), key=lambda s: data["mean"][s]["micro"])


def folds_markdown(summary: dict) -> str:
    lines = []
    for fraction, data in summary["by_fraction"].items():
        sources = list(data["mean"])
        best = best_source(data)
        lines += [f"## Training on {float(fraction):.0%} of the other reports ({data['folds']} folds)", "",
                  "Mean exact-match F1 over the folds; each fold tests on one unseen report.", "",
                  "| label | " + " | ".join(sources) + " | target | best model meets target |",
                  "|---|" + "---|" * (len(sources) + 2)]
        for label in LABELS:
            target = TARGETS.get(label)
            value = data["mean"][best][label]
            met = "–" if target is None else ("yes" if value >= target else f"no ({value - target:+.3f})")
            cells = " | ".join(f"{data['mean'][s][label]:.3f}" for s in sources)
            lines.append(f"| {label} | {cells} | {target if target is not None else '–'} | {met} |")
        cells = " | ".join(f"{data['value_of'][s]:.3f}" for s in sources)
        lines.append(f"| value_of (records) | {cells} | 0.85 | – |")
        lines += ["", f"Best model source: **{best}**.", "", "| test report | " + " | ".join(sources) + " |",
                  "|---|" + "---|" * len(sources)]
        for report, scores in data["per_fold"].items():
            lines.append(f"| {report} | " + " | ".join(f"{scores[s]['micro']:.3f}" for s in sources) + " |")
        lines.append("")
    return "\n".join(lines)
