"""Sample-rate conversion through libsoxr: ``tonewood.resample`` and ``tonewood.Resampler``.

Quality names: "vhq" (default: very high, stop band beyond 140 dB), "hq", "mq", "lq", "quick".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from tonewood import _tonewood
from tonewood._arrays import as_audio


def resample(audio: Any, from_rate: float, to_rate: float, quality: str = "vhq") -> np.ndarray:
    """`audio` (float32, (channels, frames) or 1-D) at `to_rate`: exactly
    round(frames * to_rate / from_rate) frames per channel, aligned with the input (the
    filter's delay is compensated)."""
    return _tonewood._resample(as_audio(audio), float(from_rate), float(to_rate), quality)


class Resampler:
    """A streaming converter: feed blocks of any size with `process`, then call `finish`. The
    concatenated output equals `resample` of the concatenated input, sample for sample, and has
    its exact length."""

    def __init__(self, from_rate: float, to_rate: float, channels: int, quality: str = "vhq") -> None:
        self._native = _tonewood._Resampler(float(from_rate), float(to_rate), int(channels), quality)
        self.from_rate = float(from_rate)
        self.to_rate = float(to_rate)
        self.channels = int(channels)

    def process(self, block: Any) -> np.ndarray:
        """Converts one more (channels, frames) float32 block; returns what is ready."""
        return self._native.process(as_audio(block, "block"))

    def finish(self) -> np.ndarray:
        """Ends the stream and returns the remaining frames; the next block starts afresh."""
        return self._native.finish()

    def reset(self) -> None:
        self._native.reset()

    @property
    def input_frames(self) -> int:
        return self._native.input_frames

    @property
    def output_frames(self) -> int:
        return self._native.output_frames

    def stream(self, blocks: Iterable[Any]) -> Iterator[np.ndarray]:
        """Converts an iterable of blocks, yielding converted blocks (the last from `finish`)."""
        for block in blocks:
            out = self.process(block)
            if out.shape[1]:
                yield out
        tail = self.finish()
        if tail.shape[1]:
            yield tail
