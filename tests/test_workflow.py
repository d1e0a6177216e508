"""The spaCy project end to end: `all` with a small step count, configs, and loading the trained pipeline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["project.yml", "configs", "corpus/raw", "corpus/annotations", "corpus/synthetic", "corpus/panel", "scripts",
                 "zhibiao", "ANNOTATION.md"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=1200)


def copy_project(root: Path) -> Path:
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / name)
    return root


def test_editing_a_module_reruns_the_steps_that_run_it_and_only_those(tmp_path: Path):
    root = copy_project(tmp_path)
    steps = ["preprocess", "preannotate"]
    for step in steps:
        first = run(["-m", "spacy", "project", "run", step, "."], root)
        assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    rules = root / "zhibiao" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = {step: run(["-m", "spacy", "project", "run", step, "."], root) for step in steps}
    assert "Skipping 'preprocess': nothing changed" in again["preprocess"].stdout
    assert "Skipping" not in again["preannotate"].stdout, again["preannotate"].stdout
    assert "sentences" in again["preannotate"].stdout  # it ran: the command printed its counts


def test_every_command_that_runs_the_package_lists_its_code():
    import re

    import srsly

    for command in srsly.read_yaml(ROOT / "project.yml")["commands"]:
        script = " ".join(command["script"])
        if "python -m zhibiao" not in script or command.get("no_skip"):
            continue
        deps = command.get("deps", [])
        assert any(re.match(r"zhibiao/.+\.py$", dep) for dep in deps), command["name"]
        for dep in deps:
            dep = dep.replace("${vars.config}", "ner")
            assert (ROOT / dep).exists() or dep.startswith(("training/", "corpus/clean", "corpus/train", "corpus/dev",
                                                            "corpus/split", "corpus/preannotated", "corpus/doccano")), dep


def test_every_output_of_the_workflows_is_ignored_by_git():
    """A fresh clone shows a clean `git status` after `spacy project run all`: no output is tracked or untracked."""
    import srsly

    project = srsly.read_yaml(ROOT / "project.yml")
    steps = {step for workflow in project["workflows"].values() for step in workflow}
    outputs = [out.replace("${vars.config}", "ner") for command in project["commands"] if command["name"] in steps
               for out in command.get("outputs", []) + command.get("outputs_no_cache", [])]
    outputs = [out for out in outputs if out != "corpus/annotations"]  # doccano-pull rewrites the gold on purpose
    checked = subprocess.run(["git", "check-ignore", "--no-index", *outputs], cwd=ROOT, capture_output=True, text=True)
    assert sorted(checked.stdout.split()) == sorted(outputs)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project that has run `all` once with 400 training steps."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = run(["-m", "spacy", "project", "run", "all", ".", "--vars.max_steps", "400"], root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root


@pytest.mark.slow
def test_all_workflow_writes_every_output(project: Path):
    for output in ["corpus/clean/sentences.jsonl", "corpus/preannotated.jsonl", "training/validation.json",
                   "corpus/train.spacy", "training/rules.json", "training/model-last", "training/model-final",
                   "training/records.json", "training/panel.json", "training/benchmark.json"]:
        assert (project / output).exists(), output
    rules = json.loads((project / "training/rules.json").read_text())
    assert set(rules["exact"]["per_label"]) == {"INDICATOR", "VALUE", "UNIT", "PROJECT"}
    split = json.loads((project / "corpus/split.json").read_text())["split"]
    assert len(split["train"]) == 5  # the shipped pipeline learns from every report
    final = json.loads((project / "training/model-final/meta.json").read_text())
    assert final["pipeline"] == ["tok2vec", "ner", "zhibiao_rules", "zhibiao_indicator_edges", "zhibiao_linker"]
    assert (project / "training/edges.json").exists()


@pytest.mark.slow
def test_second_run_skips_unchanged_steps(project: Path):
    result = run(["-m", "spacy", "project", "run", "all", ".", "--vars.max_steps", "400"], project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("Skipping") >= 6, result.stdout[-3000:]


@pytest.mark.slow
def test_trained_pipeline_loads_in_a_fresh_process(project: Path):
    code = (
        "import spacy, json; nlp = spacy.load('training/model-final'); doc = nlp('地区生产总值增长6%左右');"
        "print(json.dumps([[e.text, e.label_] for e in doc.ents], ensure_ascii=False))"
    )
    result = run(["-c", code], project)
    assert result.returncode == 0, result.stderr[-2000:]
    ents = json.loads(result.stdout)
    assert ["6", "VALUE"] in ents
    assert ["%", "UNIT"] in ents


@pytest.mark.parametrize("config", sorted(path.stem for path in (ROOT / "configs").glob("*.cfg")
                                          if path.stem not in ("final", "ner_pkuseg")))
def test_configs_validate(config: str, tmp_path: Path):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("zh")
    DocBin(docs=[nlp("地区生产总值增长6%")]).to_disk(tmp_path / "tiny.spacy")
    result = run(["-m", "spacy", "debug", "config", str(ROOT / "configs" / f"{config}.cfg"),
                  "--paths.train", str(tmp_path / "tiny.spacy"), "--paths.dev", str(tmp_path / "tiny.spacy")], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Config is valid" in result.stdout


def test_spancat_suggester_reaches_the_longest_gold_span():
    from spacy.util import load_config

    from zhibiao.corpus import load_gold

    config = load_config(ROOT / "configs" / "spancat.cfg")
    longest = max(e["end_offset"] - e["start_offset"] for r in load_gold([ROOT / "corpus" / "annotations"])
                  for e in r["entities"])
    assert config["components"]["spancat"]["suggester"]["max_size"] >= longest


def test_project_assets_match_raw_files():
    import srsly

    from zhibiao.assets import changed_assets

    assets = srsly.read_yaml(ROOT / "project.yml")["assets"]
    assert len(assets) == 5
    assert changed_assets(assets, ROOT) == []


def test_changed_raw_file_is_noticed(tmp_path: Path):
    from zhibiao.assets import changed_assets

    (tmp_path / "a.txt").write_text("地区生产总值增长6%", encoding="utf-8")
    problems = changed_assets([{"dest": "a.txt", "checksum": "0" * 32}, {"dest": "b.txt", "checksum": "1" * 32}], tmp_path)
    assert len(problems) == 2
    assert problems[0].startswith("a.txt: MD5") and problems[1].startswith("b.txt: missing")


@pytest.mark.slow
def test_the_shipped_pipeline_keeps_value_of_however_its_docs_travel(project: Path):
    from test_serialisation import CHECK, TEXTS

    done = run(["-c", CHECK, str(project / "training" / "model-final"), json.dumps(TEXTS)], project)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert any(found["one"])  # the trained pipeline linked something
    for way in ("two", "bytes", "docbin", "pickle"):
        assert found[way] == found["one"], way
