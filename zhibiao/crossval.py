"""Leave-one-report-out cross-validation with several seeds: fold DocBins, fold models, fold scores.

Every fold trains on all reports but one and is scored on that one. The checkpoint rule is the same for
every variant: the last model after a fixed number of steps (a fold has no report left for choosing a
checkpoint, and choosing on a same-province dev report flips the sign of small differences).
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

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


def write_folds(nlp: Language, records: list[dict], work: Path, fraction: float = 1.0,
                synthetic: Sequence[dict] = ()) -> list[dict]:
    """One folder of DocBins per held-out report; dev is the training reports (only the last model is used), and
    every fold's train part also holds the synthetic sentences."""
    folds = []
    for fold in leave_one_report_out([record["doc_id"] for record in records]):
        train = subset_reports(fold["train"], fraction)
        split = {"train": train, "dev": train, "test": fold["test"]}
        write_split(nlp, records, split, fold_dir(work, fold["test"][0], fraction), synthetic)
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


class TrainingFailed(RuntimeError):
    """A fold's `spacy train` ended with an error; the message names the fold, the seed and spaCy's last line."""


def train_folds(config: Path, folds: list[dict], work: Path, models: Path, seeds: list[int], max_steps: int,
                fraction: float = 1.0, overrides: dict[str, str] | None = None, log=print) -> list[FoldModel]:
    """Train every fold with every seed (sequentially: two cores are better spent inside one training)."""
    trained = []
    for split in folds:
        test = split["test"][0]
        for seed in seeds:
            output = fold_dir(models, test, fraction) / f"seed{seed}"
            command = train_command(config, fold_dir(work, test, fraction), output, seed, max_steps, overrides)
            done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if done.returncode:  # spaCy's own message is its output's last line: said, not a traceback
                said = [line for line in done.stdout.decode("utf-8", "replace").splitlines() if line.strip()]
                raise TrainingFailed(f"fold {test} seed {seed}: spacy train failed (exit {done.returncode}): "
                                     f"{' '.join(said[-1].split())[:300] if said else 'no output'}")
            trained.append(FoldModel(test, seed, fraction, output / "model-last"))
            log(f"trained {test} seed {seed} -> {output / 'model-last'}")
    import srsly

    # paths relative to the list's folder, so that cv-evaluate finds them from any working directory
    srsly.write_json(models / "folds.json", [{**m.__dict__, "path": str(m.path.relative_to(models))} for m in trained])
    return trained


# ---------------------------------------------------------------- scoring the fold models

class FoldsError(ValueError):
    """No fold list to read, or one `train_folds` did not write; the message names folds.json."""


def fold_models(models: Path) -> list[FoldModel]:
    """The fold models `train_folds` listed in `models`/folds.json; FoldsError when there is no such list."""
    import srsly

    listing = Path(models) / "folds.json"
    if not listing.is_file():
        raise FoldsError(f"{listing}: no fold list (run `zhibiao cv-train ... --models {models}` first)")
    try:
        folds = [FoldModel(m["test"], m["seed"], m["fraction"], fold_path(m["path"], listing.parent))
                 for m in srsly.read_json(listing)]
    except (OSError, ValueError, KeyError, TypeError) as err:  # unreadable, not JSON, or not the list cv-train writes
        raise FoldsError(f"{listing}: not a fold list written by cv-train ({' '.join(str(err).split())})") from None
    if not folds:
        raise FoldsError(f"{listing}: lists no fold model")
    if missing := next((fold.path for fold in folds if not fold.path.is_dir()), None):  # before hours of scoring
        raise FoldsError(f"{missing}: no fold model there (listed in {listing}; run cv-train again)")
    return folds


def fold_path(listed: str, folder: Path) -> Path:
    """Where a fold model listed in `folder`/folds.json is. cv-train writes the path relative to that folder,
    so it holds from any working directory. Lists written before hold it relative to cv-train's working
    directory, as `<--models>/<fold>/seed<N>/model-last`, whose last three parts are the place in the folder."""
    path = Path(listed)
    if path.is_absolute() or (folder / path).exists() or len(path.parts) <= 3:
        return folder / path  # (an absolute path stays as it is)
    return folder.joinpath(*path.parts[-3:])


def predictions(nlp: Language, records: list[dict]) -> list[dict]:
    """Per gold sentence: the predicted spans, value_of relations and record triples of one pipeline."""
    from .evaluate import record_triples
    from .extraction import spans_key_of
    from .records import doc_records
    from .spans import doc_spans, value_of

    spans_key = spans_key_of(nlp)
    found = []
    for doc in nlp.pipe(record["text"] for record in records):
        found.append({
            "spans": doc_spans(doc, spans_key),
            "relations": value_of(doc),
            "records": record_triples(doc_records(doc, spans_key)),
        })
    return found


Builder = Callable[[FoldModel], Language]  # a fold model → the pipeline variant to score


def fold_edge_models(records: list[dict], folds: Iterable[FoldModel], patterns: dict, folder: Path,
                     synthetic: Sequence[dict] = ()) -> dict[tuple[str, float], Path]:
    """Per held-out report and share of the other reports, the INDICATOR edge model (zhibiao.edges) fitted on the
    gold of exactly the reports the fold's NER trained on, and on the synthetic sentences (they hold no report, so
    every fold may learn from them), as `spacy assemble` reads it."""
    import srsly

    from .edges import EdgeWords, fit

    reports = sorted({record["doc_id"] for record in records})
    paths = {}
    for test, fraction in sorted({(fold.test, fold.fraction) for fold in folds}):
        trained_on = set(subset_reports([report for report in reports if report != test], fraction))
        paths[(test, fraction)] = folder / f"edges-{fold_dir(Path(), test, fraction)}.json"
        srsly.write_json(paths[(test, fraction)], fit([r for r in records if r["doc_id"] in trained_on] + [*synthetic],
                                                      EdgeWords.from_data(patterns)))
    return paths


