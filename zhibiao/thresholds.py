"""INDICATORs of counted sets defined by a threshold on a named quantity, by ANNOTATION.md ("a quantity named
inside a threshold gets its own INDICATOR"): `3个【旗县区】【生产总值】超过百亿元` gives the count to the set and the
threshold to the quantity, `12家【企业】纳税超亿元` the count to the set. Plain data over a sentence, its values and the
rules' word list `threshold_quantities`.
"""

from __future__ import annotations

import re
from functools import lru_cache

Value = tuple[int, int, "tuple[int, int] | None"]
# the words that close a threshold (`500万元以上`, `3岁以下`)
THRESHOLD_WORDS = ("以上", "以下")
_NUMERAL = r"(?:\d+(?:\.\d+)?|[一两二三四五六七八九十百千]+)"
_SET = r"[\u4e00-\u9fff]{1,6}?(?:[（(][\u4e00-\u9fff、]{1,6}[）)])?"  # `15个村（社区）集体经济收入…`
_OVER = r"(?:全部|均|都)?(?:超过|超|突破|达到|达)"  # `全部超过30万元`: every one of the set


@lru_cache(maxsize=8)
def _pattern(quantities: tuple[str, ...]) -> re.Pattern:
    # the count first, then the set, the quantity and its threshold: `3个旗县区生产总值超过百亿元` (with the threshold
    # first, `镇街税收超5亿元的达到6个`, the linker would pair the count with the quantity before it: not proposed)
    # a threshold with no numeral of its own (`12家企业纳税超亿元`) stays out of the set all the same
    quantity = "|".join(map(re.escape, quantities))
    return re.compile(rf"(?P<count>{_NUMERAL})[个家座所](?P<set>{_SET})(?P<quantity>{quantity}){_OVER}"
                      rf"(?:(?P<threshold>{_NUMERAL})|(?:千万|百万|万|亿)元)")


def threshold_sets(text: str, values: list[Value], quantities: tuple[str, ...]) -> dict[Value, tuple[int, int]]:
    """For the count and the threshold value of each such phrase, the INDICATOR it measures: the set for the count,
    the quantity for the threshold."""
    if not quantities:
        return {}
    by_start = {value[0]: value for value in values}
    found: dict[Value, tuple[int, int]] = {}
    for match in _pattern(quantities).finditer(text):
        count, threshold = by_start.get(match.start("count")), by_start.get(match.start("threshold"))
        if count is None:
            continue
        found[count] = match.span("set")
        if threshold is not None:
            found[threshold] = match.span("quantity")
    return found
