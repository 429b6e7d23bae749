"""General MIDI instruments from SoundFonts (SF2/SF3), rendered by FluidSynth.

A ``SoundFont`` plays alone (``note_on`` ... ``render``) or as an instrument in an ``Engine``
(MIDI from a MidiPlayerNode or a port). Events go in at the first 64-frame boundary after their
frame (FluidSynth's block), whatever the block size: 1..64 frames late, which the instrument
reports as 32 frames of latency (``latency_frames``), so an event sounds within 32 frames of its
frame once that latency is accounted for. FluidSynth's own file player is never used.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

import numpy as np

from tonewood import _tonewood
from tonewood.errors import InvalidArgumentError, OutOfRangeError
from tonewood._midi_sending import MidiSending, _int_in
from tonewood.processors import Param, Processor

SoundFontPreset = _tonewood.SoundFontPreset

#: Where Debian's packages put SoundFonts (timgm6mb-soundfont, fluid-soundfont-gm).
DEFAULT_DIRECTORY = "/usr/share/sounds/sf2"


def default_general_midi() -> str | None:
    """The General MIDI SoundFont installed here (Debian's default-GM link to FluidR3 or
    TimGM6mb), or None. ``tonewood render song.mid`` plays on it unless told otherwise."""
    return _tonewood._default_general_midi_font() or None


class SoundFont(MidiSending, Processor):
    """FluidSynth playing one or more SoundFonts: 16 MIDI channels (channel 9 is drums, bank 128),
    notes, controllers, pitch bend, pressure, bank and program changes.

    ``fonts`` is a path or a list of paths (later fonts win where several have a bank and
    program); ``polyphony`` voices at most. With ``stems=True``, ``render`` gives 34 rows
    instead of the stereo mix: MIDI channel c's dry sound on rows 2c and 2c + 1, and the reverb
    and chorus of all channels on rows 32 and 33 (together they add up to the mix, which is what
    it gives as a node of an engine).
    """

    gain_db: Param[float] = Param("gain_db", "FluidSynth's master gain, -60..20 dB (-14: its 0.2).")
    reverb: Param[bool] = Param("reverb", "FluidSynth's reverb on or off.")
    chorus: Param[bool] = Param("chorus", "FluidSynth's chorus on or off.")
    interpolation: Param[str] = Param("interpolation", "'none', 'linear', '4th order', '7th order'.")

    def __init__(
        self,
        fonts: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        *,
        sample_rate: float = 48000.0,
        polyphony: int = 256,
        stems: bool = False,
        **params: Any,
    ) -> None:
        polyphony = _int_in("polyphony", polyphony, 1, 65535, " voices")
        super().__init__(_tonewood._SoundFont(polyphony, float(sample_rate), bool(stems)), **params)
        paths = [fonts] if isinstance(fonts, (str, os.PathLike)) else list(fonts)
        if not paths:
            raise InvalidArgumentError("SoundFont needs at least one font file")
        for path in paths:
            self.load(path)

    def load(self, path: str | os.PathLike[str]) -> int:
        """Loads another font and returns its number (1, 2, ...)."""
        return int(self._processor.load_font(os.fspath(path)))

    @property
    def presets(self) -> list[SoundFontPreset]:
        """Every preset of the loaded fonts (font, bank, program, name)."""
        return list(self._processor.presets)

    @property
    def fonts(self) -> list[str]:
        return list(self._processor.font_paths)

    @property
    def sample_rate(self) -> float:
        return float(self._processor.sample_rate)

    # MIDI ----------------------------------------------------------------------------------

    def send(self, message: bytes | Sequence[int], frame: int | None = None) -> None:
        """Queues a MIDI 1.0 channel message (1..3 bytes) at `frame` frames after the start of
        the next render (None: its first frame). note_on, note_off, control_change,
        program_change (with bank=), pitch_bend, channel_pressure, poly_pressure and
        all_notes_off name the messages."""
        data = bytes(message)
        at = 0 if frame is None else _int_in("frame", frame, 0, 2**62, " frames")
        self._processor.schedule(data, at)

    # Rendering -----------------------------------------------------------------------------

    def render(self, frames: int | None = None, *, seconds: float | None = None) -> np.ndarray:
        """Renders `frames` (or `seconds=`) of audio: a (2, n) float32 array ((34, n) with
        stems). Not while an engine holds the instrument (render the engine instead)."""
        if (frames is None) == (seconds is None):
            raise InvalidArgumentError("render() takes either frames or seconds=, not both or neither")
        if seconds is not None:
            if not 0.0 <= float(seconds) <= 86400.0:
                raise OutOfRangeError(f"seconds must be within [0, 86400] s, got {seconds}")
            frames = int(round(float(seconds) * self.sample_rate))
        return self._processor.render_alone(_int_in("frames", frames, 0, 2**31 - 1, " frames"))

    def reset(self) -> None:
        """Silences every voice, resets the channels (programs, controllers) and drops queued
        events."""
        self._processor.reset_alone()

    def __enter__(self) -> SoundFont:
        return self

    def __exit__(self, *exc: object) -> None:
        """Lets go of every key on every channel (what was played rings out)."""
        if not self._processor.is_hosted:
            self.all_notes_off()

    def __repr__(self) -> str:
        return f"SoundFont({self.fonts!r}, sample_rate={self.sample_rate:g})"
