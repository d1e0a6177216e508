"""INDICATORs of coordinated lists, by ANNOTATION.md: `A、B和C分别…` gives one INDICATOR per item when as many
values follow 分别, and one VALUE right after 各/均 measures every item of the list before it (`A、B各2家`). The
linker pairs them (in order for 分别, each item for 各). Plain data over a sentence and the rules' word lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .matching import has_number, occurrences, strip_words
from .projects import joined_pieces, list_items
from .spans import CLAUSE_BOUNDARIES, clause_end, clause_start

if TYPE_CHECKING:
    from .rules import Patterns

RESPECTIVELY = "分别"
EACH_CUES = "各均"


def respectively_listed(text: str, values: list, patterns: Patterns, taken) -> tuple[list[tuple[int, int]], list]:
    """The items of `A、B和C分别…` when as many values follow 分别 in its clause, and those values (ANNOTATION.md:
    one VALUE per item, one INDICATOR per item; a shared modifier stays on the item where it is written)."""
    items_found: list[tuple[int, int]] = []
    values_found: list = []
    for position in occurrences(text, RESPECTIVELY):
        end = clause_end(text, position, CLAUSE_BOUNDARIES)
        after = [value for value in values if position < value[0] < end]
        items = [piece for item in list_items(text, clause_start(text, position, CLAUSE_BOUNDARIES), position)
                 for piece in joined_pieces(text, *item)]
        names = [strip_words(text, a, b, patterns.leading_words, patterns.change_words, patterns.defining_modifiers)
                 for a, b in items]
        if len(after) >= 2 and len(names) == len(after) \
                and all(b - a >= 2 and not has_number(text[a:b]) and not taken(a, b) for a, b in names):
            items_found += names
            values_found += after
    for value in values:
        # `A、B各2家`, `A和B均达到90%`: one VALUE measures every item (ANNOTATION.md, 各)
        cue = value[0] - 1
        while cue > 0 and text[cue] not in EACH_CUES and value[0] - cue <= 4:
            cue -= 1
        if text[cue:cue + 1] not in EACH_CUES or value in values_found \
                or strip_words(text, cue + 1, value[0], (), patterns.change_words)[1] > cue + 1:
            continue
        items = [piece for item in list_items(text, clause_start(text, cue, CLAUSE_BOUNDARIES), cue)
                 for piece in joined_pieces(text, *item)]
        names = [strip_words(text, a, b, patterns.leading_words, patterns.change_words, patterns.defining_modifiers)
                 for a, b in items]
        if len(names) >= 2 and all(b - a >= 2 and not has_number(text[a:b]) and not taken(a, b) for a, b in names):
            items_found += names
            values_found.append(value)
    return items_found, values_found
