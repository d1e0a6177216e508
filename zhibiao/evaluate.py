"""Span scores (exact and overlap match), relation scores and the error listing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Iterable, Mapping

import numpy as np
from spacy.util import registry

from .labels import LABEL_NAMES
from .spans import Relation, Span, doc_spans, overlaps, value_of

Predictor = Callable[[str], tuple[list[Span], list[Relation]]]


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _match(gold: list[Span], pred: list[Span], exact: bool) -> tuple[set[int], set[int]]:
    """Indices of matched gold and predicted spans; each gold span matches at most one prediction."""
    matched_gold: set[int] = set()
    matched_pred: set[int] = set()
    for j, p in enumerate(pred):
        for i, g in enumerate(gold):
            if i in matched_gold or g[2] != p[2]:
                continue
            if (g == p) if exact else overlaps(g, p):
                matched_gold.add(i)
                matched_pred.add(j)
                break
    return matched_gold, matched_pred


def score_spans(gold_docs: Iterable[list[Span]], pred_docs: Iterable[list[Span]], labels=LABEL_NAMES) -> dict:
    """Per-label and micro P/R/F1 for exact and overlap match over aligned lists of sentences."""
    counts: dict[str, defaultdict[str, list[int]]] = {mode: defaultdict(lambda: [0, 0, 0]) for mode in ("exact", "overlap")}
    for gold, pred in zip(gold_docs, pred_docs, strict=True):
        gold, pred = sorted(set(gold)), sorted(set(pred))
        for mode in counts:
            matched_gold, matched_pred = _match(gold, pred, exact=mode == "exact")
            for i, g in enumerate(gold):
                counts[mode][g[2]][0 if i in matched_gold else 2] += 1
            for j, p in enumerate(pred):
                if j not in matched_pred:
                    counts[mode][p[2]][1] += 1
    result: dict = {}
    for mode, per_label in counts.items():
        scores = {label: _prf(*per_label[label]) for label in labels}
        totals = [sum(per_label[label][k] for label in per_label) for k in range(3)]
        result[mode] = {"per_label": scores, "micro": _prf(*totals)}
    return result


def score_pairs(gold_docs: Iterable[set], pred_docs: Iterable[set]) -> dict:
    """P/R/F1 over sets of hashable items per sentence (relations or record triples)."""
    tp = fp = fn = 0
    for gold, pred in zip(gold_docs, pred_docs, strict=True):
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    return _prf(tp, fp, fn)


def classify_errors(text: str, gold: list[Span], pred: list[Span]) -> list[dict]:
    """Every false positive and false negative (exact match) with its type and the nearest gold span.

    A boundary or label error shows up twice, as the wrong prediction (fp) and as the gold span it missed (fn).
    """
    gold, pred = sorted(set(gold)), sorted(set(pred))
    errors = []
    for p in pred:
        if p not in gold:
            near = [g for g in gold if overlaps(g, p)]
            errors.append(_error_row(text, "fp", _error_kind(p, near, "spurious"), p, near or gold))
    for g in gold:
        if g not in pred:
            near = [p for p in pred if overlaps(g, p)]
            errors.append(_error_row(text, "fn", _error_kind(g, near, "missed"), g, [g]))
    return errors


def _error_kind(span: Span, overlapping: list[Span], alone: str) -> str:
    if any(other[2] == span[2] for other in overlapping):
        return "wrong boundary"
    return "wrong label" if overlapping else alone


def _error_row(text: str, side: str, kind: str, span: Span, candidates: list[Span]) -> dict:
    nearest = min(candidates, key=lambda g: abs(g[0] - span[0])) if candidates else None
    return {
        "side": side,
        "type": kind,
        "label": span[2],
        "span": text[span[0]:span[1]],
        "start": span[0],
        "end": span[1],
        "nearest_gold": None if nearest is None else {"label": nearest[2], "span": text[nearest[0]:nearest[1]],
                                                      "start": nearest[0], "end": nearest[1]},
        "sentence": text,
    }


def evaluate_records(gold_records: list[dict], predict: Predictor) -> dict:
    """Score a span source (text → (spans, value_of relations)) against gold records."""
    from .annotations import record_relations, spans

    gold_spans, pred_spans, gold_links, pred_links, errors = [], [], [], [], []
    for record in gold_records:
        gold = spans(record)
        pred, links = predict(record["text"])
        gold_spans.append(gold)
        pred_spans.append(pred)
        gold_links.append(set(record_relations(record)))
        pred_links.append(set(links))
        for row in classify_errors(record["text"], gold, pred):
            errors.append({"doc_id": record["doc_id"], "sent_id": record["sent_id"], **row})
    scores = score_spans(gold_spans, pred_spans)
    scores["value_of"] = score_pairs(gold_links, pred_links)
    scores["sentences"] = len(gold_records)
    scores["reports"] = sorted({record["doc_id"] for record in gold_records})
    return {"scores": scores, "errors": errors, "predicted": pred_spans}


def score_value_of(examples: Iterable, **kwargs) -> dict:
    """value_of P/R/F1 of predicted against reference Docs (their doc._.value_of offsets), for spaCy's Scorer."""
    result = score_pairs([set(value_of(eg.reference)) for eg in examples],
                         [set(value_of(eg.predicted)) for eg in examples])
    return {"value_of_p": result["p"], "value_of_r": result["r"], "value_of_f": result["f"]}


