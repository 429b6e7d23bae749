"""Processors in series, applied to an array: ``Chain([Reverb(...), Compressor(...)])(audio, 48000)``."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

import numpy as np

from tonewood import _tonewood
from tonewood.errors import InvalidArgumentError
from tonewood.processors import audio_input, native_of

INPUT_ID = 1
OUTPUT_ID = 2


class Chain:
    """A list of processors applied one after another to an array, offline, in C++ without the
    GIL. Each call runs a small engine: the result is what the same processors give in any graph,
    independent of `block_size`. A mono array feeds every input of a stereo first processor; the
    result has the last processor's channels (the effects are stereo)."""

    def __init__(self, processors: Iterable[Any] = ()) -> None:
        self.processors = list(processors)
        for p in self.processors:
            native_of(p)  # refuses anything that is not a processor, now rather than later

    def __call__(self, audio: np.ndarray, sample_rate: float, *, block_size: int = 512,
                 reset: bool = True) -> np.ndarray:
        """Returns the processed audio as a new (channels, frames) float32 array. With `reset`
        (the default) every processor starts from silence; without, they carry on from the last
        call, for processing a stream block by block."""
        signal = audio_input(audio)
        if not self.processors:
            return signal.copy()
        natives = [native_of(p) for p in self.processors]
        for p in natives:
            if p.is_hosted:
                raise InvalidArgumentError(f"this {p.type_name} is a node of an engine; a chain cannot run it too")
        channels = signal.shape[0]
        engine = _tonewood._Engine(float(sample_rate), int(block_size), channels,
                                   int(natives[-1].num_outputs), 1, 1024)
        with _batch(engine):
            ids = [engine.add(p, "") for p in natives]
            engine.connect(INPUT_ID, ids[0])
            for a, b in zip(ids, ids[1:]):
                engine.connect(a, b)
            engine.connect(ids[-1], OUTPUT_ID)
        try:
            if reset:
                engine.reset()
            return np.asarray(engine.render(signal.shape[1], signal, None))
        finally:
            # The processors are free again even when the render failed (a crashed plugin) and
            # the traceback keeps this engine alive.
            with _batch(engine):
                for node in ids:
                    engine.remove(node)

    def append(self, processor: Any) -> None:
        native_of(processor)
        self.processors.append(processor)

    def __len__(self) -> int:
        return len(self.processors)

    def __getitem__(self, index: int) -> Any:
        return self.processors[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.processors)

    def __repr__(self) -> str:
        return f"Chain([{', '.join(type(p).__name__ for p in self.processors)}])"


class _batch:
    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def __enter__(self) -> None:
        self.engine.begin_batch()

    def __exit__(self, *exc: object) -> None:
        self.engine.end_batch()
