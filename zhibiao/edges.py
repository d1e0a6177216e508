"""Where an INDICATOR starts and ends: two linear models over the words around its edges, fitted on the gold.

ANNOTATION.md keeps leading verbs, aspect words and subjects out of an indicator and defining modifiers in
(`盘活【存量低效用地】`, `新增【停车泊位】`), and change words after it out (`【空置率】压降`). Which word is which
is open-class: neither the word lists nor jieba's part-of-speech tags know `盘活`, `施划` or `惠及` as verbs.

The start model reads every jieba word start in the indicator's clause before its end as a candidate and
scores it by the words around it (the word there and the two before it, their tags and first/last characters,
the next word's tag, membership in the guidelines' leading words, as jieba's words and as read in the text,
whether a listed indicator name starts there)
and by the length left; the best start wins. The end model then reads every word end after
the new start up to the next entity and scores it by the words at and after it; the end it was given gets
a head start (`end_prior`, in log-odds), since the ends of the NER and the rules are mostly right already
and the words after an edge say less than the words before one.

The models are plain data (feature → weight), saved with the pipeline as JSON; scikit-learn only fits them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from typing import Any, Iterable, Mapping, Sequence, TypedDict

from .annotations import spans as gold_spans
from .boundaries import BENEFICIARY_MARKS, after_beneficiary, after_examples, after_named_subject, clause_words
from .edge_features import Token, before_comparison, can_end, can_start, end_features, start_features
from .matching import covered, ends_with_any, inside, longest_first, starts_with_any
from .spans import CLAUSE_BOUNDARIES, LIST_BOUNDARY, Span, after_list_number, clause_start

INDICATOR = "INDICATOR"


class EdgeModel(TypedDict):
    leading_words: list[str]
    trailing_words: list[str]
    indicator_gazetteer: list[str]
    defining_modifiers: list[str]
    subject_words: list[str]
    subject_heads: list[str]
    place_heads: list[str]
    project_name_tags: list[str]
    title_verbs: list[str]
    value_qualifiers: list[str]
    subject_verbs: list[str]
    works_activities: list[str]
    not_indicators: list[str]
    project_triggers: list[str]
    start: dict[str, float]  # feature → weight
    end: dict[str, float]
    fitted_on: dict[str, Any]


@dataclass(frozen=True)
class EdgeWords:
    """The guidelines' word lists the features look up (configs/rules.json; saved in the model data)."""
    leading: frozenset[str]
    trailing: frozenset[str]
    names: frozenset[str]  # indicator names as statistics write them (`常住居民人均可支配收入`)
    # words that define the set they lead and are never cut off it (`脱贫人口`, `留守儿童`), verbs to jieba
    defining: frozenset[str] = frozenset()
    # the sentence's subject and time words (`全市`, `全年`), never the start of a name; longest first
    subjects: tuple[str, ...] = ()
    # heads of a named company, port or park that is the subject (`磊达集团`), and jieba's tags of proper names
    subject_heads: tuple[str, ...] = ()
    name_tags: frozenset[str] = frozenset()
    # what ends a county's, district's or town's name (`沙岙镇`): a name never takes in the places listed before it
    place_heads: tuple[str, ...] = ()
    # verbs of a title or list a count of things joins (`获评`, `列入`): the name the count measures follows them
    titles: tuple[str, ...] = ()
    # words that qualify the value before them (`50万元以上的【村】`): a name after a value starts after them
    qualifiers: tuple[str, ...] = ()
    # verbs of a subject inside the phrase (`观光带接待【游客】`): a feature of the word after them
    subject_verbs: frozenset[str] = frozenset()
    # works a change word ends (`整治提升`): a name before its count may end with one (`【背街小巷整治提升】186条`)
    activities: tuple[str, ...] = ()
    # what names no INDICATOR whatever edges it gets (`增速`, `降幅`: the growth of the name before)
    nameless: frozenset[str] = frozenset()
    # what became of projects (`签约`, `开工`): before a rate's name it defines the set (`【新签约项目开工率】`)
    triggers: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> EdgeWords:
        def listed(key: str) -> tuple[str, ...]:
            return longest_first(frozenset(data.get(key, ())))

        return cls(frozenset(data["leading_words"]), frozenset(data["trailing_words"]),
                   frozenset(data["indicator_gazetteer"]), frozenset(data.get("defining_modifiers", ())),
                   listed("subject_words"), listed("subject_heads"), frozenset(data.get("project_name_tags", ())),
                   listed("place_heads"), listed("title_verbs"), listed("value_qualifiers"),
                   frozenset(data.get("subject_verbs", ())), listed("works_activities"),
                   frozenset(data.get("not_indicators", ())), listed("project_triggers"))

    # The sets as lists for matching.py, longest first, once per EdgeWords (the component keeps one)
    @cached_property
    def leading_first(self) -> tuple[str, ...]:
        return longest_first(self.leading)

    @cached_property
    def defining_first(self) -> tuple[str, ...]:
        return longest_first(self.defining)

    @cached_property
    def longest_name(self) -> int:
        return max(map(len, self.names), default=0)

    @cached_property
    def nameless_lengths(self) -> frozenset[int]:
        return frozenset(map(len, self.nameless))

    def leading_positions(self, text: str, start: int, end: int) -> set[int]:
        """Positions at or inside a listed leading word read in the text, since jieba cuts some apart (`新`+`设`);
        not inside a defining word that opens with one (`总` of `总投资`)."""
        return covered(text, start, end, self.leading_first) - covered(text, start, end, self.defining_first)

    def can_start_at(self, tokens: Sequence[Token], i: int) -> bool:
        """Whether a name may start at word `i`: not right after a word that defines it."""
        return can_start(tokens[i][2]) and not (i > 0 and tokens[i - 1][2] in self.defining)


