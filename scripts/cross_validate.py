"""Leave-one-report-out cross-validation: train on four reports, test on the fifth, for each report.

Usage: python scripts/cross_validate.py CONFIG GOLD_DIR OUT_JSON OUT_MD [--max-steps N] [--fractions 1.0]
With several --fractions it is the learning curve: each fold trained on that share of its training reports.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import spacy
import srsly

from zhibiao.assemble import CANDIDATES, build
from zhibiao.corpus import leave_one_report_out, load_gold, subset_reports, write_split
from zhibiao.evaluate import evaluate_records, model_predictor, rule_predictor
from zhibiao.folds import folds_markdown, summarise_folds


def train(config: Path, corpus_dir: Path, out_dir: Path, max_steps: int) -> Path:
    subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out_dir),
         "--paths.train", str(corpus_dir / "train.spacy"), "--paths.dev", str(corpus_dir / "dev.spacy"),
         "--training.max_steps", str(max_steps)],
        check=True, stdout=subprocess.DEVNULL,
    )
    return out_dir / "model-last"  # dev is the training data in a fold, so model-best means nothing here


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("out_json", type=Path)
    parser.add_argument("out_md", type=Path)
    parser.add_argument("--max-steps", type=int, default=3000)
    parser.add_argument("--fractions", type=float, nargs="+", default=[1.0])
    parser.add_argument("--work", type=Path, default=Path("corpus/folds"))
    args = parser.parse_args()

    records = load_gold([args.gold])
    blank = spacy.blank("zh")
    runs = []
    for fraction in args.fractions:
        for fold in leave_one_report_out([r["doc_id"] for r in records]):
            test = fold["test"][0]
            train_reports = subset_reports(fold["train"], fraction)
            split = {"train": train_reports, "dev": train_reports, "test": fold["test"]}
            work = args.work / f"{test}-{int(fraction * 100)}"
            write_split(blank, records, split, work)
            model = train(args.config, work, work / "model", args.max_steps)
            test_records = [r for r in records if r["doc_id"] == test]
            scores = {"rules": evaluate_records(test_records, rule_predictor())["scores"]}
            for name, config in CANDIDATES.items():
                scores[name] = evaluate_records(test_records, model_predictor(build(model, config)))["scores"]
            runs.append({"fraction": fraction, "test": test, "train": train_reports, "scores": scores})
            print(f"{fraction:.0%} {test}: " + ", ".join(f"{name} {s['exact']['micro']['f']:.3f}" for name, s in scores.items()),
                  flush=True)
    summary = summarise_folds(runs)
    args.out_json.parent.mkdir(parents=True, exist_ok=True)
    srsly.write_json(args.out_json, {"config": str(args.config), "max_steps": args.max_steps, **summary, "folds": runs})
    args.out_md.write_text(folds_markdown(summary), encoding="utf-8")


if __name__ == "__main__":
    main()
