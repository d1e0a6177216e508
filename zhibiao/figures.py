"""Plain readings of a record's words: the qualifier class, the signed value, the base unit and the measure.

Everything here takes strings and numbers and gives strings and numbers; zhibiao.enrich applies it to records.
(zhibiao.values reads the numbers themselves.)
"""

from __future__ import annotations

from decimal import Decimal

from .matching import fold_width

QUALIFIER_CLASSES = ("exact", "around", "at_least", "at_most", "range")
AT_MOST = ("不超过", "不高于", "以内", "以下", "低于")
AT_LEAST = ("及以上", "以上", "不低于", "不少于", "至少", "超过", "突破", "高于", "超", "逾", "余", "多")
AROUND = ("左右", "上下", "将近", "接近", "约", "近")
# Longest first, so that 不低于 is read as itself and not as 低于.
_CLASS_WORDS = sorted([(w, "at_most") for w in AT_MOST] + [(w, "at_least") for w in AT_LEAST] + [(w, "around") for w in AROUND],
                      key=lambda item: -len(item[0]))
# Words that qualify a whole `分别` list when written once after its last value (`分别增长6%、7.1%以上`).
TRAILING = ("及以上", "以上", "以下", "以内", "左右", "上下")
STRETCH = "力争"

# Change words that make a growth figure negative, and the ones among them that name a level reached instead.
DECREASE = ("下降", "降低", "减少", "缩小", "压缩", "回落", "降至")
TO_LEVEL = ("到", "至", "达到", "达", "保持在", "控制在", "稳定在", "提高到", "提升到")
GROWTH = ("增长", "同比增长", "年均增长", "平均增长", "增加", "提高", "提升", "提速", "上涨", "涨幅") + DECREASE
PERCENT_UNITS = ("%", "％", "百分比")
POINT_UNITS = ("个百分点", "百分点")
MINUS_SIGNS = "-−－"
_MAGNITUDES = {"百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8}


def qualifier_class(words: str | None, value: float | list | None) -> tuple[str, float | None, float | None]:
    """(class, value_low, value_high) for the qualifier words of a record (`超、以上`, `左右`) and its value."""
    if isinstance(value, list):
        return "range", value[0], value[1]
    found = [word for word in (words or "").split("、") if word and word != STRETCH]
    text = "".join(found)
    for word, name in _CLASS_WORDS:
        if word in text:
            low = value if name in ("at_least", "around") else None
            high = value if name in ("at_most", "around") else None
            return name, low, high
    return "exact", value, value


def is_stretch(words: str | None) -> bool:
    """`力争` marks a stretch figure (`增长7%左右,力争8%`)."""
    return STRETCH in (words or "")


def trailing_qualifier(words: str | None) -> str | None:
    """The after-value word of a qualifier (`以上` of `超、以上`) that can stand for a whole `分别` list."""
    for word in (words or "").split("、"):
        if word in TRAILING:
            return word
    return None


def measure_of(unit: str | None, change: str | None, default_measures: tuple[str, ...] = ("level",)) -> str:
    """`growth`, `level`, `rate`, `share` or `points` of a value from its unit and change word.

    A percentage with a growth word (`增长6%`, `下降3%`) is growth; with a level word (`提高到2.5%`,
    `控制在4%以内`) or none it is the indicator's own percentage measure (rate, share), else `rate`.
    """
    unit = unit or ""
    change = change or ""
    if unit in POINT_UNITS:
        return "points"
    if unit in PERCENT_UNITS:
        if change and any(change.startswith(word) for word in GROWTH) and not change.endswith(TO_LEVEL):
            return "growth"
        own = [m for m in default_measures if m in ("rate", "share", "growth")]
        return own[0] if own else "rate"
    return "level"


def signed(value: float | list | None, change: str | None, before: str = "") -> float | list | None:
    """The value with its sign: negative after a decrease word (`下降3%`) or a minus sign (`增长-18.9%`);
    a level reached (`下降到30`) keeps its sign."""
    if value is None or isinstance(value, list):
        return value
    change = change or ""
    if before and before[-1] in MINUS_SIGNS:
        return -abs(value)
    if change.startswith(DECREASE) and not change.endswith(TO_LEVEL):
        return -abs(value)
    return value


def base_unit(unit: str | None, multiplier: float | None) -> str | None:
    """The unit without the magnitude its multiplier already counts: 亿元 (1e8) → 元, 万人 → 人, % → %, 亿 → None."""
    if not unit:
        return None
    rest, reached = fold_width(unit), 1.0  # `％` as `%`
    while rest and rest[0] in _MAGNITUDES and reached < (multiplier or 1.0):
        reached *= _MAGNITUDES[rest[0]]
        rest = rest[1:]
    return "%" if rest in PERCENT_UNITS else (rest or None)  # a bare 亿 counts things: no base unit


def base_value(value: float | list | None, multiplier: float | None) -> float | list | None:
    """The value in its base unit (602.5 亿元 → 6.025e10 元); ranges element-wise."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_times(item, multiplier) for item in value]
    return _times(value, multiplier)


def _times(value: float, multiplier: float | None) -> float:
    # In decimal: 327.6 亿 is 32760000000, where float arithmetic says 32760000000.000004.
    return float(Decimal(repr(value)) * Decimal(repr(multiplier or 1.0)))
