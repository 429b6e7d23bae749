"""Audio devices through JACK (and PipeWire's JACK): what the server has, connections, and ready
made live engines: a file player, an instrument played from Python, queues that feed audio from
Python or hand captured audio to it, playing an array or a file, and recording to a file.

Everything here needs a running JACK server (start one without a sound card with
``jackd -d dummy``); ``server`` names one, None is the default server ($JACK_DEFAULT_SERVER).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from tonewood import _tonewood
from tonewood._midi_sending import MidiSending
from tonewood.engine import Engine
from tonewood.errors import InvalidArgumentError
from tonewood.nodes import AudioPlayer, AudioQueue, CaptureQueue, Recorder


@dataclass(frozen=True)
class Port:
    """A port on the JACK server."""

    name: str          # "client:port"
    client: str
    type: str          # "audio" or "midi"
    is_input: bool     # takes signal in (playback, a client's input)
    is_output: bool    # gives signal out (capture, a client's output)
    is_physical: bool  # a device's port
    connections: tuple[str, ...]


@dataclass(frozen=True)
class ServerInfo:
    """What a JACK server runs at and what is on it."""

    sample_rate: float
    buffer_size: int
    clients: tuple[str, ...]
    ports: tuple[Port, ...]

    def audio_ports(self) -> list[Port]:
        return [p for p in self.ports if p.type == "audio"]

    def midi_ports(self) -> list[Port]:
        return [p for p in self.ports if p.type == "midi"]


def server_info(server: str | None = None) -> ServerInfo:
    """The server's sample rate and period, its clients and every audio and MIDI port with its
    connections. Raises DeviceError naming the server when none runs."""
    info = _tonewood._jack_server_info(server or "")
    ports = tuple(Port(name, client, kind, ins, outs, phys, tuple(conns))
                  for name, client, kind, ins, outs, phys, conns in info.ports)
    return ServerInfo(float(info.sample_rate), int(info.buffer_size), tuple(info.clients), ports)


def connect(source: str, destination: str, *, server: str | None = None) -> None:
    """Connects two ports by full name (either order). DeviceError names a port that does not
    exist."""
    _tonewood._jack_connect(source, destination, True, server or "")


def disconnect(source: str, destination: str, *, server: str | None = None) -> None:
    _tonewood._jack_connect(source, destination, False, server or "")


def _engine_at_server_rate(server: str | None, **options: Any) -> Engine:
    return Engine(server_info(server).sample_rate, **options)


class Player:
    """Plays an audio file through JACK, streamed from disk and converted to the server's rate::

        with tonewood.Player("take.wav") as player:
            player.play()
            while player.is_playing():
                time.sleep(0.1)
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, server: str | None = None,
                 client_name: str = "tonewood-player", connect_outputs: bool = True) -> None:
        self._server = server
        self._engine = _engine_at_server_rate(server, outputs=2, block_size=1024)
        self._node: Any = None
        self._source: AudioPlayer | None = None
        self._looping = False
        self._engine.start(server=server, client_name=client_name, connect_outputs=connect_outputs)
        if path is not None:
            self.load_file(path)

    def load_file(self, path: str | os.PathLike[str]) -> None:
        """Loads a file (any format libsndfile reads) and goes back to its start, stopped."""
        source = AudioPlayer(path, loop=self._looping)
        with self._engine.batch():
            if self._node is not None:
                self._engine.remove(self._node)
            self._node = self._engine.add(source, "file")
            for channel in range(2):
                self._engine.connect(self._node, self._engine.output,
                                     source_channel=min(channel, source.num_outputs - 1),
                                     destination_channel=channel)
        self._source = source
        self.stop()

    def play(self) -> None:
        self._require()
        self._engine.transport.play()

    def pause(self) -> None:
        """Stops where it is; play() goes on from there."""
        self._engine.transport.stop()

    def stop(self) -> None:
        """Stops and goes back to the start."""
        self._engine.transport.stop()
        self._engine.transport.locate(frame=0)

    def seek(self, seconds: float) -> None:
        length = self.duration
        if not 0 <= seconds <= length:
            raise InvalidArgumentError(f"seek position must be within [0, {length:g}] s, got {seconds:g}")
        self._engine.transport.locate(seconds)

    def set_looping(self, on: bool) -> None:
        self._looping = bool(on)
        if self._source is not None:
            self._source.loop = self._looping

    def is_playing(self) -> bool:
        if self._source is None or not self._engine.transport.playing:
            return False
        return self._looping or self._engine.transport.frame < self._source.length_frames

    @property
    def position(self) -> float:
        """Seconds into the file."""
        if self._source is None:
            return 0.0
        return self._source.position / self._engine.sample_rate

    @property
    def duration(self) -> float:
        self._require()
        assert self._source is not None
        return self._source.length_frames / self._engine.sample_rate

    @property
    def progress(self) -> float:
        """0..1 through the file."""
        return self.position / self.duration if self._source is not None and self.duration else 0.0

    @property
    def underruns(self) -> int:
        return 0 if self._source is None else self._source.underruns

    def close(self) -> None:
        self._engine.stop()

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _require(self) -> None:
        if self._source is None:
            raise InvalidArgumentError("load a file first (load_file)")


