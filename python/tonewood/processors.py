"""What every processor (effect, plumbing node, player, instrument) shares in Python: parameters
as properties with their units in their names, state, and being called on an array."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import numpy as np

from tonewood import _tonewood
from tonewood._arrays import as_audio
from tonewood._checks import StrictAttributes
from tonewood.errors import InvalidArgumentError

if TYPE_CHECKING:
    from tonewood._tonewood import Parameter

T = TypeVar("T")


class Param(Generic[T]):
    """A processor parameter as a property: reads give its value in natural units (a label for
    choices, a bool for switches); writes are checked against its range."""

    def __init__(self, id: str, doc: str = "") -> None:
        self.id = id
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute = name

    @overload
    def __get__(self, obj: None, owner: type) -> Param[T]: ...
    @overload
    def __get__(self, obj: Processor, owner: type) -> T: ...
    def __get__(self, obj: Processor | None, owner: type) -> Any:
        if obj is None:
            return self
        return obj._read(self.id)

    def __set__(self, obj: Processor, value: Any) -> None:
        obj._write(self.id, value)


class Processor(StrictAttributes):
    """A processor for engines and chains. Subclasses declare their parameters as `Param`s;
    every keyword given to the constructor sets one. A misspelt parameter (`filter.cutoff = 100`)
    is an AttributeNotFoundError, not a silent new attribute."""

    _processor: Any

    def __init__(self, native: Any, **params: Any) -> None:
        self._processor = native
        for name, value in params.items():
            if value is not None:
                if not isinstance(getattr(type(self), name, None), Param):
                    raise InvalidArgumentError(
                        f"{type(self).__name__} has no parameter {name!r}; it has "
                        + ", ".join(self.param_ids())
                    )
                setattr(self, name, value)

    # Parameters -------------------------------------------------------------------------------

    def params(self) -> list[Parameter]:
        """Every parameter with its description and current value."""
        return list(self._processor.params())

    def param(self, id: str) -> Parameter:
        """One parameter with its description (range, unit, labels) and current value."""
        return self._processor.param(id)

    def param_ids(self) -> list[str]:
        return [p.id for p in self._processor.params()]

    def get_param(self, id: str) -> float:
        """A value in natural units (choices as their index). KeyError for an unknown ID."""
        return _shortest(self._processor.get_param(id))

    def set_param(self, id: str, value: float) -> None:
        """Sets a value in natural units; it takes effect at the start of the next block."""
        self._processor.set_param(id, float(value))

    def _read(self, id: str) -> Any:
        info = self._processor.param(id)
        if info.labels and info.labels != ["off", "on"]:
            return info.labels[int(round(info.value - info.min))]
        if info.labels == ["off", "on"]:
            return info.value >= 0.5
        return _shortest(info.value)

    def _write(self, id: str, value: Any) -> None:
        info = self._processor.param(id)
        if isinstance(value, str):
            if value not in info.labels:
                raise InvalidArgumentError(
                    f"{id} must be one of {', '.join(repr(l) for l in info.labels)}, got {value!r}"
                )
            value = info.labels.index(value) + info.min
        elif isinstance(value, bool):
            value = 1.0 if value else 0.0
        self._processor.set_param(id, float(value))

    # State ------------------------------------------------------------------------------------

    def save_state(self) -> str:
        """The processor's state as JSON text (its type and every non-default parameter)."""
        return str(self._processor.save_state())

    def restore_state(self, state: str) -> None:
        """Restores save_state's text; changes nothing when it is not valid."""
        self._processor.restore_state(state)

    # Description ------------------------------------------------------------------------------

    @property
    def latency_frames(self) -> int:
        return int(self._processor.latency_frames)

    @property
    def num_inputs(self) -> int:
        return int(self._processor.num_inputs)

    @property
    def num_outputs(self) -> int:
        return int(self._processor.num_outputs)

    def __call__(
        self, audio: np.ndarray, sample_rate: float, *, block_size: int = 512, reset: bool = True
    ) -> np.ndarray:
        """Processes an array offline (see Chain)."""
        from tonewood.chain import Chain

        return Chain([self])(audio, sample_rate, block_size=block_size, reset=reset)

    def __repr__(self) -> str:
        values = ", ".join(f"{p.id}={self._read(p.id)!r}" for p in self._processor.params())
        return f"{type(self).__name__}({values})"


def _shortest(value: float) -> float:
    """A float32 parameter value as the shortest decimal that is the same float32 (0.3, not
    0.30000001192092896)."""
    return float(str(np.float32(value)))


def native_of(processor: Any) -> Any:
    """The C++ processor behind a Python processor or a Resonator."""
    native = getattr(processor, "_processor", None)
    if native is None or not isinstance(native, _tonewood.Processor):
        raise InvalidArgumentError(
            f"expected a tonewood processor (an effect, a node or a Resonator), got {type(processor).__name__}"
        )
    return native


def audio_input(audio: Any, name: str = "audio") -> np.ndarray:
    """An audio array as the engine takes it ((channels, frames) float32, C-contiguous)."""
    return as_audio(audio, name)
