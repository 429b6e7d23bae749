"""Level measurements on rendered or loaded audio."""

from __future__ import annotations

import math
from typing import Any

from tonewood import _tonewood
from tonewood._arrays import as_audio


def peak(array: Any) -> float:
    """Largest absolute sample over all channels (linear)."""
    return float(_tonewood._peak(as_audio(array)))


def peak_dbfs(array: Any) -> float:
    """Sample peak in dBFS (-inf for silence)."""
    level = peak(array)
    return 20.0 * math.log10(level) if level > 0.0 else -math.inf


def integrated_loudness(array: Any, sample_rate: float) -> float:
    """Integrated loudness in LUFS (EBU R128 / ITU-R BS.1770-4, via libebur128); -inf for
    silence or audio shorter than one 400 ms gating block."""
    return float(_tonewood._integrated_loudness(as_audio(array), float(sample_rate)))
