"""Inter-annotator agreement on the same sentences: span F1, character-level kappa, disagreements.

Input is plain data: annotator name -> annotation records (the gold format). Sentences are matched
by (doc_id, sent_id); a pair of annotators is compared on the sentences both have with the same text.

- Span F1 per label, pairwise, exact match of (start, end, label). With one annotator as reference
  precision and recall swap, F1 does not: it is symmetric.
- `value_of` relations are scored the same way, a relation being (VALUE span, INDICATOR span).
- Cohen's kappa on one BIO tag per character (O, B-LABEL, I-LABEL), over all shared sentences.
- A disagreement is a shared sentence whose labels differ between annotators; the list is what
  an adjudicator works through.
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterable

from .annotations import record_relations, sentence_key, spans
from .labels import LABEL_NAMES, VALUE_OF

ALL = "ALL"


class AnnotatorsError(ValueError):
    """Annotators given so that one would be replaced by another, compared on nothing or left out by a typo;
    the message names the file or the option."""


def annotators(found: Iterable[tuple[str, str, list[dict] | None]], exclude: Iterable[str] = ()
               ) -> tuple[dict[str, list[dict]], list[str]]:
    """(annotator -> records, notes) from (name, where it was read, its records, or None when excluded and so not
    read). A name given twice would replace one annotator by the other: an AnnotatorsError. An annotator without
    sentences (one who has labelled nothing yet) is left out, since it would be compared on nothing, and an
    excluded name nobody has may be a typo: each is a note, so that nothing is left out unsaid."""
    chosen: dict[str, list[dict]] = {}
    origins: dict[str, str] = {}
    notes = []
    for name, where, records in found:
        if name in origins:
            raise AnnotatorsError(f"{where}: annotator {name} is given twice (also {origins[name]}); "
                                  "give each annotator a name of its own (NAME=PATH)")
        origins[name] = where
        if records is not None and not records:
            notes.append(f"{where}: no annotations of {name}; left out")
        elif records is not None:
            chosen[name] = records
    if unknown := sorted(set(exclude) - set(origins)):
        notes.append(f"--exclude {', '.join(unknown)}: no such annotator "
                     f"(the annotators are {', '.join(sorted(origins)) or 'none'})")
    return chosen, notes


def by_key(records: list[dict]) -> dict[tuple, dict]:
    return {sentence_key(record): record for record in records}


def shared_keys(first: dict[tuple, dict], second: dict[tuple, dict]) -> tuple[list[tuple], int]:
    """Keys both have with the same text, sorted; and how many common keys had different texts."""
    common = sorted(set(first) & set(second), key=lambda k: (k[0], k[1]))
    same = [key for key in common if first[key]["text"] == second[key]["text"]]
    return same, len(common) - len(same)


def prf(both: int, first: int, second: int) -> dict:
    """Scores of `second` against `first` as reference; f1 is the same either way round.

    With no span on either side there is nothing to agree on: the scores are None, not a perfect 1.
    """
    if not first and not second:
        return {"precision": None, "recall": None, "f1": None, "first": 0, "second": 0, "both": 0}
    precision = both / second if second else 0.0
    recall = both / first if first else 0.0
    f1 = 2 * both / (first + second)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "first": first, "second": second, "both": both}


def score_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def span_scores(first: list[dict], second: list[dict]) -> dict[str, dict]:
    """Per-label and overall (ALL) exact-match scores of two annotators on aligned records."""
    counts = {label: [0, 0, 0] for label in LABEL_NAMES}  # both, first, second
    for record_a, record_b in zip(first, second):
        spans_a, spans_b = set(spans(record_a)), set(spans(record_b))
        for label in LABEL_NAMES:
            of_a = {s for s in spans_a if s[2] == label}
            of_b = {s for s in spans_b if s[2] == label}
            counts[label][0] += len(of_a & of_b)
            counts[label][1] += len(of_a)
            counts[label][2] += len(of_b)
    scores = {label: prf(*values) for label, values in counts.items()}
    scores[ALL] = prf(*(sum(values[i] for values in counts.values()) for i in range(3)))
    return scores


def relation_scores(first: list[dict], second: list[dict]) -> dict:
    both = total_a = total_b = 0
    for record_a, record_b in zip(first, second):
        pairs_a, pairs_b = set(record_relations(record_a)), set(record_relations(record_b))
        both += len(pairs_a & pairs_b)
        total_a += len(pairs_a)
        total_b += len(pairs_b)
    return prf(both, total_a, total_b)


def char_bio_tags(text: str, entities: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(text)
    for start, end, label in entities:
        for position in range(start, end):
            tags[position] = ("B-" if position == start else "I-") + label
    return tags


def char_kappa(first: list[dict], second: list[dict]) -> float | None:
    """Cohen's kappa on character BIO tags; 1.0 when the tags are identical, None with no text."""
    from sklearn.metrics import cohen_kappa_score

    tags_a: list[str] = []
    tags_b: list[str] = []
    for record_a, record_b in zip(first, second):
        tags_a.extend(char_bio_tags(record_a["text"], spans(record_a)))
        tags_b.extend(char_bio_tags(record_b["text"], spans(record_b)))
    if not tags_a:
        return None
    if tags_a == tags_b:
        return 1.0  # sklearn gives nan when both use a single tag; identical tags are full agreement
    return round(float(cohen_kappa_score(tags_a, tags_b)), 4)


