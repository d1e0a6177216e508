"""The shipped pipeline's candidates are overrides of configs/final.cfg that name settings it has."""

from pathlib import Path

import pytest

from zhibiao.assemble import CANDIDATES, PROJECTS, candidate_config

FINAL = Path(__file__).resolve().parent.parent / "configs" / "final.cfg"


def setting(config, dotted: str):
    *sections, key = dotted.split(".")
    for section in sections:
        config = config[section]
    return config[key]


@pytest.mark.parametrize("name", list(CANDIDATES))
def test_every_override_names_an_existing_setting_and_applies(name):
    base = candidate_config(FINAL, {})
    config = candidate_config(FINAL, CANDIDATES[name])
    for key, value in CANDIDATES[name].items():
        setting(base, key)  # a typo in a key would add a setting no component reads
        section = key.split(".")
        if section[0] == "components" and section[1] not in config["nlp"]["pipeline"]:
            assert section[1] not in config["components"]  # left out with its settings
        else:
            assert setting(config, key) == value


def test_project_candidates_filter_the_ner_projects():
    chosen = [name for name, overrides in CANDIDATES.items() if overrides.get(PROJECTS)]
    assert chosen and all("filter projects" in name for name in chosen)
    assert setting(candidate_config(FINAL, {}), PROJECTS) is False  # off unless a candidate turns it on


def test_final_cfg_ships_the_candidate_cross_validation_chose():
    from spacy.util import load_config

    from zhibiao.assemble import CHOSEN

    config = load_config(FINAL, interpolate=False)
    for key, value in CANDIDATES[CHOSEN].items():
        node = config
        for part in key.split("."):
            node = node[part]
        assert node == value, key


def test_every_candidate_sets_every_option_it_varies():
    varied = {key for overrides in CANDIDATES.values() for key in overrides}
    for name, overrides in CANDIDATES.items():
        assert set(overrides) == varied, name
