"""Train the project's own pkuseg word segmenter from the gold of the training reports (see docs/pkuseg.md).

Usage: python scripts/train_pkuseg.py GOLD_DIR SPLIT_JSON OUT_DIR [--gap lexicon|char] [--iterations 20]
The training reports are read from SPLIT_JSON's "split"/"train" (the file `zhibiao convert` writes);
dev and test sentences never reach the segmenter. OUT_DIR gets the pkuseg model (features.msgpack,
weights.npz, user_dict.txt), its training lines, the lexicon and summary.json.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import srsly

from zhibiao.corpus import load_gold
from zhibiao.segmentation import GAP_MODES, heldout_scores, train_model, write_training_data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", type=Path)
    parser.add_argument("split", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--gap", choices=GAP_MODES, default="lexicon")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--holdout-every", type=int, default=10,
                        help="hold every N-th training sentence out of the segmenter to score it (0: train on all)")
    args = parser.parse_args()

    train_reports = srsly.read_json(args.split)["split"]["train"]
    summary = write_training_data(load_gold([args.gold]), train_reports, args.out, args.gap, args.holdout_every)
    train_model(args.out / "pkuseg_train.txt", args.out / "pkuseg_heldout.txt", args.out, args.iterations)
    summary["iterations"] = args.iterations
    summary["heldout"] = heldout_scores(args.out, args.out / "heldout_sentences.txt")
    srsly.write_json(args.out / "summary.json", summary)
    print(f"{summary['train_lines']} lines from {', '.join(train_reports)} ({args.gap} gaps, {summary['lexicon']} "
          f"lexicon words, {len(summary['user_dict'])} user-dict words) -> {args.out}; "
          f"held-out word F1 {summary['heldout'].get('f', float('nan')):.3f}")


if __name__ == "__main__":
    main()
