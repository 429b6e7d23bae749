"""Wrong argument types handed straight to a compiled binding raise tonewood.InvalidTypeError.

nanobind checks argument types before our code runs and raises a plain TypeError ("incompatible
function arguments", listing the signatures it accepts). Every callable of the extension module
is wrapped once, at import, so that error comes out as InvalidTypeError (a tonewood.Error and
still a TypeError) with the same message. Property getters and other special methods take no
user arguments and are left as they are (no cost where attributes are read in loops).
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any, Callable

from tonewood.errors import InvalidTypeError

_MISMATCH = "incompatible function arguments"
_BINDING_KINDS = ("nb_func", "nb_method")


def _translating(function: Callable[..., Any]) -> Callable[..., Any]:
    # (Property setters have no string __qualname__: only what is a string is copied.)
    names = tuple(a for a in functools.WRAPPER_ASSIGNMENTS if isinstance(getattr(function, a, None), str))

    @functools.wraps(function, assigned=names)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except TypeError as error:
            if isinstance(error, InvalidTypeError) or _MISMATCH not in str(error):
                raise
            raise InvalidTypeError(str(error)) from None

    return call


def _is_binding(value: object) -> bool:
    return type(value).__name__ in _BINDING_KINDS


def _translate_class(cls: type) -> None:
    for name, value in list(vars(cls).items()):
        if name.startswith("__") and name not in ("__init__", "__call__"):
            continue
        if type(value).__name__ == "nb_method":
            setattr(cls, name, _translating(value))
        elif type(value).__name__ == "nb_func":  # a static method
            setattr(cls, name, staticmethod(_translating(value)))
        elif isinstance(value, property) and value.fset is not None and _is_binding(value.fset):
            setattr(cls, name, property(value.fget, _translating(value.fset), value.fdel, value.__doc__))


def translate_binding_errors(module: ModuleType) -> None:
    """Wraps the module's functions and its classes' methods and property setters (once)."""
    if getattr(module, "_binding_errors_translated", False):
        return
    for name, value in list(vars(module).items()):
        if _is_binding(value):
            setattr(module, name, _translating(value))
        elif isinstance(value, type) and value.__module__ == module.__name__:
            _translate_class(value)
    module._binding_errors_translated = True  # type: ignore[attr-defined]
