"""Lines a PDF's text layer broke at its right margin, joined back into paragraphs. Plain data over the lines.

A report copied out of a PDF has a line break wherever the page's line ended (`新增城镇` / `就业1.2万人。`);
read as written, every such break ends a sentence and cuts an indicator from its value. Such a text shows
itself by its lines: most of them are the same length, the width of the page. A line that long which does
not end a sentence goes on in the next one. A report with one paragraph per line (a web page) has lines of
every length and is left as it is.
"""

from __future__ import annotations

import re
from collections import Counter

# The narrowest page a report is printed on holds more characters than this; shorter equal lines are a list.
MIN_WIDTH = 20
# Digits and Latin letters are half as wide as a Chinese character: a full line may hold a few more or less.
SLACK = 2
# Share of the lines that must be full before a text counts as wrapped, and how many lines at least.
WRAPPED_SHARE = 0.4
WRAPPED_LINES = 5
SENTENCE_ENDS = tuple("。！？；!?;…")
# A heading or a numbered item starts a line of its own (`一、`, `（三）`, `第二章`, `1.`).
_HEADING = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
                      r"|第[一二三四五六七八九十\d]+[章节部分]|\d+[.、．](?!\d)")


def page_width(lines: list[str]) -> int | None:
    """The length most lines share, if the lines are a page's (None for a text with one paragraph per line)."""
    lengths = [len(line) for line in lines if len(line) >= MIN_WIDTH]
    if not lengths:
        return None
    width = Counter(lengths).most_common(1)[0][0]
    full = sum(abs(length - width) <= SLACK for length in lengths)
    return width if full >= max(WRAPPED_LINES, WRAPPED_SHARE * len(lines)) else None


# A break inside a number ends no paragraph, whatever the page: `增长6.5` / `%左右`, `达到1,` / `200亿元` (read as
# written, 200亿元), `增长8.` / `5%`. A line that is a list number alone (`1.`) is a heading's.
_NUMBER_END = re.compile(r"(?<=[^\d.．,])\d+(?:,\d{3})*(?:[.．]\d*)?,?$")
_CUT_NUMBER = {".": re.compile(r"\d"), "．": re.compile(r"\d"), ",": re.compile(r"\d{3}(?!\d)"),
               "": re.compile(r"[%％‰]")}


def cuts_number(line: str, next_line: str) -> bool:
    """Whether the break between the two lines is inside a number or between a number and its `%`."""
    if not _NUMBER_END.search(line):
        return False
    return bool(_CUT_NUMBER[line[-1] if line[-1] in ".．," else ""].match(next_line))


def unwrap(lines: list[str]) -> tuple[list[str], int]:
    """The lines with each full line that does not end a sentence joined to the next, and each line a break
    inside a number cut; and how many were joined."""
    width = page_width(lines)
    joined: list[str] = []
    count = 0
    carry = False
    for line in lines:
        if (carry and not _HEADING.match(line)) or (joined and cuts_number(joined[-1], line)):
            joined[-1] += line
            count += 1
        else:
            joined.append(line)
        carry = width is not None and len(line) >= width - SLACK and not line.endswith(SENTENCE_ENDS)
    return joined, count
