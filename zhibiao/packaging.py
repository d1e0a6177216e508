"""An installable wheel of a trained pipeline, built offline with `spacy package`."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from . import __version__


def package_pipeline(model: Path, out_dir: Path, name: str, version: str) -> Path:
    """Build the wheel; the package requires zhibiao, whose entry points provide the custom components."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "meta.json"
        meta.write_text(json.dumps({"requirements": [f"zhibiao>={__version__}"]}), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "spacy", "package", str(model), str(out_dir), "--name", name, "--version", version,
             "--build", "wheel", "--force", "--meta-path", str(meta)],
            check=True,
        )
    wheels = sorted((out_dir / f"zh_{name}-{version}" / "dist").glob("*.whl"))
    if not wheels:
        raise FileNotFoundError(f"spacy package built no wheel under {out_dir}")
    return wheels[-1]
