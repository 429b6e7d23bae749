"""The engine's plumbing and players: gain, pan, mixer, audio and MIDI players, metronome, MIDI
inputs and outputs, a recorder, and queues that carry audio between Python and a running engine.
"""

from __future__ import annotations

import os
import numpy as np

from tonewood import _tonewood
from tonewood._tonewood.timeline import TempoMap
from tonewood._checks import number
from tonewood.errors import InvalidArgumentError, InvalidTypeError, OutOfRangeError
from tonewood.midi import Message, MidiFile
from tonewood.processors import Param, Processor, audio_input


class Gain(Processor):
    """Gain on every channel; changes glide over 64 frames."""

    gain_db: Param[float] = Param("gain_db", "-120..24 dB.")
    invert: Param[bool] = Param("invert", "Inverts the polarity.")

    def __init__(self, gain_db: float = 0.0, *, channels: int = 2, invert: bool | None = None) -> None:
        super().__init__(_tonewood.GainNode(channels, float(gain_db)), invert=invert)


class Pan(Processor):
    """A mono source placed in stereo, or a stereo one balanced, under a pan law ('linear',
    '-3dB', '-4.5dB', '-6dB'); a centred stereo source passes unchanged."""

    position: Param[float] = Param("position", "-1 hard left .. 1 hard right.")
    law: Param[str] = Param("law", "'linear', '-3dB', '-4.5dB' or '-6dB'.")

    def __init__(self, position: float = 0.0, *, law: str = "-3dB", inputs: int = 2) -> None:
        super().__init__(_tonewood.PanNode(inputs, float(position), law))


class Mixer(Processor):
    """A summing bus: `inputs` groups of `channels` channels (at most 128 input channels), each
    with its level (``set_input_gain``), and a master ``gain_db``. With levels per input it is
    also the bus of sends and returns."""

    gain_db: Param[float] = Param("gain_db", "Master level, -120..24 dB.")
    inputs: int
    channels: int

    def __init__(self, inputs: int, *, channels: int = 2, gain_db: float | None = None) -> None:
        super().__init__(_tonewood.MixerNode(inputs, channels), gain_db=gain_db)
        self.inputs = inputs
        self.channels = channels

    def input_gain_db(self, input: int) -> float:
        """The level of input `input` (counted from 0) in dB."""
        return self.get_param(f"gain_db_{self._checked(input) + 1}")

    def set_input_gain_db(self, input: int, gain_db: float) -> None:
        self.set_param(f"gain_db_{self._checked(input) + 1}", gain_db)

    def _checked(self, input: int) -> int:
        if not 0 <= input < self.inputs:
            raise InvalidArgumentError(f"input must be within [0, {self.inputs - 1}], got {input}")
        return input


class Metronome(Processor):
    """Clicks on the beats of the transport's meter while it plays, an accent on each bar."""

    gain_db: Param[float] = Param("gain_db", "-60..0 dB.")
    accent_hz: Param[float] = Param("accent_hz", "Pitch of the first beat of a bar.")
    beat_hz: Param[float] = Param("beat_hz", "Pitch of the other beats.")
    click_ms: Param[float] = Param("click_ms", "Length of a click, 1..200 ms.")

    def __init__(self, *, channels: int = 2, gain_db: float | None = None,
                 accent_hz: float | None = None, beat_hz: float | None = None,
                 click_ms: float | None = None) -> None:
        super().__init__(_tonewood.MetronomeNode(channels), gain_db=gain_db, accent_hz=accent_hz,
                         beat_hz=beat_hz, click_ms=click_ms)


class MidiClock(Processor):
    """MIDI beat clock from the transport, as events for a MIDI output (``engine.midi_output``):
    a timing clock on the exact frame of every 24th of a beat (through tempo changes and ramps),
    Start from the song's start, Song Position Pointer and Continue after a locate or loop wrap
    (resuming on a sixteenth), Stop when the transport stops. ``shift_ms`` sends the ticks that
    much earlier than the audio, for a receiver's latency."""

    shift_ms: Param[float] = Param("shift_ms", "-100..100 ms; positive sends earlier.")

    def __init__(self, *, shift_ms: float | None = None) -> None:
        super().__init__(_tonewood.MidiClockNode(), shift_ms=shift_ms)


