"""Canonical indicators: map an indicator as written (`地区生产总值`, `GDP`, `规上工业增加值`) to one id.

The table is data (configs/indicators.json); the package carries a byte copy, zhibiao/indicators.json,
read through importlib.resources so that an installed zhibiao finds it without the repository
(tests/test_indicators.py fails when the two differ). An indicator no form matches gets no id: its
text is kept by the caller and nothing is dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import strict_json

PACKAGE_FILE = "indicators.json"
# Quotes and brackets reports put around names (`“GDP”`), and whitespace, are not part of a name.
_NOISE = re.compile(r"[\s“”\"'‘’「」《》]")


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    measures: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    indicators: dict[str, Indicator]
    forms: dict[str, str]  # normalised form -> id
    patterns: tuple[tuple[re.Pattern, str], ...]
    pairs: dict[str, tuple[str, ...]]  # normalised form naming several ids (城乡…) -> ids in order
    affixes: re.Pattern  # scope prefixes and suffixes allowed around a form


def load_table(path: str | Path | None = None) -> Table:
    """The table in `path`, or the one the package ships; a bad file fails with `path: message`."""
    if path is None:
        return _packaged()
    path = Path(path)
    try:
        data = strict_json.read_file(path)
    except strict_json.StrictJSONError as err:  # names the file and line already
        raise ValueError(f"{err}; not an indicator table") from None
    except OSError as err:
        raise ValueError(f"{path}: not an indicator table ({err.strerror or err})") from err
    try:
        return parse_table(data)  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{path}: not an indicator table ({err})") from err


@lru_cache(maxsize=1)
def _packaged() -> Table:
    text = resources.files("zhibiao").joinpath(PACKAGE_FILE).read_text(encoding="utf-8")
    return parse_table(json.loads(text))


def normalise(text: str) -> str:
    return _NOISE.sub("", text or "").upper().replace("＆", "&")


def parse_table(data: dict) -> Table:
    indicators: dict = {}
    forms: dict[str, str] = {}
    patterns: list = []
    for item in data["indicators"]:
        ident = item["id"]
        if ident in indicators:
            raise ValueError(f"indicator id {ident!r} given twice")
        indicators[ident] = Indicator(ident, item["zh"], item["en"], tuple(item["measures"]))
        for form in item.get("forms", []):
            key = normalise(form)
            if forms.get(key, ident) != ident:
                raise ValueError(f"form {form!r} belongs to both {forms[key]!r} and {ident!r}")
            forms[key] = ident
        patterns.extend((re.compile(pattern), ident) for pattern in item.get("patterns", []))
    pairs = {}
    for pair in data.get("pairs", []):
        unknown = [ident for ident in pair["items"] if ident not in indicators]
        if unknown:
            raise ValueError(f"pair names unknown ids {unknown}")
        pairs.update({normalise(form): tuple(pair["items"]) for form in pair["forms"]})
    prefixes = "|".join(map(re.escape, data.get("scope_prefixes", [])))
    suffixes = "|".join(map(re.escape, data.get("suffixes", [])))
    affixes = re.compile(rf"^(?:{prefixes or '(?!)'})*(?P<core>.+?)(?:{suffixes or '(?!)'})?$")
    return Table(indicators, forms, tuple(patterns), pairs, affixes)


def canonical_id(text: str | None, table: Table | None = None) -> str | None:
    """The id of an indicator as written, or None. Only whole names count (after scope words such as
    全市 and suffixes such as 增速): `人均地区生产总值` and `服务业增加值占地区生产总值比重` are not gdp."""
    table = table or load_table()
    key = normalise(text or "")
    if not key:
        return None
    core = _core(key, table)
    for candidate in (key, core):
        if candidate in table.forms:
            return table.forms[candidate]
    return next((ident for pattern, ident in table.patterns if pattern.fullmatch(key) or pattern.fullmatch(core)), None)


def pair_ids(text: str | None, table: Table | None = None) -> tuple[str, ...]:
    """The ids a name of two indicators stands for, in order (`城乡居民人均可支配收入` → urban, rural); () otherwise."""
    table = table or load_table()
    key = normalise(text or "")
    if not key:
        return ()
    return table.pairs.get(key) or table.pairs.get(_core(key, table), ())


def _core(key: str, table: Table) -> str:
    """The name without the affixes the table allows around it (the pattern matches every string)."""
    match = table.affixes.match(key)
    return match.group("core") if match else key