def known_name_start(text: str, start: int, end: int, names: frozenset[str]) -> int | None:
    """Where the longest listed indicator name ending at `end` starts (not before `start`), if one does."""
    return next((position for position in range(start, end) if text[position:end] in names), None)


def start_window(text: str, end: int, low: int = 0) -> list[Token]:
    """The words of the clause before `end`, from `low` (the end of the entity before) on."""
    return clause_words(text, max(clause_start(text, max(end - 1, 0), CLAUSE_BOUNDARIES), low), end)


def end_window(text: str, start: int, high: int | None = None, trailing: frozenset[str] = frozenset()) -> list[Token]:
    """The words from `start` to the end of its clause, not past `high` (the start of the entity after). A word whose
    tail makes a `trailing` change word with the word after it is two words (`结构调整`+`为`: ANNOTATION.md's
    `【三次产业结构】调整为`)."""
    # (clause_words reads the words of the clause around `start` only, so they end at its end whatever the bound)
    tokens = clause_words(text, start, len(text) if high is None else high)
    if not trailing:
        return tokens
    split: list[Token] = []
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        a, b, word, tag = token
        # (only a word of four characters or more, with a word after it, leaves two on either side of a cut)
        cut = next((k for k in range(2, len(word) - 1) if word[k:] + tokens[index + 1][2] in trailing), None) \
            if len(word) > 3 and index < last else None
        if cut:
            split += [(a, a + cut, word[:cut], tag), (a + cut, b, word[cut:], tag)]
        else:
            split.append(token)
    return split


def _low(spans: Iterable[Span], start: int) -> int:
    return max((e for s, e, _ in spans if e <= start), default=0)


def _high(spans: Iterable[Span], end: int) -> int | None:
    return min((s for s, e, _ in spans if s >= end), default=None)


def training_rows(lines: Iterable[Mapping[str, Any]], words: EdgeWords) -> dict[str, tuple[list[list[str]], list[int]]]:
    """Per edge, one row per candidate of every gold INDICATOR: its features and whether it is the gold edge."""
    rows: dict[str, tuple[list[list[str]], list[int]]] = {"start": ([], []), "end": ([], [])}
    for line in lines:
        text, spans = line["text"], sorted(gold_spans(line))
        for start, end, label in spans:
            if label != INDICATOR:
                continue
            tokens = start_window(text, end, _low(spans, start))
            known = known_name_start(text, tokens[0][0], end, words.names) if tokens else None
            leading = words.leading_positions(text, tokens[0][0], end) if tokens else set()
            for i, token in enumerate(tokens):
                if words.can_start_at(tokens, i):
                    rows["start"][0].append(start_features(text, tokens, i, end, words.leading, known, leading,
                                                          words.subject_verbs))
                    rows["start"][1].append(int(token[0] == start))
            high = _high(spans, end)
            tokens = end_window(text, start, high, words.trailing)
            for i, token in enumerate(tokens):
                if can_end(token[2]):
                    rows["end"][0].append(end_features(text, tokens, i, words.trailing, high))
                    rows["end"][1].append(int(token[1] == end))
    return rows


