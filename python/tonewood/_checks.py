"""Checks on plain numbers at the Python edge: finite, within a range, a count that fits."""

from __future__ import annotations

import math
from typing import Any

from tonewood.errors import InvalidTypeError, OutOfRangeError


def _text(value: float) -> str:
    x = float(value)
    return str(int(x)) if x.is_integer() else repr(x)


def number(name: str, value: Any, unit: str = "", low: float = -math.inf, high: float = math.inf) -> float:
    """`value` as a float, refused when it is not a number, NaN, or outside [low, high] (an
    infinite bound lets that infinity through)."""
    if isinstance(value, bool) or not hasattr(value, "__float__"):
        raise InvalidTypeError(f"{name} must be a number, got {type(value).__name__}")
    x = float(value)
    unit_text = f" {unit}" if unit else ""
    if math.isnan(x):
        raise OutOfRangeError(f"{name} must be a number{unit_text}, got nan")
    if not low <= x <= high:
        raise OutOfRangeError(f"{name} must be within [{_text(low)}, {_text(high)}]{unit_text}, got {_text(x)}")
    return x


def finite(name: str, value: Any, unit: str = "") -> float:
    """`value` as a finite float."""
    x = value if isinstance(value, float) else number(name, value, unit)
    if not math.isfinite(x):
        raise OutOfRangeError(f"{name} must be a finite number{' ' + unit if unit else ''}, got {x}")
    return x


def count(name: str, value: Any, unit: str, low: int, high: int) -> int:
    """`value` as an int within [low, high] (a float with a fraction, or a bool, is refused)."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InvalidTypeError(f"{name} must be a whole number of {unit}, got {value!r}")
    n = int(value)
    if not low <= n <= high:
        raise OutOfRangeError(f"{name} must be within [{low}, {high}] {unit}, got {n}")
    return n
