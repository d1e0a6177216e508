"""The shipped pipeline: `configs/final.cfg` (trained components sourced, rules, linker), built the way
`spacy assemble` builds it, and the candidate policies cross-validation chooses among (config overrides).

`zhibiao cv-evaluate` scores every candidate on reports its fold model did not train on; the winner is
written into configs/final.cfg, which `spacy project run assemble` builds with `spacy assemble`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language

FILTER = "components.zhibiao_rules.ents_filter"
REPAIR = "components.zhibiao_rules.repair_labels"
PROJECTS = "components.zhibiao_rules.filter_projects"
DROP = "components.zhibiao_linker.drop_unmeasured"
ENDS = "components.zhibiao_indicator_edges.ends"
PIPELINE = "nlp.pipeline"
WITHOUT_EDGES = ["tok2vec", "ner", "zhibiao_rules", "zhibiao_linker"]
WITH_EDGES = ["tok2vec", "ner", "zhibiao_rules", "zhibiao_indicator_edges", "zhibiao_linker"]
# How the rule component joins the trained NER: overrides of configs/final.cfg. First the span policy
# (which labels the rules own, which of their spans fill gaps the NER left, which of the NER's entities fill gaps
# the rules left), then each policy again with INDICATOR boundary repair and without INDICATORs no VALUE measures.
ALL_LABELS = ["INDICATOR", "VALUE", "UNIT", "PROJECT"]
POLICIES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "ner": ([], [], []),
    "ner + rules for VALUE/UNIT": (["VALUE", "UNIT"], [], []),
    "ner + rules for VALUE/UNIT + rule PROJECTs in gaps": (["VALUE", "UNIT"], ["PROJECT"], []),
    "ner + rules for VALUE/UNIT + rule spans in gaps": (["VALUE", "UNIT"], ["INDICATOR", "PROJECT"], []),
    "rules for VALUE/UNIT/INDICATOR + ner PROJECTs": (["VALUE", "UNIT", "INDICATOR"], [], []),
    "ner + rules for VALUE/UNIT/PROJECT": (["VALUE", "UNIT", "PROJECT"], [], []),
    "ner + rules for VALUE/UNIT/PROJECT + rule INDICATORs in gaps": (["VALUE", "UNIT", "PROJECT"], ["INDICATOR"], []),
    "rules for all labels": (ALL_LABELS, [], []),
    "rules for all labels + ner INDICATORs in gaps": (ALL_LABELS, [], ["INDICATOR"]),
    "rules for all labels + ner INDICATORs and PROJECTs in gaps": (ALL_LABELS, [], ["INDICATOR", "PROJECT"]),
}
# Every candidate sets every option, whatever configs/final.cfg ships.
CANDIDATES: dict[str, dict[str, Any]] = {
    name: {f"{FILTER}.rule_labels": owned, f"{FILTER}.fill_labels": fill, f"{FILTER}.model_fill_labels": model_fill,
           REPAIR: [], DROP: False, PROJECTS: False, PIPELINE: WITHOUT_EDGES, ENDS: True}
    for name, (owned, fill, model_fill) in POLICIES.items()
}
# PROJECT by ANNOTATION.md's exclusions (zhibiao.projects): the NER's PROJECTs cleaned, alone or with rule PROJECTs in gaps.
CANDIDATES.update({
    f"{name} + filter projects": {**CANDIDATES[name], PROJECTS: True}
    for name in ("ner + rules for VALUE/UNIT", "ner + rules for VALUE/UNIT + rule PROJECTs in gaps",
                 "ner + rules for VALUE/UNIT + rule spans in gaps",
                 "rules for all labels + ner INDICATORs and PROJECTs in gaps")
})
CANDIDATES.update({
    f"{name} + repair + drop unmeasured": {**overrides, REPAIR: ["INDICATOR"], DROP: True}
    for name, overrides in list(CANDIDATES.items())
})
# Each repaired policy again with the INDICATOR edge model (zhibiao.edges) after the repair: starts only, and
# starts and ends.
REPAIRED = [(name, overrides) for name, overrides in CANDIDATES.items() if overrides[REPAIR]]
CANDIDATES.update({f"{name} + start model": {**overrides, PIPELINE: WITH_EDGES, ENDS: False} for name, overrides in REPAIRED})
CANDIDATES.update({f"{name} + edge model": {**overrides, PIPELINE: WITH_EDGES, ENDS: True} for name, overrides in REPAIRED})


# The candidate cross-validation chose (training/cv-<vars.config>.md), as configs/final.cfg ships it.
CHOSEN = "rules for all labels + ner INDICATORs in gaps + repair + drop unmeasured + edge model"


def candidate_config(config_path: Path, overrides: dict[str, Any]):
    """The final config with a candidate's overrides, uninterpolated (paths stay variables). A component the
    candidate's pipeline leaves out loses its blocks, so nothing reads the data it would be initialized with."""
    from spacy import util

    config = util.load_config(config_path, overrides=overrides, interpolate=False)
    for name in set(config["components"]) - set(config["nlp"]["pipeline"]):
        del config["components"][name]
        config["initialize"]["components"].pop(name, None)
    return config


def assemble(config) -> Language:
    """What `spacy assemble` does, in memory: build from the config, initialize all but the sourced components."""
    from spacy.util import get_sourced_components, load_model_from_config

    nlp = load_model_from_config(config, auto_fill=True)
    sourced = get_sourced_components(config.interpolate())
    nlp._link_components()
    with nlp.select_pipes(disable=[*sourced]):
        nlp.initialize()
    return nlp


def candidate_pipeline(config_path: Path, overrides: dict[str, Any], model: Path, rules: Path,
                       edges: Path | None = None) -> Language:
    """A candidate assembled on a trained pipeline (`paths.model`) with the rule patterns `paths.rules` and
    the edge model `paths.edges`."""
    paths = {"paths.model": str(model), "paths.rules": str(rules), "paths.edges": str(edges) if edges else None}
    return assemble(candidate_config(config_path, {**overrides, **paths}))
