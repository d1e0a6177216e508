"""Gold to DocBins tokenized by the project's pkuseg model (the DocBins of configs/ner_pkuseg.cfg).

Usage: python scripts/convert_pkuseg.py GOLD_DIR SPLIT_JSON PKUSEG_MODEL OUT_DIR
Re-uses the split of SPLIT_JSON (written by `zhibiao convert`), so both pipelines see the same reports.
A DocBin stores tokens, so the char DocBins of `zhibiao convert` cannot be reused. Gold spans whose
edges fall inside a pkuseg word are dropped from the Doc and counted and listed as misaligned.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import srsly

from zhibiao.corpus import load_gold, write_split
from zhibiao.segmentation import pkuseg_nlp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", type=Path)
    parser.add_argument("split", type=Path)
    parser.add_argument("model", type=Path, help="pkuseg model folder from scripts/train_pkuseg.py")
    parser.add_argument("out", type=Path)
    parser.add_argument("--postprocess", action="store_true",
                        help="keep pkuseg's dictionary post-processor on (it re-joins numbers and units)")
    args = parser.parse_args()

    split = srsly.read_json(args.split)["split"]
    summary = write_split(pkuseg_nlp(args.model, args.postprocess), load_gold([args.gold]), split, args.out)
    summary["pkuseg_model"] = str(args.model)
    srsly.write_json(args.out / "split.json", summary)
    for part, info in summary["parts"].items():
        print(f"{part}: {', '.join(info['reports'])}: {info['sentences']} sentences, {info['spans']} spans, "
              f"{info['misaligned']} misaligned")
    for item in summary["misaligned"]:
        print(f"misaligned: {item}", file=sys.stderr)


if __name__ == "__main__":
    main()
