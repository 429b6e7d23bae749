"""Cutting audio into slices (at onsets, on a grid or at given times), writing them out, and
putting them back together in a new order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from tonewood._arrays import as_audio
from tonewood.errors import InvalidArgumentError, OutOfRangeError


def slice_points(
    array: Any,
    sample_rate: float,
    *,
    onsets: bool = False,
    grid: Optional[float] = None,
    times: Optional[Sequence[float]] = None,
    **onset_options: Any,
) -> np.ndarray:
    """Frame positions where slices start (always including 0), from exactly one of: detected
    onsets (`onsets=True`, options passed to `analysis.onsets`), a grid every `grid` seconds
    (e.g. 60 / bpm / 4 for sixteenths), or explicit `times` in seconds."""
    audio = as_audio(array)
    chosen = [onsets, grid is not None, times is not None]
    if sum(chosen) != 1:
        raise InvalidArgumentError("slice_points needs exactly one of onsets=True, grid= or times=")
    if onsets:
        from tonewood import analysis

        seconds = analysis.onsets(audio, sample_rate, **onset_options)
    elif grid is not None:
        if grid <= 0:
            raise OutOfRangeError(f"grid must be a positive number of seconds, got {grid}")
        seconds = np.arange(0.0, audio.shape[1] / sample_rate, float(grid))
    else:
        seconds = np.asarray(times, np.float64)
    frames = np.round(np.asarray(seconds) * sample_rate).astype(np.int64)
    frames = frames[(frames >= 0) & (frames < audio.shape[1])]
    return np.unique(np.concatenate([[0], frames]))


def slice_audio(array: Any, points: Sequence[int]) -> list[np.ndarray]:
    """The audio cut at each frame in `points` (ascending); slice i runs to point i + 1."""
    audio = as_audio(array)
    edges = sorted({int(p) for p in points if 0 <= int(p) < audio.shape[1]} | {0})
    edges.append(audio.shape[1])
    return [np.ascontiguousarray(audio[:, a:b]) for a, b in zip(edges, edges[1:]) if b > a]


def export_slices(
    slices: Sequence[Any],
    directory: Union[str, Path],
    sample_rate: float,
    prefix: str = "slice",
    format: str = "WAV",
    subtype: Optional[str] = None,
) -> list[Path]:
    """Writes each slice as `<prefix>-<index>.<ext>` into `directory` (created if needed)."""
    from tonewood.audio_file import write

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    extension = {"WAV": "wav", "FLAC": "flac", "AIFF": "aiff", "OGG": "ogg"}.get(format.upper(), format.lower())
    width = max(3, len(str(len(slices))))
    paths = []
    for i, piece in enumerate(slices):
        path = folder / f"{prefix}-{i:0{width}d}.{extension}"
        write(path, as_audio(piece, f"slices[{i}]"), sample_rate, format=format, subtype=subtype)
        paths.append(path)
    return paths


def recombine(
    slices: Sequence[Any],
    order: Union[str, Sequence[int]] = "reverse",
    seed: Optional[int] = None,
) -> np.ndarray:
    """The slices joined in a new order: "reverse", "shuffle" (with `seed` for repeatable
    results), or a pattern of slice indices such as [0, 0, 3, 1] (repeats allowed)."""
    pieces = [as_audio(s, f"slices[{i}]") for i, s in enumerate(slices)]
    if not pieces:
        raise InvalidArgumentError("recombine needs at least one slice")
    if isinstance(order, str):
        if order == "reverse":
            indices = list(range(len(pieces)))[::-1]
        elif order == "shuffle":
            indices = list(np.random.default_rng(seed).permutation(len(pieces)))
        else:
            raise InvalidArgumentError(f"unknown order '{order}'; use reverse, shuffle or a list of indices")
    else:
        indices = [int(i) for i in order]
        for i in indices:
            if not 0 <= i < len(pieces):
                raise OutOfRangeError(f"slice index {i} is out of range 0..{len(pieces) - 1}")
    return np.ascontiguousarray(np.concatenate([pieces[i] for i in indices], axis=1))