@registry.scorers("zhibiao.value_of_scorer.v1")
def make_value_of_scorer() -> Callable:
    return score_value_of


def markdown_table(scores: dict, title: str = "") -> str:
    lines = [f"### {title}", ""] if title else []
    lines += ["| label | P | R | F1 | F1 (overlap) | gold |", "|---|---|---|---|---|---|"]
    exact, overlap = scores["exact"], scores["overlap"]
    for label in [*exact["per_label"], "micro"]:
        e = exact["micro"] if label == "micro" else exact["per_label"][label]
        o = overlap["micro"] if label == "micro" else overlap["per_label"][label]
        lines.append(f"| {label} | {e['p']:.3f} | {e['r']:.3f} | {e['f']:.3f} | {o['f']:.3f} | {e['tp'] + e['fn']} |")
    if "value_of" in scores:
        v = scores["value_of"]
        lines.append(f"| value_of (relations) | {v['p']:.3f} | {v['r']:.3f} | {v['f']:.3f} | – | {v['tp'] + v['fn']} |")
    return "\n".join(lines) + "\n"


def group_errors(errors: list[dict]) -> dict[str, dict[str, list[dict]]]:
    grouped: dict = defaultdict(lambda: defaultdict(list))
    for row in errors:
        grouped[row["label"]][row["type"]].append(row)
    return {label: dict(types) for label, types in sorted(grouped.items())}


def rule_predictor(patterns) -> Predictor:
    """The rules' spans, paired by the linker (the same pairing every span source gets)."""
    from .linker import link
    from .rules import propose
    from .spans import relations_from_pairs

    def predict(text: str):
        entities = propose(text, patterns)
        return entities, relations_from_pairs(entities, link(text, entities))

    return predict


def model_predictor(nlp) -> Predictor:
    """Predictions of a spaCy pipeline: the spans its linker reads (doc.ents unless it names a span group)
    and doc._.value_of."""
    spans_key = nlp.get_pipe("zhibiao_linker").spans_key if "zhibiao_linker" in nlp.pipe_names else None

    def predict(text: str):
        doc = nlp(text)
        return doc_spans(doc, spans_key), value_of(doc)

    return predict


# ---------------------------------------------------------------- records against the gold

def record_triple(record: Mapping[str, Any]) -> tuple:
    """What a record must get right: indicator, value (with its place in the sentence) and unit."""
    return (record["indicator"], record["value_text"], record["start"], record["unit"])


def record_triples(records: Iterable[Mapping[str, Any]]) -> list[tuple]:
    """The triples of the indicator records (projects have none)."""
    return [record_triple(r) for r in records if r["kind"] != "project"]


