"""``tonewood.render_midi``: a MIDI file played on the resonator synth, offline."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from tonewood import _tonewood
from tonewood._checks import number
from tonewood.errors import InvalidArgumentError
from tonewood.midi import MidiFile


DEFAULT_SAMPLE_RATE = 48000.0


def default_instrument(sample_rate: float) -> Any:
    """The default patch (a plucked string: the click exciter into one waveguide per key), what
    a file sounds like when no instrument or preset is given."""
    return _tonewood.Resonator(sample_rate=sample_rate, block_size=512)


def render_midi(
    midi: MidiFile | str | os.PathLike[str] | bytes,
    instrument: Any = None,
    sample_rate: float | None = None,
    *,
    preset: str | os.PathLike[str] | None = None,
    tail: float = 2.0,
    drums: bool | None = None,
) -> np.ndarray:
    """Renders a MIDI file (a MidiFile, a path or bytes) to a (2, frames) float32 array.

    `instrument` is a Resonator, played at its own sample rate (a different `sample_rate` is an
    error, not a silent render at the other rate); otherwise a new one at `sample_rate` (default
    48000 Hz), with `preset` (tonewood JSON or Resonarium XML) loaded, or the default plucked
    string. Every channel message lands on the sample its tick gives through the file's tempo
    map, exactly; `tail` seconds follow the file's end. General MIDI's drum channel (10) is left
    out, since a pitched instrument would play its drum notes as pitches; ``drums=True`` plays it
    too. A ``tonewood.SoundFont`` plays at its own rate too, drums included unless
    ``drums=False`` (a General MIDI font has the kits), each event within 32 frames of its
    sample (FluidSynth's 64-frame grid; the latency is taken off the front). Runs in C++ without
    the GIL.
    """
    from tonewood.soundfont import SoundFont

    tail = number("tail", tail, "s", 0.0, 3600.0)
    song = midi if isinstance(midi, MidiFile) else MidiFile(midi)
    if isinstance(instrument, SoundFont):
        if preset is not None:
            raise InvalidArgumentError("a SoundFont takes no preset (choose programs with MIDI program changes)")
        if sample_rate is not None and float(sample_rate) != instrument.sample_rate:
            raise InvalidArgumentError(
                f"sample_rate is {float(sample_rate):g} Hz but the SoundFont runs at {instrument.sample_rate:g} Hz"
            )
        return np.asarray(instrument._processor._render_midi(song._native, tail, drums is not False))
    if instrument is None:
        rate = DEFAULT_SAMPLE_RATE if sample_rate is None else number("sample_rate", sample_rate, "Hz", 1000.0, 768000.0)
        if preset is not None:
            instrument = _tonewood.Resonator(sample_rate=rate, block_size=512, patch=None)
            instrument.load_preset(os.fspath(preset))
        else:
            instrument = default_instrument(rate)
    else:
        if preset is not None:
            raise InvalidArgumentError("give an instrument or a preset, not both (load the preset into the instrument)")
        if sample_rate is not None and float(sample_rate) != float(instrument.sample_rate):
            raise InvalidArgumentError(
                f"sample_rate is {float(sample_rate):g} Hz but the instrument runs at "
                f"{float(instrument.sample_rate):g} Hz; make the instrument at the rate you want, or leave sample_rate out"
            )
    return instrument._render_midi(song._native, tail, bool(drums))
