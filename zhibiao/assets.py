"""Checks the project's local assets against the MD5 checksums recorded in project.yml."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path


class AssetsError(Exception):
    """A project.yml whose assets cannot be read; the message names the file (and the line, where YAML says it)."""


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def read_assets(project: Path) -> list[dict]:
    """The `assets` of a project.yml, each a mapping with a `dest`; AssetsError when the file cannot be read,
    is not YAML, or an asset is malformed."""
    import srsly

    if not project.is_file():
        raise AssetsError(f"{project}: {'is a folder' if project.is_dir() else 'no such file'}, not a project.yml")
    try:
        data = srsly.read_yaml(project)
    except OSError as err:
        raise AssetsError(f"{project}: cannot read ({err.strerror or err})") from None
    except ValueError as err:  # srsly's invalid YAML, and text that is not UTF-8
        raise AssetsError(_yaml_problem(project, str(err))) from None
    assets = data.get("assets", []) if isinstance(data, dict) else None
    if not isinstance(assets, list):
        raise AssetsError(f"{project}: not a project.yml with a list of assets")
    for number, asset in enumerate(assets, start=1):
        if not isinstance(asset, dict) or not isinstance(asset.get("dest"), str) or not asset["dest"]:
            raise AssetsError(f"{project}: asset {number} has no dest (the file's path in the project)")
    return assets


def _yaml_problem(project: Path, message: str) -> str:
    """One line from srsly's several: what the parser found, at the line it names."""
    line = re.search(r"line (\d+)", message)
    what = " ".join(part.strip() for part in message.splitlines()[:2]).removeprefix("Invalid YAML: ")
    return f"{project}{':' + line.group(1) if line else ''}: not valid YAML ({what})"


def changed_assets(assets: list[dict], root: Path) -> list[str]:
    """One message per asset whose file is missing or whose MD5 differs from its recorded checksum."""
    problems = []
    for asset in assets:
        if "checksum" not in asset:
            continue
        path = root / asset["dest"]
        if not path.exists():
            problems.append(f"{asset['dest']}: missing (expected MD5 {asset['checksum']})")
            continue
        try:
            actual = md5(path)
        except OSError as err:
            problems.append(f"{asset['dest']}: cannot read ({err.strerror or err})")
            continue
        if actual != asset["checksum"]:
            problems.append(f"{asset['dest']}: MD5 {actual} differs from project.yml checksum {asset['checksum']}")
    return problems