class BeatSequencer(Processor):
    """MIDI placed on the beat grid, sent as events (to an instrument, or a MIDI output with
    ``engine.midi_output``) on the exact frame of each beat while the transport plays: wherever
    its tempo, tempo map, or the Ableton Link session it follows (``transport.follow(link)``)
    puts the beat, whatever the block size. Beats are quarter notes from where playing starts at
    beat 0; with ``loop_beats`` the pattern repeats (a note held past the loop's end ends on the
    next pass, wrapped). A message is sent once even where Link pulls the beat back by a hair;
    notes still sounding when the transport stops, jumps, or the pattern changes are ended.

    ```py
    seq = BeatSequencer(loop_beats=4)
    for beat, note in enumerate([60, 64, 67, 72]):
        seq.schedule_note(beat, channel=0, note=note, velocity=100, duration=0.9)
    ```
    """

    def __init__(self, *, loop_beats: float = 0.0) -> None:
        super().__init__(_tonewood.BeatSequencerNode())
        self._steps: list[tuple[float, bytes]] = []
        self._loop = 0.0
        self.loop_beats = loop_beats

    @property
    def loop_beats(self) -> float:
        """The pattern's length when it repeats, in beats (0: plays once)."""
        return self._loop

    @loop_beats.setter
    def loop_beats(self, beats: float) -> None:
        loop = number("loop_beats", beats, "beats", 0.0, 1e9)
        self._processor.set_pattern(self._steps, loop)  # checks every step against the new loop
        self._loop = loop

    def schedule(self, beat: float, message: Message) -> None:
        """Sends `message` (one channel message) on `beat`."""
        if not isinstance(message, Message):
            raise InvalidTypeError(f"schedule needs a tonewood.midi.Message, got {type(message).__name__}")
        self._publish(self._steps + [(self._beat(beat), bytes(message.bytes()))])

    def schedule_note(self, beat: float, channel: int, note: int, velocity: int, duration: float) -> None:
        """A note: on at `beat`, off `duration` beats later (wrapped into the loop when it
        repeats). `velocity` is MIDI's 1..127, an integer."""
        length = number("note duration", duration, "beats", 0.0, 1e9)
        if length <= 0:
            raise OutOfRangeError(f"note duration must be more than 0 beats, got {duration}")
        start = self._beat(beat)
        end = start + length
        if self._loop > 0:
            if length >= self._loop:
                raise OutOfRangeError(f"note duration must be shorter than the loop ({self._loop:g} beats), "
                                      f"got {duration} beats")
            end %= self._loop
        on = Message.note_on(channel=channel, note=note, velocity=velocity)
        if on.velocity == 0:
            raise OutOfRangeError("note velocity must be within [1, 127], got 0 (a note-on of velocity 0 is a note-off)")
        off = Message.note_off(channel=channel, note=note)
        self._publish(self._steps + [(start, bytes(on.bytes())), (end, bytes(off.bytes()))])

    def clear(self) -> None:
        """Removes every step (what sounds ends)."""
        self._publish([])

    @property
    def steps(self) -> list[tuple[float, Message]]:
        """The pattern: (beat, message) pairs in the order they play."""
        return [(beat, Message.from_bytes(data)) for beat, data in sorted(self._steps, key=lambda s: s[0])]

    def _beat(self, beat: float) -> float:
        top = self._loop if self._loop > 0 else 1e9
        value = number("beat", beat, "beats", 0.0, top)
        if self._loop > 0 and value >= self._loop:
            raise OutOfRangeError(f"beat must be within [0, {self._loop:g}) beats (the loop), got {beat}")
        return value

    def _publish(self, steps: list[tuple[float, bytes]]) -> None:
        self._processor.set_pattern(steps, self._loop)
        self._steps = steps


