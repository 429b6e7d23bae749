"""Buffer operations on (channels, frames) float32 audio, done in C++.

Every operation that changes samples returns a new array, or works on the given array when
called with ``in_place=True`` (then the array must be writeable and is also returned).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any, Iterator, Optional

import numpy as np

from tonewood import _tonewood
from tonewood._arrays import as_audio, as_writable_audio
from tonewood._checks import count, finite, number
from tonewood.errors import InvalidArgumentError, InvalidTypeError, OutOfRangeError

PAN_LAWS = ("linear", "-3dB", "-4.5dB", "-6dB")
FADE_SHAPES = ("linear", "exponential", "equal_power", "s_curve")


def _target(audio: Any, in_place: bool) -> np.ndarray:
    if in_place:
        return as_writable_audio(audio)
    array = as_audio(audio)
    return array.copy() if array is audio else array  # a conversion is already a new array


def gain(audio: Any, factor: float, *, in_place: bool = False) -> np.ndarray:
    """Every sample times `factor` (linear)."""
    factor = finite("gain factor", factor)
    out = _target(audio, in_place)
    _tonewood._gain(out, factor)
    return out


def gain_db(audio: Any, db: float, *, in_place: bool = False) -> np.ndarray:
    """Every sample scaled by `db` decibels."""
    db = number("gain", db, "dB", -math.inf, 200.0)
    return gain(audio, 0.0 if db == -math.inf else 10 ** (db / 20), in_place=in_place)


def mix(buffers: Sequence[Any], gains: Optional[Sequence[float]] = None) -> np.ndarray:
    """The sum of `buffers` (each (channels, frames), same channel count), each times its gain
    (default 1). Shorter buffers count as silence after their end."""
    arrays = [as_audio(b, f"buffers[{i}]") for i, b in enumerate(buffers)]
    if not arrays:
        raise InvalidArgumentError("mix needs at least one buffer")
    weights = [1.0] * len(arrays) if gains is None else [finite(f"gains[{i}]", g) for i, g in enumerate(gains)]
    if len(weights) != len(arrays):
        raise InvalidArgumentError(f"mix got {len(arrays)} buffers but {len(weights)} gains")
    channels = arrays[0].shape[0]
    for i, a in enumerate(arrays):
        if a.shape[0] != channels:
            raise InvalidArgumentError(
                f"buffers[{i}] has {a.shape[0]} channels; buffers[0] has {channels}"
            )
    out = np.zeros((channels, max(a.shape[1] for a in arrays)), np.float32)
    for a, w in zip(arrays, weights):
        _tonewood._mix_into(out, a, w)
    return out


def pan_gains(position: float, law: str = "-3dB") -> tuple[float, float]:
    """(left, right) gains at `position` (-1 hard left .. 1 hard right) under `law`:
    "linear" (0 dB centre), "-3dB" (constant power), "-4.5dB" or "-6dB" (constant amplitude)."""
    return _tonewood._pan_gains(number("pan position", position, "(-1 left .. 1 right)", -1.0, 1.0), law)


def pan(audio: Any, position: float, law: str = "-3dB", *, in_place: bool = False) -> np.ndarray:
    """Mono audio placed in a stereo field, or stereo audio balanced (a centred position leaves
    stereo untouched). Returns stereo."""
    position = number("pan position", position, "(-1 left .. 1 right)", -1.0, 1.0)
    array = as_audio(audio)
    if array.shape[0] == 1:
        return _tonewood._pan_mono(array, position, law)
    if array.shape[0] != 2:
        raise InvalidArgumentError(f"pan takes mono or stereo audio, got {array.shape[0]} channels")
    out = _target(audio, in_place)
    _tonewood._balance(out, position, law)
    return out


def fade_in(audio: Any, frames: int, shape: str = "linear", *, in_place: bool = False) -> np.ndarray:
    """A fade from silence over the first `frames` frames ("linear", "exponential" (even in dB)
    "equal_power" or "s_curve")."""
    out = _target(audio, in_place)
    _tonewood._fade(out, _fade_frames(frames, out), shape, True)
    return out


def fade_out(audio: Any, frames: int, shape: str = "linear", *, in_place: bool = False) -> np.ndarray:
    """A fade to silence over the last `frames` frames; the time mirror of `fade_in`."""
    out = _target(audio, in_place)
    _tonewood._fade(out, _fade_frames(frames, out), shape, False)
    return out


def _fade_frames(frames: int, audio: np.ndarray) -> int:
    # A fade longer than the audio would only be partly heard; say so rather than guess.
    return count("fade length", frames, "frames", 0, audio.shape[1])


def normalize(
    audio: Any,
    peak_db: Optional[float] = None,
    *,
    lufs: Optional[float] = None,
    sample_rate: Optional[float] = None,
    true_peak: float = -1.0,
    in_place: bool = False,
) -> np.ndarray:
    """Scaled so its sample peak is `peak_db` dBFS (default -1), or its integrated loudness is
    `lufs` (needs `sample_rate`). Loudness normalisation never clips: where the gain would carry
    the true peak over `true_peak` dBTP (default -1), a look-ahead limiter takes the peaks down and
    the loudness still lands within 0.5 LU of the target (OutOfRangeError when that would take
    more than 20 LU of limiting). Silence is returned unchanged by peak normalisation; loudness
    normalisation refuses it."""
    if lufs is not None:
        if peak_db is not None:
            raise InvalidArgumentError("normalize takes peak_db or lufs, not both")
        if sample_rate is None:
            raise InvalidArgumentError("loudness normalisation needs sample_rate")
        target = number("loudness target", lufs, "LUFS", -70.0, 0.0)
        ceiling = number("true_peak", true_peak, "dBTP", -20.0, 0.0)
        rate = number("sample_rate", sample_rate, "Hz", 8000.0, 384000.0)
        out = _target(audio, in_place)
        _tonewood._normalize_loudness(out, rate, target, ceiling)
        return out
    from tonewood import analysis  # late: analysis uses this module too

    target = -1.0 if peak_db is None else number("peak target", peak_db, "dBFS", -200.0, 24.0)
    out = _target(audio, in_place)
    level = analysis.peak_dbfs(out)
    if math.isfinite(level):
        _tonewood._gain(out, 10 ** ((target - level) / 20))
    return out


def invert_polarity(audio: Any, *, in_place: bool = False) -> np.ndarray:
    out = _target(audio, in_place)
    _tonewood._invert(out)
    return out


def reverse(audio: Any, *, in_place: bool = False) -> np.ndarray:
    out = _target(audio, in_place)
    _tonewood._reverse(out)
    return out


def remove_dc(audio: Any, *, in_place: bool = False) -> np.ndarray:
    """Each channel minus its mean."""
    out = _target(audio, in_place)
    _tonewood._remove_dc(out)
    return out


def silence_bounds(audio: Any, threshold_db: float = -60.0) -> tuple[int, int]:
    """(start, end) frames outside which every channel stays at or below `threshold_db` dBFS;
    (0, 0) for silence."""
    threshold = 0.0 if threshold_db == -math.inf else 10 ** (threshold_db / 20)
    start, end = _tonewood._nonsilent_range(as_audio(audio), threshold)
    return int(start), int(end)


def trim_silence(audio: Any, threshold_db: float = -60.0, pad: int = 0) -> np.ndarray:
    """A copy without the leading and trailing frames at or below `threshold_db` dBFS, keeping
    `pad` frames of them on each side."""
    array = as_audio(audio)
    start, end = silence_bounds(array, threshold_db)
    if start == end:
        return np.zeros((array.shape[0], 0), np.float32)
    start, end = max(0, start - pad), min(array.shape[1], end + pad)
    return np.ascontiguousarray(array[:, start:end])


def to_int(audio: Any, bits: int = 16, *, dither: bool = False, seed: int = 1) -> np.ndarray:
    """Floats to integers of `bits` (8, 16, 24, 32) with full scale 2^(bits-1): -1.0 and
    1 - 1 LSB are exact, beyond is clipped. int16 for 8/16 bits, int32 (low bits) for 24/32.
    `dither` adds seeded TPDF dither (+-1 LSB)."""
    array = as_audio(audio)
    convert = _tonewood._to_int16 if bits <= 16 else _tonewood._to_int32
    return convert(array, int(bits), bool(dither), int(seed) & 0xFFFFFFFF)


def to_float(samples: Any, bits: Optional[int] = None) -> np.ndarray:
    """Integers back to float32 (value / 2^(bits-1)); `bits` defaults to the dtype's width."""
    array = np.asarray(samples)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.dtype == np.int16:
        return _tonewood._from_int16(np.ascontiguousarray(array), int(bits or 16))
    if array.dtype == np.int32:
        return _tonewood._from_int32(np.ascontiguousarray(array), int(bits or 32))
    raise InvalidTypeError(f"to_float takes int16 or int32 arrays, got {array.dtype}")


