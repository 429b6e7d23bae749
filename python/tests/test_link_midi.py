"""A sequencer and a MIDI clock on a Link session's grid, through a dummy JACK server. The session
is never enabled, so no traffic leaves the machine: following it is the same alone as with peers
(Link's test plan with peers runs in test_link.py)."""

from __future__ import annotations

import numpy as np
import pytest

import tonewood
from tonewood.link_midi import LinkMidiClock, LinkMidiSequencer
from tonewood.midi import MidiClient


def test_a_sequencer_starts_on_the_sessions_bar_line_and_plays_on_its_beats(jack_server: str) -> None:
    link = tonewood.Link(tempo=150, quantum=4)  # a beat is 19200 frames at 48 kHz
    with MidiClient("receiver", server=jack_server) as receiver:
        inbox = receiver.open_input("in")
        with LinkMidiSequencer(link, server=jack_server, client_name="seq", connect_to=inbox.name,
                               loop_beats=4) as seq:
            for beat, note in enumerate([60, 64, 67, 72]):
                seq.schedule_note(beat, channel=0, note=note, velocity=100, duration=0.5)
            seq.start()
            got = [inbox.receive(timeout=5) for _ in range(12)]
            seq.stop()
            xruns = seq.engine.xruns
    link.close()
    ons = [e for e in got if e.message.type == "note_on"]
    assert [e.message.note for e in ons] == [60, 64, 67, 72, 60, 64]
    if xruns:
        pytest.skip("a cycle came late on this machine")
    frames = np.array([e.frame for e in ons])
    assert set(np.diff(frames)) <= {19200, 19201, 19199}, np.diff(frames)


def test_a_clock_ticks_at_the_sessions_tempo_and_follows_its_change(jack_server: str) -> None:
    link = tonewood.Link(tempo=125, quantum=1)  # a tick is 960 frames at 48 kHz
    with MidiClient("receiver", server=jack_server) as receiver:
        inbox = receiver.open_input("in")
        with LinkMidiClock(link, server=jack_server, connect_to=inbox.name) as clock:
            clock.start()
            first = [inbox.receive(timeout=5) for _ in range(30)]
            link.tempo = 100  # a tick is 1200 frames from the next cycle on
            later = [inbox.receive(timeout=5) for _ in range(60)]
            clock.stop()
            stopped = inbox.receive(timeout=5)
            xruns = clock.engine.xruns
    link.close()
    assert first[0].message.bytes()[0] == 0xFA  # Start, on the boundary
    assert stopped.message.bytes()[0] == 0xFC
    if xruns:
        pytest.skip("a cycle came late on this machine")
    early = np.diff([e.frame for e in first[1:]])
    tail = np.diff([e.frame for e in later[-30:]])
    assert set(early) <= {959, 960, 961}, early
    assert set(tail) <= {1199, 1200, 1201}, tail


def test_the_shapes_refuse_what_is_not_a_link() -> None:
    with pytest.raises(tonewood.InvalidTypeError, match="tonewood.Link"):
        LinkMidiSequencer("session")
