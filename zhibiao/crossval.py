"""Leave-one-report-out cross-validation with several seeds: fold DocBins, fold models, fold scores.

Every fold trains on all reports but one and is scored on that one. The checkpoint rule is the same for
every variant: the last model after a fixed number of steps (a fold has no report left for choosing a
checkpoint, and choosing on a same-province dev report flips the sign of small differences).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from .corpus import leave_one_report_out, subset_reports, write_split


@dataclass(frozen=True)
class FoldModel:
    test: str
    seed: int
    fraction: float
    path: Path  # the fold's model-last


def fold_dir(work: Path, test: str, fraction: float) -> Path:
    return work / (test if fraction == 1.0 else f"{test}-{round(fraction * 100)}")


def write_folds(nlp: Language, records: list[dict], work: Path, fraction: float = 1.0) -> list[dict]:
    """One folder of DocBins per held-out report; dev is the training data (only the last model is used)."""
    folds = []
    for fold in leave_one_report_out([record["doc_id"] for record in records]):
        train = subset_reports(fold["train"], fraction)
        split = {"train": train, "dev": train, "test": fold["test"]}
        write_split(nlp, records, split, fold_dir(work, fold["test"][0], fraction))
        folds.append(split)
    return folds


def train_command(config: Path, corpus: Path, output: Path, seed: int, max_steps: int,
                  overrides: dict[str, str] | None = None) -> list[str]:
    """`spacy train` for one fold and seed: exactly `max_steps` steps (no early stop), evaluated only at the end,
    since dev is the training data."""
    command = [
        sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
        "--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "dev.spacy"),
        "--system.seed", str(seed), "--training.max_steps", str(max_steps),
        "--training.eval_frequency", str(max_steps), "--training.patience", "0",
    ]
    for key, value in (overrides or {}).items():
        command += [f"--{key}", value]
    return command


def train_folds(config: Path, folds: list[dict], work: Path, models: Path, seeds: list[int], max_steps: int,
                fraction: float = 1.0, overrides: dict[str, str] | None = None, log=print) -> list[FoldModel]:
    """Train every fold with every seed (sequentially: two cores are better spent inside one training)."""
    trained = []
    for split in folds:
        test = split["test"][0]
        for seed in seeds:
            output = fold_dir(models, test, fraction) / f"seed{seed}"
            command = train_command(config, fold_dir(work, test, fraction), output, seed, max_steps, overrides)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            trained.append(FoldModel(test, seed, fraction, output / "model-last"))
            log(f"trained {test} seed {seed} -> {output / 'model-last'}")
    return trained
