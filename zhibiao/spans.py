"""Spans and relations as plain data: the bottom layer every other module builds on.

A span is `(start, end, label)` in characters; a `value_of` relation is `(value start, value end,
indicator start, indicator end)`. Docs carry relations in `doc._.value_of` as such offsets (as
explosion's rel_component keys relations by offsets), so `Doc.to_bytes`, `DocBin(store_user_data=True)`,
pickling and `nlp.pipe(n_process=...)` keep them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .labels import unit_start
from .matching import reading_text

Span = tuple[int, int, str]
Relation = tuple[int, int, int, int]

CLAUSE_BOUNDARIES = frozenset(",，;；。:：!！?？\n")
LIST_BOUNDARY = "、"
# Rule proposals stop at list commas too: `规上工业企业、高新技术企业` are two indicators.
PHRASE_BOUNDARIES = CLAUSE_BOUNDARIES | {LIST_BOUNDARY}
SENTENCE_BOUNDARIES = frozenset("。；;！!？?\n")
# ANNOTATION.md: after `分别` the values go one by one to the items listed before it; one VALUE after `各` / `均`
# goes to every item. `年均`, `人均` … are rates, not this.
RESPECTIVELY = "分别"
# the units of a share (`七成以上的税收`, `38%的工业用地`), in text read half-width
SHARE_UNITS = ("%", "成")
# the number of an item in a list of tasks at a line's start (`（五）`, `1.`, `三、`): it names nothing
LIST_NUMBER = re.compile(r"[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}[、是]")
_ITEM_IS = re.compile(r"[一二三四五六七八九十]{1,3}是")  # `一是…，二是…`: items counted inside a sentence
EACH_BEFORE_VALUE = re.compile(r"(?<![年月日人户亩周平])[各均]")

if not Doc.has_extension("value_of"):
    Doc.set_extension("value_of", default=None)


# ---------------------------------------------------------------- spans of a Doc

# spaCy joins `doc.text` again from the tokens at every read (about 10 µs a sentence on one-character tokens, a
# few per cent of `extract`; read per entity, it made a 260,000-character line quadratic). The components share
# one reading through the Doc's user data (a plain string), and the last of them, the linker, takes it out again
# (`forget_text`).
_TEXT_KEY = "zhibiao.text"


def doc_text(doc: Doc) -> str:
    """`doc.text` as the components read it (`reading_text`), joined once for all of them."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str) or len(text) != doc_length(doc):  # none yet, or copied over from another Doc
        text = doc.user_data[_TEXT_KEY] = reading_text(doc.text)
    return text


def made_doc(make_doc: Callable[[str], Doc], text: str) -> Doc:
    """`make_doc(text)` with its text kept for the components, where the caller has the text anyway (the Doc's
    text is the text it was made from)."""
    doc = make_doc(text)
    doc.user_data[_TEXT_KEY] = reading_text(text)
    return doc


def doc_length(doc: Doc) -> int:
    """len(doc.text), without joining it."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def forget_text(doc: Doc) -> None:
    doc.user_data.pop(_TEXT_KEY, None)


def moved_entities(doc: Doc, label: str,
                   move: Callable[[SpacySpan, SpacySpan | None, int | None], SpacySpan | None]) -> list[SpacySpan]:
    """doc.ents with each entity of `label` replaced by `move(entity, before, high)`, or left out where it gives
    None: `before` is the entity kept before it (which may have moved already; None for the first), `high` the start
    of the one after it (None after the last). The rule component's repair and the edge model move INDICATOR edges
    this way: never past their neighbours."""
    ents = list(doc.ents)
    kept: list[SpacySpan] = []
    for position, entity in enumerate(ents):
        if entity.label_ == label:
            high = ents[position + 1].start_char if position + 1 < len(ents) else None
            moved = move(entity, kept[-1] if kept else None, high)
            if moved is None:
                continue
            entity = moved
        kept.append(entity)
    return kept


def after_count(text: str, entity: SpacySpan, before: SpacySpan | None) -> bool:
    """Whether `entity` comes right after a count (a VALUE or its UNIT, nothing between but 余/多/的): ANNOTATION.md
    leaves the activity after such a name out (`11条【支流支浜】消劣`)."""
    return before is not None and before.label_ in ("UNIT", "VALUE") and \
        text[before.end_char:entity.start_char].strip("余多的") == ""


def doc_spans(doc: Doc, spans_key: str | None = None) -> list[Span]:
    """The labelled spans of one source: `doc.ents`, or the span group `spans_key`."""
    found = doc.ents if spans_key is None else doc.spans.get(spans_key, [])
    return [(span.start_char, span.end_char, span.label_) for span in found]


def value_of(doc: Doc) -> list[Relation]:
    """The Doc's value_of relations as offset tuples (lists after a round trip through msgpack)."""
    return [tuple(relation) for relation in (doc._.value_of or [])]  # type: ignore[misc]


