"""Sample-rate conversion through libsoxr: ``tonewood.resample`` and ``tonewood.Resampler``.

Quality names: "vhq" (default: very high, stop band beyond 140 dB), "hq", "mq", "lq", "quick".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tonewood import _tonewood
from tonewood._arrays import as_audio
from tonewood._streaming import BlockStream


def resample(audio: Any, from_rate: float, to_rate: float, quality: str = "vhq") -> np.ndarray:
    """`audio` (float32, (channels, frames) or 1-D) at `to_rate`: exactly
    round(frames * to_rate / from_rate) frames per channel, aligned with the input (the
    filter's delay is compensated)."""
    return _tonewood._resample(as_audio(audio), float(from_rate), float(to_rate), quality)


class Resampler(BlockStream):
    """A streaming converter: feed blocks of any size with `process`, then call `finish`. The
    concatenated output equals `resample` of the concatenated input, sample for sample, and has
    its exact length."""

    def __init__(self, from_rate: float, to_rate: float, channels: int, quality: str = "vhq") -> None:
        self._native = _tonewood._Resampler(float(from_rate), float(to_rate), int(channels), quality)
        self.from_rate = float(from_rate)
        self.to_rate = float(to_rate)
        self.channels = int(channels)
