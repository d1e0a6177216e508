"""Fixtures shared by the test modules that run the CLI with a pipeline."""

import pytest
import spacy

import zhibiao.linker  # noqa: F401  (registers zhibiao_linker)
import zhibiao.rules  # noqa: F401  (registers zhibiao_rules)


@pytest.fixture(scope="session")
def model(tmp_path_factory):
    """A rules + linker pipeline saved to disk: what extract needs, without training."""
    path = tmp_path_factory.mktemp("pipeline") / "rules-linker"
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhibiao_rules")
    nlp.add_pipe("zhibiao_linker")
    nlp.to_disk(path)
    return path
