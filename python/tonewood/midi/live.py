"""Live MIDI through JACK (and PipeWire's JACK) or the ALSA sequencer.

``MidiClient`` opens a client whose ports every other program sees, so they are virtual ports
too::

    with MidiClient("arranger") as client:
        keys = client.open_input("in", connect="system:midi_capture_1")
        synth = client.open_output("out", connect="synth:midi_in")
        client.route(keys, synth, transpose=12)          # thru, on the MIDI thread
        synth.send(Message.note_on(channel=0, note=60, velocity=100), delay_frames=480)
        for event in keys.messages(timeout=1.0):         # TimedMessage(frame, message)
            print(event.frame, event.message)

``backend="auto"`` (the default) takes the JACK server when one runs and the ALSA sequencer
otherwise; ``"jack"`` or ``"alsa"`` insist. Received messages carry the frame of the client's
clock they arrived at; sent messages go out on the frame given (``frame=`` absolute,
``delay_frames=`` from now). With JACK that is exact to the sample. The ALSA sequencer has no
frames: the client keeps a 48 kHz clock on a sequencer queue, and what it sends leaves one period
(``buffer_size``, 64 frames) after its frame, spacing kept by the sequencer's scheduler. Routes run
in C++ on the MIDI thread; ``on_message`` callbacks run on a Python thread fed by a lock-free
queue, never on the real-time thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from tonewood import _tonewood
from tonewood.errors import InvalidArgumentError

TimedMessage = _tonewood.TimedMessage
MidiPortInfo = _tonewood.MidiPortInfo

__all__ = ["MidiClient", "MidiInput", "MidiOutput", "MidiPortInfo", "Route", "TimedMessage", "list_ports"]


def _names(connect: str | Iterable[str] | None) -> list[str]:
    if connect is None:
        return []
    return [connect] if isinstance(connect, str) else list(connect)


class _Port:
    """What input and output ports share: the full name, the drop count, closing."""

    def __init__(self, client: MidiClient, native: Any) -> None:
        self._client = client
        self._native = native

    @property
    def name(self) -> str:
        """The full port name, "client:port"."""
        return str(self._client._open().port_name(self._native))

    @property
    def dropped(self) -> int:
        """Messages lost for lack of room (a full queue or cycle)."""
        return int(self._native.dropped)

    def close(self) -> None:
        self._client._open().close_port(self._native)

    def __repr__(self) -> str:
        try:
            return f"<{type(self).__name__} {self.name}>"
        except InvalidArgumentError:  # closed: the client no longer knows its name
            return f"<{type(self).__name__} (closed)>"


class MidiInput(_Port):
    """An input port of a MidiClient: ``receive``, ``messages``, ``on_message``."""

    def __init__(self, client: MidiClient, native: Any) -> None:
        super().__init__(client, native)
        self._listener: threading.Thread | None = None
        self._listening = threading.Event()

    def receive(self, timeout: float | None = None) -> Any:
        """The next TimedMessage; waits up to ``timeout`` seconds (None: forever), then None."""
        return self._native.receive(-1.0 if timeout is None else float(timeout))

    def messages(self, timeout: float | None = None) -> Iterator[Any]:
        """Yields messages as they arrive until none comes for ``timeout`` seconds."""
        while (event := self.receive(timeout)) is not None:
            yield event

    def on_message(self, callback: Callable[[Any], object] | None) -> None:
        """Calls ``callback(timed_message)`` for every message, on a Python thread of its own;
        None stops it. While a callback is set, ``receive`` gets nothing."""
        self._stop_listener()
        if callback is None:
            return
        self._listening.set()

        def deliver() -> None:
            while self._listening.is_set():
                event = self._native.receive(0.02)
                if event is not None:
                    callback(event)

        self._listener = threading.Thread(target=deliver, name=f"tonewood-midi-{id(self):x}", daemon=True)
        self._listener.start()

    def _stop_listener(self) -> None:
        self._listening.clear()
        if self._listener is not None and self._listener is not threading.current_thread():
            self._listener.join()
        self._listener = None

    def close(self) -> None:
        self._stop_listener()
        super().close()


class MidiOutput(_Port):
    """An output port of a MidiClient: ``send`` messages at exact frames."""

    def send(self, message: Any, *, frame: int | None = None, delay_frames: int | None = None) -> int:
        """Sends ``message`` (a tonewood.midi.Message, or bytes) at absolute ``frame``, or
        ``delay_frames`` from now, or at the start of the next cycle. Returns the frame.
        Messages on one port leave in the order sent."""
        if isinstance(message, (bytes, bytearray)):
            message = _tonewood.Message.from_bytes(bytes(message))
        if frame is not None and delay_frames is not None:
            raise InvalidArgumentError("give frame or delay_frames, not both")
        if delay_frames is not None and delay_frames < 0:
            raise InvalidArgumentError(f"delay_frames must be >= 0 frames, got {delay_frames}")
        at = int(frame) if frame is not None else self._client.frame_time + int(delay_frames or 0)
        if at < 0:
            raise InvalidArgumentError(f"frame must be >= 0, got {at}")
        self._native.send(message, at)
        return at



class Route:
    """A thru connection made by MidiClient.route; ``remove()`` ends it."""

    def __init__(self, client: MidiClient, route_id: int) -> None:
        self._client = client
        self.id = route_id

    def remove(self) -> bool:
        return bool(self._client._open().unroute(self.id))


class MidiClient:
    """A live MIDI client. ``backend`` is "auto", "jack" or "alsa"; ``server`` names the JACK
    server (default: $JACK_DEFAULT_SERVER or "default", and naming one means JACK). No server is
    ever started. Raises tonewood.DeviceError saying what it tried when nothing answers.
    Use it as a context manager, or call close()."""

    def __init__(self, name: str = "tonewood", *, server: str | None = None, backend: str = "auto") -> None:
        self._native: Any = _tonewood._open_midi_client(name, backend, server or "")
        self._inputs: list[MidiInput] = []

    def _open(self) -> Any:
        """The native client; InvalidArgumentError once the client is closed."""
        if self._native is None:
            raise InvalidArgumentError("the MIDI client is closed")
        return self._native

    @property
    def name(self) -> str:
        return str(self._open().name)

    @property
    def backend(self) -> str:
        """"jack" or "alsa": what carries this client."""
        return str(self._open().backend)

    @property
    def sample_rate(self) -> float:
        return float(self._open().sample_rate)

    @property
    def buffer_size(self) -> int:
        return int(self._open().buffer_size)

    @property
    def frame_time(self) -> int:
        """The client's frame clock now (64-bit, never wraps): JACK's frame counter, or the
        ALSA client's queue clock."""
        return int(self._open().frame_time)

    def ports(self) -> list[Any]:
        """Every MIDI port on the server or sequencer (MidiPortInfo: name, client, is_input, is_output,
        is_physical, connections)."""
        return list(self._open().ports())

    def open_input(self, name: str, *, connect: str | Iterable[str] | None = None, queue: bool = True) -> MidiInput:
        """A new input port, connected to the given output port(s). ``queue=False`` for a port
        that only feeds routes."""
        port = MidiInput(self, self._open().open_input(name))
        port._native.set_queueing(queue)
        for source in _names(connect):
            self._open().connect(source, port.name)
        self._inputs.append(port)
        return port

    def open_output(self, name: str, *, connect: str | Iterable[str] | None = None) -> MidiOutput:
        port = MidiOutput(self, self._open().open_output(name))
        for destination in _names(connect):
            self._open().connect(port.name, destination)
        return port

    def connect(self, source: str, destination: str) -> None:
        """Connects two ports by full name (an output to an input; either order)."""
        self._open().connect(source, destination)

    def disconnect(self, source: str, destination: str) -> None:
        self._open().disconnect(source, destination)

    def route(self, input: MidiInput, output: MidiOutput, transform: Any = None, **transform_options: Any) -> Route:
        """Thru from ``input`` to ``output`` on the MIDI thread, through a
        MessageTransform (or its keyword options: transpose, velocity_scale, channel_map,
        controller_map, note_range, channels, types...)."""
        from tonewood.midi import MessageTransform

        if transform is None:
            transform = MessageTransform(**transform_options)
        elif transform_options:
            raise InvalidArgumentError("give a MessageTransform or its options, not both")
        return Route(self, self._open().route(input._native, output._native, transform._native))

    def close(self) -> None:
        for port in self._inputs:
            port._stop_listener()
        self._native = None  # closes the client

    def __enter__(self) -> MidiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._native is None:
            return "<MidiClient (closed)>"
        return f"<MidiClient {self.name} ({self.backend}) {self.sample_rate:g} Hz, {self.buffer_size} frames>"


def list_ports(server: str | None = None, backend: str = "auto") -> list[Any]:
    """Every MIDI port of the JACK server or the ALSA sequencer (see MidiClient)."""
    with MidiClient("tonewood-list", server=server, backend=backend) as client:
        return client.ports()
