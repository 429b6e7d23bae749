"""MIDI: messages, Standard MIDI Files, tempo maps and notes.

- ``Message.note_on(channel=0, note=60, velocity=100)``, ``.bytes()``, ``Message.from_bytes(b)``.
- ``MidiFile(path)`` reads a file (formats 0, 1, 2; PPQ or SMPTE); ``MidiFile(ticks_per_beat=480)``
  starts a new one. ``.tracks``, ``.tempo_map``, ``.notes()``, ``.duration``, ``.save(path)``.
- ``TempoMap``: exact tick <-> seconds <-> sample conversion across tempo changes.
- ``tonewood.midi.ump``: MIDI 2.0 Universal MIDI Packets, and ``Message.to_midi2()``.
- ``MidiClient``: live MIDI ports, connections and thru routes through JACK (``tonewood.midi.live``).

Files are parsed and written in C++; a track's events become Python objects only when you look
at them. Malformed files raise ``MidiFileError`` with the byte offset.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np

from tonewood import _tonewood
from tonewood.errors import InvalidArgumentError, MidiFileError, MidiFileWarning, OutOfRangeError
from tonewood.midi import ump
from tonewood.midi.live import MidiClient, MidiInput, MidiOutput, TimedMessage, list_ports

Message = _tonewood.Message
TempoMap = _tonewood.TempoMap

META_TYPES = {
    "sequence_number": 0x00, "text": 0x01, "copyright": 0x02, "track_name": 0x03,
    "instrument_name": 0x04, "lyrics": 0x05, "marker": 0x06, "cue_marker": 0x07,
    "program_name": 0x08, "device_name": 0x09, "channel_prefix": 0x20, "midi_port": 0x21,
    "end_of_track": 0x2F, "set_tempo": 0x51, "smpte_offset": 0x54, "time_signature": 0x58,
    "key_signature": 0x59, "sequencer_specific": 0x7F,
}  # fmt: skip
_META_NAMES = {number: name for name, number in META_TYPES.items()}
_TEXT_TYPES = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09}
_KINDS = ("message", "meta", "sysex", "escape")

__all__ = [
    "META_TYPES", "Message", "MessageTransform", "MidiEvent", "MidiFile", "MidiFileError", "MidiFileWarning", "MidiTrack", "Note",
    "TempoMap", "grid_ticks", "ump", "MidiClient", "MidiInput", "MidiOutput", "TimedMessage",
    "list_ports",
]


@dataclass(frozen=True)
class MidiEvent:
    """One event of a track. ``kind`` is "message" (a channel message in ``message``), "meta"
    (``meta_type`` and ``data``), "sysex" or "escape" (``data`` as stored in the file)."""

    tick: int
    kind: str
    message: Any = None
    meta_type: int | None = None
    data: bytes = b""

    @property
    def type(self) -> str:
        """The message type ("note_on", ...), the meta event's name ("set_tempo", ...), "sysex"
        or "escape"."""
        if self.kind == "message":
            return str(self.message.type)
        if self.kind == "meta":
            return _META_NAMES.get(self.meta_type or 0, "unknown_meta")
        return self.kind

    @property
    def tempo(self) -> int:
        """Microseconds per quarter note (set_tempo events)."""
        if self.type != "set_tempo" or len(self.data) != 3:
            raise InvalidArgumentError(f"{self.type} is not a tempo event")
        return int.from_bytes(self.data, "big")

    @property
    def bpm(self) -> float:
        """The tempo of a set_tempo event in beats (quarter notes) per minute."""
        return 60_000_000 / self.tempo

    @property
    def fields(self) -> dict[str, Any]:
        """A meta event's contents under mido's field names: set_tempo {tempo}, time_signature
        {numerator, denominator, clocks_per_click, notated_32nd_notes_per_beat}, key_signature
        {key} ("C", "F#m", "Bb"), text-like events {text} (and {name} for track and instrument
        names), channel_prefix {channel}, midi_port {port}, sequence_number {number},
        smpte_offset {frame_rate, hours, minutes, seconds, frames, sub_frames}, others {data}.
        Each field is also an attribute (``event.numerator``)."""
        if self.kind != "meta":
            return {}
        d, name = self.data, self.type
        if name == "set_tempo" and len(d) == 3:
            return {"tempo": int.from_bytes(d, "big")}
        if name == "time_signature" and len(d) == 4:
            return {"numerator": d[0], "denominator": 2 ** d[1], "clocks_per_click": d[2],
                    "notated_32nd_notes_per_beat": d[3]}
        if name == "key_signature" and len(d) == 2:
            return {"key": _key_name(int.from_bytes(d[:1], "big", signed=True), bool(d[1]))}
        if name in ("track_name", "instrument_name"):
            return {"name": d.decode("latin-1")}
        if self.meta_type in _TEXT_TYPES:
            return {"text": d.decode("latin-1")}
        if name == "channel_prefix" and len(d) == 1:
            return {"channel": d[0]}
        if name == "midi_port" and len(d) == 1:
            return {"port": d[0]}
        if name == "sequence_number" and len(d) in (0, 2):
            return {"number": int.from_bytes(d, "big") if d else 0}
        if name == "smpte_offset" and len(d) == 5:
            return {"frame_rate": (24, 25, 29.97, 30)[(d[0] >> 5) & 3], "hours": d[0] & 0x1F,
                    "minutes": d[1], "seconds": d[2], "frames": d[3], "sub_frames": d[4]}
        return {"data": bytes(d)}

    def __getattr__(self, field: str) -> Any:
        # Only reached for names the class does not define: the meta fields above.
        if field.startswith("_"):
            raise AttributeError(field)
        fields = self.fields
        if field in fields:
            return fields[field]
        raise AttributeError(f"a {self.type} event has no field {field!r} (it has {sorted(fields) or 'none'})")

    @property
    def text(self) -> str:
        """The text of text-like meta events (names, lyrics, markers...), read as Latin-1."""
        if self.kind != "meta" or self.meta_type not in _TEXT_TYPES:
            raise InvalidArgumentError(f"{self.type} carries no text")
        return self.data.decode("latin-1")

    def bytes(self) -> bytes:
        """The message's bytes (channel messages), or the SysEx as stored after its length."""
        return self.message.bytes() if self.kind == "message" else self.data


