"""The packaged pipeline installs into a fresh virtual environment and loads by name in a new process."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import zhibiao.linker  # noqa: F401
import zhibiao.ruler  # noqa: F401  (registers zhibiao_rules)
from zhibiao.packaging import package_pipeline
from zhibiao.ruler import rules_pipeline
from conftest import RULES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_packaged_pipeline_loads_by_name_in_a_fresh_environment(tmp_path: Path):
    rules_pipeline(RULES).to_disk(tmp_path / "model")
    wheel = package_pipeline(tmp_path / "model", tmp_path / "packages", "zhibiaotest", "0.0.1")
    assert wheel.name == "zh_zhibiaotest-0.0.1-py3-none-any.whl"

    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT), str(wheel)],
                             capture_output=True, text=True, timeout=1500)
    assert install.returncode == 0, install.stderr[-3000:]

    code = (
        "import json, spacy; from zhibiao.records import doc_records; nlp = spacy.load('zh_zhibiaotest');"
        "doc = nlp('地区生产总值增长6%左右');"
        "print(json.dumps({'ents': [[e.text, e.label_] for e in doc.ents],"
        " 'records': [[r['indicator'], r['value']] for r in doc_records(doc)], 'file': spacy.__file__}))"
    )
    # Run outside the repository so that only the installed packages can be imported.
    result = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout)
    assert str(tmp_path / "venv") in loaded["file"]
    assert ["6", "VALUE"] in loaded["ents"] and ["%", "UNIT"] in loaded["ents"]
    assert ["地区生产总值", 6.0] in loaded["records"]
