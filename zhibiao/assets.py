"""Checks the project's local assets against the MD5 checksums recorded in project.yml."""

from __future__ import annotations

import hashlib
from pathlib import Path


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def changed_assets(assets: list[dict], root: Path) -> list[str]:
    """One message per asset whose file is missing or whose MD5 differs from its recorded checksum."""
    problems = []
    for asset in assets:
        if "checksum" not in asset:
            continue
        path = root / asset["dest"]
        if not path.exists():
            problems.append(f"{asset['dest']}: missing (expected MD5 {asset['checksum']})")
        elif (actual := md5(path)) != asset["checksum"]:
            problems.append(f"{asset['dest']}: MD5 {actual} differs from project.yml checksum {asset['checksum']}")
    return problems