_SHARP_MAJORS = ["C", "G", "D", "A", "E", "B", "F#", "C#"]
_FLAT_MAJORS = ["C", "F", "Bb", "Eb", "Ab", "Db", "Gb", "Cb"]
_SHARP_MINORS = ["A", "E", "B", "F#", "C#", "G#", "D#", "A#"]
_FLAT_MINORS = ["A", "D", "G", "C", "F", "Bb", "Eb", "Ab"]


def _key_name(sharps: int, minor: bool) -> str:
    """mido's key names: "C", "F#", "Bb" for majors, with "m" for minors."""
    sharps = max(-7, min(7, sharps))
    if minor:
        return (_SHARP_MINORS[sharps] if sharps >= 0 else _FLAT_MINORS[-sharps]) + "m"
    return _SHARP_MAJORS[sharps] if sharps >= 0 else _FLAT_MAJORS[-sharps]


@dataclass(frozen=True)
class Note:
    """A note: ticks and (through the file's tempo map) seconds."""

    start_tick: int
    end_tick: int
    note: int
    velocity: int
    release_velocity: int = 0
    channel: int = 0
    track: int = 0
    start: float = 0.0  # seconds
    end: float = 0.0

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def duration_ticks(self) -> int:
        return self.end_tick - self.start_tick


