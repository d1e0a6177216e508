"""Where an INDICATOR starts: a linear model over the words before its end, fitted on the gold.

ANNOTATION.md keeps leading verbs, aspect words and subjects out of an indicator and defining modifiers in
(`盘活【存量低效用地】`, `新增【停车泊位】`). Which word is which is open-class: neither the word lists nor
jieba's part-of-speech tags know `盘活`, `施划` or `惠及` as verbs. The model reads every jieba word start in
the indicator's clause as a candidate and scores it by the words at and before it (their identity, tag and
first/last character, membership in the guidelines' leading words) and by the length left to the end; the
best-scoring start wins. Its data is plain (feature → weight), so it is saved with the pipeline as JSON;
scikit-learn is needed only to fit it.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence, TypedDict

from .annotations import spans as gold_spans
from .boundaries import KEPT_OPENERS, tagged
from .spans import CLAUSE_BOUNDARIES, Span, clause_start

Token = tuple[int, int, str, str]  # start, end, word, part-of-speech tag (absolute offsets)
EDGE = "<B>"  # no word before the candidate in its window
INDICATOR = "INDICATOR"


class StartModel(TypedDict):
    leading_words: list[str]
    weights: dict[str, float]
    fitted_on: dict[str, Any]


def window(text: str, end: int, low: int = 0) -> list[Token]:
    """The jieba words of the clause before `end`, from `low` (the end of the entity before) on."""
    start = max(clause_start(text, max(end - 1, 0), CLAUSE_BOUNDARIES), low)
    return [(start + a, start + b, word, tag) for a, b, word, tag in tagged(text[start:end])]


def can_start(word: str) -> bool:
    """A name starts with a letter, digit or an opening quote or bracket, never with `、` or `·`."""
    return word[0].isalnum() or word[0] in KEPT_OPENERS


def features(text: str, tokens: Sequence[Token], i: int, end: int, leading_words: frozenset[str]) -> list[str]:
    """The active (binary) features of the candidate start at word `i` of `tokens` for an indicator ending at `end`."""
    start, _, word, tag = tokens[i]
    before = tokens[i - 1] if i > 0 else None
    word_before, tag_before = (before[2], before[3]) if before else (EDGE, EDGE)
    found = [
        "bias", f"word={word}", f"tag={tag}", f"first_char={word[0]}",
        f"word_before={word_before}", f"tag_before={tag_before}", f"tags={tag_before}+{tag}",
        f"tag_before2={tokens[i - 2][3] if i > 1 else EDGE}",
        f"char_before={text[start - 1] if start > 0 else EDGE}",
        f"words_left={min(len(tokens) - i, 6)}", f"chars_left={min((end - start) // 2, 8)}",
    ]
    if before:
        found.append(f"last_char_before={word_before[-1]}")
    if word in leading_words:
        found.append("leading_word")
    if word_before in leading_words:
        found.append("leading_word_before")
    if "的" in text[start:end]:
        found.append("de_inside")
    if i == 0:
        found.append("window_start")
    return found


def _low(spans: Iterable[Span], start: int) -> int:
    return max((e for s, e, _ in spans if e <= start), default=0)


def training_rows(lines: Iterable[Mapping[str, Any]], leading_words: frozenset[str]) -> tuple[list[list[str]], list[int]]:
    """One row per candidate start of every gold INDICATOR: its features and whether it is the gold start."""
    rows, labels = [], []
    for line in lines:
        text, spans = line["text"], sorted(gold_spans(line))
        for start, end, label in spans:
            if label != INDICATOR:
                continue
            tokens = window(text, end, _low(spans, start))
            for i, token in enumerate(tokens):
                if can_start(token[2]):
                    rows.append(features(text, tokens, i, end, leading_words))
                    labels.append(int(token[0] == start))
    return rows, labels


def fit(lines: Sequence[Mapping[str, Any]], leading_words: Iterable[str], c: float = 1.0) -> StartModel:
    """A logistic regression over the candidate starts of the gold INDICATORs of `lines`."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    leading = frozenset(leading_words)
    rows, labels = training_rows(lines, leading)
    if len(set(labels)) < 2:
        raise ValueError(f"{len(labels)} candidate starts of {sum(labels)} gold INDICATORs: nothing to fit a start model on")
    vectorizer = DictVectorizer()
    # the bias is a feature (scored like the others), so no separate intercept
    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    model.fit(vectorizer.fit_transform([dict.fromkeys(row, 1) for row in rows]), labels)
    weights = {name: round(float(w), 6) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if w}
    reports = sorted({line.get("doc_id", "") for line in lines})
    return {"leading_words": sorted(leading), "weights": weights,
            "fitted_on": {"reports": reports, "sentences": len(lines), "indicators": sum(labels), "c": c}}


def best_start(text: str, start: int, end: int, model: StartModel, low: int = 0,
               leading_words: frozenset[str] | None = None) -> int:
    """The best-scoring word start of the clause before `end` (not before `low`); `start` when none is there.
    Ties go to the earlier start."""
    tokens = window(text, end, low)
    candidates = [i for i, token in enumerate(tokens) if can_start(token[2])]
    if not candidates:
        return start
    leading = frozenset(model["leading_words"]) if leading_words is None else leading_words
    weights = model["weights"]
    scores = {i: sum(weights.get(name, 0.0) for name in features(text, tokens, i, end, leading)) for i in candidates}
    return tokens[max(candidates, key=scores.__getitem__)][0]
