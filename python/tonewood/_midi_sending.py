"""The MIDI 1.0 channel messages an instrument is played with, by name, for anything that can
``send`` raw MIDI bytes at a frame: SoundFonts, LV2 instruments, engine nodes and instruments
played live. The names and keywords are those General MIDI players use
(``note_on(channel=0, note=60, velocity=100)``)."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from tonewood.errors import InvalidTypeError, OutOfRangeError


def _int_in(name: str, value: Any, low: int, high: int, unit: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidTypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= int(value) <= high:
        raise OutOfRangeError(f"{name} must be within [{low}, {high}]{unit}, got {value}")
    return int(value)


class MidiSending:
    """Named channel messages on top of ``send(message, frame=...)``. `frame` means what the
    class's own ``send`` says (a frame of the next render offline; None: as soon as possible)."""

    def send(self, message: bytes | Sequence[int], frame: int | None = None) -> None:
        raise NotImplementedError

    def _channel_message(self, status: int, channel: int, *data: int, frame: int | None) -> None:
        channel = _int_in("channel", channel, 0, 15)
        self.send(bytes([status | channel, *data]), frame=frame)

    def note_on(self, note: int, velocity: int = 100, channel: int = 0, frame: int | None = None) -> None:
        self._channel_message(0x90, channel, _int_in("note", note, 0, 127),
                              _int_in("velocity", velocity, 1, 127), frame=frame)

    def note_off(self, note: int, channel: int = 0, frame: int | None = None) -> None:
        self._channel_message(0x80, channel, _int_in("note", note, 0, 127), 0, frame=frame)

    def control_change(self, controller: int, value: int, channel: int = 0, frame: int | None = None) -> None:
        self._channel_message(0xB0, channel, _int_in("controller", controller, 0, 127),
                              _int_in("value", value, 0, 127), frame=frame)

    def program_change(self, program: int, channel: int = 0, *, bank: int | None = None,
                       frame: int | None = None) -> None:
        """Selects a program (0..127), after a bank select (0..16383; 128 is General MIDI's
        drum kits) when `bank` is given."""
        if bank is not None:
            bank = _int_in("bank", bank, 0, 16383)
            self.control_change(0, bank >> 7, channel, frame)
            self.control_change(32, bank & 0x7F, channel, frame)
        self._channel_message(0xC0, channel, _int_in("program", program, 0, 127), frame=frame)

    def pitch_bend(self, value: int | float, channel: int = 0, frame: int | None = None) -> None:
        """A 14-bit value (0..16383, 8192 centred) or a float in -1..1."""
        if isinstance(value, float):
            if not -1.0 <= value <= 1.0:
                raise OutOfRangeError(f"pitch bend must be within [-1, 1], got {value}")
            bend = min(16383, int(round((value + 1.0) * 8192)))
        else:
            bend = _int_in("pitch bend", value, 0, 16383)
        self._channel_message(0xE0, channel, bend & 0x7F, bend >> 7, frame=frame)

    def channel_pressure(self, value: int, channel: int = 0, frame: int | None = None) -> None:
        self._channel_message(0xD0, channel, _int_in("pressure", value, 0, 127), frame=frame)

    def poly_pressure(self, note: int, value: int, channel: int = 0, frame: int | None = None) -> None:
        self._channel_message(0xA0, channel, _int_in("note", note, 0, 127),
                              _int_in("pressure", value, 0, 127), frame=frame)

    def all_notes_off(self, channel: int | None = None, frame: int | None = None) -> None:
        """MIDI's "all notes off" (controller 123) on one channel, or on all 16."""
        for c in range(16) if channel is None else [channel]:
            self.control_change(123, 0, c, frame)