class LiveInstrument(MidiSending):
    """An instrument (a SoundFont, an LV2 instrument, a Resonator) played live through JACK from
    Python, the way General MIDI synths are played::

        with tonewood.LiveInstrument(tonewood.SoundFont(font)) as synth:
            synth.program_change(channel=0, program=40)
            synth.note_on(channel=0, note=60, velocity=100)
            time.sleep(1.0)
            synth.note_off(channel=0, note=60)

    Each message is heard at the next cycle of the server. The instrument must run at the
    server's sample rate; leaving the block lets go of every note and stops the client."""

    def __init__(self, instrument: Any, *, server: str | None = None,
                 client_name: str = "tonewood-instrument", connect_outputs: bool = True,
                 block_size: int = 256) -> None:
        outputs = int(getattr(instrument, "num_outputs", 2))
        self.instrument = instrument
        self._engine = _engine_at_server_rate(server, inputs=0, outputs=max(1, outputs),
                                              block_size=block_size)
        self.node = self._engine.add(instrument, "instrument")
        self._engine.connect(self.node, self._engine.output)
        self._engine.start(server=server, client_name=client_name, connect_outputs=connect_outputs)
        self._engine.transport.play()

    def send(self, message: bytes | Sequence[int], frame: int | None = None) -> None:
        """Sends a MIDI message: at the next cycle, or at engine `frame`."""
        self.node.send(bytes(message), frame=frame)

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def audio_outputs(self) -> list[str]:
        """The client's output ports, for connecting them elsewhere."""
        return list(self._engine.audio_outputs)

    def close(self) -> None:
        """Lets go of every note, then stops the client (the instrument is free again)."""
        if self._engine.is_live:
            self.all_notes_off()
            time.sleep(2 * self._engine.block_size / self._engine.sample_rate)
            self._engine.stop()
            self._engine.remove(self.node)

    def __enter__(self) -> LiveInstrument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OutputQueue:
    """Audio fed from Python to JACK's playback ports: ``enqueue`` (channels, frames) blocks; the
    audio thread plays them without waiting for Python, counting blocks it finds short."""

    def __init__(self, *, channels: int = 2, seconds: float = 2.0, server: str | None = None,
                 client_name: str = "tonewood-out", connect_outputs: bool = True) -> None:
        self.engine = _engine_at_server_rate(server, outputs=channels, block_size=1024)
        self.queue = AudioQueue(channels=channels, seconds=seconds)
        self.engine.connect(self.engine.add(self.queue), self.engine.output)
        self.engine.start(server=server, client_name=client_name, connect_outputs=connect_outputs)

    @property
    def sample_rate(self) -> float:
        return self.engine.sample_rate

    def enqueue(self, block: np.ndarray, *, timeout: float | None = None) -> int:
        return self.queue.enqueue(block, timeout=timeout)

    def end(self) -> None:
        self.queue.end()

    @property
    def queued_frames(self) -> int:
        return self.queue.queued_frames

    @property
    def underruns(self) -> int:
        return self.queue.underruns

    def close(self) -> None:
        self.engine.stop()

    def __enter__(self) -> OutputQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InputQueue:
    """Audio captured from JACK handed to Python: ``read`` blocks as they arrive; frames nobody
    read before the queue filled are counted in ``overruns``."""

    def __init__(self, *, channels: int = 2, seconds: float = 2.0, server: str | None = None,
                 client_name: str = "tonewood-in", connect_inputs: bool = True) -> None:
        self.engine = _engine_at_server_rate(server, inputs=channels, outputs=0, block_size=1024)
        self.queue = CaptureQueue(channels=channels, seconds=seconds)
        self.engine.connect(self.engine.input, self.engine.add(self.queue))
        self.engine.start(server=server, client_name=client_name, connect_outputs=False,
                          connect_inputs=connect_inputs)

    @property
    def sample_rate(self) -> float:
        return self.engine.sample_rate

    def read(self, frames: int, *, timeout: float | None = None) -> np.ndarray:
        return self.queue.read(frames, timeout=timeout)

    @property
    def overruns(self) -> int:
        return self.queue.overruns

    def close(self) -> None:
        self.engine.stop()

    def __enter__(self) -> InputQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def play(source: np.ndarray | str | os.PathLike[str], sample_rate: float | None = None, *,
         server: str | None = None, client_name: str = "tonewood-play", wait: bool = True) -> Engine:
    """Plays an array (at `sample_rate`, converted to the server's) or a file through the
    physical playback ports. With `wait`, returns when it has played, else at once (stop the
    returned engine when done)."""
    engine = _engine_at_server_rate(server, outputs=2, block_size=1024)
    player = AudioPlayer(source, sample_rate)
    node = engine.add(player)
    for channel in range(2):
        engine.connect(node, engine.output, source_channel=min(channel, player.num_outputs - 1),
                       destination_channel=channel)
    engine.transport.play()
    engine.start(server=server, client_name=client_name)
    if wait:
        try:
            while engine.transport.frame < player.length_frames:
                time.sleep(0.02)
            time.sleep(2 * engine.block_size / engine.sample_rate)  # the last cycles leave
        finally:
            engine.stop()
    return engine


def record(path: str | os.PathLike[str], seconds: float, *, channels: int = 2,
           ports: list[str] | None = None, server: str | None = None, subtype: str = "FLOAT",
           client_name: str = "tonewood-record") -> int:
    """Records `seconds` from JACK into a file (written in place through a disk thread, readable
    up to the last flush even after a crash). `ports` are the ports to record (default: the
    physical capture ports). Returns the frames recorded."""
    if seconds <= 0:
        raise InvalidArgumentError(f"seconds must be more than 0 s, got {seconds:g}")
    engine = _engine_at_server_rate(server, inputs=channels, outputs=0, block_size=1024)
    recorder = Recorder(channels=channels)
    engine.connect(engine.input, engine.add(recorder))
    engine.start(server=server, client_name=client_name, connect_outputs=False,
                 connect_inputs=ports is None)
    try:
        if ports is not None:
            for port, ours in zip(ports, engine.audio_inputs):
                connect(port, ours, server=server)
        start = engine.frame + engine.block_size
        total = int(round(seconds * engine.sample_rate))
        recorder.start(path, subtype=subtype, from_frame=start, frames=total)
        while engine.frame < start + total:
            time.sleep(0.01)
    finally:
        engine.stop()
        recorder.stop()
    return recorder.frames_written