def _fit_weights(rows: list[list[str]], labels: list[int], c: float) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    # the bias is a feature (scored like the others), so no separate intercept
    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    model.fit(vectorizer.fit_transform([dict.fromkeys(row, 1) for row in rows]), labels)
    return {name: round(float(w), 6) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if w}


def fit(lines: Sequence[Mapping[str, Any]], words: EdgeWords, c: float = 1.0) -> EdgeModel:
    """Logistic regressions over the candidate starts and ends of the gold INDICATORs of `lines`."""
    rows = training_rows(lines, words)
    indicators = sum(rows["start"][1])
    if indicators == 0 or indicators == len(rows["start"][1]):
        raise ValueError(f"{len(rows['start'][1])} candidate starts of {indicators} gold INDICATORs: "
                         f"nothing to fit an edge model on")
    return {"leading_words": sorted(words.leading), "trailing_words": sorted(words.trailing),
            "indicator_gazetteer": sorted(words.names), "defining_modifiers": sorted(words.defining),
            "subject_words": sorted(words.subjects), "subject_heads": sorted(words.subject_heads),
            "place_heads": sorted(words.place_heads),
            "project_name_tags": sorted(words.name_tags), "title_verbs": sorted(words.titles),
            "value_qualifiers": sorted(words.qualifiers), "subject_verbs": sorted(words.subject_verbs),
            "works_activities": sorted(words.activities), "not_indicators": sorted(words.nameless),
            "project_triggers": sorted(words.triggers),
            "start": _fit_weights(*rows["start"], c), "end": _fit_weights(*rows["end"], c),
            "fitted_on": {"reports": sorted({line.get("doc_id", "") for line in lines}), "sentences": len(lines),
                          "indicators": indicators, "c": c}}


def _score(weights: Mapping[str, float], names: Iterable[str]) -> float:
    return sum(map(weights.get, names, repeat(0.0)))


def name_window(text: str, end: int, low: int, words: EdgeWords) -> tuple[int, list[Token]]:
    """Where a name ending at `end` may start at the earliest, as the rules read the words before it, and the words of
    its start window from there: after the entity before (`low`), a list item's number and the words that qualify the
    value before; after a named subject, a title verb, the examples of a head and the one a quantity serves."""
    window_start = clause_start(text, max(end - 1, 0), CLAUSE_BOUNDARIES)
    clause = after_list_number(text, window_start)
    if low > clause:  # right after the entity before: not at the words that qualify its value (`50万元以上的【村】`)
        qualifier = starts_with_any(text, low, words.qualifiers, end) if words.qualifiers else None
        low += len(qualifier or "")
        low += bool(qualifier) and text.startswith("的", low, end)
    # not before a named company, port or park that is the subject (`鸿远集团【营业收入】`)
    low = after_named_subject(text, max(clause, low), end, words.subject_heads, words.name_tags)
    # nor before a title verb (`14个项目列入【省重点项目】`, `5家企业获评【省级瞪羚企业】`), unless it is part of a
    # defining word (`国家级人才计划入选者`)
    defined = covered(text, low, end, words.defining_first) if words.defining else set()
    titled = covered(text, low, end, words.titles) - defined if words.titles else set()
    low = after_examples(text, max(titled, default=low - 1) + 1, end)  # nor before `X、Y等` (`等【配套企业】20家`)
    # nor at the one a quantity serves (`为企业【减税降费】`, not the 为 of `为老服务`)
    window = start_window(text, end, low)
    served = [after_beneficiary(text, token[0], end, words.leading) for token in window
              if token[2] in BENEFICIARY_MARKS and token[0] not in defined]
    if not served:
        return low, window
    low = max([low, *served])
    # the same clause, so its words from a later start are these, the first one cut there as clause_words cuts it
    cut = max(window_start, low)
    return low, [(max(a, cut), b, text[max(a, cut):b], tag) for a, b, _, tag in window if b > cut]


