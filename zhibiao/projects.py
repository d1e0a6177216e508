"""PROJECT spans by ANNOTATION.md's PROJECT rules: the name as written, without the verbs around it, and
never a programme, campaign, slogan, policy, title, event, service, heading, clause fragment or generic kind.

Plain data over the word lists in configs/rules.json (`project_*`). The same checks clean the rules' own
proposals (zhibiao.rules) and, with the rule component's `filter_projects`, a model's PROJECT entities.
Stripping and the excluded words are token-aligned (jieba, as in zhibiao.boundaries), so `建设` leaves
`加快建设X` but not `建设路`, and `和` rejects `A和B` but not `和平路`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from .boundaries import repair_indicator, tagged

if TYPE_CHECKING:
    from .rules import Patterns

CLOSING_QUOTE = {"“": "”", "《": "》"}
SUFFIXES = ("项目", "工程")


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def strip_project(text: str, start: int, end: int, patterns: Patterns) -> tuple[int, int]:
    """[start, end) without leading verbs/adverbs (`推动东富龙` → `东富龙`) and trailing aspect words
    (`河海大学教职工公寓建设` → `河海大学教职工公寓`): the INDICATOR repair with PROJECT word lists and no tags,
    then a leading county or city that only locates the project."""
    start, end = repair_indicator(text, start, end, patterns.project_leading_words, patterns.project_trailing_words,
                                  frozenset(), frozenset())
    tokens = tagged(text[start:end])
    if len(tokens) > 1 and tokens[0][3] == "ns" and len(tokens[0][2]) >= 3 \
            and tokens[0][2].endswith(patterns.project_place_endings) and end - start - tokens[0][1] >= 2:
        start += tokens[0][1]  # 扬中市长城汽车核心零部件一期: the county only locates the project
    return start, end


def _unbalanced(name: str) -> bool:
    """A quote opened and not closed (or closed and never opened): a fragment cut out of a clause."""
    for opener, closer in CLOSING_QUOTE.items():
        if name.count(opener) != name.count(closer):
            return True
    return False


def _only_generic(name: str, modifiers: tuple[str, ...]) -> bool:
    """`省市重大产业项目`: nothing but generic modifiers before 项目/工程 (modifiers longest first)."""
    head = next((suffix for suffix in SUFFIXES if name.endswith(suffix)), None)
    if head is None:
        return False
    rest = name[:-len(head)].replace("“", "").replace("”", "")
    while rest:
        word = next((m for m in modifiers if rest.startswith(m)), None)
        if word is None:
            return False
        rest = rest[len(word):]
    return True


def exclusion(name: str, patterns: Patterns) -> str | None:
    """Why `name` is not a PROJECT by ANNOTATION.md (a short reason), or None when it may be one."""
    if len(name) < 2:
        return "too short"
    if name in patterns.project_generic or _only_generic(name, patterns.project_generic_modifiers):
        return "generic kind"
    if _unbalanced(name):
        return "clause fragment (unclosed quote)"
    token = next((word for _, _, word, _ in tagged(name) if word in patterns.project_excluded_words), None)
    if token:
        return f"excluded word {token}"
    ending = next((e for e in patterns.project_excluded_endings if name.endswith(e)), None)
    if ending:
        return f"excluded ending {ending}"
    for compiled in _compiled(patterns.project_excluded_patterns):
        if compiled.search(name):
            return f"excluded pattern {compiled.pattern}"
    return None


def clean_project(text: str, start: int, end: int, patterns: Patterns) -> tuple[tuple[int, int] | None, str | None]:
    """The stripped span and None, or None and the reason it is not a PROJECT."""
    start, end = strip_project(text, start, end, patterns)
    reason = exclusion(text[start:end], patterns)
    return (None, reason) if reason else ((start, end), None)


def clean_projects(text: str, spans: Iterable[tuple[int, int]], patterns: Patterns
                   ) -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    """Kept PROJECT spans (stripped), and (surface, reason) of each one left out."""
    kept, dropped = [], []
    for start, end in spans:
        span, reason = clean_project(text, start, end, patterns)
        if span is None:
            dropped.append((text[start:end], reason or ""))
        else:
            kept.append(span)
    return kept, dropped
