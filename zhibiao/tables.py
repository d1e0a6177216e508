"""Lines of indicator tables and project lists, as reports print them: `1.地区生产总值：完成1862亿元，增长5.6%` names
its indicator before the colon, `6.岚江大桥：建成通车` its project. Plain data over a sentence and the rules' word lists."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .matching import contains_any, has_number, longest_first, starts_with_any, strip_words
from .project_names import looks_like_name, name_end
from .spans import CLAUSE_BOUNDARIES, after_list_number, clause_end, clause_start

if TYPE_CHECKING:
    from .patterns import Patterns


def colon_label(text: str, position: int) -> tuple[int, int] | None:
    """The label of a line written `1.地区生产总值：完成1862亿元` or `6.岚江大桥：建成通车` (indicator tables and
    project lists), when the clause at `position` opens right after that line's first colon: the words from the
    line's start (past its list number) to the colon."""
    clause = clause_start(text, position, CLAUSE_BOUNDARIES)
    colon = clause - 1
    if colon < 1 or text[colon] not in ":：":
        return None
    line_start = text.rfind("\n", 0, colon) + 1
    start = after_list_number(text, line_start)
    if start >= colon or any(ch in CLAUSE_BOUNDARIES for ch in text[start:colon]):
        return None  # the line's first colon only: `其中：` after a clause is no label
    return start, colon


def table_label(text: str, start: int, patterns: Patterns, taken) -> tuple[int, int] | None:
    """The name of an indicator table's line, `1.地区生产总值：完成1862亿元`, for the first value after its colon
    that names nothing before it; not a heading that introduces targets (`主要预期目标是：`)."""
    label = colon_label(text, start)
    if label is None:
        return None
    a, b = strip_words(text, *label, patterns.leading_words, patterns.change_words)
    name = text[a:b]
    if b - a < 2 or has_number(name) or taken(a, b) or name in patterns.not_indicators \
            or name.endswith(("是", "为")) or "目标" in name or has_number(text[label[1]:start]):
        return None  # (nor a value after the first: `社保方面：养老金由180元提高到200元`)
    return a, b


def listed_project(text: str, patterns: Patterns) -> tuple[int, int] | None:
    """The project a project list's line names, if it is one."""
    return _listed_with_status(text, patterns) or _listed_with_details(text, patterns)


def _listed_with_details(text: str, patterns: Patterns) -> tuple[int, int] | None:
    """The name of a numbered project list's line, `（1）岚江港区二期，总投资36亿元`, `7.沅岚高速岚江段：完成路基工程85%`:
    the line's first clause, after its list number, ends with a facility head (its works and phase), and the line
    goes on with what a project has (its investment, scale, design) or what its works reach or plan."""
    start = after_list_number(text, 0)
    end = clause_end(text, start)
    if start == 0 or end >= len(text) or text[end] not in ",，:：" or name_end(text, start, end, patterns) != end:
        return None
    return (start, end) if contains_any(text, end + 1, len(text), _details_said(patterns)) else None


# The word lists below are built once per Patterns (hashed by identity), not per line.
@lru_cache(maxsize=8)
def _details_said(patterns: Patterns) -> tuple[str, ...]:
    return patterns.project_details + patterns.project_triggers + patterns.project_context_words


@lru_cache(maxsize=8)
def _before_status(patterns: Patterns) -> tuple[str, ...]:
    """The words that may come before a line's status (`一期投产`, `主体封顶`, `全线通车`), not the status itself."""
    reached_words = frozenset(patterns.project_triggers + patterns.project_context_words)
    return longest_first(patterns.project_trailing_words - reached_words | {"一期", "二期", "三期"})


def _listed_with_status(text: str, patterns: Patterns) -> tuple[int, int] | None:
    """The name of a project list's line, `6.岚江大桥：建成通车`, `11.市中心医院门诊综合楼：主体封顶`: a label that
    reads as a name before the line's first colon, and after it what the works reached, not a verb with an object
    of its own (`红色旅游：加快岚山红色旅游景区创建…` is a topic)."""
    colon = min((text.find(mark) for mark in ":：" if mark in text), default=-1)
    label = colon_label(text, colon + 1) if colon > 0 else None
    if label is None:
        return None
    status, _ = strip_words(text, colon + 1, clause_end(text, colon + 1), _before_status(patterns), ())
    reached = starts_with_any(text, status, patterns.project_triggers) or (
        starts_with_any(text, status, patterns.project_context_words)
        and not starts_with_any(text, status, longest_first(patterns.project_leading_words)))
    # the label's reading (jieba's HMM) last: most colon lines reach no status
    return label if reached and looks_like_name(text[label[0]:label[1]], patterns) else None
