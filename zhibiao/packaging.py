"""An installable wheel of a trained pipeline, built offline with `spacy package`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from . import __version__
from .atomic import OutputError, folder_problem, output_folder

# What `spacy package` reads from the pipeline's folder (it loads the pipeline from them).
PIPELINE_FILES = ("config.cfg", "meta.json")


class PackagingError(Exception):
    """A pipeline that cannot be packaged, or a wheel spacy package did not build; the message is one line
    naming the path."""


def package_pipeline(model: Path, out_dir: Path, name: str, version: str) -> Path:
    """Build the wheel; the package requires zhibiao, whose entry points provide the custom components.
    PackagingError (the version, the model) or OutputError (out_dir) before spacy package runs when one is
    wrong; a failed run leaves no empty folder it made."""
    if problem := name_problem(name) or version_problem(version) or pipeline_problem(model):
        raise PackagingError(problem)
    if problem := folder_problem(out_dir):
        raise OutputError(problem)
    _load_or_fail(model)
    made = [folder for folder in (out_dir, *out_dir.parents) if not folder.exists()]  # deepest first
    output_folder(out_dir)
    try:
        return _build(model, out_dir, name, version)
    except BaseException:
        for folder in made:
            try:
                folder.rmdir()  # only while empty: what spacy package wrote stays to be looked at
            except OSError:
                break
        raise


def _build(model: Path, out_dir: Path, name: str, version: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "meta.json"
        meta.write_text(json.dumps({"requirements": [f"zhibiao>={__version__}"]}), encoding="utf-8")
        try:
            subprocess.run(
                [sys.executable, "-m", "spacy", "package", str(model), str(out_dir), "--name", name, "--version",
                 version, "--build", "wheel", "--force", "--meta-path", str(meta)],
                check=True,
            )
        except subprocess.CalledProcessError as err:  # spacy has printed why, above
            raise PackagingError(f"{model}: spacy package failed (exit code {err.returncode}; see its messages above)") from None
    wheels = sorted((out_dir / f"zh_{name}-{version}" / "dist").glob("*.whl"))
    if not wheels:
        raise PackagingError(f"{out_dir}: spacy package built no wheel here")
    return wheels[-1]


def name_problem(name: str) -> str | None:
    """Why `name` is no package name, or None: spacy package refuses one that is not a module name (zh_NAME) only
    after it has started building, over several lines."""
    if re.fullmatch(r"[A-Za-z0-9_]+", name):
        return None
    return f"--name {name!r} is not a package name: use ASCII letters, digits and _ (it is imported as zh_NAME)"


def version_problem(version: str) -> str | None:
    """Why `version` is no package version, or None: spacy package takes any string and setuptools turns it
    into another one (`not.a.version`) with only a deprecation warning."""
    from packaging.version import InvalidVersion, Version

    try:
        Version(version)
    except InvalidVersion:
        return f"--version {version!r} is not a version number (PEP 440, such as 0.1.0)"
    return None


def _load_or_fail(model: Path) -> None:
    """Load the pipeline as extract does: spacy package loads it too, but a damaged one fails there with a
    traceback from spacy's own process."""
    from .extraction import ModelNotFoundError, PipelineLoadError, load_pipeline

    try:
        load_pipeline(model)
    except (ModelNotFoundError, PipelineLoadError) as err:
        raise PackagingError(str(err)) from None


def pipeline_problem(model: Path) -> str | None:
    """Why `model` is not a pipeline folder that spacy package can read (a message naming it), or None.
    Checked first because spacy package fails on it with a traceback from its own process."""
    if not model.exists():
        return f"{model}: no pipeline to package"
    if not model.is_dir():
        return f"{model}: is a file; give the pipeline's folder"
    if missing := [name for name in PIPELINE_FILES if not (model / name).is_file()]:
        return f"{model}: not a pipeline folder (no {' or '.join(missing)})"
    return None
