"""Text cells of a CSV that a spreadsheet would run as a formula, made plain text (OWASP's CSV injection advice).

Excel, LibreOffice and Google Sheets read a cell starting with `=`, `+`, `-` or `@` (and a tab or carriage return
before one) as a formula: a report's sentence or a name taken from a web page could start so and run when an analyst
opens the file. Such a cell gets a leading `'`, which the spreadsheet shows as text. Numbers are never touched: a
number value (an int or a float: `-3.5`) is written as it is, and so is a text cell that is only a number as written
(`-31.4`, `+5%`), which a spreadsheet reads as that number and never as a formula.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# a signed decimal, optionally with an exponent or a percent sign: the only cells starting with + or - left as written
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def safe_cell(value: Any) -> Any:
    """`value` as a CSV cell a spreadsheet shows as written: text that would start a formula gets a leading `'`."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(row: dict) -> dict:
    return {key: safe_cell(value) for key, value in row.items()}
