"""Raw report files to clean report text: decoding, boilerplate and spam, pinyin glosses, t2s, metadata.

Every rule is data in `LINE_RULES` / `INLINE_RULES` (a PDF's page numbers: zhibiao.page_numbers); `clean_text`
reports how often each one fired.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import opencc

from .encodings import ReportError, check_chinese, decode
from .garbled import GARBLED  # kept as written, counted (garbled_kept)
from .html_text import HTML_SUFFIXES, html_to_text, is_html, page_text
from .page_numbers import page_number_lines
from .unwrap import unwrap

__all__ = ["ReportError", "decode", "clean_text", "clean_file", "html_to_text", "line_rule", "extract_meta"]


# A whole short line matching one of these is boilerplate and removed. Each rule name is counted.
# Tails are `[^。！？]*`, never `.*`: a line that goes on into prose is report text, and only the
# boilerplate fragment in it goes (FRAGMENT_RULES). Only a photo caption keeps `.*`: a short line that
# ends in a photographer's credit (`… 謝道韞 攝`) describes the photo, not the year's work.
_TAIL = r"[^。！？!?]*"
LINE_RULES: dict[str, str] = {
    "navigation": rf"导航菜单|(首[页頁]|当前位置|您当前的位置){_TAIL}|{_TAIL}(欢迎您|歡迎您)[!！]?"
    rf"|{_TAIL}\S\s+>\s+\S{_TAIL}\s>\s+\S{_TAIL}",
    "publish": rf"(•\s*)?(发布日期|发布时间|發佈日期|來源|来源|信息来源|浏览次数|瀏覽次數)\s*[:：]{_TAIL}"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}(\s+\d{{1,2}}:\d{{2}}(:\d{{2}})?)?|{_TAIL}【打印】{_TAIL}",
    "editor": rf"[(（]?(责任编辑|責任編輯|编辑|編輯|责编|審核|审核|校对|校對)\s*[:：]{_TAIL}",
    "links": rf"返回首页|返回首頁|相关新闻|相關新聞|返回顶部|返回頂部|扫一扫在手机打开当前页|打印本页|关闭窗口|【?关闭】?"
    rf"|上一篇{_TAIL}|下一篇{_TAIL}",
    "url": r"(本文地址|本文链接|原文链接)\s*[:：]\S*|(https?://|www\.)\S+",
    "comments": rf"留言与评论{_TAIL}|发表评论{_TAIL}|验证码\s*[:：]?{_TAIL}|(用户名|昵称|评论内容)\s*[:：]{_TAIL}",
    "disclaimer": rf"{_TAIL}(本文仅代表作者观点|不代表本站立场|版权所有|未经许可,?不得转载){_TAIL}",
    "image": r"(?i)download-\d+|\S*\.(jpe?g|png|gif)|.*\s\S{2,4}\s*[摄攝]",
    "spam": rf"{_TAIL}(在线影院|无码|色官网|人人爽|自在现线|精品国产|AV|成人影院|在线观看){_TAIL}"
    rf"(在线影院|无码|色官网|人人爽|自在现线|精品国产|AV|成人影院|在线观看|www){_TAIL}",
}
# Whole-line rules only apply to lines up to this long; longer lines lose only FRAGMENT_RULES matches.
SHORT_LINE = 80

# The boilerplate fragment itself, removed from a line of any length that keeps its other text.
# A fragment starts after a non-Chinese character (so `资金来源:` or `网上留言与评论` stay) and its
# free-text part (a source's name, a crumb) must end at whitespace or the end of the line, so that
# it never runs into the prose that follows.
_START = r"(?<![\u4e00-\u9fff])"
_WORD = r"[^\s>›»，。,；;]{1,20}(?=\s|$)"
_CRUMB = r"[^\s>›»]{1,20}"
_SPAM_WORDS = r"在线影院|无码|色官网|人人爽|自在现线|精品国产|成人影院|在线观看|四虎"
_DISCLAIMER_WORDS = "本文仅代表作者观点|不代表本站立场|版权所有|未经许可,?不得转载|本站展示|联系本站"
# Rules whose pattern starts with an unbounded run are quadratic on a long line without their words: they run only
# where a word of theirs is (a line of 26,000 characters took 5 s before).
_NEEDS = {"disclaimer": re.compile(_DISCLAIMER_WORDS)}
FRAGMENT_RULES: dict[str, str] = {
    "navigation": rf"导航菜单|{_START}(?:您?当前的?位置\s*[:：]\s*)?首页(?:\s*[>›»]\s*{_CRUMB})+(?=\s|$)(?:\s+返回)?"
    rf"|{_START}您?当前的?位置\s*[:：]\s*{_CRUMB}(?:\s+[>›»]\s+{_CRUMB})*(?=\s|$)"
    rf"|(?<!\S){_CRUMB}(?:\s+[>›»]\s+{_CRUMB}){{2,}}(?=\s|$)"
    rf"|(?<!\S)\S{{0,20}}欢迎您[!！]?(?=\s|$)",
    "publish": rf"{_START}(?:•\s*)?(?:发布日期|发布时间|信息来源|来源|浏览次数)\s*[:：]\s*(?:{_WORD})?"
    r"|(?<!\S)\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?=\s|$)|【打印】|【字体[:：]?[大中小\s]*】?",
    "editor": rf"{_START}[(（]?(?:责任编辑|编辑|责编|审核|校对)\s*[:：]\s*[^\s)），。,]{{1,10}}[)）]?(?=\s|$)",
    "links": rf"返回首页|相关新闻|返回顶部|扫一扫在手机打开当前页|打印本页|关闭窗口|【关闭】"
    rf"|{_START}[上下]一篇\s*[:：]\s*\S{{1,40}}(?=\s|$)",
    "url": r"(?:本文地址|本文链接|原文链接)\s*[:：]\s*[A-Za-z0-9_./?=&%#:~+-]*",
    "comments": rf"{_START}(?:留言与评论(?:[(（]共有\s*\d*\s*条评论[)）])?|发表评论|验证码\s*[:：]?"
    rf"|(?:用户名|昵称|评论内容)\s*[:：])",
    # A disclaimer goes sentence by sentence: only sentences that say they are one.
    "disclaimer": rf"[^。！？；;\s]*(?:{_DISCLAIMER_WORDS})[^。！？；;\s]*[。！？；;]?",
    "image": r"(?i)download-\d+|(?<!\S)\S+\.(?:jpe?g|png|gif)(?=\s|$)|(?<=\s)\S{2,4}\s*摄$",
    # A spam clause, only where a line has two spam words (one alone is report text: 精品国产动漫).
    "spam": rf"[^,，。；;\s]*(?:{_SPAM_WORDS}|AV)[^,，。；;\s]*[,，]?",
}
_FRAGMENT_RULES = {name: re.compile(pattern) for name, pattern in FRAGMENT_RULES.items()}
_SPAM_WORD = re.compile(_SPAM_WORDS + r"|AV")
# A stretch removed over this many characters, or over this share of a file, is reported;
# over MOST_REMOVED of a file, the commands warn.
LONG_REMOVAL = 100
LARGE_SHARE = 0.2
MOST_REMOVED = 0.5
_LINE_RULES = {name: re.compile(pattern) for name, pattern in LINE_RULES.items()}

# Inline text removed from lines that stay. Each rule name is counted per match.
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GROUP_SPACE = "[\u00a0\u2007\u2009\u202f\u3000]"
INLINE_RULES: dict[str, str] = {
    # 鎮(zhèn) → 鎮: a Chinese character followed by a parenthesised pinyin syllable.
    "pinyin_gloss": rf"(?<=[\u4e00-\u9fff])\((?=[a-zü{TONE_MARKS}]{{1,6}}\))[a-zü{TONE_MARKS}]+\)",
    "inline_url": r"https?://[A-Za-z0-9_./?=&%#:~+-]+",
    # control characters other than tab (line ends and page breaks end lines before this): a damaged export or a
    # PDF's text layer leaves them, no report text has them, the gold refuses them, and `\x1f` would be taken for
    # a removed fragment's mark; removed and counted (report.json), never kept unseen
    "control_chars": r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]",
    # zero-width and direction marks a web page or an editor leaves inside words (`产值30\u202e亿元`): they show
    # nothing and cut a number from its unit
    "invisible_chars": r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]",
    # a no-break, thin, figure or ideographic space that groups a number's thousands (`1 200亿元`, `3\u3000500`):
    # read as written, the number ends at it and its tail is the value (200). Only a grouping is joined: a
    # first group of one to three digits, then groups of exactly three; ordinary spaces stay (table columns).
    "digit_group_spaces": rf"(?:(?<=(?<![\d.])\d)|(?<=(?<![\d.])\d\d)|(?<=(?<![\d.])\d{{3}})"
    rf"|(?<=\d{_GROUP_SPACE}\d{{3}})){_GROUP_SPACE}(?=\d{{3}}(?!\d))",
}
# HTML entities left in the text (`&#37;`, `&percnt;`, a double-escaped page's `&amp;#37;`): decoded by Python's
# html module, once per escaping. An unknown name stays as written.
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
ENTITY_ESCAPINGS = 3
# HTML entities whose `&` the source lost (`ldquo;`): repaired to the character they stand for.
ENTITY_REMNANT = re.compile(r"&?(ldquo|rdquo|lsquo|rsquo|mdash|hellip|middot|nbsp);")
ENTITY_CHARS = {"ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "mdash": "—", "hellip": "…", "middot": "·", "nbsp": " "}
_INLINE_RULES = {name: re.compile(pattern) for name, pattern in INLINE_RULES.items()}


@dataclass
class CleanReport:
    text: str
    meta: dict
    removed: Counter = field(default_factory=Counter)
    removed_lines: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, rule, line)
    removed_fragments: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, rule, fragment)
    chars: int = 0  # of the non-blank input lines, stripped

    @property
    def removed_chars(self) -> int:
        return sum(len(text) for _, _, text in [*self.removed_lines, *self.removed_fragments])

    @property
    def removed_share(self) -> float:
        return self.removed_chars / self.chars if self.chars else 0.0

    def large_removals(self) -> dict | None:
        """What a person should look at: a large share of the file, or any long stretch, removed."""
        long = [[number, rule, len(text)] for number, rule, text in [*self.removed_lines, *self.removed_fragments]
                if len(text) > LONG_REMOVAL]
        if self.removed_share <= LARGE_SHARE and not long:
            return None
        return {"share": round(self.removed_share, 3), "removed_chars": self.removed_chars, "chars": self.chars,
                "long": sorted(long)}


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


# ---------------------------------------------------------------- cleaning

def line_rule(line: str) -> str | None:
    """Name of the boilerplate rule a whole (stripped, short) line matches, or None when it is report text."""
    if len(line) > SHORT_LINE:
        return None
    for name, pattern in _LINE_RULES.items():
        if pattern.fullmatch(line):
            return name
    return None


_GAP = "\x1f"  # marks where a fragment was, until the whitespace around it is squeezed


def remove_fragments(line: str) -> tuple[str, list[tuple[str, str]]]:
    """The line without its boilerplate fragments, and (rule, fragment) for each one removed."""
    found: list[tuple[str, str]] = []

    def drop(name: str):
        def replace(match: re.Match) -> str:
            found.append((name, match.group(0)))
            return _GAP
        return replace

    for name, pattern in _FRAGMENT_RULES.items():
        if name == "spam" and len(_SPAM_WORD.findall(line)) < 2:
            continue
        if name in _NEEDS and not _NEEDS[name].search(line):
            continue
        line = pattern.sub(drop(name), line)
    # Only the whitespace around a removed fragment is squeezed; the report text is untouched.
    return re.sub(rf"\s*{_GAP}[\s{_GAP}]*", " ", line).strip(), found


def remove_inline(line: str, removed: Counter) -> str:
    # Entities first: what they stand for (`&#x200b;`, `&nbsp;` in a number) is then cleaned as if written.
    line = decode_entities(line, removed)
    for name, pattern in _INLINE_RULES.items():
        line, count = pattern.subn("", line)
        removed[name] += count
    removed["garbled_kept"] += len(GARBLED.findall(line))
    return line


def decode_entities(line: str, removed: Counter) -> str:
    """The line with its HTML entities decoded (each counted as `html_entity_repaired`), and those whose `&` was lost."""
    def decoded(match: re.Match) -> str:
        character = html.unescape(match.group(0))
        removed["html_entity_repaired"] += character != match.group(0)
        return character

    for _ in range(ENTITY_ESCAPINGS):
        before, line = line, ENTITY.sub(decoded, line)
        if line == before:
            break
    line, count = ENTITY_REMNANT.subn(lambda m: ENTITY_CHARS[m.group(1)], line)
    removed["html_entity_repaired"] += count
    return line


# Line ends as an editor counts them; the page and paragraph separators pdftotext and word processors put
# inside lines (form feed, U+2028) end a line too, under the number of the line they are in.
_LINE_END = re.compile(r"\r\n|\r|\n")
_SEPARATORS = re.compile(r"([\v\f\x1c-\x1e\x85\u2028\u2029])")


def numbered_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, piece of the line, whether a form feed, a PDF's page end, comes right before the piece)."""
    for number, line in enumerate(_LINE_END.split(text), start=1):
        pieces = _SEPARATORS.split(line)
        yield number, pieces[0], False
        for separator, piece in zip(pieces[1::2], pieces[2::2]):
            yield number, piece, separator == "\f"


