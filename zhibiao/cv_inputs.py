"""What `cv-train` is given, checked before any fold is written or trained: hours of training must not end in a
traceback over a config that was never there, a fold with nothing to train on, or a folder folds.json cannot go in.
Each problem is one line naming the option or file."""

from __future__ import annotations

import configparser
from pathlib import Path
from typing import Sequence

from .atomic import folder_problem

# the settings cv-train gives every `spacy train` on its command line (zhibiao.crossval.train_command): a config
# without them fails in spaCy, after the folds are written
OVERRIDDEN = (("paths", "train"), ("paths", "dev"), ("system", "seed"), ("training", "max_steps"))


def config_problem(config: Path) -> str | None:
    """Why `config` is no spaCy training config cv-train can run, or None."""
    if not config.is_file():
        return f"{config}: no training config ({'a folder' if config.is_dir() else 'no such file'})"
    from spacy.util import load_config

    try:
        loaded = load_config(config, interpolate=False)
    except (OSError, ValueError, KeyError, configparser.Error) as err:  # (thinc's ConfigValidationError: ValueError)
        reason = " ".join(str(err).split())[:200] or type(err).__name__
        return f"{config}: not a spaCy training config ({reason})"
    missing = [f"[{section}] {key}" for section, key in OVERRIDDEN if key not in loaded.get(section, {})]
    if missing:
        return f"{config}: not a spaCy training config: no {', '.join(missing)}, which cv-train sets for every fold"
    return None


def cv_train_problem(config: Path, doc_ids: Sequence[str], models: Path, work: Path, seeds: Sequence[int],
                     max_steps: int) -> str | None:
    """The first reason cv-train cannot run as asked (a message for one line), or None."""
    if max_steps < 1:
        return f"--max-steps must be at least 1, not {max_steps}"
    if not seeds:
        return "no --seed: give at least one"
    if negative := [seed for seed in seeds if seed < 0]:
        return f"--seed {negative[0]}: seeds are 0 or more"
    if twice := sorted({seed for seed in seeds if list(seeds).count(seed) > 1}):
        return f"--seed {twice[0]} given twice: its models would overwrite each other"
    reports = sorted(set(doc_ids))
    if len(reports) < 2:
        return (f"leave-one-report-out needs the gold of at least 2 reports, got {len(reports)}"
                + (f" ({reports[0]}): its only fold would train on nothing" if reports else ""))
    for option, folder in (("--models", models), ("--work", work)):
        if problem := folder_problem(folder):
            return f"{option}: {problem}"
    return config_problem(config)