def gold_record_triples(line: Mapping[str, Any]) -> list[tuple]:
    """The triples the gold spans and relations of one gold line make."""
    from .annotations import record_relations, spans
    from .records import records_from_spans
    from .spans import pairs_from_relations

    gold = spans(line)
    return record_triples(records_from_spans(line["text"], gold, pairs_from_relations(gold, record_relations(line))))


def score_records(gold_records: list[dict], nlp=None) -> dict:
    """Record P/R/F1 on (indicator, value, unit) triples.

    Without `nlp` the linker runs on the GOLD spans, so linking is measured on its own; with `nlp`
    (any pipeline; the linker is added when missing) spans and links are both predicted.
    """
    from .annotations import spans
    from .extraction import spans_key_of, with_linker
    from .linker import link
    from .records import doc_records, records_from_spans

    predictor = with_linker(nlp) if nlp is not None else None
    spans_key = spans_key_of(predictor) if predictor is not None else None
    gold_sets, pred_sets, errors = [], [], []
    per_report: dict[str, tuple[list, list]] = {}
    for record in gold_records:
        text, gold = record["text"], spans(record)
        expected = set(gold_record_triples(record))
        if predictor is None:
            found = records_from_spans(text, gold, link(text, gold))
        else:
            found = doc_records(predictor(text), spans_key)
        predicted = set(record_triples(found))
        gold_sets.append(expected)
        pred_sets.append(predicted)
        report = per_report.setdefault(record["doc_id"], ([], []))
        report[0].append(expected)
        report[1].append(predicted)
        for side, items in (("fn", expected - predicted), ("fp", predicted - expected)):
            for indicator, value, start, unit in sorted(items, key=lambda t: t[2]):
                errors.append({"side": side, "doc_id": record["doc_id"], "sent_id": record["sent_id"],
                               "indicator": indicator, "value": value, "unit": unit, "start": start,
                               "sentence": record["text"]})
    return {
        "input": "gold spans" if nlp is None else "predicted spans",
        "records": score_pairs(gold_sets, pred_sets),
        "per_report": {doc_id: score_pairs(*sets) for doc_id, sets in sorted(per_report.items())},
        "sentences": len(gold_records),
        "errors": errors,
    }



# ---------------------------------------------------------------- per-sentence counts and the bootstrap

SCORED = (*LABEL_NAMES, "micro", "value_of", "records")


def sentence_counts(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> list[tuple[int, int, int]]:
    """(tp, fp, fn) of one sentence for each key of SCORED: exact-match spans per label and micro,
    value_of relations, and record triples. `gold`/`predicted` hold "spans", "relations", "records"."""
    counts: list[tuple[int, int, int]] = []
    for label in LABEL_NAMES:
        g = {s for s in gold["spans"] if s[2] == label}
        p = {s for s in predicted["spans"] if s[2] == label}
        counts.append((len(g & p), len(p - g), len(g - p)))
    counts.append((sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts)))
    for key in ("relations", "records"):
        g, p = set(map(tuple, gold[key])), set(map(tuple, predicted[key]))
        counts.append((len(g & p), len(p - g), len(g - p)))
    return counts


def f1_of(counts) -> np.ndarray:
    """F1 from (..., 3) arrays of tp, fp, fn (0 where there is nothing to score)."""
    counts = np.asarray(counts, dtype=float)
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)


def bootstrap_weights(sentences: int, samples: int = 1000, seed: int = 0) -> np.ndarray:
    """How often each sentence is drawn in each bootstrap sample: a (samples, sentences) matrix."""
    draws = np.random.default_rng(seed).integers(0, sentences, size=(samples, sentences))
    return np.stack([np.bincount(row, minlength=sentences) for row in draws])


def bootstrap_f1(counts, weights: np.ndarray) -> np.ndarray:
    """F1 of every bootstrap sample for each key: counts (sentences, keys, 3) → (samples, keys)."""
    counts = np.asarray(counts, dtype=float)
    totals = weights @ counts.reshape(counts.shape[0], -1)
    return f1_of(totals.reshape(weights.shape[0], *counts.shape[1:]))
