"""The shipped pipeline: the trained NER alone or combined with the rules, chosen on the dev report(s).

The choice is made on dev, never on test, so the test scores stay an honest estimate.
"""

from __future__ import annotations

from spacy.language import Language

# How the rule component may join a trained NER (None: the NER alone).
CANDIDATES: dict[str, dict | None] = {
    "ner": None,
    "ner + rules for VALUE/UNIT": {"override_labels": ["VALUE", "UNIT"], "fill_labels": []},
    "ner + rules for VALUE/UNIT + rule PROJECTs in gaps": {"override_labels": ["VALUE", "UNIT"], "fill_labels": ["PROJECT"]},
    "ner + rules for VALUE/UNIT + rule spans in gaps": {"override_labels": ["VALUE", "UNIT"], "fill_labels": None},
}


def build(model_path, rules_config: dict | None) -> Language:
    """The trained pipeline, with the rule component after its NER when asked, and the linker last."""
    import spacy

    import zhibiao.linker  # noqa: F401  (registers zhibiao_linker)
    import zhibiao.rules  # noqa: F401  (registers zhibiao_rules)

    nlp = spacy.load(model_path)
    if rules_config is not None:
        nlp.add_pipe("zhibiao_rules", config={"overwrite_ents": False, **rules_config})
    if "zhibiao_linker" not in nlp.pipe_names:
        nlp.add_pipe("zhibiao_linker")
    return nlp


def choose(model_path, dev_records: list[dict]) -> tuple[str, dict[str, dict]]:
    """Name of the candidate with the best exact-match micro F1 on dev, and every candidate's dev scores."""
    from .evaluate import evaluate_records, model_predictor

    scores = {}
    for name, config in CANDIDATES.items():
        scores[name] = evaluate_records(dev_records, model_predictor(build(model_path, config)))["scores"]
    best = max(scores, key=lambda name: scores[name]["exact"]["micro"]["f"])
    return best, scores