def relations_from_pairs(spans: Sequence[Span], pairs: Iterable[tuple[int, int]]) -> list[Relation]:
    """Offset relations from (VALUE index, INDICATOR index) pairs into `spans`."""
    return sorted((spans[v][0], spans[v][1], spans[i][0], spans[i][1]) for v, i in pairs)


def pairs_from_relations(spans: Sequence[Span], relations: Iterable[Relation]) -> list[tuple[int, int]]:
    """(VALUE index, INDICATOR index) pairs into `spans`; relations whose spans are missing are left out."""
    index = {(start, end): i for i, (start, end, _) in enumerate(spans)}
    pairs = []
    for vs, ve, is_, ie in relations:
        v, i = index.get((vs, ve)), index.get((is_, ie))
        if v is not None and i is not None:
            pairs.append((v, i))
    return sorted(pairs)


# ---------------------------------------------------------------- plain text helpers

def overlaps(a: tuple[int, int] | Span, b: tuple[int, int] | Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@lru_cache(maxsize=8)
def _first_boundary(boundaries: frozenset[str]) -> re.Pattern:
    return re.compile(f"[{''.join(sorted(map(re.escape, boundaries)))}]")


def clause_start(text: str, position: int, boundaries: frozenset[str] = PHRASE_BOUNDARIES) -> int:
    while position > 0 and text[position - 1] not in boundaries:
        position -= 1
    return position


def after_list_number(text: str, position: int) -> int:
    """`position` moved past the number of a list item that opens the line there (`（五）新建…`, `1.新建…`), or a
    clause (`…，九是健康沅川工程`)."""
    if position == 0 or text[position - 1] == "\n":
        number = LIST_NUMBER.match(text, position)
        return number.end() if number else position
    if text[position - 1] in "，,；;：:":
        number = _ITEM_IS.match(text, position)
        return number.end() if number else position
    return position


def clause_end(text: str, position: int, boundaries: frozenset[str] = PHRASE_BOUNDARIES) -> int:
    """Where the clause around `position` ends: at the first boundary from it on, or the text's end (a search in C:
    the rules ask for the clause of every number and name, and a clause runs a dozen characters on)."""
    if position < 0:  # (read from the text's end, as indexing reads a negative position)
        return position if text[position] in boundaries else clause_end(text, position + 1, boundaries)
    found = _first_boundary(boundaries).search(text, position)
    return found.start() if found else max(position, len(text))


def clause_ends(text: str, boundaries: frozenset[str] = CLAUSE_BOUNDARIES) -> list[int]:
    """Where each clause of `text` ends: its boundaries, then the text's end."""
    return [*(boundary.start() for boundary in _first_boundary(boundaries).finditer(text)), len(text)]


def clause_bounds(text: str, position: int, boundaries: frozenset[str] = CLAUSE_BOUNDARIES) -> tuple[int, int]:
    return clause_start(text, position, boundaries), clause_end(text, position, boundaries)


def mask_spans(text: str, spans: Iterable[tuple[int, int] | Span]) -> str:
    """The text with every span blanked out, so cue words are never read inside a name."""
    pieces: list[str] = []
    position = 0
    # (pieces of the text between the spans: a list of a report's characters cost more than the spans)
    for start, end in sorted((span[0], span[1]) for span in spans):
        if start < end and position < end:
            start = max(start, position)
            pieces += (text[position:start], "\0" * (end - start))
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def unit_of(text: str, spans: Sequence[Span]) -> dict[int, int]:
    """Index of the UNIT of each VALUE (by index): the UNIT right after it, only `余`/`多` and spaces in between."""
    units = {start: i for i, (start, _, label) in enumerate(spans) if label == "UNIT"}
    found = {}
    for i, (start, end, label) in enumerate(spans):
        if label != "VALUE":
            continue
        if (position := unit_start(text, end)) in units:
            found[i] = units[position]
    return found
