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

# spaCy key under which span models read and write the same spans as doc.ents.
SPAN_KEY = "sc"
