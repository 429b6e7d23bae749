"""MIDI on an Ableton Link session's beat grid: a sequencer and a MIDI beat clock, each an engine of
its own that follows the session through JACK (the shapes of coremusic's `link_midi`).

    with tonewood.Link(tempo=120, quantum=4) as link, \\
            LinkMidiSequencer(link, connect_to="fluidsynth:midi_00") as seq:
        for beat, note in enumerate([60, 64, 67, 72]):
            seq.schedule_note(beat, channel=0, note=note, velocity=100, duration=0.9)
        seq.start()                 # on the session's next bar line
        time.sleep(5)
        seq.stop()

Both start on the session's next quantum boundary (`link.quantum`) and follow its tempo from
cycle to cycle, placing every message on its exact frame (the engine's beat sequencer and MIDI
clock on a transport that follows the session); with `link.start_stop_sync_enabled` they also
start and stop with the peers that share it.
"""

from __future__ import annotations

from typing import Any

from tonewood._checks import StrictAttributes
from tonewood.devices import connect, server_info
from tonewood.engine import Engine
from tonewood.errors import InvalidTypeError
from tonewood.link import Link
from tonewood.midi import Message
from tonewood.nodes import BeatSequencer, MidiClock

__all__ = ["LinkMidiClock", "LinkMidiSequencer"]


class _FollowingEngine(StrictAttributes):
    """An engine of its own at the JACK server's rate, following `link`, with one MIDI output."""

    engine: Engine

    def __init__(self, link: Link, source: Any, *, port: str, connect_to: str | None, server: str | None,
                 client_name: str, instrument: Any = None) -> None:
        if not isinstance(link, Link):
            raise InvalidTypeError(f"needs a tonewood.Link, got {type(link).__name__}")
        self._server = server
        self._client_name = client_name
        self._connect_to = connect_to
        self.engine = Engine(server_info(server).sample_rate, 256)
        node = self.engine.add(source)
        if instrument is not None:
            synth = self.engine.add(instrument)
            self.engine.connect(node, synth)
            self.engine.connect(synth, self.engine.output)
        else:
            self.engine.connect_events(node, self.engine.midi_output(port))
        self._port = port if instrument is None else None
        self.engine.transport.follow(link)

    def _run(self) -> None:
        if self.engine.is_live:
            return
        self.engine.start(server=self._server, client_name=self._client_name,
                          connect_outputs=self._port is None)
        if self._port is not None and self._connect_to:
            ours = f"{self.engine._running().client_name}:{self._port}"
            connect(ours, self._connect_to, server=self._server)

    def start(self) -> None:
        """Plays from the session's next quantum boundary (the engine joins JACK if it has not)."""
        self._run()
        self.engine.transport.play()

    def stop(self) -> None:
        """Stops at once (the notes that sound end; a clock sends Stop)."""
        self.engine.transport.stop()

    @property
    def playing(self) -> bool:
        return self.engine.transport.playing

    def close(self) -> None:
        """Stops and leaves JACK."""
        if self.engine.is_live:
            self.engine.transport.stop()
            self.engine.stop()
        self.engine.transport.follow(None)

    def __enter__(self) -> Any:
        self._run()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class LinkMidiSequencer(_FollowingEngine):
    """Notes and messages placed on the session's beats, sent from a JACK MIDI output port
    (`port`, connected to `connect_to` when given) or played by `instrument` (a Resonator, a
    SoundFont, a plugin) to the playback ports. Beats count from where `start()` begins (on a
    quantum boundary); `loop_beats` repeats the pattern."""

    def __init__(self, link: Link, *, port: str = "out", connect_to: str | None = None,
                 instrument: Any = None, loop_beats: float = 0.0, server: str | None = None,
                 client_name: str = "tonewood-sequencer") -> None:
        self._sequencer = BeatSequencer(loop_beats=loop_beats)
        super().__init__(link, self._sequencer, port=port, connect_to=connect_to, server=server,
                         client_name=client_name, instrument=instrument)

    def schedule_note(self, beat: float, channel: int, note: int, velocity: int, duration: float) -> None:
        self._sequencer.schedule_note(beat, channel, note, velocity, duration)

    def schedule(self, beat: float, message: Message) -> None:
        self._sequencer.schedule(beat, message)

    def clear(self) -> None:
        self._sequencer.clear()

    @property
    def sequencer(self) -> BeatSequencer:
        return self._sequencer


class LinkMidiClock(_FollowingEngine):
    """MIDI beat clock (24 ticks a beat, Start, Stop, Song Position Pointer) on the session's
    tempo, from a JACK MIDI output port connected to `connect_to` when given. `shift_ms` sends
    the ticks earlier by a receiver's latency."""

    def __init__(self, link: Link, *, port: str = "clock", connect_to: str | None = None,
                 shift_ms: float = 0.0, server: str | None = None,
                 client_name: str = "tonewood-clock") -> None:
        super().__init__(link, MidiClock(shift_ms=shift_ms), port=port, connect_to=connect_to,
                         server=server, client_name=client_name)
