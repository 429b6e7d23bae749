"""A song as a DAW holds it: a tempo map, audio, instrument and bus tracks with clips, faders,
inserts, sends and automation, markers and a loop region, bounced offline to numpy or files.

    import tonewood
    from tonewood import beats

    song = tonewood.Timeline(sample_rate=48000, tempo=120)
    drums = song.add_track("drums")
    drums.add_clip("loop.wav", start=beats(0), loop=True, length=8.0)
    lead = song.add_track("lead", instrument=tonewood.Resonator(sample_rate=48000))
    lead.add_midi_clip("lead.mid", start=beats(4))
    lead.automate("volume").add_point(beats(4), -12.0).add_point(beats(8), 0.0)
    song.render("mix.wav")

Times are seconds when given as numbers, beats when given as ``tonewood.beats(x)`` (they then
follow the tempo map); ``song.bar(n)`` is the start of bar n (0-based, as the tempo map counts).
The model is C++ (tonewood::timeline::Session); this module only gives it Python's shape.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from tonewood import _tonewood
from tonewood._arrays import as_audio
from tonewood._checks import StrictAttributes, finite, number
from tonewood.audio_file import write
from tonewood import devices
from tonewood.errors import DeviceError, InvalidArgumentError, InvalidTypeError, ProjectWarning, RecordingWarning
from tonewood.midi import MidiFile, Note
from tonewood.processors import native_of

_native = _tonewood.timeline
Position = _native.Position
TempoMap = _native.TempoMap

TRACK_KINDS = ("audio", "instrument", "bus")
AUTOMATABLE = {"volume": "volume_lane", "volume_db": "volume_lane", "pan": "pan_lane"}


def beats(value: float) -> Position:
    """A position in beats (quarter notes): it moves with the tempo map."""
    return Position.beats(finite("beats", value, "beats"))


def seconds(value: float) -> Position:
    """A position in seconds: it stays put whatever the tempo."""
    return Position.seconds(finite("seconds", value, "s"))


def _position(name: str, value: Any) -> Position:
    if isinstance(value, Position):
        return value
    if isinstance(value, bool) or not hasattr(value, "__float__"):
        raise InvalidTypeError(f"{name} must be seconds (a number) or tonewood.beats(...), "
                               f"got {type(value).__name__}")
    return Position.seconds(finite(name, value, "s"))


def _fade(name: str, value: Any, shape: str) -> tuple[float, str]:
    if isinstance(value, tuple):
        seconds_value, shape = value
    else:
        seconds_value = value
    return number(name, seconds_value, "s", 0.0), str(shape)


class Timeline(StrictAttributes):
    """A song: sample rate, tempo map, tracks feeding a master bus, markers, a loop region."""

    def __init__(self, sample_rate: float = 48000, tempo: float = 120.0,
                 time_signature: tuple[int, int] = (4, 4)) -> None:
        self._session = _native.Session(number("sample_rate", sample_rate, "Hz", 8000, 384000),
                                        number("tempo", tempo, "bpm"))
        numerator, denominator = time_signature
        if (numerator, denominator) != (4, 4):
            self._session.tempo_map.set_time_signature(0, numerator, denominator)
        self._hold(self._session)

    def _hold(self, session: Any) -> None:
        """Takes `session` as this song's model, with nothing playing and no edit to undo."""
        self._session = session
        self._sources: dict[tuple[str, bool], Any] = {}
        # Python-side handles keep the Python objects users passed (instruments, inserts) alive.
        self._tracks: dict[str, Track] = {}
        self._live: Any = None  # the Engine playing the song through JACK
        self._graph: Any = None  # the song's nodes in it
        self._history = _native.EditHistory(session)
        self._recording: Any = None  # the native recording pass, while one runs
        # Automation recording: each lane's mode by (track, lane), the passes playing records, and
        # the lanes a control holds (touched and not released).
        self._lane_modes: dict[tuple[str, Any], str] = {}
        self._passes: dict[tuple[str, Any], Any] = {}
        self._held: set[tuple[str, Any]] = set()
        self._midi_ports: list[Any] = []  # the JACK MIDI inputs armed instrument tracks record from

    # The song's frame of reference -----------------------------------------------------------

    @property
    def sample_rate(self) -> float:
        return self._session.sample_rate

    @property
    def tempo_map(self) -> TempoMap:
        """The song's tempo map, edited in place (set_tempo, set_time_signature)."""
        return self._session.tempo_map

    @property
    def tempo(self) -> float:
        """The tempo at the start, bpm. Setting it replaces the first tempo point."""
        return self._session.tempo_map.bpm_at(0.0)

    @tempo.setter
    def tempo(self, bpm: float) -> None:
        curve = self._session.tempo_map.tempos[0][2]
        self._session.tempo_map.set_tempo(0.0, number("tempo", bpm, "bpm"), curve)
        self._edited("set the tempo")

    def bar(self, bar: int, beat: float = 0.0) -> Position:
        """The position of `beat` (in the bar's unit) in `bar` (0-based), in beats."""
        return Position.beats(self._session.tempo_map.beat_of(int(bar), float(beat)))

    def seconds_of(self, position: Any) -> float:
        """A position (seconds or beats) in seconds on the tempo map."""
        return _position("position", position).seconds_on(self._session.tempo_map)

    # Tracks --------------------------------------------------------------------------------------

    def add_track(self, name: str, kind: str | None = None, *, instrument: Any = None,
                  volume_db: float = 0.0, pan: float = 0.0) -> Track:
        """Adds a track: "audio" (the default), "instrument" (the default with `instrument`, a
        Resonator, SoundFont, LV2 plugin or any processor that takes MIDI) or "bus"."""
        if kind is None:
            kind = "instrument" if instrument is not None else "audio"
        if kind not in TRACK_KINDS:
            raise InvalidArgumentError(f"track kind must be one of {', '.join(TRACK_KINDS)}, got {kind!r}")
        native_instrument = native_of(instrument) if instrument is not None else None
        self._session.add_track(str(name), kind)
        track = Track(self, str(name))
        try:
            if native_instrument is not None:
                track._native.instrument = native_instrument
            track._native.volume_db = number(f"track '{name}' volume", volume_db, "dB")
            track._native.pan = number(f"track '{name}' pan", pan)
        except BaseException:
            self._session.remove_track(str(name))
            raise
        track._instrument = instrument
        self._tracks[str(name)] = track
        self._edited(f"add track {name}")
        return track

    def track(self, name: str) -> Track:
        """The track of that name ("master" is the master bus)."""
        self._session.track(str(name))  # raises, listing the names, when there is none
        return self._tracks.setdefault(str(name), Track(self, str(name)))

    @property
    def tracks(self) -> list[Track]:
        return [self.track(n) for n in self._session.track_names]

    @property
    def master(self) -> Track:
        return self.track("master")

    def remove_track(self, name: str) -> None:
        self._session.remove_track(str(name))
        self._tracks.pop(str(name), None)
        for key in [k for k in self._lane_modes if k[0] == str(name)]:
            self._lane_modes.pop(key)
            self._passes.pop(key, None)
            self._held.discard(key)
        self._edited(f"remove track {name}")

    def _source(self, source: Any, sample_rate: float | None, name: str | None,
                stream: bool = True) -> Any:
        if isinstance(source, _native.AudioSource):
            return source
        if isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            key = (os.path.realpath(path), bool(stream))
            if key not in self._sources:  # one source for every clip cut from a file
                self._sources[key] = _native.AudioSource.from_file(path, stream=bool(stream))
            return self._sources[key]
        audio = as_audio(source, "clip audio")
        rate = self.sample_rate if sample_rate is None else number("sample_rate", sample_rate, "Hz")
        return _native.AudioSource.from_audio(audio, rate, name or "")

    # Markers, loop, selection ------------------------------------------------------------------

    def add_marker(self, name: str, at: Any) -> None:
        """A named marker (a marker of the same name moves)."""
        self._session.add_marker(str(name), _position("marker time", at))
        self._edited(f"add marker {name}")

    def remove_marker(self, name: str) -> None:
        self._session.remove_marker(str(name))
        self._edited(f"remove marker {name}")

    @property
    def markers(self) -> dict[str, Position]:
        return dict(self._session.markers)

    def set_loop_region(self, start: Any, end: Any) -> None:
        self._session.loop = (_position("loop start", start), _position("loop end", end))
        self._edited("set the loop region")

    def clear_loop_region(self) -> None:
        self._session.loop = None
        self._edited("clear the loop region")

    @property
    def loop_region(self) -> tuple[Position, Position] | None:
        return self._session.loop

    def set_selection(self, start: Any, end: Any) -> None:
        self._session.selection = (_position("selection start", start), _position("selection end", end))

    @property
    def selection(self) -> tuple[Position, Position] | None:
        return self._session.selection

    @property
    def duration(self) -> float:
        """Seconds to the end of the last clip."""
        return self._session.duration_seconds

    # Project files -----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], *, collect_media: bool = False) -> None:
        """Writes the song as a project file (JSON), completely or not at all. Files are referred
        to relative to its folder; audio given as arrays is written beside it in
        "<name>.media/", and with `collect_media` every file is copied there too."""
        self._session.save(os.fspath(path), bool(collect_media))

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, relink: dict[str, str] | None = None) -> Timeline:
        """Reads a project file. Missing media raise MediaMissingError listing all of them;
        `relink` maps a path as the project names it to where the file is now. Keys this
        tonewood does not know are reported as ProjectWarning."""
        session, notes = _native.load_project(os.fspath(path), {str(k): os.fspath(v) for k, v in (relink or {}).items()})
        song = cls.__new__(cls)
        song._hold(session)
        for note in notes:
            warnings.warn(note, ProjectWarning, stacklevel=2)
        return song

    @classmethod
    def from_midi(cls, midi: Any, sample_rate: float = 48000, *,
                  instrument: Callable[[str], Any] | None = None) -> Timeline:
        """A song from a MIDI file (a MidiFile or a path): its tempo map, and an instrument track
        per MIDI track with the track's events as one clip. `instrument(track_name)` makes each
        track's instrument (default: a Resonator, a plucked string)."""
        song_file = midi if isinstance(midi, MidiFile) else MidiFile(midi)
        rate = number("sample_rate", sample_rate, "Hz", 8000, 384000)
        made: dict[str, Any] = {}

        def make(name: str) -> Any:
            made[name] = instrument(name) if instrument is not None else _resonator(rate)
            return native_of(made[name])

        song = cls.__new__(cls)
        song._hold(_native.session_from_midi(song_file._native, rate, make))
        for name, processor in made.items():
            song.track(name)._instrument = processor
        return song

    # Playing live ------------------------------------------------------------------------------

    def play(self, start: Any = None, *, server: str | None = None, client_name: str = "tonewood",
             connect_outputs: bool = True, inputs: int = 0, connect_inputs: bool = True,
             block_size: int = 256) -> Timeline:
        """Plays the song live through JACK (or PipeWire's JACK), from `start` or where it
        stands; the loop region loops, sample-exact. The first call opens the JACK client (its
        outputs connected to the playback ports unless told otherwise, and `inputs` capture
        ports for recording), and the graph it runs is the one a render runs, so what plays is
        what renders. Edits made through this API while playing are compiled off the audio
        thread and heard from the next block; after editing the tempo map directly, call
        refresh(). close() (or leaving a `with` block) ends it."""
        self._open_live(server, client_name, connect_outputs, inputs, connect_inputs, block_size)
        if start is not None:
            self.locate(start)
        self._live.transport.play()
        # Lanes in write mode record from here, holding what they play now until moved.
        for key, mode in self._lane_modes.items():
            if mode == "write" and key not in self._passes:
                lane = self._lane(key)
                self._begin_pass(lane, lane._value_now(self.playhead))
        return self

    def _open_live(self, server: str | None, client_name: str, connect_outputs: bool, inputs: int,
                   connect_inputs: bool, block_size: int) -> None:
        if self._live is not None:
            return
        from tonewood.engine import Engine  # the engine module imports this one's names

        engine = Engine(self.sample_rate, block_size, inputs=int(inputs))
        self._server = server
        self._graph = _native.build_session_graph(self._session, engine._native)
        self._follow_loop(engine)
        try:
            engine.start(server=server, client_name=client_name, connect_outputs=connect_outputs,
                         connect_inputs=connect_inputs and inputs > 0)
        except BaseException:
            self._graph = None
            raise
        self._live = engine

    # Recording ---------------------------------------------------------------------------------

    def record(self, folder: str | os.PathLike[str], *, start: Any = None, punch_in: Any = None,
               punch_out: Any = None, latency_frames: int = 0, server: str | None = None,
               client_name: str = "tonewood", inputs: int = 2, connect_inputs: bool = True,
               connect_outputs: bool = True, block_size: int = 256) -> Timeline:
        """Plays the song and records every armed track (track.arm) from the live client's
        capture ports into a new take in `folder` (32-bit float WAV, written through a disk
        thread and readable up to its last flush if anything dies). Between `punch_in` and
        `punch_out` only, when given; a take ends at the first locate or loop back. stop()
        makes each take a clip where it was played, moved earlier by the graph's latency and
        `latency_frames` (the audio interface's round trip, as jack_iodelay measures it).
        Opens the JACK client with `inputs` capture ports unless the song already plays."""
        armed = [t for t in self.tracks if t._armed is not None]
        if not armed:
            raise InvalidArgumentError("no track is armed: arm an audio track with track.arm() first")
        if self._recording is not None:
            raise InvalidArgumentError("the song is already recording; stop() it first")
        latency = int(number("latency_frames", latency_frames, "frames", 0, 10 * self.sample_rate))
        self._open_live(server, client_name, connect_outputs, max(inputs, 1), connect_inputs, block_size)
        engine = self._live
        have = len(engine.audio_inputs)
        ports = {p.name: p for p in devices.server_info(self._server).ports}
        midi = [t for t in armed if isinstance(t._armed, str)]
        armed = [t for t in armed if not isinstance(t._armed, str)]
        for track in armed:
            missing = [c for c in track._armed if c >= have]
            if missing:
                raise InvalidArgumentError(f"track '{track.name}' records from input {missing[0] + 1}, but the song "
                                           f"plays with {have} input{'s' if have != 1 else ''}; close() it and "
                                           f"record with inputs={max(track._armed) + 1}")
            for c in track._armed:
                port = engine.audio_inputs[c]
                if port in ports and not ports[port].connections:
                    raise DeviceError(f"track '{track.name}' records from input {c + 1} ({port}), which nothing is "
                                      "connected to: connect a capture port to it (or record with connect_inputs)")
        first = 0 if punch_in is None else int(round(self.seconds_of(punch_in) * self.sample_rate))
        last = 2**62 if punch_out is None else int(round(self.seconds_of(punch_out) * self.sample_rate))
        # The pass itself (nodes, files, clips where they were played) is the library's; here the
        # armed tracks get their JACK MIDI ports.
        native = [(track.name, list(track._armed), 0) for track in armed]
        ports = []
        try:
            instruments = dict(zip(self._session.track_names, self._graph.instruments))
            for track in midi:
                port = engine.midi_input(track._armed, name=f"{track.name} / MIDI in")
                ports.append(port)
                if instruments.get(track.name):  # the player hears what they play
                    engine._native.connect_events(port.id, instruments[track.name])
                native.append((track.name, [], port.id))
            self._recording = _native.TakeRecording(self._session, engine._native, native, os.fspath(folder),
                                                    first, last, latency)
        except BaseException:
            for port in ports:
                engine.remove(port)
            raise
        self._midi_ports = ports
        if start is not None:
            self.locate(start)
        engine.transport.play()
        return self

    @property
    def is_recording(self) -> bool:
        return self._recording is not None

    def _finish_takes(self, keep: bool = True) -> list[Clip | MidiClip]:
        if self._recording is None:
            return []
        recording, self._recording = self._recording, None
        results = recording.finish(keep)
        for port in self._midi_ports:
            self._live.remove(port)
        self._midi_ports = []
        clips: list[Clip | MidiClip] = []
        for r in results:
            what = f"the {'MIDI ' if r.midi else ''}take of track '{r.track}'"
            if r.failure:
                warnings.warn(f"{what} stopped after {r.frames / self.sample_rate:.3f} s ({r.lost} frames lost): "
                              f"{r.failure}; what was recorded before is kept", RecordingWarning, stacklevel=3)
            elif r.lost:
                warnings.warn(f"{what} lost {r.lost} {'messages: it filled its room' if r.midi else 'frames: the disk fell behind'}",
                              RecordingWarning, stacklevel=3)
            if r.unplaced:
                warnings.warn(f"{what} is not on the track ({r.unplaced}); it stays in {r.path}",
                              RecordingWarning, stacklevel=3)
            if r.clip:
                track = self.track(r.track)
                clips.append(MidiClip(track, r.clip) if r.midi else Clip(track, r.clip))
        if clips:
            self._edited("record " + ", ".join(sorted({r.track for r in results if r.clip})))
        return clips

    def pause(self) -> None:
        """Stops playing where it is; automation passes end here."""
        if self._live is not None:
            self._live.transport.stop()
            self._finish_passes()

    def stop(self) -> list[Clip | MidiClip]:
        """Stops playing and goes back to the start. Recording, each take becomes a clip on its
        track; they are returned. Automation passes end where it stopped."""
        clips: list[Clip | MidiClip] = []
        if self._live is not None:
            self._live.transport.stop()
            self._finish_passes()
            clips = self._finish_takes()
            self._live.transport.locate(0.0)
        return clips

    # Recording automation ------------------------------------------------------------------------

    def _lane(self, key: tuple[str, Any]) -> Lane:
        return Lane(self.track(key[0]), key[1])

    def _begin_pass(self, lane: Lane, value: float) -> None:
        """Starts recording `lane` at the playhead, holding `value` from there."""
        now = self.playhead
        recording = _native.AutomationPass(lane._native, self._session.tempo_map, self.sample_rate, now,
                                           value, lane._steady())
        self._passes[lane._key] = _Pass(recording, now)
        self._hear(lane, recording.live())

    def _hear(self, lane: Lane, points: Any) -> None:
        """Puts `points` in the lane's place and has the live graph play them from the next block,
        without an edit to undo (a pass is one edit when it ends)."""
        lane._native.assign(points)
        if self._live is not None and not self._graph.refresh_lanes(self._session, self._live._native,
                                                                    lane._key[0]):
            self._rebuild()  # the lane's processor was built without lanes: now it has one

    def _move(self, lane: Lane, value: float) -> None:
        if lane.mode == "read":
            raise InvalidArgumentError(f"{lane!r} is in read mode: set its mode to 'write', 'latch' or 'touch' "
                                       "to record moves")
        if not self.is_playing:
            raise DeviceError("automation moves are recorded while the song plays live: play() first")
        now = self.playhead
        recording = self._passes.get(lane._key)
        if recording is not None and now < recording.last:
            # The playhead went back (the loop wrapped, or a locate): that pass ends, one begins.
            self._end_pass(lane._key)
            recording = None
        if recording is None:
            self._begin_pass(lane, value)
        else:
            recording.native.move(now, value)
            recording.last = now
            self._hear(lane, recording.native.live())
        self._held.add(lane._key)

    def _release(self, lane: Lane) -> None:
        self._held.discard(lane._key)
        if lane.mode == "touch" and lane._key in self._passes:
            self._end_pass(lane._key, self.playhead)

    def _end_pass(self, key: tuple[str, Any], at: float | None = None, *, edit: bool = True) -> str:
        """Ends a pass at `at` (where it last moved when the playhead has gone back, or the loop's
        end when it wrapped) and lays it into its lane, as one edit unless told otherwise.
        Returns what it recorded, for the edit's label."""
        recording = self._passes.pop(key)
        if at is None or at < recording.last:
            region = self._session.loop if self._live is not None and self._live.transport.looping else None
            end = self.seconds_of(region[1]) if region is not None else recording.last
            at = max(end, recording.last)
        lane = self._lane(key)
        lane._native.assign(recording.native.finish(at))
        what = f"{key[0]} {'volume' if key[1] == 'volume_lane' else 'pan' if key[1] == 'pan_lane' else key[1][1]}"
        if edit:
            self._edited(f"record automation of {what}")
        return what

    def _finish_passes(self) -> None:
        """Ends every pass where the playhead stands, as one edit."""
        recorded = [self._end_pass(key, self.playhead, edit=False) for key in list(self._passes)]
        self._held.clear()
        if recorded:
            self._edited("record automation of " + ", ".join(sorted(recorded)))

    def locate(self, position: Any) -> None:
        """Moves the playhead (seconds, or tonewood.beats(...))."""
        if self._live is not None:
            self._live.transport.locate(frame=int(round(self.seconds_of(position) * self.sample_rate)))

    def refresh(self) -> None:
        """Records the model as it is now as an edit (for undo) and, live, plays it from the next
        block. Edits through this API do it themselves; call it after editing the tempo map."""
        self._edited("refresh")

    def close(self) -> None:
        """Stops playing live (keeping what was being recorded) and closes the JACK client."""
        if self._live is not None:
            self._finish_passes()
            self._finish_takes()
            live, self._live, self._graph = self._live, None, None
            live.stop()

    def __enter__(self) -> Timeline:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def is_playing(self) -> bool:
        return self._live is not None and self._live.transport.playing

    @property
    def playhead(self) -> float:
        """Where playing stands, in seconds (0 before playing)."""
        return self._live.transport.position if self._live is not None else 0.0

    @property
    def engine(self) -> Any:
        """The live engine while playing (xruns, cpu_load, audio_outputs), else None."""
        return self._live

    @property
    def stream_underruns(self) -> int:
        """While playing: the blocks in which clips streamed from disk missed frames because the
        disk was late (a locate into a streamed clip costs a few; steady play none), else 0."""
        if self._live is None or self._graph is None:
            return 0
        return self._graph.stream_underruns(self._live._native)

    def _follow_loop(self, engine: Any) -> None:
        region = self._session.loop
        if region is not None:
            engine.transport.set_loop(self.seconds_of(region[0]), self.seconds_of(region[1]))
        engine.transport.looping = region is not None

    def _edited(self, label: str) -> None:
        # Lanes being recorded go into the history as they were before their pass: a pass becomes
        # an edit of its own when it ends.
        for key, recording in self._passes.items():
            self._lane(key)._native.assign(recording.native.original)
        self._history.record(self._session, label)
        for key, recording in self._passes.items():
            self._lane(key)._native.assign(recording.native.live())
        if self._live is not None:
            self._rebuild()

    def _rebuild(self) -> None:
        self._graph = _native.rebuild_session_graph(self._session, self._live._native, self._graph)
        self._follow_loop(self._live)

    # Undo -------------------------------------------------------------------------------------

    def undo(self) -> str:
        """Takes back the last edit (of the model: clips, tracks, faders, automation, routing,
        the loop; an instrument's own sound is its own) and returns what it was."""
        label = self._history.undo(self._session)
        if self._live is not None:
            self._rebuild()
        return label

    def redo(self) -> str:
        """Does the last undone edit again and returns what it was."""
        label = self._history.redo(self._session)
        if self._live is not None:
            self._rebuild()
        return label

    @property
    def history(self) -> tuple[list[str], list[str]]:
        """(what undo would take back, what redo would do again), newest first."""
        return self._history.undo_labels, self._history.redo_labels

    # Rendering ---------------------------------------------------------------------------------

    def render(self, path: str | os.PathLike[str] | None = None, *, start: Any = 0.0,
               end: Any = None, tail: float = 0.0, stems: str | os.PathLike[str] | None = None,
               block_size: int = 512, threads: int = 1, subtype: str | None = None,
               progress: Callable[[float], None] | None = None) -> np.ndarray:
        """Bounces [start, end) (default: the whole song plus `tail` seconds) and returns the mix
        as float32 (2, frames). With `path` the mix is also written there; with `stems` each
        track's own output (after its fader) is written to `stems`/<track>.wav. The same song
        renders the same samples for any block size and thread count."""
        rate = self.sample_rate
        first = self.seconds_of(start)
        last = self.duration + number("tail", tail, "s", 0.0) if end is None else self.seconds_of(end)
        if last <= first:
            raise InvalidArgumentError(f"the render range is empty: it starts at {first:g} s and ends at "
                                       f"{last:g} s" + (" (the song has no clips)" if end is None else ""))
        start_frame = int(round(first * rate))
        frames = int(round(last * rate)) - start_frame
        mix, stem_audio = self._session.bounce(start_frame, frames, block_size=int(block_size),
                                               threads=int(threads), stems=stems is not None,
                                               progress=progress)
        if stems is not None:
            folder = Path(stems)
            folder.mkdir(parents=True, exist_ok=True)
            for name, audio in zip(self._session.track_names, stem_audio):
                write(folder / f"{_file_name(name)}.wav", audio, int(rate), subtype=subtype)
        if path is not None:
            write(path, mix, int(rate), subtype=subtype)
        return mix

    def __repr__(self) -> str:
        tempos = self._session.tempo_map.tempos
        tempo = f"{tempos[0][1]:g} bpm" + (f" (+{len(tempos) - 1} changes)" if len(tempos) > 1 else "")
        parts = [f"{self.sample_rate:g} Hz", tempo, f"{self.duration:.2f} s"]
        tracks = ", ".join(repr(t) for t in self.tracks)
        return f"Timeline({', '.join(parts)}; tracks: {tracks or 'none'})"


