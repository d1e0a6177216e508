"""The README's two set-up commands are the ones the project really uses."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bash_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, re.S)]


def test_readme_has_exactly_two_setup_commands():
    setup = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Set-up on a fresh machine")[1].split("\n## ")[0]
    blocks = _bash_blocks(setup)
    assert len(blocks) == 2
    assert blocks[0].endswith("spacy project run all")
    assert blocks[1].endswith("-m pytest")


def test_ci_runs_the_readme_test_command():
    setup = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Set-up on a fresh machine")[1]
    test_command = _bash_blocks(setup)[1]
    ci_lines = [line.strip() for line in ROOT.joinpath(".ci", "run").read_text().splitlines()]
    assert test_command in ci_lines
