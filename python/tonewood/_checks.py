"""Checks on plain numbers at the Python edge: finite, within a range, a count that fits."""

from __future__ import annotations

import difflib
import math
from typing import Any

from tonewood.errors import AttributeNotFoundError, InvalidTypeError, OutOfRangeError


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


def _declared(cls: type, name: str) -> bool:
    """Whether `cls` has `name` (a property, a method, a Param) or annotates it as an attribute."""
    return hasattr(cls, name) or any(name in vars(k).get("__annotations__", {}) for k in cls.__mro__)


class StrictAttributes:
    """Refuses assigning a public attribute the class neither has nor annotates: a misspelt
    property is an AttributeNotFoundError naming the close ones, not a silent new attribute whose
    value nothing reads. Private names (a leading underscore) are free."""

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_") and not _declared(type(self), name):
            names = [n for k in type(self).__mro__ for n in list(vars(k)) + list(vars(k).get("__annotations__", {}))
                     if not n.startswith("_")]
            close = difflib.get_close_matches(name, sorted(set(names)), n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise AttributeNotFoundError(f"{type(self).__name__} has no attribute {name!r} to set{hint}")
        object.__setattr__(self, name, value)
