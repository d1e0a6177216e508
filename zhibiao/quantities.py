"""VALUE and UNIT spans of a sentence by ANNOTATION.md: the numbers that quantify something (Arabic, Chinese,
ranges, ratios, fractions) and the unit after each; dates, codes and plan names are none. Plain data over a sentence
and the rules' word lists.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .garbled import touches_garbled
from .labels import after_spaces, unit_start
from .matching import ends_with_any, starts_with_any, strip_words
from .quotes import inside, quoted_regions, quoted_run
from .spans import clause_start
from .values import parse_number

if TYPE_CHECKING:
    from .patterns import Patterns

ARABIC_NUMBER = re.compile(
    r"(?:(?<![\d.])-)?(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?"  # a negative growth keeps its sign (`增长-31.4%`);
    # no number starts inside another (`1.2.3%` is a typo, not 3%)
    r"(?:×\d+(?:\.\d+)?)?"  # units times their size (`2×100万千瓦`): one capacity
    r"(?:(?:\s*[-—~～至]\s*|[:：∶])\d+(?:\.\d+)?)*"  # ranges 3-5, 120至150, ratios 9.7:47.3:43 (∶ too)
    r"(?:/\d+(?:\.\d+)?)?"  # fractions 1/5
)
# a fraction (`三分之一`) or `一半` is a VALUE with no UNIT (ANNOTATION.md: `占比达一半`); a `一` opens a number only
# before a magnitude (`一百`, `一亿人次`), it opens too many words, but inside one it is a digit (`二百一十`, `一百零五`)
# (`百分之六点二`, `百分之百` too; a decimal is written with 点: `三点一`); a `一` and its measure word that end a clause
# count the noun before them (`建成县级养老服务中心一个、…`)
_CHINESE_DECIMAL = r"(?:点[零一二三四五六七八九]+)?"
CHINESE_FRACTION = re.compile(r"[一二两三四五六七八九十百千万]+分之[一二三四五六七八九十百零]+" + _CHINESE_DECIMAL + "|一半")
# a magnitude inside a number is part of it when digits follow (`二万一千三百元`); at its end it is the UNIT's (`两万人`)
_DIGITS = r"(?:[一二两三四五六七八九十百千零]|[万亿](?=[一二两三四五六七八九]))*"
CHINESE_NUMBER = re.compile(CHINESE_FRACTION.pattern + r"|[两二三四五六七八九十百千]" + _DIGITS
                            + _CHINESE_DECIMAL + r"|一(?=[百千万亿])" + _DIGITS + _CHINESE_DECIMAL
                            + r"|一(?=[成倍])"  # `下降一成`, `增长近一倍`
                            + r"|(?<=[\u4e00-\u9fff])(?<!其中)一(?=[个家座所处条项件套台][、，,。；;]|[个家座所处条项件套台]$)")


# ---------------------------------------------------------------- VALUE and UNIT

_INNER_MAGNITUDE = re.compile(r"[万亿].")


@lru_cache(maxsize=4096)
def find_values(text: str, patterns: Patterns) -> tuple[tuple[int, int, tuple[int, int] | None], ...]:
    """(start, end, unit span or None) for each number that quantifies something. Cached: extraction's model gate
    asks it of every sentence before the rule component does."""
    quoted = quoted_regions(text)
    found: list[tuple[int, int, tuple[int, int] | None]] = []
    candidates = [(m.start(), m.end(), True) for m in ARABIC_NUMBER.finditer(text)]
    candidates += [(m.start(), m.end(), False) for m in CHINESE_NUMBER.finditer(text)]
    for start, end, arabic in sorted(candidates):
        if found and start < found[-1][1]:
            continue
        if text[start] == "-" and found and start == (found[-1][2] or found[-1][:2])[1]:
            start += 1  # `5%-6%`, `3亿元-5亿元`: a dash right after the unit of the number before joins a range
        if inside(start, quoted) or ends_with_any(text, start, patterns.not_value_before):
            continue
        if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            continue  # PM2.5, 5G-style codes and names
        if touches_garbled(text, start, end):
            continue  # `增长6�%`: the character lost may have been a digit (zhibiao.garbled)
        surface = text[start:end]
        # a decimal before 年 counts years (`平均受教育年限达到11.5年`); a whole number before it is a year
        years = arabic and "." in surface and text.startswith("年", end) and not text.startswith("年均", end)
        # `两个“确立”`, `四个“全面”`: slogans count in Chinese numerals; digits before a quote count a kind
        # (`6个“工业上楼”项目`)
        after = max((starts_with_any(text, after_spaces(text, end), words) or "" for words in
                     (patterns.not_value_after, () if arabic else patterns.slogan_counts)), key=len)
        if after and len(starts_with_any(text, end, patterns.units) or "") <= len(after) and not years:
            continue  # `5G`, `35kV`: a code; a longer listed unit wins (`20GW`)
        if years:
            unit: tuple[int, int] | None = (end, end + 1)
        elif arabic:
            unit = find_unit(text, end, patterns.units, patterns.unit_magnitudes)
            is_ratio_or_fraction = any(sep in surface for sep in ":：∶/")
            if unit is None and not is_ratio_or_fraction and not _after_unitless_name(text, start, patterns):
                continue
            if unit and starts_with_any(text, unit[1], patterns.not_value_after) in ("年", "月", "日"):
                continue
        else:
            # a Chinese numeral takes a measure word of its own list, or a listed unit that starts with a magnitude
            # (`两万人`, `超千万人次`); `百`/`千` before a bare magnitude is a size (`百亿项目`: the magnitude is the UNIT)
            # (a number with a magnitude inside is written out in full, as figures are: any unit, `二万一千三百元`)
            unit = find_unit(text, end, patterns.units if _INNER_MAGNITUDE.search(surface) else patterns.chinese_numeral_units)
            if unit is None and text.startswith(("亿", "万"), end):  # (`in "亿万"` would take the text's end too)
                # the magnitude joins the measure word after it (`十五【万架】`), but not after 百/千 (a size)
                magnitudes = () if surface in "百千" else patterns.unit_magnitudes
                unit = find_unit(text, end, patterns.units, magnitudes) or ((end, end + 1) if surface in "百千" else None)
            if unit is None and not CHINESE_FRACTION.fullmatch(surface):
                continue
            if parse_number(surface) == quoted_run(text, start, quoted) > 1:
                continue  # the number of the quoted programmes just named restates them (ANNOTATION.md: slogans)
        found.append((start, end, unit))
    return tuple(found)


# what may stand between a name measured without a unit and its first number, beside change words (`容积率由过去的1.2`)
_BEFORE_FIRST = ("过去的", "上年的", "从")
_LAST_NUMBER = re.compile(r"[\d.]+$")


def _after_unitless_name(text: str, start: int, patterns: Patterns) -> bool:
    """Whether a number with no unit follows, change words aside, a name measured without one (`城乡收入比缩小至
    【1.69】`, `灌溉水有效利用系数提高到【0.58】`), or that name's number before it (`容积率由1.2提高到【3.0】`)."""
    low, end = strip_words(text, clause_start(text, start), start, (), patterns.change_words + _BEFORE_FIRST)
    if ends_with_any(text, end, patterns.unitless_names, low) is not None:
        return True
    before = _LAST_NUMBER.search(text, low, end)
    return before is not None and before.start() < start and _after_unitless_name(text, before.start(), patterns)


def find_unit(text: str, position: int, units: tuple[str, ...], magnitudes: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """The unit after a number at `position`: a listed unit, or a magnitude word and a listed unit (ANNOTATION.md:
    the magnitude belongs to the unit: `5.2【万亿元】`, `700【亿斤】`), whichever is longer."""
    start = unit_start(text, position)
    unit = starts_with_any(text, start, units)
    length = len(unit) if unit else 0
    magnitude = starts_with_any(text, start, magnitudes)
    if magnitude:
        base = starts_with_any(text, start + len(magnitude), units)
        if base and base not in magnitudes:
            length = max(length, len(magnitude) + len(base))
    # a rate per another unit is one unit (`32.6【万元/亩】`, `【元/平方米】`), as the listed ones (`公斤/亩`)
    per = starts_with_any(text, start + length + 1, units) if length and text.startswith("/", start + length) else None
    length += len(per) + 1 if per and per not in magnitudes else 0
    return (start, start + length) if length else None
