"""The ZHIBIAO_* environment variables the project reads, and a warning for any other one: a mistyped variable
(`ZHIBIAO_MODLE`) is otherwise ignored without a word, and the command runs with the default it meant to change."""

from __future__ import annotations

from typing import Mapping

from .record_shape import nearest_name

PREFIX = "ZHIBIAO_"
# every variable any module reads (tests/test_bad_inputs.py checks the code names no other)
KNOWN = (
    "ZHIBIAO_MODEL",  # the pipeline extract() and the commands load (zhibiao.extraction)
    # the doccano settings (zhibiao.doccano)
    "ZHIBIAO_DOCCANO_URL", "ZHIBIAO_DOCCANO_HOST", "ZHIBIAO_DOCCANO_USER", "ZHIBIAO_DOCCANO_PASSWORD",
    "ZHIBIAO_DOCCANO_EMAIL", "ZHIBIAO_DOCCANO_PROJECT", "ZHIBIAO_DOCCANO_HOME", "ZHIBIAO_DOCCANO_VENV",
    "ZHIBIAO_DOCCANO_TIMEOUT",
)


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One warning per ZHIBIAO_* variable of `environ` the project does not read, naming the nearest known one."""
    warnings = []
    for name in sorted(environ):
        if not name.upper().startswith(PREFIX) or name in KNOWN:
            continue
        # compared without the prefix all share, which would make every name resemble every other
        nearest = nearest_name(name.upper()[len(PREFIX):], (known[len(PREFIX):] for known in KNOWN))
        hint = f"did you mean {PREFIX}{nearest}?" if nearest else f"known: {', '.join(KNOWN)}"
        warnings.append(f"{name} is set but no zhibiao setting has that name ({hint}); it is ignored")
    return warnings