def clean_text(text: str) -> CleanReport:
    """Clean decoded report text: one paragraph per line (lines a PDF wrapped are joined, across the page numbers
    removed), boilerplate removed, simplified characters."""
    report = CleanReport(text="", meta={})
    kept: list[str] = []
    pieces = [(number, raw_line, raw_line.strip().strip("\u3000\ufeff"), feed)
              for number, raw_line, feed in numbered_lines(text)]
    page_numbers = page_number_lines([(line, feed) for _, _, line, feed in pieces])
    for index, (number, raw_line, line, _) in enumerate(pieces):
        if not line:
            continue
        report.chars += len(line)
        if index in page_numbers:
            report.removed["page_number"] += 1
            report.removed_lines.append((number, "page_number", raw_line.strip()))
            continue
        inline_removed: Counter = Counter()
        original = line
        line = remove_inline(line, inline_removed)
        converted = to_simplified(line)
        rule = line_rule(original) or line_rule(line) or line_rule(converted)
        if rule is None:
            simplified, fragments = remove_fragments(converted)
            if fragments and not any(char.isalnum() for char in simplified):
                rule = max({name for name, _ in fragments}, key=[name for name, _ in fragments].count)
            else:
                report.removed.update(name for name, _ in fragments)
                report.removed_fragments.extend((number, name, fragment.strip()) for name, fragment in fragments)
        if rule:
            report.removed[rule] += 1
            report.removed_lines.append((number, rule, raw_line.strip()))
            continue
        report.removed.update(inline_removed)
        report.removed["traditional_chars"] += sum(a != b for a, b in zip(line, converted))
        kept.append(simplified)
    kept, report.removed["wrapped_lines_joined"] = unwrap(kept)
    report.text = "\n".join(kept)
    report.meta = extract_meta(report.text)
    return report