def interleave(audio: Any) -> np.ndarray:
    """(channels, frames) to (frames, channels), frame by frame in memory."""
    return _tonewood._interleave(as_audio(audio))


def deinterleave(frames_by_channels: Any) -> np.ndarray:
    """(frames, channels) float32 back to (channels, frames)."""
    array = np.asarray(frames_by_channels)
    if array.dtype != np.float32 or array.ndim != 2:
        raise InvalidTypeError("deinterleave takes a float32 (frames, channels) array")
    return _tonewood._deinterleave(np.ascontiguousarray(array))


def remix(audio: Any, channels: Optional[int] = None, *, matrix: Any = None) -> np.ndarray:
    """Audio with a new channel count: the standard up/down-mix to `channels` (mono is copied,
    anything to mono averaged, 5.1 to stereo per ITU-R BS.775), or an explicit
    (outputs, inputs) gain `matrix`."""
    array = as_audio(audio)
    if matrix is None:
        if channels is None:
            raise InvalidArgumentError("remix needs channels or matrix")
        matrix = _tonewood._standard_mix(array.shape[0], int(channels))
    return _tonewood._remix(array, np.ascontiguousarray(matrix, np.float32))


def map_channels(audio: Any, mapping: Sequence[int]) -> np.ndarray:
    """Output channel o is input channel mapping[o]; -1 makes a silent channel."""
    array = as_audio(audio)
    return _tonewood._remix(array, _tonewood._channel_map(array.shape[0], [int(m) for m in mapping]))


class BufferPool:
    """`count` preallocated (channels, frames) float32 buffers lent out and given back without
    allocation or locks, for long-running streaming work. Use ``with pool.buffer() as b:``; the
    contents are whatever the last user left (call ``b.fill(0)`` if that matters). An array must
    not be used after its ``with`` block: the buffer goes to the next borrower."""

    def __init__(self, channels: int, frames: int, count: int) -> None:
        self._native = _tonewood._BufferPool(int(channels), int(frames), int(count))

    @contextmanager
    def buffer(self) -> Iterator[np.ndarray]:
        lease = _tonewood._acquire(self._native)
        try:
            yield lease.array
        finally:
            lease.release()

    @property
    def size(self) -> int:
        return int(self._native.size)

    @property
    def available(self) -> int:
        return int(self._native.available)

    @property
    def shape(self) -> tuple[int, int]:
        return int(self._native.channels), int(self._native.frames)