class AudioPlayer(Processor):
    """Plays an array or a file on the transport: its first frame at ``start_frame``, silent
    outside its length (or looping it). Arrays are copied in; files stream from disk, at any rate
    (converted to the engine's), their first half second kept in memory so a start from the top
    never waits for the disk. With ``loop_beats`` it is a loop on the beat grid: it starts again
    from its first frame on every multiple of that many beats of the transport (its tempo, a
    tempo map, or the Link session it follows), at its own speed, cut at the next start."""

    gain_db: Param[float] = Param("gain_db", "-120..24 dB.")
    loop: Param[bool] = Param("loop", "Repeat the whole length without a seam.")
    loop_beats: Param[float] = Param("loop_beats", "0..64 beats; 0 is off.")
    start_frame: int

    def __init__(self, source: np.ndarray | str | os.PathLike[str], sample_rate: float | None = None,
                 *, gain_db: float | None = None, loop: bool | None = None,
                 loop_beats: float | None = None, start_frame: int = 0) -> None:
        if isinstance(source, (str, os.PathLike)):
            if sample_rate is not None:
                raise InvalidArgumentError("a file has its own sample rate; give sample_rate for arrays only")
            native = _tonewood.AudioPlayerNode(os.fspath(source))
        else:
            if sample_rate is None:
                raise InvalidArgumentError("an array needs its sample_rate")
            native = _tonewood.AudioPlayerNode(audio_input(source, "source"), float(sample_rate))
        super().__init__(native, gain_db=gain_db, loop=loop, loop_beats=loop_beats)
        self.start_frame = start_frame

    @property
    def start_frame(self) -> int:
        """The timeline frame its first frame plays at."""
        return int(self._processor.start_frame)

    @start_frame.setter
    def start_frame(self, frame: int) -> None:
        self._processor.start_frame = int(frame)

    @property
    def length_frames(self) -> int:
        """Its length at the engine's rate (once in an engine; the source's before)."""
        return int(self._processor.length_frames)

    @property
    def position(self) -> int:
        """The frame of the source the last block ended on."""
        return int(self._processor.position)

    @property
    def source_rate(self) -> float:
        return float(self._processor.source_rate)

    @property
    def underruns(self) -> int:
        """Blocks, live, whose audio the disk could not deliver in time."""
        return int(self._processor.underruns)


class MidiPlayer(Processor):
    """Plays a MIDI file into the graph as events on the exact frames its tempo map gives, from the
    transport's position; releases what it leaves sounding on a jump or a stop.

    With `tempo_map` (a tonewood.TempoMap) the file's beats are laid on that map instead of its
    own tempo events: each event plays on the first frame at or after its beat's time there, the
    frame a Metronome on the same map clicks (give the engine's transport the same map).
    """

    file: MidiFile
    tempo_map: TempoMap | None

    def __init__(self, file: MidiFile | str | os.PathLike[str] | bytes, *,
                 tempo_map: TempoMap | None = None) -> None:
        song = file if isinstance(file, MidiFile) else MidiFile(file)
        if tempo_map is None:
            native = _tonewood.MidiPlayerNode(song._native)
        elif isinstance(tempo_map, TempoMap):
            native = _tonewood.MidiPlayerNode(song._native, tempo_map)
        else:
            raise InvalidTypeError(f"tempo_map must be a tonewood.TempoMap or None, "
                                   f"got {type(tempo_map).__name__}")
        super().__init__(native)
        self.file = song
        self.tempo_map = tempo_map

    def length_frames(self, sample_rate: float) -> int:
        return int(self._processor.length_frames(float(sample_rate)))


class MidiInput(Processor):
    """MIDI entering the graph from a live port (see Engine.midi_input)."""

    def __init__(self) -> None:
        super().__init__(_tonewood.MidiInputNode())


class MidiOutput(Processor):
    """MIDI leaving the graph to a live port (see Engine.midi_output)."""

    def __init__(self) -> None:
        super().__init__(_tonewood.MidiOutputNode())


