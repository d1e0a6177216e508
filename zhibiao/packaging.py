"""An installable wheel of a trained pipeline, built offline with `spacy package`."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from . import __version__
from .atomic import output_folder

# What `spacy package` reads from the pipeline's folder (it loads the pipeline from them).
PIPELINE_FILES = ("config.cfg", "meta.json")


class PackagingError(Exception):
    """A pipeline that cannot be packaged, or a wheel spacy package did not build; the message is one line
    naming the path."""


def package_pipeline(model: Path, out_dir: Path, name: str, version: str) -> Path:
    """Build the wheel; the package requires zhibiao, whose entry points provide the custom components.
    PackagingError (the model) or OutputError (out_dir) before spacy package runs when either is wrong."""
    if problem := pipeline_problem(model):
        raise PackagingError(problem)
    output_folder(out_dir)
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
