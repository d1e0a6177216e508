"""Shared fixtures: the project's rule patterns and small pipelines built from them."""

from pathlib import Path

import pytest
import srsly

import zhibiao.linker  # noqa: F401  (registers zhibiao_linker)
from zhibiao.patterns import load_patterns
from zhibiao.ruler import rules_pipeline

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "configs" / "rules.json"


@pytest.fixture(scope="session")
def patterns():
    return load_patterns(RULES)


@pytest.fixture()
def rules_data() -> dict:
    """configs/rules.json as data, what `[initialize.components.zhibiao_rules.patterns]` passes in."""
    return srsly.read_json(RULES)


@pytest.fixture(scope="session")
def rules_nlp():
    """blank zh + zhibiao_rules (initialized with configs/rules.json) + zhibiao_linker."""
    return rules_pipeline(RULES)


@pytest.fixture(scope="session")
def model(tmp_path_factory):
    """A rules + linker pipeline saved to disk: what extract needs, without training."""
    path = tmp_path_factory.mktemp("pipeline") / "rules-linker"
    rules_pipeline(RULES).to_disk(path)
    return path
