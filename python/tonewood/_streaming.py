"""The block-in, block-out shape shared by the streaming converters (Resampler, Stretcher)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from tonewood._arrays import as_audio


class BlockStream:
    """A native streaming converter behind `_native` (with process, finish, reset and frame
    counters); this adds the Python-side checks and `stream`."""

    _native: Any

    def process(self, block: Any) -> np.ndarray:
        """Converts one more (channels, frames) float32 block; returns the output ready now."""
        return self._native.process(as_audio(block, "block"))

    def finish(self) -> np.ndarray:
        """Ends the stream and returns the remaining output; the next block starts afresh."""
        return self._native.finish()

    def reset(self) -> None:
        """Drops the stream's state: the next block starts a new stream."""
        self._native.reset()

    @property
    def input_frames(self) -> int:
        return int(self._native.input_frames)

    @property
    def output_frames(self) -> int:
        return int(self._native.output_frames)

    def stream(self, blocks: Iterable[Any]) -> Iterator[np.ndarray]:
        """Converts an iterable of blocks, yielding the non-empty results (the last one from
        `finish`)."""
        for block in blocks:
            out = self.process(block)
            if out.shape[1]:
                yield out
        tail = self.finish()
        if tail.shape[1]:
            yield tail
