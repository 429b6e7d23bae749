"""Checks on audio arrays at the Python edge, with messages that say what was expected."""

from __future__ import annotations

from typing import Any

import numpy as np

AUDIO_LAYOUT = "a float32 numpy array shaped (channels, frames)"


def as_audio(array: Any, name: str = "audio") -> np.ndarray:
    """Returns `array` as a C-contiguous float32 (channels, frames) array without copying.
    A 1-D array is one channel. Raises TypeError or ValueError saying what is expected."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{name} must be {AUDIO_LAYOUT}, got {type(array).__name__}")
    if array.dtype != np.float32:
        raise TypeError(
            f"{name} must be {AUDIO_LAYOUT}, got dtype {array.dtype}; "
            "convert with array.astype(numpy.float32)"
        )
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise ValueError(f"{name} must be {AUDIO_LAYOUT}, got {array.ndim} dimensions")
    if array.shape[0] < 1 or array.shape[0] > 16:
        raise ValueError(f"{name} must have 1 to 16 channels (rows), got {array.shape[0]}")
    if not array.flags.c_contiguous:
        raise ValueError(
            f"{name} must be C-contiguous (one channel after another); "
            "use numpy.ascontiguousarray(array)"
        )
    return array


def as_output_block(array: Any, name: str, frames_multiple: int) -> np.ndarray:
    """Checks a writable stereo output buffer of whole blocks (channels=2, frames=k*block)."""
    array = as_audio(array, name)
    if array.shape[0] != 2:
        raise ValueError(f"{name} must have 2 channels (shape (2, frames)), got {array.shape[0]}")
    if array.shape[1] % frames_multiple != 0:
        raise ValueError(
            f"{name} must hold whole blocks of {frames_multiple} frames, got {array.shape[1]} frames"
        )
    if not array.flags.writeable:
        raise ValueError(f"{name} must be writeable")
    return array
