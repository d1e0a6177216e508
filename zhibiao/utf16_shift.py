"""Spans whose offsets look like doccano's UTF-16 code units instead of the gold's code points.

Behind a character outside the Basic Multilingual Plane (𠮷, an emoji) a UTF-16 offset is one larger
per such character, so the span lands to the right of what the annotator marked: a VALUE `家`
instead of `2`, a PROJECT `目开工` instead of `项目`. Plain functions over one record's text and spans.
"""

from __future__ import annotations

import re

from .doccano.offsets import OffsetError, from_utf16

NUMERAL = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千万亿两半]")


def shifted_span_problem(text: str, start: int, end: int, label: str) -> tuple[str, bool] | None:
    """(message, is_error) when a span sits after a non-BMP character and reading its offsets as UTF-16
    units gives a different span; an error when the span as given is a VALUE without any numeral."""
    before = sum(1 for char in text[:start] if ord(char) > 0xFFFF)
    if not before:
        return None
    try:
        fixed = from_utf16(text, start), from_utf16(text, end)
    except OffsetError:
        return None
    if fixed == (start, end) or fixed[0] >= fixed[1]:
        return None
    surface, converted = text[start:end], text[fixed[0]:fixed[1]]
    error = label == "VALUE" and not NUMERAL.search(surface) and bool(NUMERAL.search(converted))
    message = (f"{label} {surface!r} ({start}-{end}) comes after {before} character(s) outside the BMP: if these "
               f"offsets are doccano's UTF-16 units, the span is {converted!r} ({fixed[0]}-{fixed[1]}); "
               "convert them with zhibiao.doccano.offsets.entities_from_utf16")
    return message, error
