"""Code-point offsets (Python, the gold) <-> UTF-16 code-unit offsets (doccano's browser).

doccano stores whatever offsets it is given, but its annotation view measures text with JavaScript
string indices, which count a character outside the Basic Multilingual Plane (rare CJK extension
characters such as 𠀀, emoji) as two units. Offsets go out as UTF-16 and come back as code points.
"""

from __future__ import annotations


class OffsetError(ValueError):
    """An offset that does not fall on a character boundary of its text."""


def is_bmp_only(text: str) -> bool:
    return all(ord(char) <= 0xFFFF for char in text)


def utf16_units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def to_utf16(text: str, offset: int) -> int:
    """UTF-16 code-unit offset of code-point `offset` in `text`."""
    if not 0 <= offset <= len(text):
        raise OffsetError(f"offset {offset} outside the text (length {len(text)})")
    return offset + sum(1 for char in text[:offset] if ord(char) > 0xFFFF)


def from_utf16(text: str, offset: int) -> int:
    """Code-point offset of UTF-16 code-unit `offset`; an offset inside a surrogate pair is an error."""
    if offset < 0:
        raise OffsetError(f"UTF-16 offset {offset} outside the text")
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += utf16_units(char)
        if units > offset:
            raise OffsetError(f"UTF-16 offset {offset} falls inside the character {char!r} at {index}")
    if units == offset:
        return len(text)
    raise OffsetError(f"UTF-16 offset {offset} outside the text ({units} UTF-16 units)")


def _convert_entities(record: dict, convert) -> dict:
    text = record["text"]
    if is_bmp_only(text):
        return record
    entities = [
        {**entity, "start_offset": convert(text, entity["start_offset"]), "end_offset": convert(text, entity["end_offset"])}
        for entity in record.get("entities", [])
    ]
    return {**record, "entities": entities}


def entities_to_utf16(record: dict) -> dict:
    """The record with entity offsets in UTF-16 code units (a new dict; the input is not changed)."""
    return _convert_entities(record, to_utf16)


def entities_from_utf16(record: dict) -> dict:
    """The record with entity offsets back in code points (a new dict; the input is not changed)."""
    return _convert_entities(record, from_utf16)
