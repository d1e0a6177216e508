"""Raw report bytes to text: byte-order marks, UTF-8, the Chinese legacy codecs (GB18030, Big5), then
charset-normalizer's detection, and a check that what came out is Chinese prose rather than mojibake.

Every failure is a ReportError naming the file (and the line where one is known) and the encoding
that was found or tried, so that a user knows what to convert the file from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from charset_normalizer import from_bytes


class ReportError(Exception):
    """A raw report that cannot be used; the message names the file (and line when known)."""


_BOMS = (  # UTF-32's before UTF-16's: `ff fe 00 00` opens with UTF-16 LE's mark
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# charset-normalizer's names -> the codec that reads them and the name reported. GB18030 is a superset
# of GBK and GB2312, so it reads all three without losing a character either may hold.
_CODECS = {
    "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "gb18030": "gb18030", "hz": "hz",
    "big5": "big5", "cp950": "big5", "big5hkscs": "big5hkscs",
    "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be",
}
# Decoded text is Chinese prose when at least this share of its letters (ASCII ones aside) are common
# Chinese characters (_common_characters).
# The five reports score 0.98-1.0; Big5 read as GB18030, or Latin-1 as anything, well under 0.6.
MIN_COMMON_SHARE = 0.8
_SAMPLE = 20_000
_LATIN_END = 0x024F  # end of Latin Extended-B, which holds pinyin's tone-marked vowels


# The legacy encodings of Chinese reports, tried after UTF-8 and before the detector: on a short text the
# detector may prefer another language's codec whose mojibake still looks like common characters
# (euc_jis_2004 for GB18030 `各位代表`). Big5 bytes nearly always decode as GB18030 too, as mojibake
# (_chinese decides between them).
CHINESE_CODECS = ("gb18030", "big5")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raises ReportError naming the file for empty, binary or undecodable input."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise ReportError(f"{name}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise ReportError(f"{name}:{_line_of(data, err.start)}: invalid {encoding} despite its BOM") from err
    nul = data.find(b"\x00")
    if nul >= 0:
        # UTF-16 without a BOM is full of NUL bytes (the high byte of ASCII); anything else with one is binary.
        found = _detected(data, ("utf_16_le", "utf_16_be")) or _utf32(data)
        if found is None:
            raise ReportError(f"{name}:{_line_of(data, nul)}: binary file (NUL byte), not a text report")
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        line = _line_of(data, utf8_error.start)
        found = _chinese(data) or _detected(data)
        if found is not None and common_share(found[0]) >= MIN_COMMON_SHARE:
            _refuse_utf8_lines(data, found[1], name)
            return found
        if (partly := _partly_decoded(data)) is not None:
            encoding, error = partly
            raise ReportError(f"{name}:{_line_of(data, error.start)}: not UTF-8, UTF-16 or GB18030 text as a whole: "
                              f"the lines before read as {encoding}, this one does not (byte {data[error.start]:#04x} "
                              f"at offset {error.start}); is part of the file in another encoding? save the whole "
                              "file as UTF-8") from None
        if found is None:
            raise ReportError(f"{name}:{line}: not UTF-8, UTF-16 or GB18030 text, and no other encoding fits "
                              f"(byte {data[utf8_error.start]:#04x} at offset {utf8_error.start})") from None
        text, encoding = found
        share = common_share(text)
        raise ReportError(f"{name}:{line}: not UTF-8; read as {encoding} it is not Chinese text "
                          f"({share:.0%} common Chinese characters); save it as UTF-8") from None


def _utf32(data: bytes) -> tuple[str, str] | None:
    """(text, codec) of UTF-32 without a BOM that reads as Chinese prose (every character four bytes, three of
    them NUL for ASCII); None otherwise."""
    for codec in ("utf-32-le", "utf-32-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if common_share(text) >= MIN_COMMON_SHARE:
            return text, codec
    return None


def _chinese(data: bytes) -> tuple[str, str] | None:
    """(text, codec) of the Chinese legacy codec that decodes `data` cleanly into Chinese prose; when both
    do (a short Big5 text's GB18030 mojibake can be all common characters), charset-normalizer, asked about
    these two only, decides, else the reading with more common characters. None when neither does."""
    readings = {}
    for codec in CHINESE_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if common_share(text) >= MIN_COMMON_SHARE:
            readings[codec] = text
    if len(readings) > 1:
        chosen = next((_CODECS.get(m.encoding) for m in from_bytes(data, cp_isolation=list(readings))
                       if _CODECS.get(m.encoding) in readings), None)
        codec = chosen or max(readings, key=lambda name: common_share(readings[name]))
        return readings[codec], codec
    return next(((text, codec) for codec, text in readings.items()), None)


def _refuse_utf8_lines(data: bytes, encoding: str, name: str) -> None:
    """A file read as a legacy codec may hold lines saved as UTF-8 (pasted in later), which decode as
    mojibake without an error: the first line that reads as Chinese in UTF-8 and not in `encoding` is refused."""
    if encoding not in CHINESE_CODECS:
        return
    for number, raw in enumerate(_LINE_END.split(data), start=1):
        if raw.isascii():
            continue
        try:
            as_utf8 = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if common_share(as_utf8) >= MIN_COMMON_SHARE > common_share(raw.decode(encoding, errors="replace")):
            raise ReportError(f"{name}:{number}: this line is UTF-8, the lines before are {encoding}: save the "
                              "whole file in one encoding (UTF-8)")


def _partly_decoded(data: bytes) -> tuple[str, UnicodeDecodeError] | None:
    """(codec, its error) of the codec among UTF-8 and the Chinese ones that decodes the longest start of `data`
    as Chinese prose before failing after the first line: a file with part in another encoding. None otherwise."""
    furthest: tuple[str, UnicodeDecodeError] | None = None
    for codec in ("utf-8", *CHINESE_CODECS):
        try:
            data.decode(codec)
        except UnicodeDecodeError as err:
            start = max(data.rfind(b"\n", 0, err.start), data.rfind(b"\r", 0, err.start)) + 1  # its line's first byte
            before = data[:start].decode(codec, errors="replace")
            if start and common_share(before) >= MIN_COMMON_SHARE and (furthest is None or err.start > furthest[1].start):
                furthest = (codec, err)
    return furthest


def _detected(data: bytes, only: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """(text, encoding) of charset-normalizer's first guess that reads as Chinese, else of its best guess."""
    matches = list(from_bytes(data, cp_isolation=list(only) if only else None))
    decoded = []
    for match in matches:
        codec = _CODECS.get(match.encoding, match.encoding)
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.append((text, codec))
        if common_share(text) >= MIN_COMMON_SHARE:
            return text, codec
    return decoded[0] if decoded else None


def check_chinese(text: str, name: str, encoding: str) -> None:
    """Raise when decoded text is not plausibly Chinese prose (mojibake, another language, a wrong codec)."""
    if not text.strip(" \t\r\n\ufeff\u3000"):
        return  # nothing to judge; cleaning reports that no report text is left
    share = common_share(text)
    if share < MIN_COMMON_SHARE:
        raise ReportError(f"{name}: read as {encoding}, the text is not Chinese prose ({share:.0%} common Chinese "
                          f"characters, {MIN_COMMON_SHARE:.0%} needed); is it in another encoding or language?")


def common_share(text: str) -> float:
    """Share of common Chinese characters, simplified or traditional, among the letters of `text`
    (Latin letters, pinyin tone marks included, and digits and punctuation aside). 0 when there is no such letter."""
    letters = [char for char in text[:_SAMPLE] if char.isalpha() and ord(char) > _LATIN_END]
    if not letters:
        return 0.0
    common = _common_characters()
    return sum(char in common for char in letters) / len(letters)


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """The standard lists of common characters: GB 2312 level 1 (3,755 simplified, 0xB0A1-0xD7F9)
    and Big5's frequently used characters (5,401 traditional, 0xA440-0xC67E)."""
    chars = set()
    for codec, leads, trails in (("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
                                 ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for high in leads:
            for low in trails:
                try:
                    chars.add(bytes([high, low]).decode(codec))
                except UnicodeDecodeError:
                    pass
    return frozenset(char for char in chars if "\u4e00" <= char <= "\u9fff")


_LINE_END = re.compile(rb"\r\n|\r|\n")


def _line_of(data: bytes, offset: int) -> int:
    """The line number of a byte offset as an editor counts lines (CRLF, CR alone and LF each end one)."""
    return len(_LINE_END.findall(data, 0, offset)) + 1