class MidiTrack:
    """A track of a MidiFile (a live view: edits go straight into the file)."""

    def __init__(self, file: MidiFile, index: int) -> None:
        self._file = file
        self.index = index

    @property
    def events(self) -> list[MidiEvent]:
        """The events in time order (the end-of-track event is implied by ``end_tick``)."""
        return [
            MidiEvent(tick, _KINDS[kind], message, meta if kind == 1 else None, data)
            for tick, kind, message, meta, data in self._file._native.events(self.index)
        ]

    def __iter__(self) -> Iterator[MidiEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return int(self._file._native.event_count(self.index))

    @property
    def name(self) -> str | None:
        name = self._file._native.track_name(self.index)
        return None if name is None else name.decode("latin-1")

    @property
    def end_tick(self) -> int:
        return int(self._file._native.end_tick(self.index))

    @end_tick.setter
    def end_tick(self, tick: int) -> None:
        self._file._native.set_end_tick(self.index, int(tick))

    def add(self, tick: int, message: Any) -> None:
        """Adds a channel or SysEx message at `tick` (after events already at that tick)."""
        self._file._native.add_message(self.index, int(tick), message)

    def add_meta(self, tick: int, meta_type: int | str, data: bytes | str = b"") -> None:
        """Adds a meta event by number or name ("marker", "lyrics", ...); text is Latin-1."""
        number = META_TYPES[meta_type] if isinstance(meta_type, str) else int(meta_type)
        payload = data.encode("latin-1") if isinstance(data, str) else bytes(data)
        self._file._native.add_meta(self.index, int(tick), number, payload)

    def add_tempo(self, tick: int, bpm: float | None = None, *, microseconds: int | None = None) -> None:
        """A tempo change, in beats per minute or microseconds per quarter note."""
        if (bpm is None) == (microseconds is None):
            raise InvalidArgumentError("give the tempo as bpm or as microseconds, not both")
        us = microseconds if microseconds is not None else round(60_000_000 / float(bpm))  # type: ignore[arg-type]
        self._file._native.add_tempo(self.index, int(tick), int(us))

    def add_time_signature(self, tick: int, numerator: int, denominator: int,
                           clocks_per_click: int = 24, notated_32nds_per_beat: int = 8) -> None:
        self._file._native.add_time_signature(
            self.index, int(tick), numerator, denominator, clocks_per_click, notated_32nds_per_beat
        )

    def add_key_signature(self, tick: int, sharps: int, minor: bool = False) -> None:
        """`sharps` -7..7 (negative: flats)."""
        self._file._native.add_key_signature(self.index, int(tick), int(sharps), bool(minor))

    def add_note(self, note: int, start: float, duration: float, velocity: int = 100, channel: int = 0,
                 *, unit: str = "beats", release_velocity: int = 0) -> None:
        """A note-on and its note-off, placed in `unit`: "beats" (quarter notes), "seconds"
        (through the file's tempo map, as its tempo events stand when the note is added) or
        "ticks"."""
        if unit not in ("beats", "seconds", "ticks"):
            raise InvalidArgumentError(f"unit must be 'beats', 'seconds' or 'ticks', got {unit!r}")
        if not (math.isfinite(start) and math.isfinite(duration)) or start < 0 or duration < 0:
            raise OutOfRangeError(f"a note needs a start and duration >= 0 {unit}, got {start} and {duration}")
        first, last = self._file.ticks_at(start, unit), self._file.ticks_at(start + duration, unit)
        self.add(first, Message.note_on(channel, note, velocity))
        self.add(last, Message.note_off(channel, note, release_velocity))

    def __repr__(self) -> str:
        return f"MidiTrack({self.index}, name={self.name!r}, {len(self)} events)"


def grid_ticks(grid: int | str, ticks_per_beat: int) -> int:
    """A grid in ticks: an int as it is, or a note value: "1/16", "1/8t" (triplet), "1/4."
    (dotted), relative to a quarter note of `ticks_per_beat`."""
    if isinstance(grid, int):
        return grid
    return int(_tonewood._note_value_ticks(str(grid).strip(), int(ticks_per_beat)))


class MessageTransform:
    """A message-by-message transformation, for files (MidiFile.transform) and live streams
    (``apply``; in C++ it runs on the MIDI thread without allocating). Steps, in order: keep
    only `channels` and `types` (message type names) and notes within `note_range`; remap
    channels (`channel_map`: {from: to, or None to drop}) and controllers (`controller_map`);
    transpose (every channel but General MIDI's drum channel 10, index 9, whose notes name drums;
    ``transpose_drums=True`` moves those too); scale and curve note-on velocities (round(127 * (v/127) ** curve * scale),
    kept within 1..127)."""

    def __init__(
        self,
        *,
        transpose: int = 0,
        velocity_scale: float = 1.0,
        velocity_curve: float = 1.0,
        channels: Iterable[int] | None = None,
        channel_map: dict[int, int | None] | None = None,
        note_range: tuple[int, int] = (0, 127),
        types: Iterable[str] | None = None,
        controller_map: dict[int, int | None] | None = None,
        transpose_drums: bool = False,
    ) -> None:
        mask = 0xFFFF if channels is None else sum(1 << int(c) for c in set(channels) if 0 <= int(c) < 16)
        type_mask = 0xFF if types is None else 0
        for name in types or ():
            type_mask |= int(_tonewood._type_bit(name))
        channel_targets = list(range(16))
        for source, target in (channel_map or {}).items():
            channel_targets[int(source)] = -1 if target is None else int(target)
        controller_targets = list(range(128))
        for source, target in (controller_map or {}).items():
            controller_targets[int(source)] = -1 if target is None else int(target)
        self._native = _tonewood._MessageTransform(
            int(transpose), float(velocity_scale), float(velocity_curve), mask, channel_targets,
            int(note_range[0]), int(note_range[1]), type_mask, controller_targets, bool(transpose_drums),
        )

    def apply(self, message: Any) -> Any:
        """The transformed message, or None when it is filtered out."""
        return self._native.apply(message)


class MidiFile:
    """A Standard MIDI File.

    ``MidiFile("song.mid")`` reads one, as do bytes and binary file objects (anything with
    ``read()``, such as ``open(path, "rb")`` or ``io.BytesIO``); ``MidiFile(ticks_per_beat=480, format=1)``
    starts an empty one (``smpte=(25, 40)`` for SMPTE timing: frames per second, ticks per
    frame). Reading then saving a file written the canonical way gives the same bytes; chunks
    other than tracks are kept.
    """

    def __init__(
        self,
        file: str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO | None = None,
        *,
        ticks_per_beat: int = 480,
        format: int = 1,
        smpte: tuple[int, int] | None = None,
    ) -> None:
        if isinstance(file, (bytes, bytearray, memoryview)):
            self._native = _tonewood._MidiFile.parse(bytes(file), "<bytes>")
            self.name = "<bytes>"
        elif hasattr(file, "read"):
            data = file.read()
            if not isinstance(data, (bytes, bytearray, memoryview)):
                raise InvalidArgumentError(
                    f"MidiFile needs a binary file object (open it with 'rb'); read() gave {type(data).__name__}"
                )
            self.name = str(getattr(file, "name", "<stream>"))
            self._native = _tonewood._MidiFile.parse(bytes(data), self.name)
        elif file is not None:
            self.name = os.fspath(file)
            self._native = _tonewood._MidiFile.read(self.name)
        elif smpte is not None:
            self._native = _tonewood._MidiFile.with_smpte(int(smpte[0]), int(smpte[1]), int(format))
            self.name = ""
        else:
            self._native = _tonewood._MidiFile.with_ticks_per_beat(int(ticks_per_beat), int(format))
            self.name = ""
        for problem in self.warnings:
            warnings.warn(MidiFileWarning(f"{self.name}: {problem}"), stacklevel=2)

    @property
    def format(self) -> int:
        return int(self._native.format)

    def ticks_at(self, time: float, unit: str = "beats") -> int:
        """The tick of a time in "beats" (quarter notes, PPQ files only), "seconds" (through the
        tempo map) or "ticks" (rounded)."""
        if unit == "ticks":
            return int(round(time))
        if unit == "seconds":
            tempo_map, seconds = self.tempo_map, float(time)
            tick = int(tempo_map.tick(seconds))  # the last tick at or before: take the nearer
            return tick + 1 if tempo_map.seconds(tick + 1) - seconds < seconds - tempo_map.seconds(tick) else tick
        if unit == "beats":
            if self.smpte is not None:
                raise InvalidArgumentError("an SMPTE-timed file has no beats; place notes in seconds or ticks")
            return int(round(float(time) * self.ticks_per_beat))
        raise InvalidArgumentError(f"unit must be 'beats', 'seconds' or 'ticks', got {unit!r}")

    @classmethod
    def from_mido(cls, mido_file: Any) -> MidiFile:
        """A copy of a ``mido.MidiFile`` (through its bytes, so every event comes across)."""
        buffer = io.BytesIO()
        mido_file.save(file=buffer)
        return cls(buffer.getvalue())

    def to_mido(self) -> Any:
        """This file as a ``mido.MidiFile`` (mido must be installed)."""
        try:
            import mido
        except ImportError:
            raise InvalidArgumentError("to_mido needs mido: pip install mido") from None
        return mido.MidiFile(file=io.BytesIO(self.to_bytes()))

    @property
    def warnings(self) -> list[str]:
        """What reading had to be lenient about: fewer tracks than the header declares, bytes
        after the declared tracks (kept in ``trailing_bytes`` and saved back), a format 0 file
        with several tracks (read as format 1). Each is also issued as a MidiFileWarning."""
        return list(self._native.warnings)

    @property
    def trailing_bytes(self) -> bytes:
        """Bytes after the tracks the header declares, unread (mido ignores them too)."""
        return bytes(self._native.trailing_bytes)

    @property
    def ticks_per_beat(self) -> int:
        """Pulses per quarter note (0 for SMPTE timing)."""
        return int(self._native.ticks_per_beat)

    @property
    def smpte(self) -> tuple[int, int] | None:
        """(frames per second, ticks per frame) for SMPTE timing, else None."""
        fps = self._native.smpte_frames_per_second
        return (int(fps), int(self._native.ticks_per_frame)) if fps else None

    @property
    def tracks(self) -> list[MidiTrack]:
        return [MidiTrack(self, i) for i in range(self._native.track_count)]

    def add_track(self, name: str | None = None) -> MidiTrack:
        track = MidiTrack(self, int(self._native.add_track()))
        if name is not None:
            track.add_meta(0, "track_name", name)
        return track

    @property
    def tempo_map(self) -> Any:
        """The file's TempoMap (tempo events of all tracks; SMPTE files have a fixed rate)."""
        return self._native.tempo_map()

    @property
    def length_ticks(self) -> int:
        return int(self._native.length_ticks)

    @property
    def duration(self) -> float:
        """Seconds from the start to the last track's end."""
        return float(self.tempo_map.seconds(self.length_ticks))

    def notes(self) -> list[Note]:
        """Every note (note-on paired with its note-off), sorted by start, with seconds."""
        raw = self._native.notes()
        if not raw:
            return []
        ticks = np.array([(n[0], n[1]) for n in raw], dtype=np.int64)
        seconds = self.tempo_map.seconds_of(np.ascontiguousarray(ticks.ravel())).reshape(-1, 2)
        return [Note(*n, start=float(s[0]), end=float(s[1])) for n, s in zip(raw, seconds)]

    def add_notes(self, notes: Iterable[Note]) -> None:
        """Writes notes (their ticks; seconds are ignored) as note-on/note-off events."""
        self._native.add_notes(
            [(n.start_tick, n.end_tick, n.note, n.velocity, n.release_velocity, n.channel, n.track) for n in notes]
        )

    @classmethod
    def from_notes(cls, notes: Iterable[Note], ticks_per_beat: int = 480, bpm: float = 120.0) -> MidiFile:
        """A format 1 file: a conductor track with the tempo, then the notes' tracks (track
        numbers shifted by one)."""
        f = cls(ticks_per_beat=ticks_per_beat, format=1)
        f.add_track("tempo").add_tempo(0, bpm)
        f.add_notes(
            Note(n.start_tick, n.end_tick, n.note, n.velocity, n.release_velocity, n.channel, n.track + 1)
            for n in notes
        )
        return f

    # -- transformations: each edits this file and returns it, so they chain -----------------
    def transform(self, transform: MessageTransform | None = None, **options: Any) -> MidiFile:
        """Applies a MessageTransform (or builds one from keyword options: transpose=,
        velocity_scale=, channels=, channel_map=, note_range=, types=, controller_map=...)."""
        self._native.transform((transform or MessageTransform(**options))._native)
        return self

    def quantize(self, grid: int | str, strength: float = 1.0, swing: float = 0.0) -> MidiFile:
        """Moves note starts `strength` of the way to the grid (ticks or "1/16", "1/8t"),
        keeping lengths; `swing` 0..1 delays every second grid point by swing x grid / 2."""
        self._native.quantize(grid_ticks(grid, self.ticks_per_beat), float(strength), float(swing))
        return self

    def humanize(self, timing: int = 10, velocity: int = 8, seed: int = 1) -> MidiFile:
        """Seeded nudges of note starts (+-`timing` ticks) and velocities (+-`velocity`)."""
        self._native.humanize(int(timing), int(velocity), int(seed) & 0xFFFFFFFF)
        return self

    def stretch(self, factor: float) -> MidiFile:
        """Every tick times `factor` (tempo events too: the music lasts `factor` times as long)."""
        self._native.scale_time(float(factor))
        return self

    def shift(self, ticks: int) -> MidiFile:
        """Every event `ticks` later (negative: earlier, not past the start)."""
        self._native.shift_time(int(ticks))
        return self

    def arpeggiate(self, step: int | str, order: str = "up") -> MidiFile:
        """Spreads chords into runs `step` apart (ticks or a note value); order "up", "down",
        "updown" or "played"."""
        self._native.arpeggiate(grid_ticks(step, self.ticks_per_beat), order)
        return self

    def merged(self) -> MidiFile:
        """A new format 0 file with every track's events in one."""
        return self._wrap(self._native.merged())

    def split_by_channel(self) -> MidiFile:
        """A new format 1 file: non-channel events first, then a track per channel used."""
        return self._wrap(self._native.split_by_channel())

    def copy(self) -> MidiFile:
        return self._wrap(self._native.copy())

    def _wrap(self, native: Any) -> MidiFile:
        f = MidiFile.__new__(MidiFile)
        f._native, f.name = native, self.name
        return f

    def to_bytes(self, running_status: bool = True) -> bytes:
        return bytes(self._native.serialize(bool(running_status)))

    def save(self, path: str | os.PathLike[str] | BinaryIO, running_status: bool = True) -> None:
        """Writes the whole file or nothing (a temporary beside `path`, renamed when done); a
        binary file object (anything with ``write()``) gets the file's bytes."""
        if hasattr(path, "write"):
            path.write(self.to_bytes(running_status))
            return
        self._native.save(os.fspath(path), bool(running_status))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MidiFile) and bool(self._native == other._native)

    def __repr__(self) -> str:
        timing = f"smpte={self.smpte}" if self.smpte else f"ticks_per_beat={self.ticks_per_beat}"
        return f"MidiFile({self.name!r}, format={self.format}, {timing}, {len(self.tracks)} tracks)"
