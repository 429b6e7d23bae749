"""The engine: a graph of processors that renders offline and plays live through JACK, sample for
sample the same.

    import tonewood
    from tonewood.effects import Reverb
    from tonewood.nodes import MidiPlayer

    engine = tonewood.Engine(sample_rate=48000)
    song = engine.add(MidiPlayer("song.mid"))
    synth = engine.add(tonewood.Resonator(sample_rate=48000))
    verb = engine.add(Reverb(decay_s=2.0, mix=0.3))
    engine.connect(song, synth)            # events
    engine.connect(synth, verb)            # audio
    engine.connect(verb, engine.output)
    audio = engine.render(seconds=10)      # or engine.start() to play it through JACK
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Callable, Iterator

import numpy as np

from tonewood._checks import StrictAttributes
from tonewood import _tonewood
from tonewood._midi_sending import MidiSending
from tonewood._tonewood.timeline import TempoMap
from tonewood.errors import InvalidArgumentError, InvalidTypeError
from tonewood.nodes import MidiInput, MidiOutput
from tonewood.processors import audio_input, native_of

INPUT_ID = 1
OUTPUT_ID = 2


class Node(MidiSending, StrictAttributes):
    """A processor in an engine. Pass nodes to Engine.connect and friends. An instrument's node
    is played by name too (``node.note_on(channel=0, note=60, velocity=100)``): at engine
    `frame`, or with no frame at the next block, which is at once when the engine plays live."""

    engine: Engine
    id: int
    name: str
    processor: Any

    def __init__(self, engine: Engine, id: int, name: str, processor: Any) -> None:
        self.engine = engine
        self.id = id
        self.name = name
        self.processor = processor

    def set_param(self, id: str, value: float, *, frame: int | None = None,
                  seconds: float | None = None) -> None:
        """Sets a parameter now (the next block), or exactly at engine `frame` (or `seconds` on
        the engine's clock)."""
        at = self.engine._frame_of(frame, seconds)
        if at is None:
            native_of(self.processor).set_param(id, float(value))
        else:
            self.engine._native.schedule_param(self.id, id, float(value), at)

    def send(self, message: Any, *, frame: int | None = None, seconds: float | None = None) -> None:
        """Sends a MIDI message (a tonewood.midi.Message or its bytes) to the node at engine
        `frame` (default: the next block)."""
        at = self.engine._frame_of(frame, seconds)
        if isinstance(message, (bytes, bytearray, memoryview)):
            message = list(bytes(message))
        self.engine._native.schedule_midi(self.id, message, self.engine.frame if at is None else at)

    def __repr__(self) -> str:
        kind = "graph" if self.processor is None else type(self.processor).__name__
        return f"Node({self.name!r}, {kind})"


class MidiClockIn(StrictAttributes):
    """MIDI beat clock coming in through a JACK MIDI input port (`port`, opened when the engine
    plays live), for a transport to follow: ``engine.transport.follow(MidiClockIn())``."""

    port: str

    def __init__(self, port: str = "clock_in") -> None:
        if not isinstance(port, str) or not port:
            raise InvalidArgumentError(f"a MIDI clock input needs a port name, got {port!r}")
        self.port = port
        self._native = _tonewood._MidiClockFollower()

    @property
    def measured_tempo(self) -> float:
        """The clock's tempo as measured over its last ticks (bpm; 0 before two came)."""
        return float(self._native.measured_tempo)

    @property
    def running(self) -> bool:
        """Whether the clock started (Start or Continue) and has not stopped."""
        return bool(self._native.clock_running)

    def __repr__(self) -> str:
        return f"MidiClockIn({self.port!r}, {'running' if self.running else 'stopped'}, {self.measured_tempo:.2f} bpm)"


class Transport(StrictAttributes):
    """The engine's transport: play, stop, locate, loop, tempo and meter. Requests apply at the
    start of the next block."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._native = engine._native
        self._link: Any = None

    def play(self) -> None:
        """Starts playing at the next block; following Link, on the next quantum boundary."""
        self._native.play()

    def stop(self) -> None:
        self._native.stop()

    def locate(self, seconds: float | None = None, *, frame: int | None = None) -> None:
        """Moves to `seconds` (or `frame`) on the timeline."""
        self._native.locate(self._engine._timeline_frame(seconds, frame))

    def set_loop(self, start: float, end: float) -> None:
        """The loop range in seconds (turn it on with ``looping = True``)."""
        rate = self._engine.sample_rate
        self._native.set_loop(int(round(start * rate)), int(round(end * rate)))

    @property
    def loop(self) -> tuple[float, float]:
        start, end = self._native.loop
        return start / self._engine.sample_rate, end / self._engine.sample_rate

    @property
    def looping(self) -> bool:
        return bool(self._native.looping)

    @looping.setter
    def looping(self, on: bool) -> None:
        self._native.looping = bool(on)

    @property
    def tempo_bpm(self) -> float:
        """Quarter notes per minute (10..999)."""
        return float(self._native.tempo)

    @tempo_bpm.setter
    def tempo_bpm(self, bpm: float) -> None:
        self._native.tempo = float(bpm)

    @property
    def time_signature(self) -> tuple[int, int]:
        numerator, denominator = self._native.time_signature
        return int(numerator), int(denominator)

    @time_signature.setter
    def time_signature(self, signature: tuple[int, int]) -> None:
        self._native.time_signature = (int(signature[0]), int(signature[1]))

    @property
    def tempo_map(self) -> TempoMap | None:
        """The TempoMap the transport follows (tempo ramps, meter changes), or None for the steady
        `tempo_bpm` and `time_signature`. Assigning copies the map: edit it, then assign it again."""
        return self._native.tempo_map

    @tempo_map.setter
    def tempo_map(self, tempo_map: TempoMap | None) -> None:
        if tempo_map is not None and not isinstance(tempo_map, TempoMap):
            raise InvalidTypeError(f"tempo_map must be a tonewood.TempoMap or None, "
                                   f"got {type(tempo_map).__name__}")
        self._native.tempo_map = tempo_map

    def follow(self, link: Any) -> None:
        """Follows an Ableton Link session (a `tonewood.Link`), MIDI beat clock coming in (a
        `tonewood.MidiClockIn`), or `None` to stop.

        While following, beats and tempo come from the session each cycle, at the time the cycle
        is heard (the device's output latency included); `play()` starts on the session's next
        quantum boundary (`link.quantum`), phase-aligned with every peer; `tempo_bpm = x` sets the
        session's tempo for everyone, and peers' tempo changes are followed mid-play. With
        `link.start_stop_sync_enabled`, starts and stops are shared both ways. Link keeps real
        time, so a following engine plays live (`engine.start()`); offline renders are refused.
        A tempo map set meanwhile applies again once following ends.

        Following MIDI clock, the transport starts on the first tick after the clock's Start (beat
        0) or Continue (at its Song Position Pointer), stops on Stop, and its beat is exact on every
        tick, the tempo measured between them; `play()` waits for the clock's next tick, and
        tempo requests have no effect (the clock's sender sets it).
        """
        from tonewood.link import Link

        if self._link is not None:
            if isinstance(self._link, Link):
                self._link._followers.discard(self)
            _tonewood.link.unfollow(self._native)
            self._link = None
        if link is None:
            return
        if isinstance(link, MidiClockIn):
            _tonewood._follow_midi_clock(self._native, link._native)
            self._engine._add_clock_port(link)
            self._link = link
            return
        if not isinstance(link, Link):
            raise InvalidTypeError(
                f"follow needs a tonewood.Link, a tonewood.MidiClockIn or None, got {type(link).__name__}")
        link._require_open()
        _tonewood.link.follow(self._native, link._session, link.quantum)
        self._link = link
        link._followers.add(self)

    def _quantum_changed(self, quantum: float) -> None:
        _tonewood.link.set_follow_quantum(self._native, quantum)

    @property
    def following(self) -> Any:
        """The Link session or MIDI clock input the transport follows, or None."""
        return self._link

    @property
    def playing(self) -> bool:
        return bool(self._native.playing)

    @property
    def frame(self) -> int:
        """The timeline position in frames."""
        return int(self._native.position)

    @property
    def position(self) -> float:
        """The timeline position in seconds."""
        return self.frame / self._engine.sample_rate

    def __repr__(self) -> str:
        state = "playing" if self.playing else "stopped"
        return (f"Transport({state} at {self.position:.3f} s, {self.tempo_bpm:g} BPM, "
                f"{self.time_signature[0]}/{self.time_signature[1]})")


class Engine(StrictAttributes):
    """A graph of processors with a transport, rendered offline or played live through JACK.

    `inputs` and `outputs` are the graph's audio channels (a device's capture and playback
    ports). `threads` render independent branches in parallel; the output is bit-identical
    whatever the thread count and the block size.
    """

    input: Node
    output: Node
    transport: Transport

    def __init__(self, sample_rate: float = 48000, block_size: int = 512, *, inputs: int = 0,
                 outputs: int = 2, threads: int = 1, events_per_block: int = 1024) -> None:
        self._native = _tonewood._Engine(float(sample_rate), int(block_size), int(inputs),
                                         int(outputs), int(threads), int(events_per_block))
        self._nodes: dict[int, Node] = {}
        self._live: Any = None
        self._midi_ports: list[tuple[str, str, Any]] = []  # (kind, port, node or clock) bound when live
        self.input = Node(self, INPUT_ID, "input", None)
        self.output = Node(self, OUTPUT_ID, "output", None)
        self.transport = Transport(self)

    # Properties ---------------------------------------------------------------------------------

    @property
    def sample_rate(self) -> float:
        return float(self._native.sample_rate)

    @property
    def block_size(self) -> int:
        return int(self._native.block_size)

    @property
    def threads(self) -> int:
        return int(self._native.threads)

    @threads.setter
    def threads(self, threads: int) -> None:
        self._native.threads = int(threads)

    @property
    def latency_frames(self) -> int:
        """Frames from input to output through the slowest path (compensated on the others)."""
        return int(self._native.latency_frames)

    @property
    def frame(self) -> int:
        """The engine's clock: frames rendered since it was made or reset."""
        return int(self._native.frame)

    @property
    def dropped_events(self) -> int:
        return int(self._native.dropped_events)

    @property
    def nodes(self) -> list[Node]:
        return list(self._nodes.values())

    def node(self, name: str) -> Node:
        for n in self._nodes.values():
            if n.name == name:
                return n
        raise InvalidArgumentError(f"no node named {name!r} (nodes: {', '.join(n.name for n in self._nodes.values())})")

    # Editing ------------------------------------------------------------------------------------

    def add(self, processor: Any, name: str | None = None) -> Node:
        """Adds a processor (an effect, a node, a Resonator) and returns its node."""
        native = native_of(processor)
        id = int(self._native.add(native, name or ""))
        names = {i: n for i, n, _ in self._native.nodes()}
        node = Node(self, id, names[id], processor)
        self._nodes[id] = node
        self._after_edit()
        return node

    def remove(self, node: Node) -> None:
        """Removes a node and its connections; a running engine keeps playing the rest."""
        self._native.remove(self._id(node))
        self._nodes.pop(node.id, None)
        self._midi_ports = [p for p in self._midi_ports if p[2] is not node]
        self._after_edit()

    def connect(self, source: Node, destination: Node, *, source_channel: int | None = None,
                destination_channel: int | None = None, feedback_delay: int = 0) -> None:
        """Connects audio (channel to channel, a mono source to every input channel) and events
        (when the source makes them and the destination takes them). One channel to one channel
        with source_channel and destination_channel; a feedback connection, which may close a
        loop, reads what its source made `feedback_delay` frames ago (at least the block size)."""
        s, d = self._id(source), self._id(destination)
        if source_channel is not None or destination_channel is not None or feedback_delay:
            self._native.connect_channel(s, source_channel or 0, d, destination_channel or 0,
                                         int(feedback_delay))
            self._after_edit()
            return
        audio = self._audio_out(source) > 0 and self._audio_in(destination) > 0
        events = self._makes_events(source) and self._takes_events(destination)
        if not audio and not events:
            raise InvalidArgumentError(
                f"nothing to connect from {self._native.describe(s)} to {self._native.describe(d)}: "
                "no audio from one into the other and no events")
        with self.batch():
            if audio:
                self._native.connect(s, d)
            if events:
                self._native.connect_events(s, d)

    def connect_events(self, source: Node, destination: Node) -> None:
        self._native.connect_events(self._id(source), self._id(destination))
        self._after_edit()

    def disconnect(self, source: Node, destination: Node, *, source_channel: int | None = None,
                   destination_channel: int | None = None) -> bool:
        """Removes the connections between two nodes (or one channel's); False if there were none."""
        if source_channel is not None or destination_channel is not None:
            removed = self._native.disconnect_channel(self._id(source), source_channel or 0,
                                                      self._id(destination), destination_channel or 0)
        else:
            removed = self._native.disconnect(self._id(source), self._id(destination))
        self._after_edit()
        return bool(removed)

    @contextlib.contextmanager
    def batch(self) -> Iterator[Engine]:
        """Edits inside the block are compiled once, at its end."""
        self._native.begin_batch()
        try:
            yield self
        finally:
            self._native.end_batch()
            self._after_edit()

    # Rendering ----------------------------------------------------------------------------------

    def render(self, frames: int | None = None, *, seconds: float | None = None,
               input: np.ndarray | None = None,
               progress: Callable[[float], Any] | None = None) -> np.ndarray:
        """Renders `frames` (or `seconds`; or the length of `input`) with the transport playing
        (started if stopped) and returns an (outputs, frames) float32 array. `input` feeds the
        graph's input. Each call goes on from where the last ended. Releases the GIL; `progress`
        is called with the fraction done."""
        total = self._frames_to_render(frames, seconds, input)
        source = audio_input(input, "input") if input is not None else None
        return np.asarray(self._native.render(total, source, progress))

    def render_to_file(self, path: str | os.PathLike[str], frames: int | None = None, *,
                       seconds: float | None = None, input: np.ndarray | None = None,
                       subtype: str = "PCM_24", progress: Callable[[float], Any] | None = None) -> None:
        """Renders as render() does, into the file `path` in ten-second pieces (any length fits),
        written completely or not at all."""
        from tonewood.audio_file import AudioFile

        total = self._frames_to_render(frames, seconds, input)
        source = audio_input(input, "input") if input is not None else None
        chunk = int(self.sample_rate * 10)
        with AudioFile(path, "w", sample_rate=int(self.sample_rate),
                       channels=int(self._native.outputs), subtype=subtype) as file:
            done = 0
            while done < total:
                n = min(chunk, total - done)
                part = None if source is None else np.ascontiguousarray(source[:, done:done + n])
                file.write(np.asarray(self._native.render(n, part, None)))
                done += n
                if progress is not None:
                    progress(done / total)

    def _frames_to_render(self, frames: int | None, seconds: float | None,
                          input: np.ndarray | None) -> int:
        if frames is not None and seconds is not None:
            raise InvalidArgumentError("give frames or seconds=, not both")
        if seconds is not None:
            frames = int(round(seconds * self.sample_rate))
        elif frames is None:
            if input is None:
                raise InvalidArgumentError("say how much to render: frames, seconds= or an input=")
            frames = audio_input(input, "input").shape[1]
        if frames < 0:
            raise InvalidArgumentError(f"frames must be at least 0, got {frames}")
        return int(frames)

    def reset(self) -> None:
        """Stops the transport at 0, clears every node's state and sets the clock to 0."""
        self._native.reset()

    # Live ---------------------------------------------------------------------------------------

    def start(self, backend: str = "jack", *, server: str | None = None, client_name: str = "tonewood",
              connect_outputs: bool = True, connect_inputs: bool = False) -> Engine:
        """Plays the engine live: one JACK client (or PipeWire's JACK) with an audio port per
        input and output channel and the MIDI ports of midi_input/midi_output nodes, running this
        graph in its process callback. Outputs are connected to the physical playback ports
        unless told otherwise. Raises DeviceError naming the server when none runs or it runs at
        another sample rate. Use as a context manager, or call stop()."""
        if backend != "jack":
            raise InvalidArgumentError(f"backend must be 'jack' (JACK or PipeWire's JACK), got {backend!r}")
        if self._live is not None:
            raise InvalidArgumentError("the engine is already running; stop() it first")
        live = _tonewood._LiveJack(self._native, client_name, server or "", bool(connect_outputs),
                                   bool(connect_inputs))
        try:
            for kind, port, node in self._midi_ports:
                self._bind(live, kind, port, node)
            live.start()
        except BaseException:
            live.close()
            raise
        self._live = live
        return self

    def stop(self) -> None:
        """Stops playing live (the graph and its state stay)."""
        if self._live is not None:
            live, self._live = self._live, None
            live.close()

    @property
    def is_live(self) -> bool:
        return self._live is not None

    def midi_input(self, port: str = "midi_in", name: str | None = None) -> Node:
        """A node whose events are what arrives on the JACK MIDI input port `port` (opened when
        the engine is live), at their frame offsets, in the same cycle."""
        node = self.add(MidiInput(), name or port)
        self._midi_ports.append(("in", port, node))
        if self._live is not None:
            self._bind(self._live, "in", port, node)
        return node

    def midi_output(self, port: str = "midi_out", name: str | None = None) -> Node:
        """A node whose events leave through the JACK MIDI output port `port` at their frames."""
        node = self.add(MidiOutput(), name or port)
        self._midi_ports.append(("out", port, node))
        if self._live is not None:
            self._bind(self._live, "out", port, node)
        return node

    @property
    def xruns(self) -> int:
        """Late cycles JACK reported since start()."""
        return int(self._running().xruns)

    def heard_at(self, frame: int) -> float:
        """When engine frame `frame` is heard, in seconds of `time.monotonic()`: JACK's time of
        the cycle that plays it plus the playback latency downstream (for lining what the engine
        plays up with other clocks). Exact while no cycle was dropped (`xruns == 0`)."""
        return float(self._running().heard_at(int(frame)))

    @property
    def playback_latency_frames(self) -> int:
        """Frames from the engine's outputs to the speakers, as JACK reports them."""
        return int(self._running().playback_latency)

    @property
    def cpu_load(self) -> float:
        """JACK's DSP load in percent."""
        return float(self._running().cpu_load)

    @property
    def cycle_times_us(self) -> tuple[float, float]:
        """The engine's time per cycle in microseconds since start() or the last
        reset_cycle_times(): (mean, worst)."""
        live = self._running()
        return float(live.mean_cycle_us), float(live.worst_cycle_us)

    def reset_cycle_times(self) -> None:
        self._running().reset_cycle_times()

    @property
    def client_name(self) -> str:
        return str(self._running().client_name)

    @property
    def audio_outputs(self) -> list[str]:
        """Full names of the live client's audio output ports."""
        return list(self._running().audio_outputs)

    @property
    def audio_inputs(self) -> list[str]:
        return list(self._running().audio_inputs)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "live" if self.is_live else "offline"
        return (f"Engine({self.sample_rate:g} Hz, block {self.block_size}, {len(self._nodes)} nodes, "
                f"{self.threads} thread{'s' if self.threads != 1 else ''}, {state})")

    # Helpers ------------------------------------------------------------------------------------

    def _running(self) -> Any:
        if self._live is None:
            raise InvalidArgumentError("the engine is not running live; call start() first")
        return self._live

    def _add_clock_port(self, clock: MidiClockIn) -> None:
        self._midi_ports.append(("clock", clock.port, clock))
        if self._live is not None:
            self._bind(self._live, "clock", clock.port, clock)

    def _bind(self, live: Any, kind: str, port: str, node: Any) -> None:
        if kind == "clock":
            live.bind_midi_clock_input(port, node._native)
            return
        native = native_of(node.processor)
        if kind == "in":
            live.bind_midi_input(port, native)
        else:
            live.bind_midi_output(port, native)

    def _after_edit(self) -> None:
        if self._live is not None:
            self._live.update_latency()

    def _id(self, node: Node) -> int:
        if not isinstance(node, Node) or node.engine is not self:
            raise InvalidArgumentError(f"expected a node of this engine, got {node!r}")
        if node.id not in (INPUT_ID, OUTPUT_ID) and node.id not in self._nodes:
            raise InvalidArgumentError(f"{node!r} was removed from the engine")
        return node.id

    def _audio_out(self, node: Node) -> int:
        if node.id == INPUT_ID:
            return int(self._native.inputs)
        return 0 if node.id == OUTPUT_ID else int(native_of(node.processor).num_outputs)

    def _audio_in(self, node: Node) -> int:
        if node.id == OUTPUT_ID:
            return int(self._native.outputs)
        return 0 if node.id == INPUT_ID else int(native_of(node.processor).num_inputs)

    def _makes_events(self, node: Node) -> bool:
        return node.processor is not None and bool(native_of(node.processor).produces_events)

    def _takes_events(self, node: Node) -> bool:
        return node.processor is not None and bool(native_of(node.processor).accepts_events)

    def _frame_of(self, frame: int | None, seconds: float | None) -> int | None:
        if frame is not None and seconds is not None:
            raise InvalidArgumentError("give frame or seconds, not both")
        if seconds is not None:
            return int(round(seconds * self.sample_rate))
        return None if frame is None else int(frame)

    def _timeline_frame(self, seconds: float | None, frame: int | None) -> int:
        at = self._frame_of(frame, seconds)
        if at is None:
            raise InvalidArgumentError("locate() needs seconds or frame=")
        return at
