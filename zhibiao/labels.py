"""The one label set: used by the rules, doccano setup, converter, evaluator and linker."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    shortcut: str
    description: str


SPAN_LABELS: tuple[Label, ...] = (
    Label("INDICATOR", "#2E86DE", "i", "name of the quantity or set a VALUE measures"),
    Label("VALUE", "#E67E22", "v", "the number itself"),
    Label("UNIT", "#27AE60", "u", "unit or measure word right after a VALUE"),
    Label("PROJECT", "#8E44AD", "p", "a specific, named project, facility or works"),
)
LABEL_NAMES: tuple[str, ...] = tuple(label.name for label in SPAN_LABELS)

VALUE_OF = "value_of"
RELATION_TYPES: dict[str, tuple[str, str]] = {VALUE_OF: ("VALUE", "INDICATOR")}
RELATION_COLOR = "#C0392B"

# ANNOTATION.md: only 余 or 多 may stand between a VALUE and its UNIT (`7500余户`).
UNIT_GAP = frozenset("余多")
# Spaces a typesetter or a PDF's text layer put around digits (`1234.5 亿元`, `6.5 %`) are no word: read through.
INLINE_SPACES = frozenset(" \t\u00a0\u3000")


def after_spaces(text: str, position: int) -> int:
    """The first position at or after `position` that is no inline space."""
    while position < len(text) and text[position] in INLINE_SPACES:
        position += 1
    return position


def unit_start(text: str, value_end: int) -> int:
    """Where the UNIT of a VALUE ending at `value_end` starts: past inline spaces and one `余`/`多`."""
    position = after_spaces(text, value_end)
    if text[position:position + 1] in UNIT_GAP:
        position = after_spaces(text, position + 1)
    return position

# spaCy key under which span models read and write the same spans as doc.ents.
SPAN_KEY = "sc"
