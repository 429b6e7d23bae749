"""``tonewood.render_midi``: a MIDI file played on the resonator synth, offline."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from tonewood import _tonewood
from tonewood.errors import InvalidArgumentError
from tonewood.midi import MidiFile


def default_instrument(sample_rate: float) -> Any:
    """A plucked string: the click exciter into one waveguide per key (what a file sounds like
    when no instrument or preset is given)."""
    synth = _tonewood.Resonator(sample_rate=sample_rate, block_size=512)
    synth.load_factory_preset("plucked string")
    return synth


def render_midi(
    midi: MidiFile | str | os.PathLike[str] | bytes,
    instrument: Any = None,
    sample_rate: float = 48000,
    *,
    preset: str | os.PathLike[str] | None = None,
    tail: float = 2.0,
) -> np.ndarray:
    """Renders a MIDI file (a MidiFile, a path or bytes) to a (2, frames) float32 array.

    `instrument` is a Resonator (its own sample rate is used); otherwise a new one at
    `sample_rate`, with `preset` (tonewood JSON or Resonarium XML) loaded, or a plain plucked
    string. Every channel message lands on the sample its tick gives through the file's tempo
    map, exactly; `tail` seconds follow the file's end. Runs in C++ without the GIL.
    """
    song = midi if isinstance(midi, MidiFile) else MidiFile(midi)
    if instrument is None:
        if preset is not None:
            instrument = _tonewood.Resonator(sample_rate=sample_rate, block_size=512)
            instrument.load_preset(os.fspath(preset))
        else:
            instrument = default_instrument(sample_rate)
    elif preset is not None:
        raise InvalidArgumentError("give an instrument or a preset, not both (load the preset into the instrument)")
    return instrument._render_midi(song._native, float(tail))
