"""Checks on audio arrays at the Python edge, with messages that say what was expected.

tonewood takes audio as (channels, frames) float32. What numpy users hand over is accepted and
converted once: other float dtypes (float64, float16), non-contiguous views (``audio[:, ::2]``),
read-only arrays and nested lists. A C-contiguous float32 array is used as it is, without a copy.
Integer samples are refused (they have no agreed full scale: ``tonewood.buffer.to_float`` says
which), and so is a 2-D array that is plainly frames-first (soundfile's layout): pass ``.T``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tonewood.errors import InvalidArgumentError, InvalidTypeError

AUDIO_LAYOUT = "a float numpy array shaped (channels, frames)"
MAX_CHANNELS = 16


def check_layout(array: np.ndarray, name: str = "audio", max_channels: int = MAX_CHANNELS) -> np.ndarray:
    """`array` as (channels, frames): 1-D is one channel; refuses other ranks, a frames-first
    layout and channel counts outside 1..`max_channels`. Returns a view, never a copy."""
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise InvalidArgumentError(f"{name} must be {AUDIO_LAYOUT}, got {array.ndim} dimensions")
    rows, columns = array.shape
    # More rows than columns is a frames-first array (a stereo frame, (2, 1), is the exception).
    if rows > columns > 0 and rows > 2:
        raise InvalidArgumentError(
            f"{name} is shaped {array.shape}, which reads as {rows} channels of {columns} frames; "
            f"tonewood takes (channels, frames), so for frames-first audio (soundfile's layout) "
            f"pass {name}.T"
        )
    if not 1 <= rows <= max_channels:
        raise InvalidArgumentError(f"{name} must have 1 to {max_channels} channels (rows), got {rows}")
    return array


def as_audio(array: Any, name: str = "audio") -> np.ndarray:
    """`array` as a C-contiguous float32 (channels, frames) array: zero-copy when it already is
    one, converted once otherwise. Raises InvalidTypeError or InvalidArgumentError saying what is
    expected."""
    if not isinstance(array, np.ndarray):
        if not isinstance(array, (list, tuple)) and not hasattr(array, "__array__"):
            raise InvalidTypeError(f"{name} must be {AUDIO_LAYOUT}, got {type(array).__name__}")
        array = np.asarray(array)
    if array.dtype != np.float32:
        if np.issubdtype(array.dtype, np.integer):
            raise InvalidTypeError(
                f"{name} holds {array.dtype} samples, which have no agreed full scale; convert "
                f"with tonewood.buffer.to_float(array) (full scale 2^(bits-1)) or pass floats"
            )
        if not np.issubdtype(array.dtype, np.floating):
            raise InvalidTypeError(f"{name} must be {AUDIO_LAYOUT}, got dtype {array.dtype}")
    array = check_layout(array, name)
    if array.dtype != np.float32 or not array.flags.c_contiguous:
        array = np.ascontiguousarray(array, dtype=np.float32)
    return array


def as_writable_audio(array: Any, name: str = "audio") -> np.ndarray:
    """`array` itself, for work done in place: it must already be a writable C-contiguous
    float32 (channels, frames) array, since a converted copy would leave the caller's untouched."""
    if not isinstance(array, np.ndarray) or array.dtype != np.float32:
        raise InvalidTypeError(
            f"in-place work needs {name} as a float32 numpy array, got "
            f"{getattr(array, 'dtype', type(array).__name__)}; leave in_place off to get a converted result"
        )
    shaped = check_layout(array, name)
    if not shaped.flags.c_contiguous or not shaped.flags.writeable:
        raise InvalidArgumentError(
            f"in-place work needs {name} C-contiguous and writeable; leave in_place off to get a new array"
        )
    return shaped


def as_output_block(array: Any, name: str, frames_multiple: int) -> np.ndarray:
    """Checks a writable stereo output buffer of whole blocks (channels=2, frames=k*block)."""
    array = as_writable_audio(array, name)
    if array.shape[0] != 2:
        raise InvalidArgumentError(f"{name} must have 2 channels (shape (2, frames)), got {array.shape[0]}")
    if array.shape[1] % frames_multiple != 0:
        raise InvalidArgumentError(
            f"{name} must hold whole blocks of {frames_multiple} frames, got {array.shape[1]} frames"
        )
    return array