def _notes_file(notes: list[Any]) -> MidiFile:
    if all(isinstance(n, Note) for n in notes):
        return MidiFile.from_notes(notes)
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track("notes")
    for n in notes:
        if not isinstance(n, tuple) or not 3 <= len(n) <= 4:
            raise InvalidTypeError(f"a note is a tonewood.midi.Note or (pitch, start, duration[, velocity]) "
                                   f"in beats, got {n!r}")
        track.add_note(int(n[0]), float(n[1]), float(n[2]), int(n[3]) if len(n) == 4 else 100)
    return song


def _resonator(sample_rate: float) -> Any:
    from tonewood import Resonator  # the package imports this module first
    return Resonator(sample_rate=sample_rate)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def _file_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_ ." else "_" for c in name).strip() or "track"


class Track(StrictAttributes):
    """A track of a Timeline, reached by name (so a removed track's handle fails cleanly)."""

    def __init__(self, timeline: Timeline, name: str) -> None:
        self._timeline = timeline
        self._name = name
        self._instrument: Any = None
        self._inserts: list[Any] = []
        self._armed: tuple[int, ...] | str | None = None

    @property
    def _native(self) -> Any:
        return self._timeline._session.track(self._name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def kind(self) -> str:
        return self._native.kind

    # The fader -----------------------------------------------------------------------------------

    def _set(self, attribute: str, value: Any) -> None:
        setattr(self._native, attribute, value)
        self._timeline._edited(f"set {self._name} {attribute}")

    volume_db = property(lambda self: self._native.volume_db,
                         lambda self, v: self._set("volume_db", number(f"track '{self._name}' volume", v, "dB")),
                         doc="Volume, dB (-120 .. +24).")
    pan = property(lambda self: self._native.pan,
                   lambda self, v: self._set("pan", number(f"track '{self._name}' pan", v)),
                   doc="Pan (-1 left .. +1 right); a balance for stereo material.")
    mute = property(lambda self: self._native.mute, lambda self, v: self._set("mute", bool(v)))
    solo = property(lambda self: self._native.solo, lambda self, v: self._set("solo", bool(v)))
    invert = property(lambda self: self._native.invert, lambda self, v: self._set("invert", bool(v)),
                      doc="Polarity.")

    def automate(self, parameter: str, *, insert: int | None = None, instrument: bool = False) -> Lane:
        """The automation lane of the track's "volume" (dB) or "pan", or of a parameter of
        insert `insert` (0-based) or of the instrument (by its ID: "cutoff_hz",
        "decayTime wb0r0"); add points to it. The fader's lanes are read on every frame; an
        insert's or instrument's reach it as steps on their exact frames, at every point and on
        every frame the value moves (every 32 for the synth and SoundFonts), applied at once."""
        if insert is None and not instrument:
            if parameter not in AUTOMATABLE:
                raise InvalidArgumentError(f"a track automates volume and pan (or give insert= or instrument=True "
                                           f"for a parameter of an effect or the instrument); got {parameter!r}")
            return Lane(self, AUTOMATABLE[parameter])
        slot = -1 if insert is None else int(insert)
        self._native.parameter_lane(slot, str(parameter))  # checks the ID and the slot now
        return Lane(self, (slot, str(parameter)))

    # Routing -------------------------------------------------------------------------------------

    @property
    def output(self) -> str | None:
        """The bus this track feeds (None: the master)."""
        return self._native.output or None

    @output.setter
    def output(self, bus: Any) -> None:
        self._set("output", "" if bus is None else bus.name if isinstance(bus, Track) else str(bus))

    def send(self, bus: Any, level_db: float = 0.0, *, pre_fader: bool = False) -> None:
        """Sends a copy of the track to a bus (after the fader, or before it)."""
        name = bus.name if isinstance(bus, Track) else str(bus)
        self._timeline._session.track(name)  # an unknown bus fails now, naming the tracks
        self._native.set_send(name, number("send level", level_db, "dB"), bool(pre_fader))
        self._timeline._edited(f"send {self._name} to {name}")

    def remove_send(self, bus: Any) -> None:
        self._native.remove_send(bus.name if isinstance(bus, Track) else str(bus))
        self._timeline._edited(f"remove a send from {self._name}")

    @property
    def sends(self) -> dict[str, tuple[float, bool]]:
        """{bus: (level_db, pre_fader)}."""
        return {bus: (level, pre) for bus, level, pre in self._native.sends}

    # Recording -----------------------------------------------------------------------------------

    def arm(self, inputs: tuple[int, ...] | int | str = (0, 1)) -> None:
        """Arms the track for the next Timeline.record(): an audio track records the live
        client's capture channels `inputs` (0-based: (0, 1) a stereo pair, 0 or (0,) mono); an
        instrument track records the MIDI arriving on the JACK MIDI input port named `inputs`
        (default "<track> in"), which it also plays as it comes."""
        if self.kind == "instrument":
            self._armed = str(inputs) if isinstance(inputs, str) else f"{self._name} in"
            return
        if self.kind != "audio":
            raise InvalidArgumentError(f"track '{self._name}' is a {self.kind} track; audio tracks record "
                                       "audio and instrument tracks MIDI")
        channels = (inputs,) if isinstance(inputs, int) else tuple(inputs)
        if not 1 <= len(channels) <= 2 or any(not isinstance(c, int) or c < 0 for c in channels):
            raise InvalidArgumentError(f"a track records one or two input channels (0-based), got {inputs!r}")
        self._armed = tuple(int(c) for c in channels)

    def disarm(self) -> None:
        self._armed = None

    @property
    def armed(self) -> tuple[int, ...] | str | None:
        """The input channels (or, for an instrument track, the MIDI port) the track records
        from, or None."""
        return self._armed

    # Inserts -------------------------------------------------------------------------------------

    def add_insert(self, effect: Any, index: int | None = None, *, mix: float = 1.0) -> None:
        """Adds an effect (a built-in effect, an LV2 plugin...) to the chain, `mix` of it (0 dry ..
        1 wet) blended with its input, latency-aligned. A mono effect runs twice, once per side
        (a second instance follows this one's parameters)."""
        mix = number("insert mix", mix, "(0 dry .. 1 wet)", 0.0, 1.0)
        self._native.add_insert(native_of(effect), -1 if index is None else int(index))
        if mix != 1.0:
            self._native.set_mix(len(self._native.inserts) - 1 if index is None else int(index), mix)
        self._inserts.insert(len(self._inserts) if index is None else int(index), effect)
        self._timeline._edited(f"add an insert to {self._name}")

    def remove_insert(self, index: int) -> None:
        self._native.remove_insert(int(index))
        del self._inserts[int(index)]
        self._timeline._edited(f"remove an insert from {self._name}")

    def set_mix(self, index: int, mix: float) -> None:
        """The share of insert `index` in the signal: 0 dry .. 1 wet."""
        self._native.set_mix(int(index), number("insert mix", mix, "(0 dry .. 1 wet)", 0.0, 1.0))
        self._timeline._edited(f"set the mix of an insert of {self._name}")

    def bypass(self, index: int, bypass: bool = True) -> None:
        self._native.set_bypass(int(index), bool(bypass))
        self._timeline._edited(f"bypass an insert of {self._name}")

    @property
    def inserts(self) -> list[Any]:
        return list(self._inserts)

    @property
    def instrument(self) -> Any:
        """The instrument as it was given (for a loaded project: the processor the file built)."""
        return self._instrument if self._instrument is not None else self._native.instrument

    # Clips ---------------------------------------------------------------------------------------

    def add_clip(self, source: Any, start: Any = 0.0, *, sample_rate: float | None = None,
                 name: str | None = None, offset: float = 0.0, length: float | None = None,
                 gain_db: float = 0.0, fade_in: Any = 0.0, fade_out: Any = 0.0,
                 fade_shape: str = "linear", loop: bool = False, loop_length: float | None = None,
                 reverse: bool = False, source_bpm: float | None = None,
                 stream: bool = True) -> Clip:
        """Places audio on an audio track: a file path, a (channels, frames) array at
        `sample_rate` (default the song's), or an AudioSource. A file plays from disk (only its
        header is read now; live, a disk thread reads ahead of the playhead) unless `stream` is
        False, which decodes it into memory. It plays the source from `offset`
        seconds for `length` seconds (default: to the end); `loop` repeats the region (the source
        from `offset`, `loop_length` long) to fill `length`; `reverse` plays it backwards. Fades
        are seconds, or (seconds, shape) with shapes linear, exponential, equal_power, s_curve.
        With `source_bpm` (the source's tempo) the clip is stretched (Rubber Band, pitch kept) to
        last as many of the song's beats as it holds at that tempo. Clips on a track may not
        overlap."""
        clip = _native.AudioClip()
        clip.source = self._timeline._source(source, sample_rate, name, stream)
        clip.name = name if name is not None else clip.source.name
        clip.start = _position("clip start", start)
        clip.offset_seconds = number("clip offset", offset, "s")
        clip.length_seconds = None if length is None else number("clip length", length, "s")
        clip.loop_seconds = None if loop_length is None else number("clip loop length", loop_length, "s")
        clip.loop = bool(loop)
        clip.reverse = bool(reverse)
        clip.gain_db = number("clip gain", gain_db, "dB")
        clip.source_bpm = 0.0 if source_bpm is None else number("clip source tempo", source_bpm, "bpm")
        clip.fade_in = _fade("fade_in", fade_in, fade_shape)
        clip.fade_out = _fade("fade_out", fade_out, fade_shape)
        added = Clip(self, self._timeline._session.add_audio_clip(self._name, clip))
        self._timeline._edited(f"add clip {clip.name} to {self._name}" if clip.name else f"add a clip to {self._name}")
        return added

    @property
    def clips(self) -> list[Clip]:
        return [Clip(self, c.id) for c in self._native.audio_clips]

    def add_midi_clip(self, midi: Any, start: Any = 0.0, *, name: str | None = None) -> MidiClip:
        """Places MIDI on an instrument track: a tonewood.midi.MidiFile, a path, or notes, each
        a tonewood.midi.Note or (pitch, start, duration[, velocity]) in beats from the clip's
        start. Its beats follow the song's tempo."""
        if isinstance(midi, MidiFile):
            song = midi
        elif isinstance(midi, (str, os.PathLike, bytes)):
            song = MidiFile(midi)
        elif isinstance(midi, Iterable):
            song = _notes_file(list(midi))
        else:
            raise InvalidTypeError(f"a MIDI clip is a MidiFile, a path or notes, got {type(midi).__name__}")
        clip = _native.MidiClip()
        clip.name = name if name is not None else (os.path.basename(os.fspath(midi))
                                                   if isinstance(midi, (str, os.PathLike)) else "")
        clip.start = _position("clip start", start)
        clip.file = song._native
        added = MidiClip(self, self._native.add_midi_clip(clip))
        self._timeline._edited(f"add MIDI clip to {self._name}")
        return added

    @property
    def midi_clips(self) -> list[MidiClip]:
        return [MidiClip(self, c.id) for c in self._native.midi_clips]

    def __repr__(self) -> str:
        n = self._native
        content = (_count(len(n.audio_clips), "clip") if n.kind == "audio" else
                   _count(len(n.midi_clips), "MIDI clip") if n.kind == "instrument" else "sums its inputs")
        fader = f"{n.volume_db:+g} dB" + (f", pan {n.pan:+g}" if n.pan else "")
        flags = "".join(f", {flag}" for flag in ("mute", "solo", "invert") if getattr(n, flag))
        return f"Track({self._name!r}, {n.kind}, {content}, {fader}{flags})"


class _Pass:
    """A lane's recording pass: the native pass and the playhead of its last move."""

    def __init__(self, native: Any, last: float) -> None:
        self.native = native
        self.last = last


class Lane(StrictAttributes):
    """An automation lane: points (time, value) joined by linear, step, smooth (cubic) or bezier
    curves, applied on every frame.

    While the song plays live, a lane records a player's moves as a DAW does, by its `mode`:
    "read" (it plays, moves are refused), "write" (from play to stop it is what the control says,
    holding its value at the start until moved), "latch" (from the first move to stop, the last
    move holding after a release) or "touch" (from each move to its release, then it plays again).
    `touch(value)` is a move, heard from the next block and kept at the playhead; `release()` lets
    go. Each pass becomes one edit (one undo) when it ends: at release in touch mode, else at
    pause, stop or close. In a loop, the first move after the playhead wrapped ends the pass at
    the loop's end and begins another (a write or latch pass does not write the new lap until
    then). A pass replaces the lane's points over its range, each move held until the next, and
    keeps the rest."""

    def __init__(self, track: Track, attribute: str | tuple[int, str]) -> None:
        self._track = track
        self._attribute = attribute  # the fader lane's property, or (insert, parameter ID)

    @property
    def _key(self) -> tuple[str, Any]:
        return (self._track.name, self._attribute)

    def _steady(self) -> float:
        """The parameter's value without automation."""
        if isinstance(self._attribute, tuple):
            return float(self._track._native.parameter_value(*self._attribute))
        return float(getattr(self._track._native, "volume_db" if self._attribute == "volume_lane" else "pan"))

    def _value_now(self, seconds: float) -> float:
        """What the lane plays at `seconds` (its steady value when it has no points)."""
        n = self._native
        return n.value_at(seconds, self._track._timeline._session.tempo_map) if n.points else self._steady()

    @property
    def mode(self) -> str:
        """"read" (the default), "write", "latch" or "touch". Setting "read" ends a pass."""
        return self._track._timeline._lane_modes.get(self._key, "read")

    @mode.setter
    def mode(self, mode: str) -> None:
        timeline = self._track._timeline
        name = _native.automation_mode(str(mode))
        if name == "read" and self._key in timeline._passes:
            timeline._end_pass(self._key, timeline.playhead)
        timeline._lane_modes[self._key] = name
        if name == "write" and timeline.is_playing and self._key not in timeline._passes:
            timeline._begin_pass(self, self._value_now(timeline.playhead))

    def touch(self, value: float) -> None:
        """A live move to `value` (in the lane's unit and range): heard from the next block and
        recorded at the playhead. InvalidArgumentError in read mode; DeviceError when the song is
        not playing live."""
        native = self._native
        value = number(f"'{native.parameter}' automation value", value, native.unit, native.min, native.max)
        self._track._timeline._move(self, value)

    def release(self) -> None:
        """Lets go of the control: in touch mode the pass ends here and the lane plays again."""
        self._track._timeline._release(self)

    @property
    def touched(self) -> bool:
        """Whether a control holds the lane (touched and not released)."""
        return self._key in self._track._timeline._held

    @property
    def _native(self) -> Any:
        if isinstance(self._attribute, tuple):
            return self._track._native.parameter_lane(*self._attribute)
        return getattr(self._track._native, self._attribute)

    def add_point(self, time: Any, value: float, curve: str = "linear", *, tension: float = 0.0) -> Lane:
        """Adds a point (replacing one at the same time); `curve` leads to the next point.
        Returns the lane, so points chain."""
        self._native.add_point(_position("automation time", time), finite("automation value", value),
                               str(curve), finite("tension", tension))
        self._track._timeline._edited(f"automate {self._track.name}")
        return self

    def remove_point(self, time: Any) -> None:
        self._native.remove_point(_position("automation time", time))
        self._track._timeline._edited(f"remove an automation point of {self._track.name}")

    def clear(self) -> None:
        self._native.clear()
        self._track._timeline._edited(f"clear automation of {self._track.name}")

    @property
    def points(self) -> list[tuple[Position, float, str, float]]:
        return self._native.points

    def __repr__(self) -> str:
        n = self._native
        unit = f" {n.unit}" if n.unit else ""
        return f"Lane({self._track.name!r} {n.parameter}, {len(n.points)} points, [{n.min:g}, {n.max:g}]{unit})"


class Clip(StrictAttributes):
    """An audio clip on a track. Edits are checked like adding it: nothing changes when one fails."""

    track: Track
    id: int

    def __init__(self, track: Track, id: int) -> None:
        self.track = track
        self.id = id

    @property
    def _clip(self) -> Any:
        return self.track._native.audio_clip(self.id)

    def _edit(self, **changes: Any) -> None:
        clip = self._clip
        for key, value in changes.items():
            setattr(clip, key, value)
        self.track._timeline._session.replace_audio_clip(self.track.name, self.id, clip)
        self.track._timeline._edited(f"edit clip {clip.name}")

    name = property(lambda self: self._clip.name)
    start = property(lambda self: self._clip.start, lambda self, v: self.move(v))
    offset = property(lambda self: self._clip.offset_seconds)
    length = property(lambda self: self._clip.timeline_seconds(self.track._timeline.tempo_map),
                      doc="Seconds it plays on the timeline (stretched, with source_bpm).")
    source_bpm = property(lambda self: self._clip.source_bpm or None,
                          lambda self, v: self._edit(source_bpm=0.0 if v is None else number("clip source tempo", v, "bpm")))
    gain_db = property(lambda self: self._clip.gain_db,
                       lambda self, v: self._edit(gain_db=number("clip gain", v, "dB")))
    loop = property(lambda self: self._clip.loop, lambda self, v: self._edit(loop=bool(v)))
    reverse = property(lambda self: self._clip.reverse, lambda self, v: self._edit(reverse=bool(v)))
    fade_in = property(lambda self: self._clip.fade_in)
    fade_out = property(lambda self: self._clip.fade_out)
    source = property(lambda self: self._clip.source)

    def move(self, start: Any) -> None:
        self._edit(start=_position("clip start", start))

    def trim(self, start: float | None = None, end: float | None = None) -> None:
        """Plays the source from `start` to `end` seconds (either left as it is when None)."""
        clip = self._clip
        first = clip.offset_seconds if start is None else number("trim start", start, "s", 0.0)
        last = first + clip.played_seconds if end is None else number("trim end", end, "s", 0.0)
        if last <= first:
            raise InvalidArgumentError(f"trim end ({last:g} s) must come after its start ({first:g} s)")
        self._edit(offset_seconds=first, length_seconds=last - first)

    def set_fades(self, fade_in: float | None = None, fade_out: float | None = None,
                  shape: str | None = None) -> None:
        """Fade lengths in seconds (None keeps one) and a shape for both (None keeps each)."""
        clip = self._clip
        self._edit(fade_in=(clip.fade_in[0] if fade_in is None else number("fade_in", fade_in, "s", 0.0),
                            shape or clip.fade_in[1]),
                   fade_out=(clip.fade_out[0] if fade_out is None else number("fade_out", fade_out, "s", 0.0),
                             shape or clip.fade_out[1]))

    def remove(self) -> None:
        self.track._native.remove_audio_clip(self.id)
        self.track._timeline._edited("remove a clip")

    def __repr__(self) -> str:
        c = self._clip
        extras = "".join(f", {flag}" for flag in ("loop", "reverse") if getattr(c, flag))
        return (f"Clip({c.name!r} at {c.start!r}, {c.played_seconds:.3f} s from {c.offset_seconds:g} s"
                f"{', ' + format(c.gain_db, '+g') + ' dB' if c.gain_db else ''}{extras})")


class MidiClip(StrictAttributes):
    """A MIDI clip on an instrument track."""

    track: Track
    id: int

    def __init__(self, track: Track, id: int) -> None:
        self.track = track
        self.id = id

    @property
    def _clip(self) -> Any:
        return self.track._native.midi_clip(self.id)

    name = property(lambda self: self._clip.name)
    start = property(lambda self: self._clip.start, lambda self, v: self.move(v))
    length_beats = property(lambda self: self._clip.length_beats)

    @property
    def file(self) -> MidiFile:
        """A copy of the clip's MIDI, as a tonewood.midi.MidiFile (ticks from the clip's start)."""
        return MidiFile(bytes(self._clip.file.serialize(True)))

    def edit(self, change: Callable[[MidiFile], Any]) -> MidiClip:
        """Runs `change` on a copy of the clip's MIDI (any MidiFile edit: transform, quantize,
        humanize...) and puts the result in the clip, in one undoable step. Returns the clip."""
        song = self.file
        change(song)
        clip = self._clip
        clip.file = song._native
        self.track._native.replace_midi_clip(self.id, clip)
        self.track._timeline._edited(f"edit MIDI clip {clip.name}")
        return self

    def transpose(self, semitones: int) -> MidiClip:
        return self.edit(lambda song: song.transform(transpose=int(semitones)))

    def quantize(self, grid: int | str, strength: float = 1.0, swing: float = 0.0) -> MidiClip:
        """Moves notes to a grid (ticks, or "1/16"...), as MidiFile.quantize does."""
        return self.edit(lambda song: song.quantize(grid, strength, swing))

    def move(self, start: Any) -> None:
        clip = self._clip
        clip.start = _position("clip start", start)
        self.track._native.replace_midi_clip(self.id, clip)
        self.track._timeline._edited(f"move MIDI clip {clip.name}")

    def remove(self) -> None:
        self.track._native.remove_midi_clip(self.id)
        self.track._timeline._edited("remove a MIDI clip")

    def __repr__(self) -> str:
        c = self._clip
        return f"MidiClip({c.name!r} at {c.start!r}, {c.length_beats:g} beats)"


__all__ = ["Clip", "Lane", "MidiClip", "Position", "Timeline", "Track", "beats", "seconds"]