def cross_validate(records: list[dict], models: list[FoldModel], variants: dict[str, Builder],
                   samples: int = 1000, log=print) -> dict:
    """Score every variant built on every fold model on that fold's held-out report.

    Per variant and key (labels, micro, value_of, records): F1 pooled over all held-out sentences, its
    mean and spread over seeds, a bootstrap 95% interval over sentences (seeds summed), the mean F1 per
    held-out report, and the paired bootstrap interval of its difference to the first variant.
    """
    import numpy as np

    from .annotations import record_relations, spans
    from .evaluate import SCORED, bootstrap_f1, bootstrap_weights, f1_of, gold_record_triples, sentence_counts

    position = {(r["doc_id"], r["sent_id"]): i for i, r in enumerate(records)}
    gold = [{"spans": spans(line), "relations": record_relations(line), "records": gold_record_triples(line)}
            for line in records]
    seeds = sorted({m.seed for m in models})
    counts = {name: np.zeros((len(seeds), len(records), len(SCORED), 3)) for name in variants}
    seen = {name: np.zeros((len(seeds), len(records)), dtype=bool) for name in variants}
    speed: dict[str, list[float]] = {name: [] for name in variants}
    for model in models:
        chosen = [r for r in records if r["doc_id"] == model.test]
        chars = sum(len(r["text"]) for r in chosen)
        for name, build in variants.items():
            nlp = build(model)
            started = time.perf_counter()
            found = predictions(nlp, chosen)
            speed[name].append(chars / (time.perf_counter() - started))
            for record, predicted in zip(chosen, found):
                i = position[(record["doc_id"], record["sent_id"])]
                counts[name][seeds.index(model.seed), i] = sentence_counts(gold[i], predicted)
                seen[name][seeds.index(model.seed), i] = True
        log(f"scored {model.test} seed {model.seed}")
    covered = np.all([seen[name].all(axis=0) for name in variants], axis=0)
    if not covered.all():
        raise ValueError(f"{int((~covered).sum())} gold sentences have no fold model that held them out")
    weights = bootstrap_weights(len(records), samples)
    boot = {name: bootstrap_f1(c.sum(axis=0), weights) for name, c in counts.items()}
    reference = next(iter(variants))
    reports = sorted({m.test for m in models})
    summary = {}
    for name, c in counts.items():
        pooled = f1_of(c.sum(axis=1))  # (seeds, keys)
        low, high = np.percentile(boot[name], [2.5, 97.5], axis=0)
        delta = boot[name] - boot[reference]
        d_low, d_high = np.percentile(delta, [2.5, 97.5], axis=0)
        per_report = {}
        for report in reports:
            rows = np.array([r["doc_id"] == report for r in records])
            per_report[report] = dict(zip(SCORED, np.round(f1_of(c[:, rows].sum(axis=1)).mean(axis=0), 4).tolist()))
        summary[name] = {
            "f1": dict(zip(SCORED, np.round(pooled.mean(axis=0), 4).tolist())),
            "sd_over_seeds": dict(zip(SCORED, np.round(pooled.std(axis=0), 4).tolist())),
            "ci95": {key: [round(float(a), 4), round(float(b), 4)] for key, a, b in zip(SCORED, low, high)},
            f"delta_vs_{reference}_ci95": {key: [round(float(a), 4), round(float(b), 4)]
                                           for key, a, b in zip(SCORED, d_low, d_high)},
            "per_report": per_report,
            "chars_per_second": round(float(np.median(speed[name]))),
        }
    return {"reference": reference, "seeds": seeds, "reports": reports, "sentences": len(records),
            "bootstrap_samples": samples, "variants": summary}


def markdown(result: dict, keys: tuple[str, ...] = ("INDICATOR", "VALUE", "UNIT", "PROJECT", "micro", "records")) -> str:
    """The variants side by side: F1 ± sd over seeds, the 95% interval, and the difference to the reference."""
    reference = result["reference"]
    lines = [
        f"Leave-one-report-out cross-validation over {len(result['reports'])} reports ({result['sentences']} sentences), "
        f"seeds {', '.join(map(str, result['seeds']))}; exact-match F1 pooled over the held-out sentences, "
        f"mean ± sd over seeds, [95% bootstrap interval over sentences]; Δ: paired bootstrap interval of the "
        f"difference to `{reference}` (a real gain when it excludes 0).", "",
        "| variant | " + " | ".join(keys) + " | chars/s |", "|---|" + "---|" * (len(keys) + 1)]
    for name, scores in result["variants"].items():
        cells = []
        for key in keys:
            low, high = scores["ci95"][key]
            cell = f"{scores['f1'][key]:.3f} ± {scores['sd_over_seeds'][key]:.3f} [{low:.3f}, {high:.3f}]"
            if name != reference:
                d_low, d_high = scores[f"delta_vs_{reference}_ci95"][key]
                cell += f" Δ [{d_low:+.3f}, {d_high:+.3f}]"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {scores['chars_per_second']:,} |")
    lines += ["", "Mean F1 per held-out report (micro / INDICATOR / PROJECT):", "",
              "| variant | " + " | ".join(result["reports"]) + " |", "|---|" + "---|" * len(result["reports"])]
    for name, scores in result["variants"].items():
        cells = [f"{r['micro']:.3f} / {r['INDICATOR']:.3f} / {r['PROJECT']:.3f}" for r in scores["per_report"].values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
