"""The beat sequencer from Python: notes placed in beats reach a JACK MIDI port on the frames the
tempo gives them, loop, and bad steps are refused with the value and its range."""

from __future__ import annotations

import time

import numpy as np
import pytest

import tonewood
from tonewood.midi import Message, MidiClient
from tonewood.nodes import BeatSequencer


def test_notes_reach_a_port_on_the_frames_of_their_beats(jack_server: str) -> None:
    # 125 bpm at 48 kHz: a beat is 23040 frames.
    engine = tonewood.Engine(48000, 256)
    seq = BeatSequencer(loop_beats=2)
    seq.schedule_note(0, channel=0, note=60, velocity=100, duration=0.25)
    seq.schedule_note(0.75, channel=1, note=64, velocity=90, duration=1.5)  # its off wraps to 0.25
    seq.schedule(1.5, Message.control_change(channel=0, control=7, value=100))
    engine.connect_events(engine.add(seq), engine.midi_output("notes"))
    engine.transport.tempo_bpm = 125
    with MidiClient("receiver", server=jack_server) as receiver:
        inbox = receiver.open_input("in")
        with engine.start(server=jack_server, client_name="sequenced", connect_outputs=False):
            tonewood.devices.connect("sequenced:notes", inbox.name, server=jack_server)
            time.sleep(0.2)
            engine.transport.play()
            got = [inbox.receive(timeout=5) for _ in range(10)]
            engine.transport.stop()
            ended = inbox.receive(timeout=5)  # the held E ends where the transport stops
            xruns = engine.xruns
    kinds = [(e.message.type, e.message.channel) for e in got]
    # E's off wraps to beat 0.25 of the next pass: none goes out before E was started.
    assert kinds[:7] == [("note_on", 0), ("note_off", 0), ("note_on", 1), ("control_change", 0),
                         ("note_on", 0), ("note_off", 0), ("note_off", 1)], kinds
    assert ended.message.type == "note_off"
    if xruns:
        pytest.skip("a cycle came late on this machine")
    frames = np.array([e.frame for e in got]) - got[0].frame
    beat = 23040
    assert list(frames[:4]) == [0, beat // 4, 3 * beat // 4, 3 * beat // 2]
    # The second pass, two beats on: C again, and at 0.25 both C's and the wrapped E's offs.
    assert sorted(int(f) for f in frames[4:8]) == [2 * beat, 2 * beat + beat // 4, 2 * beat + beat // 4,
                                                  2 * beat + 3 * beat // 4]


def test_bad_steps_are_refused_with_their_value_and_range() -> None:
    seq = BeatSequencer(loop_beats=4)
    with pytest.raises(tonewood.OutOfRangeError, match=r"beat must be within \[0, 4\) beats \(the loop\), got 4"):
        seq.schedule_note(4, channel=0, note=60, velocity=100, duration=1)
    with pytest.raises(tonewood.OutOfRangeError, match="note duration must be more than 0 beats"):
        seq.schedule_note(0, channel=0, note=60, velocity=100, duration=0)
    with pytest.raises(tonewood.OutOfRangeError, match="shorter than the loop"):
        seq.schedule_note(0, channel=0, note=60, velocity=100, duration=4)
    with pytest.raises(tonewood.OutOfRangeError, match="velocity"):
        seq.schedule_note(0, channel=0, note=60, velocity=0, duration=1)
    with pytest.raises(tonewood.OutOfRangeError):
        seq.schedule_note(float("nan"), channel=0, note=60, velocity=100, duration=1)
    with pytest.raises(tonewood.InvalidTypeError, match="tonewood.midi.Message"):
        seq.schedule(0, b"\x90\x3c\x64")
    with pytest.raises(tonewood.InvalidArgumentError, match="channel message"):
        seq.schedule(0, Message.clock())
    seq.schedule_note(3, channel=0, note=60, velocity=100, duration=0.5)
    with pytest.raises(tonewood.OutOfRangeError):
        seq.loop_beats = 2  # a step at beat 3 no longer fits: nothing changes
    assert seq.loop_beats == 4 and len(seq.steps) == 2
    seq.clear()
    assert seq.steps == []
