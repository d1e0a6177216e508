"""Quoted stretches of a sentence: numbers inside quotes belong to names and slogans (ANNOTATION.md, VALUE)."""

from __future__ import annotations

QUOTES = {"“": "”", "「": "」", "《": "》"}


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside “…”, 「…」 and 《…》: numbers there belong to names and slogans."""
    regions, stack = [], []
    for i, char in enumerate(text):
        if char in QUOTES:
            stack.append((QUOTES[char], i))
        elif stack and char == stack[-1][0]:
            regions.append((stack.pop()[1], i + 1))
    return regions


def inside(position: int, regions: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in regions)


def quoted_run(text: str, position: int, regions: list[tuple[int, int]]) -> int:
    """How many quoted names, joined by 、/和/与/及 or nothing, end right at `position`: “A”“B”三个年活动."""
    opening = {end: start for start, end in regions}
    count = 0
    while True:
        if position in opening:
            count, position = count + 1, opening[position]
        elif count and text[position - 1:position] in ("、", "和", "与", "及") and position - 1 in opening:
            position -= 1
        else:
            return count
