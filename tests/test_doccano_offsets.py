"""Code points <-> UTF-16 code units, as doccano's browser counts them."""

import pytest

from zhibiao.doccano.offsets import OffsetError, entities_from_utf16, entities_to_utf16, from_utf16, to_utf16

TEXT = "推进𠙶山路改造工程建设。"  # 𠙶 (U+20676) is outside the BMP: two UTF-16 units


def test_offsets_before_the_astral_character_are_unchanged():
    assert to_utf16(TEXT, 0) == 0
    assert to_utf16(TEXT, 2) == 2
    assert from_utf16(TEXT, 2) == 2


def test_offsets_after_the_astral_character_shift_by_one():
    assert to_utf16(TEXT, 3) == 4
    assert to_utf16(TEXT, len(TEXT)) == len(TEXT) + 1
    assert from_utf16(TEXT, 4) == 3
    assert from_utf16(TEXT, len(TEXT) + 1) == len(TEXT)


def test_round_trip_on_every_boundary():
    text = "a😀b𠀀c"
    for offset in range(len(text) + 1):
        assert from_utf16(text, to_utf16(text, offset)) == offset
    assert len(text.encode("utf-16-le")) // 2 == to_utf16(text, len(text))


def test_offset_inside_a_surrogate_pair_is_an_error():
    with pytest.raises(OffsetError, match="inside the character"):
        from_utf16(TEXT, 3)


def test_offset_beyond_the_text_is_an_error():
    with pytest.raises(OffsetError, match="outside"):
        from_utf16(TEXT, 99)
    with pytest.raises(OffsetError, match="outside"):
        to_utf16(TEXT, 99)


def test_record_round_trip_keeps_the_surface():
    record = {"text": TEXT, "entities": [{"id": 1, "label": "PROJECT", "start_offset": 2, "end_offset": 9}]}
    outgoing = entities_to_utf16(record)
    assert outgoing["entities"][0]["start_offset"] == 2
    assert outgoing["entities"][0]["end_offset"] == 10
    assert record["entities"][0]["end_offset"] == 9  # input untouched
    back = entities_from_utf16(outgoing)
    assert back == record
    span = back["entities"][0]
    assert TEXT[span["start_offset"]:span["end_offset"]] == "𠙶山路改造工程"


def test_bmp_only_text_is_returned_as_is():
    record = {"text": "地区生产总值", "entities": [{"id": 1, "label": "INDICATOR", "start_offset": 0, "end_offset": 6}]}
    assert entities_to_utf16(record) is record