def compare_pair(name_a: str, records_a: dict[tuple, dict], name_b: str, records_b: dict[tuple, dict]) -> dict:
    keys, text_mismatch = shared_keys(records_a, records_b)
    first = [records_a[key] for key in keys]
    second = [records_b[key] for key in keys]
    return {
        "first": name_a, "second": name_b, "sentences": len(keys), "text_mismatch": text_mismatch,
        # sentences one annotator has and the other has not are not compared, but counted (nothing silently left out)
        "only_first": len(set(records_a) - set(records_b)), "only_second": len(set(records_b) - set(records_a)),
        "spans": span_scores(first, second), VALUE_OF: relation_scores(first, second),
        "kappa": char_kappa(first, second),
    }


def labels_of(record: dict) -> tuple[list, list]:
    return spans(record), sorted(record_relations(record))


def disagreements(annotations: dict[str, dict[tuple, dict]]) -> list[dict]:
    """Sentences two or more annotators share (same text) whose spans or relations differ."""
    keys: dict[tuple, list[str]] = {}
    for name, records in annotations.items():
        for key in records:
            keys.setdefault(key, []).append(name)
    found = []
    for key in sorted(keys, key=lambda k: (k[0], k[1])):
        names = keys[key]
        texts = {annotations[name][key]["text"] for name in names}
        if len(names) < 2 or len(texts) > 1:
            continue
        versions = {name: labels_of(annotations[name][key]) for name in names}
        if len({repr(v) for v in versions.values()}) == 1:
            continue
        text = texts.pop()
        span_sets = [set(v[0]) for v in versions.values()]
        shared = set.intersection(*span_sets)
        found.append({
            "doc_id": key[0], "sent_id": key[1], "text": text,
            "annotators": {
                name: {
                    "entities": [[s, e, label, text[s:e]] for s, e, label in spans_],
                    "relations": [[text[vs:ve], text[is_:ie]] for vs, ve, is_, ie in pairs],
                    "not_shared": [[s, e, label, text[s:e]] for s, e, label in spans_ if (s, e, label) not in shared],
                }
                for name, (spans_, pairs) in versions.items()
            },
        })
    return found


def agreement(annotations: dict[str, list[dict]]) -> dict:
    """The full report for two or more annotators (name -> records)."""
    if len(annotations) < 2:
        raise ValueError(f"agreement needs two or more annotators, got {len(annotations)}")
    keyed = {name: by_key(records) for name, records in annotations.items()}
    pairs = [compare_pair(a, keyed[a], b, keyed[b]) for a, b in combinations(sorted(keyed), 2)]
    return {"annotators": sorted(keyed), "pairs": pairs, "disagreements": disagreements(keyed)}


# ---------------------------------------------------------------- presentation

def mark_spans(text: str, entities: list) -> str:
    """The text with each span as 【surface|LABEL】, for reading a disagreement."""
    pieces, position = [], 0
    for start, end, label, *_ in sorted(entities):
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(f"【{text[start:end]}|{label}】")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def summary_lines(report: dict) -> list[str]:
    lines = []
    for pair in report["pairs"]:
        skipped = f", {pair['text_mismatch']} with different text skipped" if pair["text_mismatch"] else ""
        skipped += "".join(f", {pair[key]} only in {pair[name]} not compared" for key, name in
                           (("only_first", "first"), ("only_second", "second")) if pair.get(key))
        if not pair["sentences"]:
            lines.append(f"{pair['first']} vs {pair['second']}: no shared sentences{skipped}")
            continue
        lines.append(f"{pair['first']} vs {pair['second']}: {pair['sentences']} sentences, "
                     f"kappa {score_text(pair['kappa'])}, {VALUE_OF} F1 {score_text(pair[VALUE_OF]['f1'])}{skipped}")
        for label in (*LABEL_NAMES, ALL):
            score = pair["spans"][label]
            lines.append(f"  {label:<10} F1 {score_text(score['f1'])}  ({score['both']} shared, "
                         f"{score['first']} {pair['first']}, {score['second']} {pair['second']})")
    lines.append(f"{len(report['disagreements'])} sentences with disagreements")
    return lines


def disagreements_markdown(report: dict) -> str:
    lines = ["# Disagreements for adjudication", "", *[f"    {line}" for line in summary_lines(report)], ""]
    for item in report["disagreements"]:
        lines += [f"## {item['doc_id']} #{item['sent_id']}", "", item["text"], ""]
        for name, version in item["annotators"].items():
            lines.append(f"- **{name}**: {mark_spans(item['text'], version['entities'])}")
            if version["relations"]:
                lines.append("  - value_of: " + "; ".join(f"{v} → {i}" for v, i in version["relations"]))
            if version["not_shared"]:
                lines.append("  - only here: " + "; ".join(f"{s}|{label}" for _, _, label, s in version["not_shared"]))
        lines.append("")
    return "\n".join(lines)
