"""Numbers, units and the words around a value, as written in a report: plain strings in, plain data out."""

from __future__ import annotations

import math
import re
from typing import Iterable

import cn2an

from .labels import UNIT_GAP
from .matching import fold_width
from .spans import clause_bounds
from .words import WORDS

# ---------------------------------------------------------------- value normalisation

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_FRACTION = re.compile(r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)")
_RANGE = re.compile(r"^(.+?)\s*(?:[-—–~～]+|至|到)\s*(.+)$")
_RATIO = re.compile(r"[:：∶]")
_CHINESE_DIGITS = "零一二两三四五六七八九"
_HALF = {"半", "一半"}


def parse_number(text: str) -> float | None:
    """One number as written: `1,300`, `90.9`, `1/5`, `两`, `百`, `三十五`, `一半`, `６．５`; None when it is not one."""
    text = fold_width(text).strip()
    if not text:
        return None  # (`""[:1] in "十百千万亿"` holds: it would read as 一, 1)
    if _ARABIC.fullmatch(text):
        number = float(text.replace(",", ""))
        return number if math.isfinite(number) else None  # 400 digits are a typo, not infinity (no JSON has it)
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        denominator = float(fraction.group(2))
        return float(fraction.group(1)) / denominator if denominator else None
    if text in _HALF:
        return 0.5
    if "分之" in text:  # `三分之一`, `百分之六点二`: the part over the whole
        whole, _, part = text.partition("分之")
        over, numerator = parse_number(whole), parse_number(part)
        return numerator / over if numerator is not None and over else None
    if len(text) == 2 and all(char in _CHINESE_DIGITS for char in text):
        return None  # 三四 is "three or four", not 34 as cn2an would say
    if text[:1] in "十百千万亿":
        text = "一" + text  # cn2an wants 一百, reports write 百
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def normalise_value(text: str) -> float | list[float] | None:
    """A float, [low, high] for a range (`3-5`, `4—5`, `10~15`, `５－６`, `三四`), None for ratios and the unreadable."""
    text = fold_width(text).strip()
    if _RATIO.search(text):
        return None  # 9.7:47.3:43 is a structure, not one quantity
    if len(text) == 2 and all(char in _CHINESE_DIGITS for char in text):
        low, high = parse_number(text[0]), parse_number(text[1])
        return [low, high] if low is not None and high is not None and low < high else None
    number = parse_number(text)
    if number is not None:
        return number
    match = _RANGE.match(text)
    if match:
        low, high = parse_number(match.group(1)), parse_number(match.group(2))
        if low is not None and high is not None:
            return [low, high]
    return None


_MAGNITUDES = {"百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8}
# Units that start with a magnitude character but are units in their own right.
_UNITS_STARTING_WITH_MAGNITUDE = WORDS["units_starting_with_magnitude"]


def unit_multiplier(unit: str | None) -> float:
    """The magnitude a unit carries: 亿元 → 1e8, 万人 → 1e4, 千亿元 → 1e11, 万千瓦 → 1e4, 千瓦 → 1."""
    multiplier, rest = 1.0, unit or ""
    while rest and rest[0] in _MAGNITUDES and not rest.startswith(_UNITS_STARTING_WITH_MAGNITUDE):
        multiplier *= _MAGNITUDES[rest[0]]
        rest = rest[1:]
    return multiplier


# ---------------------------------------------------------------- words around a value

QUALIFIERS_BEFORE = WORDS["qualifiers_before"]
QUALIFIERS_AFTER = WORDS["qualifiers_after"]
CHANGE_WORDS = WORDS["change_words"]
PROJECT_ACTIONS = WORDS["project_actions"]


def _alternation(words: Iterable[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)))


_QUALIFIER_BEFORE = _alternation(QUALIFIERS_BEFORE)
# Verbs that come before the indicator they change (`新增【规上工业企业】102家`); other change words
# are read only between the indicator and its value, so `磊达集团` does not give `达`.
LEADING_CHANGE_WORDS = WORDS["leading_change_words"]
_CHANGE = _alternation(CHANGE_WORDS)
_LEADING_CHANGE = _alternation(LEADING_CHANGE_WORDS)
_ACTION = _alternation(PROJECT_ACTIONS)


def qualifiers(masked: str, segment_start: int, value_start: int, group_end: int, value_end: int) -> str | None:
    """Qualifier words as written around a VALUE, in text order (`超`, `以上`, `余`, `力争 … 左右`)."""
    # A one-character qualifier counts only right before the number: 约 of 签约, 超 of 超额, 近 of 近年 do not.
    found = [m.group() for m in _QUALIFIER_BEFORE.finditer(masked, segment_start, value_start)
             if len(m.group()) > 1 or m.end() == value_start]
    gap = masked[value_end:value_end + 1]
    if group_end > value_end and gap in UNIT_GAP:
        found.append(gap)
    after = next((word for word in sorted(QUALIFIERS_AFTER, key=len, reverse=True) if masked.startswith(word, group_end)), None)
    if after and not (after == "多" and group_end == value_end):
        found.append(after)
    return "、".join(found) or None


def change_word(masked: str, clause_start: int, value_start: int, indicator: tuple[int, int] | None = None) -> str | None:
    """The change or level word of a VALUE (`增长`, `下降`, `达到`, `新增` …): the nearest one between its
    indicator (or its clause start) and the VALUE, else a leading verb before the indicator."""
    if indicator is None or indicator[0] >= value_start:
        matches = list(_CHANGE.finditer(masked, clause_start, value_start))
        return matches[-1].group() if matches else None
    matches = list(_CHANGE.finditer(masked, max(clause_start, indicator[1]), value_start))
    if matches:
        return matches[-1].group()
    indicator_clause_start = clause_bounds(masked, indicator[0])[0]
    leading = list(_LEADING_CHANGE.finditer(masked, indicator_clause_start, indicator[0]))
    return leading[-1].group() if leading else None


def project_action(masked: str, start: int, end: int) -> str | None:
    """What happens to a PROJECT: the first action word after it in its clause, else the nearest before."""
    clause_start, clause_end = clause_bounds(masked, start)
    after = _ACTION.search(masked, end, clause_end)
    if after:
        return after.group()
    before = list(_ACTION.finditer(masked, clause_start, start))
    return before[-1].group() if before else None
