"""What a value is compared with, or what caused its change: spans that name no measured quantity (ANNOTATION.md:
the INDICATOR is the quantity the value measures, not the one it is compared with, nor the cause of a change)."""

from __future__ import annotations

from .boundaries import clause_words
from .matching import ends_with_any, has_number, starts_with_any
from .spans import CLAUSE_BOUNDARIES, clause_end, clause_start


def compares(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Whether [start, end) opens with a comparison (`低于全国`, `比货物贸易高`, `是“十三五”时期的`, `约合`): a
    listed word that jieba reads as a word of its own there, so `比重` and `是否` compare nothing. What follows
    names what the value is compared with, not what it measures (ANNOTATION.md: the INDICATOR is the measured
    quantity)."""
    if text.startswith("占", start) and "的" in (text[end - 1:end], text[end:end + 1]) and "比" not in text[start:end]:
        return True  # `占电力总装机的58%`: the share of a total names the total (`占X比重` names the share)
    if text.endswith("影响", start, end):
        return True  # `受煤价下行影响同比增长`, `受…等因素影响`: the cause of a change, not what changed
    word = starts_with_any(text, start, words, end)
    if word is None:
        return False
    return len(word) > 1 or _word_of_its_own(text, start, end)


def _word_of_its_own(text: str, position: int, end: int) -> bool:
    """Whether jieba reads the character at `position` as a word of its own (`比`, not `比重`), the words read up to
    `end` (a window of the one character would cut every word to it)."""
    return any(a == position and b == position + 1 for a, b, _, _ in clause_words(text, position, end))


def _before_subject(text: str, start: int, subjects: tuple[str, ...]) -> int:
    """`start`, moved back over a listed subject word that ends there (`高出全市|平均水平`)."""
    return start - len(ends_with_any(text, start, subjects) or "")


def in_cause(text: str, start: int, end: int) -> bool:
    """Whether [start, end) lies inside a cause given for a change, `受…影响` in its clause (`受【煤价】下行影响同比增长`):
    what caused the change, not what changed. 受 must be a word of its own (not `受益`, `受理`)."""
    clause = clause_start(text, start, CLAUSE_BOUNDARIES)
    opener = text.rfind("受", clause, start + 1)
    if opener < 0:
        return False
    end_of_clause = clause_end(text, opener, CLAUSE_BOUNDARIES)
    if not _word_of_its_own(text, opener, end_of_clause):
        return False
    closer = text.find("影响", opener, end_of_clause)
    return closer >= 0 and end <= closer + 2


def compared_with(text: str, start: int, words: tuple[str, ...], subjects: tuple[str, ...] = ()) -> bool:
    """Whether a name at `start` is what a value is compared with: a comparison word of its own right before it, a
    subject word aside (`比全市【平均水平】高出`, `高出全市【平均水平】12.8万元`)."""
    position = _before_subject(text, start, subjects)
    word = ends_with_any(text, position, words)
    return word is not None and compares(text, position - len(word), start, words)


def share_base(text: str, start: int, end: int, subjects: tuple[str, ...] = ()) -> bool:
    """Whether [start, end) is the base of a share: 占 right before it, a subject word aside, and 的 after it
    (`占全市【规上工业企业】的93.5%`: the share measures the subject, ANNOTATION.md's `占【1/5】以上`)."""
    position = _before_subject(text, start, subjects)
    return text[position - 1:position] == "占" and text.startswith("的", end)



def before_comparison(text: str, start: int, end: int, words: tuple[str, ...]) -> int:
    """Where a name ends that a comparison follows inside [start, end) (`中考均分|高出全省35分`,
    `亩均税收|高于全省`, `一般公共预算收入|按可比口径`), else `end`. A one-character comparison counts only
    before what it compares with: `占比` and `之比` are names."""
    position = start + 1
    while position < end:
        word = starts_with_any(text, position, words, end) or ("占" if text[position] == "占" else None)
        if word and compares(text, position, end, words) and (len(word) > 1 or position + 3 <= end):
            return position  # `民营企业数量|占企业总数的90%`: the share of a total names the total
        position += len(word) if word else 1
    return end


def share_of_named_base(text: str, left_start: int, start: int) -> int | None:
    """Where `占` opens the base of a share the value right after `的` gives (`占全市进出口总额的【23.6】%`), or None: a
    share named as such (`占…比重`, `占比`) is an INDICATOR of its own."""
    share = text.rfind("占", left_start, start)
    if share < 0 or text[start - 1:start] != "的" or any(word in text[share:start] for word in ("比重", "比例", "占比")):
        return None
    return share


def of_plan(text: str, start: int, end: int, plan_words: tuple[str, ...]) -> bool:
    """Whether [start, end) (its 的 in or out) names the plan a share after it measures a quantity named earlier in
    the sentence against (`完成投资238.4亿元，完成年度计划的112.3%`: the share measures 投资); alone the plan is the
    name (`重大项目完成年度投资计划的126%`)."""
    end -= text[end - 1:end] == "的"
    return text.startswith("的", end) and ends_with_any(text, end, plan_words, start) is not None \
        and has_number(text[:start])