def best_start(text: str, start: int, end: int, model: EdgeModel, low: int = 0, words: EdgeWords | None = None) -> int:
    """The best-scoring word start of the clause before `end` (not before `low`); `start` when none is there.
    Ties go to the earlier start. An entity that holds a list (`【中小学、幼儿园】5所`) was given it on purpose
    (ANNOTATION.md: a list counted as a whole is one INDICATOR): its start stays before the list's first comma."""
    words = words or EdgeWords.from_data(model)
    tokens = name_window(text, end, low, words)[1]
    if not tokens:
        return start
    first = tokens[0][0]
    first_comma = text.find(LIST_BOUNDARY, start, end)
    # never at or inside a subject or time word (ANNOTATION.md: `全区`工业开票销售), read in the text, not by jieba's
    # words (`全`+`旗`, `全`+`年发电量`); the fitted model saw them as the negative examples they are, and it still
    # takes one where the seed reports never put one (`目标:全市生产总值`)
    blocked = covered(text, first, end, words.subjects) if words.subjects else set()
    if blocked:  # a zone right after a leading verb defines what was built there (`建成【园区道路】`), it is no subject
        blocked -= {position for i, token in enumerate(tokens[1:], 1) if tokens[i - 1][2] in words.leading
                    and token[2].endswith("区") for position in range(token[0], token[1])}
    opening: set[int] = set()
    defined: set[int] = set()
    if words.defining:  # a defining word opens a name whole (`【和美乡村示范村】`: jieba cuts 和|美)
        defined, within = covered(text, first, end, words.defining_first), inside(text, first, end, words.defining_first)
        blocked |= within
        opening = defined - within
    candidates = [i for i, token in enumerate(tokens) if (words.can_start_at(tokens, i) or token[0] in opening)
                  and token[0] not in blocked and (first_comma < 0 or token[0] < first_comma)]
    if len(candidates) < 2:  # one candidate wins whatever its score
        return tokens[candidates[0]][0] if candidates else start
    # (no listed name starts further back than the longest is long)
    known = known_name_start(text, max(first, end - words.longest_name), end, words.names)
    leading = words.leading_positions(text, first, end)  # as fitting reads them (training_rows)
    scores = {i: _score(model["start"], start_features(text, tokens, i, end, words.leading, known, leading,
                                                       words.subject_verbs))
              for i in candidates}
    return tokens[max(candidates, key=scores.__getitem__)][0]


def best_end(text: str, start: int, end: int, model: EdgeModel, high: int | None = None, prior: float = 0.0,
             words: EdgeWords | None = None) -> int:
    """The best-scoring word end after `start` in its clause (not past `high`), `end` given `prior` extra;
    `end` when no word end is there. Ties go to the earlier end."""
    words = words or EdgeWords.from_data(model)
    trailing = words.trailing
    tokens = before_comparison(end_window(text, start, high, trailing))
    # the end it was given stays a candidate where jieba joins the name to a change word (`受害率控制`+`在`)
    tokens = [piece for token in tokens for piece in
              ([(token[0], end, token[2][:end - token[0]], token[3]), (end, token[1], token[2][end - token[0]:], token[3])]
               if token[0] < end < token[1] and text[end:token[1]] in trailing else [token])]
    # never after a listed change or aspect word (ANNOTATION.md leaves them out), but for works or an activity a
    # count follows (`【背街小巷整治提升】186条`, `【中欧班列开行】2216列`: the whole phrase is the indicator)
    candidates = [i for i, token in enumerate(tokens) if can_end(token[2]) and (
        token[2] not in trailing or ends_with_any(text, token[1], words.activities, start) is not None)]
    if len(candidates) < 2:  # one candidate wins whatever its score
        return tokens[candidates[0]][1] if candidates else end
    scores = {i: _score(model["end"], end_features(text, tokens, i, trailing, high)) + (prior if tokens[i][1] == end else 0.0)
              for i in candidates}
    return tokens[max(candidates, key=scores.__getitem__)][1]
