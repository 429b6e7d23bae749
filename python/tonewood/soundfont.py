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
from tonewood.errors import InvalidArgumentError, InvalidTypeError, OutOfRangeError
from tonewood.processors import Param, Processor

SoundFontPreset = _tonewood.SoundFontPreset

#: Where Debian's packages put SoundFonts (timgm6mb-soundfont, fluid-soundfont-gm).
DEFAULT_DIRECTORY = "/usr/share/sounds/sf2"


def _int_in(name: str, value: Any, low: int, high: int, unit: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidTypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= int(value) <= high:
        raise OutOfRangeError(f"{name} must be within [{low}, {high}]{unit}, got {value}")
    return int(value)


class SoundFont(Processor):
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

    def send(self, message: bytes | Sequence[int], frame: int = 0) -> None:
        """Queues a MIDI 1.0 channel message (1..3 bytes) at `frame` frames after the start of
        the next render."""
        data = bytes(message)
        self._processor.schedule(data, _int_in("frame", frame, 0, 2**62, " frames"))

    def _channel_message(self, status: int, channel: int, *data: int, frame: int) -> None:
        channel = _int_in("channel", channel, 0, 15)
        self.send(bytes([status | channel, *data]), frame)

    def note_on(self, note: int, velocity: int = 100, channel: int = 0, frame: int = 0) -> None:
        self._channel_message(0x90, channel, _int_in("note", note, 0, 127),
                              _int_in("velocity", velocity, 1, 127), frame=frame)

    def note_off(self, note: int, channel: int = 0, frame: int = 0) -> None:
        self._channel_message(0x80, channel, _int_in("note", note, 0, 127), 0, frame=frame)

    def control_change(self, controller: int, value: int, channel: int = 0, frame: int = 0) -> None:
        self._channel_message(0xB0, channel, _int_in("controller", controller, 0, 127),
                              _int_in("value", value, 0, 127), frame=frame)

    def program_change(self, program: int, channel: int = 0, *, bank: int | None = None,
                       frame: int = 0) -> None:
        """Selects a program (0..127), after a bank select (0..16383; 128 is the drum kits)
        when `bank` is given."""
        if bank is not None:
            bank = _int_in("bank", bank, 0, 16383)
            self.control_change(0, bank >> 7, channel, frame)
            self.control_change(32, bank & 0x7F, channel, frame)
        self._channel_message(0xC0, channel, _int_in("program", program, 0, 127), frame=frame)

    def pitch_bend(self, value: int | float, channel: int = 0, frame: int = 0) -> None:
        """A 14-bit value (0..16383, 8192 centred) or a float in -1..1."""
        if isinstance(value, float):
            if not -1.0 <= value <= 1.0:
                raise OutOfRangeError(f"pitch bend must be within [-1, 1], got {value}")
            bend = min(16383, int(round((value + 1.0) * 8192)))
        else:
            bend = _int_in("pitch bend", value, 0, 16383)
        self._channel_message(0xE0, channel, bend & 0x7F, bend >> 7, frame=frame)

    def channel_pressure(self, value: int, channel: int = 0, frame: int = 0) -> None:
        self._channel_message(0xD0, channel, _int_in("pressure", value, 0, 127), frame=frame)

    def poly_pressure(self, note: int, value: int, channel: int = 0, frame: int = 0) -> None:
        self._channel_message(0xA0, channel, _int_in("note", note, 0, 127),
                              _int_in("pressure", value, 0, 127), frame=frame)

    def all_notes_off(self, channel: int | None = None, frame: int = 0) -> None:
        for c in range(16) if channel is None else [channel]:
            self.control_change(123, 0, c, frame)

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

    def __repr__(self) -> str:
        return f"SoundFont({self.fonts!r}, sample_rate={self.sample_rate:g})"
