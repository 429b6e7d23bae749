"""Writing audio files (libsndfile)."""

from __future__ import annotations

import os
from typing import Any

from tonewood import _tonewood
from tonewood._arrays import as_audio


def write_audio(
    path: str | os.PathLike[str], array: Any, sample_rate: float, subtype: str = "PCM_24"
) -> None:
    """Writes (channels, frames) float32 audio to WAV, FLAC or AIFF (chosen by the extension).

    subtype: "PCM_16", "PCM_24", "PCM_32", "FLOAT" or "DOUBLE" (FLAC: PCM up to 24 bits).
    The file appears only when completely written: an error never leaves a partial file.
    """
    audio = as_audio(array)
    _tonewood._write_audio(os.fspath(path), audio, float(sample_rate), subtype)