# ---------------------------------------------------------------- metadata

_SESSION_DATE = re.compile(r"(?P<y>(19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:在|\))")


def extract_meta(text: str) -> dict:
    """Place (the smallest administrative unit: county and district included) with its province, city, level and
    code, report year (zhibiao.meta.report_meta) and session date where the report text states them (None where
    it does not). Kept with the cleaned report, so that nothing reads them again."""
    from .meta import report_meta

    date_match = _SESSION_DATE.search(text[:3000])
    session_date = f"{date_match['y']}-{int(date_match['m']):02d}-{int(date_match['d']):02d}" if date_match else None
    return {**report_meta(text), "session_date": session_date}


def clean_file(path: Path) -> tuple[CleanReport, str]:
    """Read, decode and clean one raw file. Returns the report and the detected encoding."""
    data = path.read_bytes()
    text, encoding = decode(data, str(path))
    if not _INLINE_RULES["invisible_chars"].sub("", text).strip():
        raise ReportError(f"{path}: empty file (only spaces and invisible characters)")
    tags = entities = 0
    if is_html(text, path):
        entities = len(ENTITY.findall(text))  # decoded by the parser, counted as those left in the text are
        text, tags = page_text(text, plain=path.suffix.lower() not in HTML_SUFFIXES)
        encoding += "+html"
    check_chinese(text, str(path), encoding)
    report = clean_text(text)
    report.removed.update({name: count for name, count in [("html_tags", tags), ("html_entity_repaired", entities)]
                           if count})
    if not report.text.strip():
        raise ReportError(f"{path}: no report text left after cleaning")
    return report, encoding
