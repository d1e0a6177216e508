"""The shipped pipeline: `configs/final.cfg` (trained components sourced, rules, linker), built the way
`spacy assemble` builds it, with the rules' combination policy chosen among candidate overrides.

The choice is made on reports the model did not train on and never on the test report, so the test
scores stay an honest estimate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from spacy.language import Language

FILTER = "components.zhibiao_rules.ents_filter"
REPAIR = "components.zhibiao_rules.repair_labels"
PROJECTS = "components.zhibiao_rules.filter_projects"
DROP = "components.zhibiao_linker.drop_unmeasured"
# How the rule component joins the trained NER: overrides of configs/final.cfg.
CANDIDATES: dict[str, dict[str, Any]] = {
    "ner": {f"{FILTER}.rule_labels": [], f"{FILTER}.fill_labels": []},
    "ner + rules for VALUE/UNIT": {f"{FILTER}.rule_labels": ["VALUE", "UNIT"], f"{FILTER}.fill_labels": []},
    "ner + rules for VALUE/UNIT + rule PROJECTs in gaps": {
        f"{FILTER}.rule_labels": ["VALUE", "UNIT"], f"{FILTER}.fill_labels": ["PROJECT"]},
    "ner + rules for VALUE/UNIT + rule spans in gaps": {
        f"{FILTER}.rule_labels": ["VALUE", "UNIT"], f"{FILTER}.fill_labels": ["INDICATOR", "PROJECT"]},
    # PROJECT by ANNOTATION.md's exclusions (zhibiao.projects): the NER's PROJECTs cleaned, or the rules' instead.
    "ner + rules for VALUE/UNIT + filter projects": {
        f"{FILTER}.rule_labels": ["VALUE", "UNIT"], f"{FILTER}.fill_labels": [], PROJECTS: True},
    "ner + rules for VALUE/UNIT + filter projects + rule PROJECTs in gaps": {
        f"{FILTER}.rule_labels": ["VALUE", "UNIT"], f"{FILTER}.fill_labels": ["PROJECT"], PROJECTS: True},
    "ner + rules for VALUE/UNIT/PROJECT": {
        f"{FILTER}.rule_labels": ["VALUE", "UNIT", "PROJECT"], f"{FILTER}.fill_labels": []},
    "ner + rules for VALUE/UNIT/PROJECT + rule INDICATORs in gaps": {
        f"{FILTER}.rule_labels": ["VALUE", "UNIT", "PROJECT"], f"{FILTER}.fill_labels": ["INDICATOR"]},
}
# Boundary repair of INDICATORs and dropping INDICATORs no VALUE measures, on top of each candidate.
CANDIDATES.update({
    f"{name} + repair + drop unmeasured": {**overrides, REPAIR: ["INDICATOR"], DROP: True}
    for name, overrides in list(CANDIDATES.items())
})


def candidate_config(config_path: Path, overrides: dict[str, Any]):
    """The final config with a candidate's overrides, uninterpolated (paths stay variables)."""
    from spacy import util

    return util.load_config(config_path, overrides=overrides, interpolate=False)


def assemble(config) -> Language:
    """What `spacy assemble` does, in memory: build from the config, initialize all but the sourced components."""
    from spacy.util import get_sourced_components, load_model_from_config

    nlp = load_model_from_config(config, auto_fill=True)
    sourced = get_sourced_components(config.interpolate())
    nlp._link_components()
    with nlp.select_pipes(disable=[*sourced]):
        nlp.initialize()
    return nlp


def micro_f(scores: dict) -> float:
    return scores["exact"]["micro"]["f"]


def choose(config_path: Path, paths: dict[str, str], evaluate: Callable[[Language], dict],
           candidates: dict[str, dict[str, Any]] = CANDIDATES) -> tuple[str, dict[str, dict]]:
    """The candidate whose assembled pipeline has the best exact-match micro F1, and every candidate's scores."""
    scores = {}
    for name, overrides in candidates.items():
        config = candidate_config(config_path, {**overrides, **{f"paths.{k}": v for k, v in paths.items()}})
        scores[name] = evaluate(assemble(config))
    return max(scores, key=lambda name: micro_f(scores[name])), scores


def write_candidate(config_path: Path, overrides: dict[str, Any], out: Path) -> None:
    """The chosen candidate as a config file for `spacy assemble`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    candidate_config(config_path, overrides).to_disk(out)
