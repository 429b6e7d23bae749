"""The Resonarium synth's Python API on tonewood's engine.

Scripts written for Resonarium's bindings run with one change to their import line::

    from tonewood.compat import resonarium
    synth = resonarium.Resonarium()

Parameter IDs, ranges and defaults are Resonarium's, and the engine runs in Resonarium-
compatibility mode (see ``tonewood.Resonator.resonarium_compatibility``). Differences: rendering is
block-size independent and sample accurate; channels are 0-based (0..15); errors raise
KeyError/ValueError with a message instead of being ignored.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import tonewood
from tonewood._arrays import as_output_block
from tonewood.errors import InvalidTypeError, OutOfRangeError
from tonewood._tonewood import ModSource, Modulation, Resonator


def get_version() -> str:
    """The engine's version (Resonarium's module had this function too)."""
    return tonewood.__version__


def _text(value: float) -> str:
    return repr(float(value))


class ParamInfo:
    """One parameter as Resonarium's bindings describe it.

    ``value``, ``min``, ``max`` and ``default`` are text (scripts concatenate them with strings);
    ``current_value``, ``min_value``, ``max_value`` and ``default_value`` are the same as numbers.
    """

    __slots__ = ("id", "name", "current_value", "min_value", "max_value", "default_value")

    def __init__(self, id: str, name: str, value: float, min: float, max: float, default: float) -> None:
        self.id = id
        self.name = name
        self.current_value = float(value)
        self.min_value = float(min)
        self.max_value = float(max)
        self.default_value = float(default)

    @property
    def value(self) -> str:
        return _text(self.current_value)

    @property
    def min(self) -> str:
        return _text(self.min_value)

    @property
    def max(self) -> str:
        return _text(self.max_value)

    @property
    def default(self) -> str:
        return _text(self.default_value)

    def __repr__(self) -> str:
        return f"ParamInfo(id={self.id!r}, value={self.value}, min={self.min}, max={self.max})"


class Resonarium:
    """Resonarium's ``Resonarium`` class: parameters, notes and block rendering."""

    def __init__(
        self,
        sample_rate: float = 44100.0,
        block_size: int = 512,
        *,
        sampleRate: float | None = None,  # noqa: N803 - the original's keyword spelling
        blockSize: int | None = None,  # noqa: N803
    ) -> None:
        self._synth = Resonator(
            sample_rate=sample_rate if sampleRate is None else sampleRate,
            block_size=block_size if blockSize is None else blockSize,
            patch=None,  # the original starts with everything off
        )
        # Behave like the original, quirks included, so its scripts and presets sound the same.
        self._synth.resonarium_compatibility = True

    @property
    def engine(self) -> Resonator:
        """The underlying :class:`tonewood.Resonator`, for everything beyond Resonarium's API."""
        return self._synth

    def get_all_params(self) -> list[ParamInfo]:
        return [ParamInfo(p.id, p.name, p.value, p.min, p.max, p.default) for p in self._synth.params()]

    def get_param(self, param_id: str) -> float:
        return self._synth.get_param(param_id)

    def set_param(self, param_id: str, value: float) -> None:
        self._synth.set_param(param_id, value)

    def get_sample_rate(self) -> float:
        return self._synth.sample_rate

    def get_block_size(self) -> int:
        return self._synth.block_size

    def create_multi_block(self, num_blocks: int) -> np.ndarray:
        """A zeroed (2, num_blocks * block_size) float32 buffer for process_multi_block."""
        if not isinstance(num_blocks, (int, np.integer)) or isinstance(num_blocks, bool):
            raise InvalidTypeError(f"num_blocks must be an int, got {type(num_blocks).__name__}")
        if num_blocks < 0:
            raise OutOfRangeError(f"num_blocks must be >= 0, got {num_blocks}")
        return np.zeros((2, int(num_blocks) * self.get_block_size()), dtype=np.float32)

    def process_multi_block(self, buffer: Any, start_block: int = 0, end_block: int = -1) -> None:
        """Renders blocks [start_block, end_block) into `buffer` in place (-1: to the end)."""
        block = self.get_block_size()
        out = as_output_block(buffer, "buffer", block)
        total = out.shape[1] // block
        end = total if end_block == -1 else end_block
        if not 0 <= start_block <= total:
            raise OutOfRangeError(f"start_block must be within [0, {total}], got {start_block}")
        if not start_block <= end <= total:
            raise OutOfRangeError(f"end_block must be within [{start_block}, {total}] or -1, got {end_block}")
        self._synth._render_into(out, start_block * block, end * block)

    def play_note(self, channel: int, note: int, velocity: int = 64) -> None:
        self._synth.note_on(note, velocity, channel)

    def release_note(self, channel: int, note: int, velocity: int = 0) -> None:
        self._synth.note_off(note, velocity, channel)

    def all_notes_off(self) -> None:
        self._synth.all_notes_off()

    def reset(self) -> None:
        self._synth.reset()

    def get_all_mod_sources(self) -> list[ModSource]:
        """Every modulation source (id, name, poly, bipolar)."""
        return Resonator.mod_sources()

    def connect_modulation(
        self, source_id: str, param_id: str, depth: float, curve: str = "linear", bipolar: bool = False
    ) -> None:
        self._synth.connect_modulation(source_id, param_id, depth, curve=curve, bipolar=bipolar)

    def disconnect_modulation(self, source_id: str, param_id: str) -> None:
        self._synth.disconnect_modulation(source_id, param_id)

    def get_parameter_modulations(self, param_id: str) -> list[Modulation]:
        return self._synth.modulations(param_id)
