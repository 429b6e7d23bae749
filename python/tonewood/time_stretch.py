"""Time-stretching and pitch-shifting through Rubber Band (R3 "finer" engine by default).

``time_stretch`` and ``pitch_shift`` work on whole arrays; ``Stretcher`` streams for live use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

import numpy as np

from tonewood import _tonewood
from tonewood._arrays import as_audio
from tonewood._streaming import BlockStream


def time_stretch(
    audio: Any,
    sample_rate: float,
    ratio: float,
    semitones: float = 0.0,
    *,
    formants: bool = False,
    engine: str = "finer",
    progress: Optional[Callable[[float], None]] = None,
) -> np.ndarray:
    """`audio` made `ratio` times as long (2.0 = half speed), optionally also shifted by
    `semitones`. The result has exactly round(frames * ratio) frames and is time-aligned with the
    input. `formants=True` keeps the spectral envelope; `engine` is "finer" (R3) or "faster" (R2);
    `progress(fraction)` is called as the work goes on. Ratio 0.05..20, shift -48..48 semitones."""
    return _tonewood._time_stretch(
        as_audio(audio), float(sample_rate), float(ratio), float(semitones), engine,
        bool(formants), progress,
    )


def pitch_shift(
    audio: Any,
    sample_rate: float,
    semitones: float,
    *,
    formants: bool = False,
    engine: str = "finer",
    progress: Optional[Callable[[float], None]] = None,
) -> np.ndarray:
    """`audio` shifted by `semitones` (-48..48), same length and timing."""
    return time_stretch(
        audio, sample_rate, 1.0, semitones, formants=formants, engine=engine, progress=progress
    )


class Stretcher(BlockStream):
    """A streaming time-stretcher and pitch-shifter (Rubber Band's real-time mode). Feed blocks
    with `process`, which returns whatever output is ready; `finish` returns the rest. The output
    is time-aligned and its total length is exact: the sum of each block's frames times the
    ratio in force for it. `ratio` and `semitones` may change between blocks. `latency` is the
    number of input frames pushed before output starts."""

    def __init__(
        self,
        sample_rate: float,
        channels: int,
        ratio: float = 1.0,
        semitones: float = 0.0,
        *,
        formants: bool = False,
        engine: str = "finer",
        max_block: int = 4096,
    ) -> None:
        self._native = _tonewood._Stretcher(
            float(sample_rate), int(channels), float(ratio), float(semitones), engine,
            bool(formants), int(max_block),
        )
        self.sample_rate = float(sample_rate)
        self.channels = int(channels)

    @property
    def ratio(self) -> float:
        return float(self._native.ratio)

    @ratio.setter
    def ratio(self, value: float) -> None:
        self._native.ratio = float(value)

    @property
    def semitones(self) -> float:
        return float(self._native.semitones)

    @semitones.setter
    def semitones(self, value: float) -> None:
        self._native.semitones = float(value)

    @property
    def latency(self) -> int:
        return int(self._native.latency)
