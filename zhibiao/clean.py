"""Raw report files to clean report text: decoding, boilerplate and spam, pinyin glosses, t2s, metadata.

Every rule is data in `LINE_RULES` / `INLINE_RULES`; `clean_text` reports how often each one fired.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import opencc


class ReportError(Exception):
    """A raw report that cannot be used; the message names the file (and line when known)."""


# A whole line matching one of these is boilerplate and removed. Each rule name is counted.
LINE_RULES: dict[str, str] = {
    "navigation": r"导航菜单|(首[页頁]|当前位置|您当前的位置).*|.*(欢迎您|歡迎您)[!！]?|.*\S\s*>\s*\S.*>\s*\S.*",
    "publish": r"(•\s*)?(发布日期|发布时间|發佈日期|來源|来源|信息来源|浏览次数|瀏覽次數)\s*[:：].*"
    r"|\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?|.*【打印】.*",
    "editor": r"[(（]?(责任编辑|責任編輯|编辑|編輯|责编|審核|审核|校对|校對)\s*[:：].*",
    "links": r"返回首页|返回首頁|相关新闻|相關新聞|返回顶部|返回頂部|扫一扫在手机打开当前页|打印本页|关闭窗口|【?关闭】?|上一篇.*|下一篇.*",
    "url": r"(本文地址|本文链接|原文链接)\s*[:：].*|(https?://|www\.)\S+",
    "comments": r"留言与评论.*|发表评论.*|验证码\s*[:：]?.*|(用户名|昵称|评论内容)\s*[:：].*",
    "disclaimer": r".*(本文仅代表作者观点|不代表本站立场|版权所有|未经许可,?不得转载).*",
    "image": r"(?i)download-\d+|.*\.(jpe?g|png|gif)|.*\s\S{2,4}\s*[摄攝]",
    "spam": r".*(在线影院|无码|色官网|人人爽|自在现线|精品国产|AV|成人影院|在线观看).*(在线影院|无码|色官网|人人爽|自在现线|精品国产|AV|成人影院|在线观看|www).*",
}
_LINE_RULES = {name: re.compile(pattern) for name, pattern in LINE_RULES.items()}

# Inline text removed from lines that stay. Each rule name is counted per match.
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
INLINE_RULES: dict[str, str] = {
    # 鎮(zhèn) → 鎮: a Chinese character followed by a parenthesised pinyin syllable.
    "pinyin_gloss": rf"(?<=[\u4e00-\u9fff])\((?=[a-zü{TONE_MARKS}]{{1,6}}\))[a-zü{TONE_MARKS}]+\)",
    "inline_url": r"https?://[A-Za-z0-9_./?=&%#:~+-]+",
}
# HTML entities whose `&` the source lost (`ldquo;`): repaired to the character they stand for.
ENTITY_REMNANT = re.compile(r"&?(ldquo|rdquo|lsquo|rsquo|mdash|hellip|middot|nbsp);")
ENTITY_CHARS = {"ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "mdash": "—", "hellip": "…", "middot": "·", "nbsp": " "}
# Mis-encoded source text (`3%?;A(chǔ)保障`) is kept as written but counted, so it is seen.
GARBLED = re.compile(r"\?+[;a-z\ue000-\uf8ff]|\?{2,}|[\ue000-\uf8ff]")
_INLINE_RULES = {name: re.compile(pattern) for name, pattern in INLINE_RULES.items()}


@dataclass
class CleanReport:
    text: str
    meta: dict
    removed: Counter = field(default_factory=Counter)
    removed_lines: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, rule, line)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


# ---------------------------------------------------------------- decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raises ReportError naming the file for empty, binary or undecodable input."""
    if not data.strip():
        raise ReportError(f"{name}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise ReportError(f"{name}:{_line_of(data, err.start)}: invalid {encoding} despite its BOM") from err
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReportError(f"{name}:{_line_of(data, nul)}: binary file (NUL byte), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as err:
            raise ReportError(
                f"{name}:{_line_of(data, utf8_error.start)}: not UTF-8, UTF-16 or GB18030 text "
                f"(byte {data[err.start]:#04x} at offset {err.start})"
            ) from err
        if _cjk_share(text) < 0.3:
            raise ReportError(f"{name}:{_line_of(data, utf8_error.start)}: not UTF-8 and not Chinese GB18030 text")
        return text, "gb18030"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _cjk_share(text: str) -> float:
    """Share of Chinese characters among letters (ASCII letters count, digits and punctuation do not).

    Latin-1 text such as `Zürich` also decodes as GB18030 (`Z黵ich`), but then most letters are ASCII.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum("\u4e00" <= c <= "\u9fff" for c in letters) / len(letters)


# ---------------------------------------------------------------- HTML

_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|head|!doctype)\b", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article", "table"}
_SKIP_TAGS = {"script", "style", "noscript", "head"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:2000]))


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


# ---------------------------------------------------------------- cleaning

def line_rule(line: str) -> str | None:
    """Name of the boilerplate rule a (stripped) line matches, or None when the line is report text."""
    for name, pattern in _LINE_RULES.items():
        if pattern.fullmatch(line):
            return name
    return None


def remove_inline(line: str, removed: Counter) -> str:
    for name, pattern in _INLINE_RULES.items():
        line, count = pattern.subn("", line)
        removed[name] += count
    line, count = ENTITY_REMNANT.subn(lambda m: ENTITY_CHARS[m.group(1)], line)
    removed["html_entity_repaired"] += count
    removed["garbled_kept"] += len(GARBLED.findall(line))
    return line


def clean_text(text: str) -> CleanReport:
    """Clean decoded report text: one paragraph per line, boilerplate removed, simplified characters."""
    removed: Counter = Counter()
    removed_lines: list[tuple[int, str, str]] = []
    kept: list[str] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip().strip("\u3000\ufeff")
        if not line:
            continue
        inline_removed: Counter = Counter()
        original = line
        line = remove_inline(line, inline_removed)
        simplified = to_simplified(line)
        rule = line_rule(original) or line_rule(line) or line_rule(simplified)
        if rule:
            removed[rule] += 1
            removed_lines.append((number, rule, raw_line.strip()))
            continue
        removed.update(inline_removed)
        removed["traditional_chars"] += sum(a != b for a, b in zip(line, simplified))
        kept.append(simplified)
    cleaned = "\n".join(kept)
    return CleanReport(text=cleaned, meta=extract_meta(cleaned), removed=removed, removed_lines=removed_lines)


# ---------------------------------------------------------------- metadata

# Place names never contain 年 or 在, which the regex would otherwise take from `2022年镇江市`.
_HAN = r"(?:(?![年在])[\u4e00-\u9fff])"
_PLACE = rf"(?P<place>(?:{_HAN}{{2,3}}省)?{_HAN}{{2,3}}市(?:{_HAN}{{2,3}}[区县])?)"
_PLACE_PATTERNS = (
    re.compile(_PLACE + r"(?:人民)?政府工作报告"),
    re.compile(r"在" + _PLACE + r"(?:第[一二三四五六七八九十]+届|[一二三四五六七八九十]+届)"),
    re.compile(r"代表" + _PLACE + r"人民政府"),
)
_SESSION_DATE = re.compile(r"(?P<y>(19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:在|\))")
_REPORT_YEAR = (
    re.compile(r"(?P<y>(19|20)\d{2})年《?(?:[\u4e00-\u9fff]{2,8})?政府工作报告"),
    re.compile(r"(?P<y>(19|20)\d{2})年(?:政府工作任务|主要工作|工作安排)"),
    re.compile(r"汇报(?P<y>(19|20)\d{2})年工作安排"),
)


def extract_meta(text: str) -> dict:
    """Place, report year and session date where the report text states them (None where it does not)."""
    head = text[:3000]
    place = next((m.group("place") for p in _PLACE_PATTERNS if (m := p.search(head))), None)
    if place:
        place = place.removeprefix("(")
    date_match = _SESSION_DATE.search(head)
    session_date = None
    year = None
    if date_match:
        session_date = f"{date_match['y']}-{int(date_match['m']):02d}-{int(date_match['d']):02d}"
        year = int(date_match["y"])
    if year is None:
        year = next((int(m.group("y")) for p in _REPORT_YEAR if (m := p.search(text))), None)
    return {"place": place, "year": year, "session_date": session_date}


def clean_file(path: Path) -> tuple[CleanReport, str]:
    """Read, decode and clean one raw file. Returns the report and the detected encoding."""
    data = path.read_bytes()
    text, encoding = decode(data, str(path))
    if looks_like_html(text):
        text = html_to_text(text)
        encoding += "+html"
    report = clean_text(text)
    if not report.text.strip():
        raise ReportError(f"{path}: no report text left after cleaning")
    return report, encoding
