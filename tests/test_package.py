"""The packaged pipeline installs into a fresh virtual environment and loads by name in a new process; a folder
that is not a pipeline, or an out_dir that cannot be one, is one line before spacy package runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import venv
from pathlib import Path

import pytest
from conftest import RULES
from typer.testing import CliRunner

import zhibiao.linker  # noqa: F401
import zhibiao.ruler  # noqa: F401  (registers zhibiao_rules)
from zhibiao.cli import app
from zhibiao.packaging import package_pipeline
from zhibiao.ruler import rules_pipeline

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


def package_error(*args) -> str:
    """The one `error:` line of a failed `zhibiao package`, with no traceback."""
    result = CliRunner().invoke(app, ["package", *map(str, args)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # not a traceback
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: "), result.stderr
    return result.stderr.strip()


@pytest.fixture
def no_spacy_package(monkeypatch):
    """spacy package must not be reached: the checks come first."""
    def refuse(*args, **kwargs):
        raise AssertionError("spacy package ran")

    monkeypatch.setattr(subprocess, "run", refuse)


def fake_pipeline(folder: Path) -> Path:
    folder.mkdir()
    for name in ("config.cfg", "meta.json"):
        (folder / name).write_text("")
    return folder


def test_a_folder_that_is_not_a_pipeline_is_one_line(tmp_path: Path, no_spacy_package):
    (tmp_path / "empty").mkdir()
    error = package_error(tmp_path / "empty", tmp_path / "packages")
    assert error == f"error: {tmp_path / 'empty'}: not a pipeline folder (no config.cfg or meta.json)"
    (tmp_path / "file").write_text("kept")
    assert package_error(tmp_path / "file", tmp_path / "packages") == \
        f"error: {tmp_path / 'file'}: is a file; give the pipeline's folder"
    assert not (tmp_path / "packages").exists()


def test_an_out_dir_that_is_a_file_is_one_line_and_kept(tmp_path: Path, no_spacy_package):
    taken = tmp_path / "packages.csv"
    taken.write_text("kept")
    assert package_error(fake_pipeline(tmp_path / "model"), taken) == f"error: {taken}: is a file, not a folder"
    assert taken.read_text() == "kept"


def test_spacy_package_failing_is_one_line_and_leaves_no_empty_folder(model, tmp_path: Path, monkeypatch):
    def failing(command, **kwargs):
        raise subprocess.CalledProcessError(1, command)

    monkeypatch.setattr(subprocess, "run", failing)
    assert package_error(model, tmp_path / "out" / "packages") == \
        f"error: {model}: spacy package failed (exit code 1; see its messages above)"
    assert not (tmp_path / "out").exists()


def damaged_copy(model: Path, tmp_path: Path, part: str, content: str | None) -> Path:
    """A copy of the pipeline with `part` rewritten, or removed when `content` is None."""
    copy = tmp_path / "damaged"
    shutil.copytree(model, copy)
    if content is None:
        (copy / part).unlink()
    else:
        (copy / part).write_text(content)
    return copy


@pytest.mark.parametrize("part, content, reason", [
    ("zhibiao_rules/patterns.json", None, "zhibiao_rules/patterns.json: Can't read file"),
    ("meta.json", "garbage", "meta.json: not JSON (Expected object or value)"),
    ("meta.json", "[1]", "meta.json: not a JSON object"),
])
def test_a_pipeline_that_cannot_be_loaded_is_one_line_before_spacy_package(model, tmp_path: Path, no_spacy_package,
                                                                           part, content, reason):
    """spacy package would load it in its own process and print the traceback."""
    copy = damaged_copy(model, tmp_path, part, content)
    error = package_error(copy, tmp_path / "packages")
    assert error.startswith(f"error: {copy}: cannot load the pipeline: ") and reason in error, error
    assert not (tmp_path / "packages").exists()


@pytest.mark.parametrize("version", ["not a version", "1.0-", ""])
def test_a_version_that_is_no_version_number_is_one_line(model, tmp_path: Path, no_spacy_package, version):
    assert package_error(model, tmp_path / "packages", "--version", version) == \
        f"error: --version {version!r} is not a version number (PEP 440, such as 0.1.0)"
    assert not (tmp_path / "packages").exists()


@pytest.mark.parametrize("name", ["bad name!", "my-pipe", "", "管道"])
def test_a_name_that_is_no_module_name_is_one_line(model, tmp_path: Path, no_spacy_package, name):
    """spacy package refused it only after it had started, over several coloured lines."""
    assert package_error(model, tmp_path / "packages", "--name", name) == \
        f"error: --name {name!r} is not a package name: use ASCII letters, digits and _ (it is imported as zh_NAME)"
    assert not (tmp_path / "packages").exists()
