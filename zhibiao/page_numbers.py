"""Page numbers that a PDF's text layer leaves on a line of their own at each page end: page furniture, found
here so that cleaning removes them (counted as `page_number`) and joins the sentence the page break cut.

Read as report text, a page number ends up inside a sentence (`研发机构12— 2 —`), or glued to a value
(`研发机构12` + `2` → `122`), and the sentence a page broke stays in two pieces. An official document prints
its number as `— 2 —` (GB/T 9704); others print `- 2 -`, `－2－`, `第 2 页`, `第2页 共10页`, or the bare number.
A line in one of the marked forms is never report text. A bare number is, in a table of figures, so it is taken
for a page number only where a page breaks: next to a form feed (pdftotext ends each page with one), or in a
text wrapped at the page width (zhibiao.unwrap), alone between two lines of text of which the first fills the
line or ends a sentence, as a page's last line does.
"""

from __future__ import annotations

import re
from collections import Counter

from .unwrap import SENTENCE_ENDS, SLACK, page_width

_DASH = r"[-‐‑–—―－]{1,2}"
_NUMBER = r"[0-9０-９]{1,4}"
PAGE_MARK = re.compile(rf"{_DASH}\s*{_NUMBER}\s*{_DASH}"
                       rf"|第\s*{_NUMBER}\s*页(?:\s*[,，/／]?\s*共\s*{_NUMBER}\s*页)?"
                       rf"|共\s*{_NUMBER}\s*页\s*[,，/／]?\s*第\s*{_NUMBER}\s*页")
BARE_NUMBER = re.compile(_NUMBER)


def page_number_lines(lines: list[tuple[str, bool]]) -> set[int]:
    """The indices of the page-number lines among (stripped line, whether a form feed comes right before it)."""
    found = {index for index, (line, _) in enumerate(lines) if PAGE_MARK.fullmatch(line)}
    filled = [index for index, (line, _) in enumerate(lines) if line and index not in found]
    width = page_width([lines[index][0] for index in filled if not BARE_NUMBER.fullmatch(lines[index][0])])
    at_feeds: dict[int, int] = {}  # bare number next to a form feed -> its value less the form feeds before it
    for place, index in enumerate(filled):
        if not BARE_NUMBER.fullmatch(lines[index][0]):
            continue
        before = filled[place - 1] if place else None
        after = filled[place + 1] if place + 1 < len(filled) else None
        if (_feed_between(lines, before, index) and not _is_number(lines, after)) \
                or (_feed_between(lines, index, after) and not _is_number(lines, before)):
            at_feeds[index] = int(lines[index][0]) - sum(feed for _, feed in lines[:index + 1])
        elif width and before is not None and after is not None and _is_text(lines[after][0]) \
                and _ends_a_page(lines[before][0], width):
            found.add(index)
    # Page numbers go up by one a page: the offset from the page's place is the same on every page (a cover may
    # have none); a figure at a page end has another.
    if at_feeds:
        offset = Counter(at_feeds.values()).most_common(1)[0][0]
        found.update(index for index, difference in at_feeds.items() if difference == offset)
    return found


def _feed_between(lines: list[tuple[str, bool]], first: int | None, last: int | None) -> bool:
    """Whether a form feed comes after line `first` and up to line `last` (None: the start or the end of the text)."""
    start = 0 if first is None else first + 1
    end = len(lines) - 1 if last is None else last
    return any(lines[index][1] for index in range(start, end + 1))


def _is_number(lines: list[tuple[str, bool]], index: int | None) -> bool:
    """Whether line `index` is a bare number too: two in a row are a column of figures, not a page's number."""
    return index is not None and bool(BARE_NUMBER.fullmatch(lines[index][0]))


def _is_text(line: str) -> bool:
    return any(char.isalpha() for char in line)


def _ends_a_page(line: str, width: int) -> bool:
    """A page's last line of text fills the line, or ends a paragraph; a table's label (`粮食产量(万吨)`) does neither."""
    return _is_text(line) and (len(line) >= width - SLACK or line.endswith(SENTENCE_ENDS))
