"""Ableton Link: tempo, a beat grid and start/stop shared with every Link app on the network.

`Link` is one session, disabled until enabled (or entered as a context manager). Its names follow
aalink's (`beat`, `phase`, `tempo`, `quantum`, `num_peers`, `playing`, `await link.sync(beat)`)
and Link's own (`capture_app_session_state()`, `beat_at_time(t, quantum)`, `clock.micros()`), so
code written for either reads the same here. Link multicasts on every network interface that is
up: on a shared machine, run it where that is wanted (the tests use private network
namespaces).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from typing import Any, Callable, Iterator

from tonewood import _tonewood
from tonewood._checks import StrictAttributes, number
from tonewood.errors import InvalidArgumentError

_native = _tonewood.link

__all__ = ["Link", "LinkClock", "SessionState"]

SessionState = _native.SessionState


class LinkClock:
    """Link's clock (CLOCK_MONOTONIC_RAW): the time base of every Link call."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def micros(self) -> int:
        """Now, in microseconds."""
        return self._session.micros()


class Link(StrictAttributes):
    """One Ableton Link session.

    ```py
    with tonewood.Link(tempo=120, quantum=4) as link:   # enabled inside the block
        link.tempo = 128                                  # reaches every peer
        beat = await link.sync(1)                         # the next whole beat
    ```

    Callbacks (`set_num_peers_callback`, `set_tempo_callback`, `set_start_stop_callback`) run on a
    thread of the session's own, never on Link's network thread. Tempo outside 20-999 bpm, a
    quantum outside [1/64, 1024] beats, or enabling with no network interface up are clear errors.
    """

    clock: LinkClock

    def __init__(self, tempo: float = 120.0, quantum: float = 4.0) -> None:
        bpm = number("Link tempo", tempo, "bpm", _native.MIN_TEMPO, _native.MAX_TEMPO)
        self._quantum = self._checked_quantum(quantum)
        self._session = _native.LinkSession(bpm)
        self.clock = LinkClock(self._session)
        self._followers: weakref.WeakSet[Any] = weakref.WeakSet()  # transports following it
        self._closed = False
        # Closed at exit even if never closed by hand: the callback thread must stop before Python.
        self._finalizer = weakref.finalize(self, self._session.close)

    @staticmethod
    def _checked_quantum(quantum: float) -> float:
        value = number("Link quantum", quantum, "beats")
        _native.require_quantum(value)
        return value

    # Lifetime -------------------------------------------------------------------------------------

    def __enter__(self) -> Link:
        self.enabled = True
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Leaves the session and stops the callback thread. The Link cannot be used after;
        transports following it go back to their own tempo."""
        for transport in list(self._followers):
            transport.follow(None)
        self._closed = True
        self._finalizer()

    def _require_open(self) -> None:
        if self._closed:
            raise InvalidArgumentError("this Link session is closed; make a new tonewood.Link")

    @property
    def enabled(self) -> bool:
        return self._session.enabled

    @enabled.setter
    def enabled(self, on: bool) -> None:
        self._session.enable(bool(on))

    @property
    def start_stop_sync_enabled(self) -> bool:
        """Whether playing and stopping are shared with the peers that share them too."""
        return self._session.start_stop_sync_enabled

    @start_stop_sync_enabled.setter
    def start_stop_sync_enabled(self, on: bool) -> None:
        self._session.enable_start_stop_sync(bool(on))

    @property
    def num_peers(self) -> int:
        """How many other apps are in the session."""
        return self._session.peers

    # The session's timeline -----------------------------------------------------------------------

    def capture_app_session_state(self) -> SessionState:
        """A snapshot of the timeline and start/stop state; change it and commit it."""
        return self._session.capture_app_session_state()

    def commit_app_session_state(self, state: SessionState) -> None:
        self._session.commit_app_session_state(state)

    @contextlib.contextmanager
    def _changing(self) -> Iterator[SessionState]:
        """The session state captured now, committed when the block ends."""
        state = self.capture_app_session_state()
        yield state
        self.commit_app_session_state(state)

    @property
    def time(self) -> int:
        """Now on Link's clock, in microseconds."""
        return self._session.micros()

    @property
    def quantum(self) -> float:
        """Beats per phase cycle (a bar of 4/4 is 4): what quantized starts and `phase` use."""
        return self._quantum

    @quantum.setter
    def quantum(self, quantum: float) -> None:
        self._quantum = self._checked_quantum(quantum)
        for transport in list(self._followers):
            transport._quantum_changed(self._quantum)

    @property
    def tempo(self) -> float:
        return self.capture_app_session_state().tempo

    @tempo.setter
    def tempo(self, bpm: float) -> None:
        with self._changing() as state:
            state.set_tempo(number("Link tempo", bpm, "bpm", _native.MIN_TEMPO, _native.MAX_TEMPO), self.time)

    @property
    def beat(self) -> float:
        """The session's beat now (on the quantum's grid)."""
        return self.beat_at_time(self.time)

    @property
    def phase(self) -> float:
        """Where now falls within the quantum, in [0, quantum)."""
        return self.phase_at_time(self.time)

    def beat_at_time(self, micros: int, quantum: float | None = None) -> float:
        return self.capture_app_session_state().beat_at_time(int(micros), self._q(quantum))

    def phase_at_time(self, micros: int, quantum: float | None = None) -> float:
        return self.capture_app_session_state().phase_at_time(int(micros), self._q(quantum))

    def time_at_beat(self, beat: float, quantum: float | None = None) -> int:
        return self.capture_app_session_state().time_at_beat(number("beat", beat), self._q(quantum))

    def _q(self, quantum: float | None) -> float:
        return self._quantum if quantum is None else self._checked_quantum(quantum)

    def request_beat(self, beat: float) -> None:
        """Maps `beat` to now: alone at once, with peers at the nearest time with its phase."""
        with self._changing() as state:
            state.request_beat_at_time(number("beat", beat), self.time, self._quantum)

    def force_beat(self, beat: float) -> None:
        """Maps `beat` to now for the whole session, peers included (a jump for everyone)."""
        with self._changing() as state:
            state.force_beat_at_time(number("beat", beat), self.time, self._quantum)

    # Start and stop ---------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self.capture_app_session_state().is_playing

    @playing.setter
    def playing(self, on: bool) -> None:
        with self._changing() as state:
            state.set_is_playing(bool(on), self.time)

    def request_beat_at_start_playing_time(self, beat: float) -> None:
        with self._changing() as state:
            state.request_beat_at_start_playing_time(number("beat", beat), self._quantum)

    def set_is_playing_and_request_beat_at_time(self, playing: bool, micros: int, beat: float) -> None:
        """Starts or stops at `micros` with `beat` there (on the quantum's phase)."""
        with self._changing() as state:
            state.set_is_playing(bool(playing), int(micros))
            state.request_beat_at_time(number("beat", beat), int(micros), self._quantum)

    # Callbacks --------------------------------------------------------------------------------------

    def set_num_peers_callback(self, callback: Callable[[int], Any] | None) -> None:
        self._session.on_peers(callback)

    def set_tempo_callback(self, callback: Callable[[float], Any] | None) -> None:
        self._session.on_tempo(callback)

    def set_start_stop_callback(self, callback: Callable[[bool], Any] | None) -> None:
        self._session.on_start_stop(callback)

    # asyncio ----------------------------------------------------------------------------------------

    async def sync(self, beat: float, offset: float = 0.0, origin: float = 0.0) -> float:
        """Waits for the next beat b (after now) with (b - origin) a whole multiple of `beat` plus
        `offset`, following tempo changes on the way; returns b. `await link.sync(1)` is the next
        beat, `sync(4)` the next bar of 4/4, `sync(1, 0.5)` the next off-beat."""
        step = number("sync beat", beat, "beats", 1e-6, 1e6)
        shift = number("sync offset", offset, "beats")
        start = number("sync origin", origin, "beats")
        now = self.beat
        target = start + shift + step * (((now - start - shift) // step) + 1)
        while True:
            left = (self.time_at_beat(target) - self.time) / 1e6
            if left <= 0:
                return target
            await asyncio.sleep(min(left, 0.05))

    def __repr__(self) -> str:
        state = "enabled" if self.enabled else "disabled"
        return (f"Link({state}, {self.tempo:g} bpm, quantum {self._quantum:g}, {self.num_peers} peers, "
                f"{'playing' if self.playing else 'stopped'})")