class Recorder(Processor):
    """Records what reaches it into a file (written in place: WAV, W64, RF64, AIFF or CAF,
    readable up to the last flush even after a crash) or into memory, through a disk thread.
    Frames lost because the disk fell behind are counted in ``overruns``. When the system refuses
    a write (a full disk), the recording stops there, keeping every frame written before in a
    readable file; ``write_failure`` gives the reason and what came after counts as lost."""

    def __init__(self, *, channels: int = 2, ring_seconds: float = 5.0) -> None:
        super().__init__(_tonewood.RecorderNode(channels, float(ring_seconds)))

    def start(self, path: str | os.PathLike[str] | None = None, *, subtype: str = "FLOAT",
              max_seconds: float | None = None, sample_rate: float | None = None,
              from_frame: int = 0, frames: int | None = None) -> None:
        """Starts recording into `path` (for `frames` frames, or until stop), or into memory
        (then give max_seconds and the engine's sample_rate), from engine frame `from_frame` (or
        the next block)."""
        if path is not None:
            self._processor.start_file(os.fspath(path), subtype, int(from_frame),
                                       -1 if frames is None else int(frames))
            return
        if max_seconds is None or sample_rate is None:
            raise InvalidArgumentError("a recording into memory needs max_seconds and sample_rate")
        self._processor.start_memory(int(round(max_seconds * sample_rate)), int(from_frame))

    def stop(self) -> int:
        """Stops, waits for everything to reach the file or memory; returns the frames recorded."""
        return int(self._processor.stop())

    def take(self) -> np.ndarray:
        """The memory recording (after stop), as a (channels, frames) array."""
        return np.asarray(self._processor.take_recording())

    @property
    def recording(self) -> bool:
        return bool(self._processor.recording)

    @property
    def frames_written(self) -> int:
        return int(self._processor.frames_written)

    @property
    def overruns(self) -> int:
        return int(self._processor.overruns)

    @property
    def write_failure(self) -> str:
        """Why the file stopped taking frames ("" while it did not), naming it."""
        return str(self._processor.write_failure)


class AudioQueue(Processor):
    """Audio fed into a graph from Python: ``enqueue`` blocks, the audio thread plays them in order
    without ever waiting for Python. Blocks it finds short (after the first enqueue, before
    ``end``) are underruns."""

    def __init__(self, *, channels: int = 2, seconds: float = 2.0) -> None:
        super().__init__(_tonewood.AudioQueueNode(channels, float(seconds)))

    def enqueue(self, block: np.ndarray, *, timeout: float | None = None) -> int:
        """Appends (channels, frames) float32 audio, waiting for room up to `timeout` seconds
        (None: as long as it takes); returns the frames taken. Releases the GIL while waiting."""
        return int(self._processor.enqueue(audio_input(block, "block"), -1.0 if timeout is None else float(timeout)))

    def end(self) -> None:
        """No more audio will come; running dry is no longer an underrun."""
        self._processor.end_of_stream()

    @property
    def queued_frames(self) -> int:
        return int(self._processor.queued_frames)

    @property
    def underruns(self) -> int:
        return int(self._processor.underruns)


class CaptureQueue(Processor):
    """Audio read from a graph by Python: the audio thread writes each block, ``read`` takes them.
    Frames nobody read before the queue filled are counted in ``overruns``."""

    def __init__(self, *, channels: int = 2, seconds: float = 2.0) -> None:
        super().__init__(_tonewood.CaptureQueueNode(channels, float(seconds)))

    def read(self, frames: int, *, timeout: float | None = None) -> np.ndarray:
        """Up to `frames` frames as a (channels, n) array, waiting up to `timeout` seconds for all
        of them (None: as long as it takes). Releases the GIL while waiting."""
        return np.asarray(self._processor.read(int(frames), -1.0 if timeout is None else float(timeout)))

    @property
    def available_frames(self) -> int:
        return int(self._processor.available_frames)

    @property
    def overruns(self) -> int:
        return int(self._processor.overruns)


__all__ = ["AudioPlayer", "AudioQueue", "BeatSequencer", "CaptureQueue", "Gain", "Metronome", "MidiClock", "MidiInput",
           "MidiOutput", "MidiPlayer", "Mixer", "Pan", "Recorder"]
