"""The rule patterns: the word lists of configs/rules.json, read once into plain data (`Patterns`) for the rules,
the repair, the project filters and the edge model. Data, not code: the lists are extended in the JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

from . import strict_json
from .record_shape import nearest_name, short


def _by_length(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda word: (-len(word), word)))


def _regexes(patterns) -> tuple[str, ...]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"project_excluded_patterns: {pattern!r}: {error}") from None
    return tuple(patterns)


# How each list of configs/rules.json is read: the rules match word lists longest first; the repair and
# the project filters look words up in sets; place endings keep their order; patterns must compile.
def _read(reader: Callable[[list], Any]) -> Any:
    return field(metadata={"read": reader})


@dataclass(frozen=True, eq=False)  # hashed by identity: one Patterns per loaded list, a cache key (find_values)
class Patterns:
    units: tuple[str, ...] = _read(_by_length)
    unit_magnitudes: tuple[str, ...] = _read(_by_length)
    chinese_numeral_units: tuple[str, ...] = _read(_by_length)
    indicator_gazetteer: tuple[str, ...] = _read(_by_length)
    leading_words: tuple[str, ...] = _read(_by_length)
    change_words: tuple[str, ...] = _read(_by_length)
    not_value_before: tuple[str, ...] = _read(_by_length)
    not_value_after: tuple[str, ...] = _read(_by_length)
    slogan_counts: tuple[str, ...] = _read(_by_length)
    value_qualifiers: tuple[str, ...] = _read(_by_length)
    title_verbs: tuple[str, ...] = _read(_by_length)
    listing_verbs: frozenset[str] = _read(frozenset)
    project_triggers: tuple[str, ...] = _read(_by_length)
    project_suffixes: tuple[str, ...] = _read(_by_length)
    project_object_words: tuple[str, ...] = _read(_by_length)
    project_generic: frozenset[str] = _read(frozenset)
    project_leading_words: frozenset[str] = _read(frozenset)
    project_trailing_words: frozenset[str] = _read(frozenset)
    project_excluded_words: frozenset[str] = _read(frozenset)
    project_excluded_endings: tuple[str, ...] = _read(_by_length)
    project_excluded_patterns: tuple[str, ...] = _read(_regexes)
    project_generic_modifiers: tuple[str, ...] = _read(_by_length)
    project_place_endings: tuple[str, ...] = _read(tuple)
    project_heads: tuple[str, ...] = _read(_by_length)
    project_works_words: tuple[str, ...] = _read(_by_length)
    project_context_words: tuple[str, ...] = _read(_by_length)
    project_name_tags: frozenset[str] = _read(frozenset)
    trailing_words: frozenset[str] = _read(frozenset)
    repair_leading_tags: frozenset[str] = _read(frozenset)
    repair_trailing_tags: frozenset[str] = _read(frozenset)
    not_indicators: frozenset[str] = _read(frozenset)
    plan_words: tuple[str, ...] = _read(_by_length)
    defining_modifiers: tuple[str, ...] = _read(_by_length)
    subject_words: tuple[str, ...] = _read(_by_length)
    subject_heads: tuple[str, ...] = _read(_by_length)
    place_heads: tuple[str, ...] = _read(_by_length)
    place_kinds: frozenset[str] = _read(frozenset)
    subject_verbs: frozenset[str] = _read(frozenset)
    comparison_words: tuple[str, ...] = _read(_by_length)
    threshold_quantities: tuple[str, ...] = _read(_by_length)
    group_bounds: tuple[str, ...] = _read(_by_length)
    shared_heads: tuple[str, ...] = _read(_by_length)
    unitless_names: tuple[str, ...] = _read(_by_length)
    repair_activity_tags: frozenset[str] = _read(frozenset)
    repair_modifier_tags: frozenset[str] = _read(frozenset)
    works_activities: tuple[str, ...] = _read(_by_length)
    people_heads: tuple[str, ...] = _read(_by_length)
    activity_aspects: tuple[str, ...] = _read(_by_length)
    activity_words: frozenset[str] = _read(frozenset)
    project_details: tuple[str, ...] = _read(_by_length)


def check_pattern_lists(data: object) -> None:
    """ValueError naming the first list of rule patterns given by hand (configs/rules.json, at initialize) that the
    rules could not read as meant: a key no list has (a typo: its words would be ignored), a list that is not a list
    of non-empty strings (a string's characters would be read as words), a word listed twice (two people extending
    a list; the rules read sets). Keys starting with `_` are comments. Saved pipelines are not checked again."""
    if not isinstance(data, dict):
        raise ValueError(f"the patterns are a JSON object of word lists, not {type(data).__name__}")
    known = [item.name for item in fields(Patterns)]
    for key, words in data.items():
        if key.startswith("_"):
            continue
        if key not in known:
            nearest = nearest_name(key, known)
            raise ValueError(f"{short(key)}: no such list" + (f" (did you mean {nearest!r}?)" if nearest else
                                                              "; comments' keys start with '_'"))
        if not isinstance(words, list):
            raise ValueError(f"{key}: must be a list of words, not {short(words)}")
        if bad := next(((index, word) for index, word in enumerate(words)
                        if not isinstance(word, str) or not word.strip()), None):
            raise ValueError(f"{key}[{bad[0]}]: must be a non-empty string, not {short(bad[1])}")
        seen: set[str] = set()
        if twice := next((word for word in words if word in seen or seen.add(word)), None):  # type: ignore[func-returns-value]
            raise ValueError(f"{key}: {twice!r} is listed twice")


def load_patterns(path: Path) -> Patterns:
    data = strict_json.read_file(path)  # its errors name the file (and line) already
    try:
        check_pattern_lists(data)
        return patterns_from_data(data)  # type: ignore[arg-type]
    except (KeyError, ValueError) as error:
        raise ValueError(f"{path}: {error}") from None


def patterns_from_data(data: dict) -> Patterns:
    missing = [item.name for item in fields(Patterns) if item.name not in data]
    if missing:
        raise ValueError(f"no list {', '.join(missing)} in the patterns (written by an older zhibiao? "
                         f"take them from configs/rules.json, or assemble the pipeline again)")
    return Patterns(**{item.name: item.metadata["read"](data[item.name]) for item in fields(Patterns)})
