"""Live MIDI through a private JACK server: loopback on exact frames, thru routes with
transforms, callbacks off the real-time thread, ports and connections, and the CLI. Then the
choice of backend, and the ALSA sequencer where the machine has one (/dev/snd/seq)."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood.midi import Message, MidiClient, list_ports

TOOL = str(Path(sys.executable).parent / "tonewood")


def test_loopback_messages_arrive_on_their_frames(jack_server):
    with MidiClient("sender", server=jack_server) as sender, MidiClient("receiver", server=jack_server) as receiver:
        assert (sender.sample_rate, sender.buffer_size) == (48000.0, 256)
        inbox = receiver.open_input("in")
        out = sender.open_output("out", connect=inbox.name)
        start = sender.frame_time + 12288  # ahead of a busy process thread
        sent = [(start + 131 * i, Message.note_on(channel=i % 16, note=36 + i, velocity=1 + i)) for i in range(30)]
        sent.append((start + 5000, Message.sysex(bytes(range(40)))))
        for frame, message in sent:
            out.send(message, frame=frame)
        got = [inbox.receive(timeout=5) for _ in sent]
        assert [(e.frame, e.message) for e in got] == sent
        assert inbox.receive(timeout=0.05) is None
        assert (inbox.dropped, out.dropped) == (0, 0)


def test_routes_transform_on_the_process_thread(jack_server):
    # Three clients, so JACK orders them player -> router -> synth within one cycle (a client
    # both feeding and fed by the router would close a loop and hear it a cycle late).
    with (MidiClient("router", server=jack_server) as router, MidiClient("player", server=jack_server) as player,
          MidiClient("synth", server=jack_server) as synth):
        keys = player.open_output("keys")
        sink = synth.open_input("sink")
        into = router.open_input("in", connect=keys.name, queue=False)
        onward = router.open_output("out", connect=sink.name)
        route = router.route(into, onward, transpose=7, channel_map={0: 5}, controller_map={1: 11},
                             velocity_scale=0.5)
        at = player.frame_time + 12288  # ahead of a busy process thread
        keys.send(Message.note_on(channel=0, note=60, velocity=100), frame=at)
        keys.send(Message.control_change(channel=0, control=1, value=33), frame=at + 17)
        first = sink.receive(timeout=5)
        second = sink.receive(timeout=5)
        assert (first.frame, first.message) == (at, Message.note_on(channel=5, note=67, velocity=50))
        assert (second.frame, second.message) == (at + 17, Message.control_change(channel=5, control=11, value=33))
        assert route.remove() and not route.remove()
        keys.send(Message.note_on(channel=0, note=60, velocity=100), delay_frames=512)
        assert sink.receive(timeout=0.3) is None  # no route any more


def test_callbacks_run_on_a_python_thread_with_frames(jack_server):
    with MidiClient("a", server=jack_server) as a, MidiClient("b", server=jack_server) as b:
        inbox = b.open_input("in")
        out = a.open_output("out", connect=inbox.name)
        seen: list[tuple[int, object, str]] = []
        done = threading.Event()

        def on_message(event):
            seen.append((event.frame, event.message, threading.current_thread().name))
            if len(seen) == 3:
                done.set()

        inbox.on_message(on_message)
        frames = [out.send(Message.control_change(channel=0, control=7, value=v), delay_frames=600 + v) for v in range(3)]
        assert done.wait(5)
        inbox.on_message(None)
        assert [f for f, _, _ in seen] == frames
        assert all(name.startswith("tonewood-midi") for _, _, name in seen)


def test_ports_connections_and_errors(jack_server):
    with MidiClient("lister", server=jack_server) as client:
        port = client.open_output("out")
        other = client.open_input("in")
        client.connect(other.name, port.name)  # either order
        info = {p.name: p for p in list_ports(server=jack_server)}
        assert info["lister:out"].is_output and info["lister:out"].connections == ["lister:in"]
        assert info["lister:in"].is_input
        client.disconnect(port.name, other.name)
        assert {p.name: p for p in client.ports()}["lister:out"].connections == []
        with pytest.raises(tonewood.DeviceError, match="no MIDI port 'ghost:in'"):
            client.connect(port.name, "ghost:in")
        with pytest.raises(tonewood.DeviceError, match="already has a port of that name"):
            client.open_output("out")
        with pytest.raises(tonewood.InvalidArgumentError, match="delay_frames must be >= 0"):
            port.send(Message.clock(), delay_frames=-1)
        assert repr(port) == "<MidiOutput lister:out>"
        port.close()
        assert repr(port) == "<MidiOutput (closed)>"
        assert "lister:out" not in {p.name for p in client.ports()}
    with pytest.raises(tonewood.DeviceError, match="JACK server 'nobody-.*' is not running"):
        MidiClient("x", server="nobody-" + jack_server)


def run_cli(*args, **kwargs):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, **kwargs)


def test_cli_ports_send_and_monitor(jack_server):
    with MidiClient("synth", server=jack_server) as synth:
        inbox = synth.open_input("in")
        listed = run_cli("midi", "ports", "--server", jack_server)
        assert listed.returncode == 0, listed.stderr
        assert "synth:in" in listed.stdout and "input" in listed.stdout
        sent = run_cli("midi", "send", "synth:in", "note_on", "0", "60", "100", "--server", jack_server)
        assert sent.returncode == 0, sent.stderr
        event = inbox.receive(timeout=5)
        assert event.message == Message.note_on(channel=0, note=60, velocity=100)
        bad = run_cli("midi", "send", "synth:in", "note_on", "0", "600", "100", "--server", jack_server)
        assert bad.returncode != 0 and "note number must be within [0, 127], got 600" in bad.stderr

        out = synth.open_output("out")
        monitor = subprocess.Popen([TOOL, "midi", "monitor", "synth:out", "--server", jack_server, "--count", "2"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while not any(p.name.startswith("tonewood-monitor") for p in synth.ports()) and time.monotonic() < deadline:
            time.sleep(0.05)
        out.send(Message.note_on(channel=1, note=64, velocity=90), delay_frames=256)
        out.send(Message.pitch_bend(channel=1, value=-100), delay_frames=512)
        stdout, stderr = monitor.communicate(timeout=10)
        assert monitor.returncode == 0, stderr
        lines = stdout.strip().splitlines()
        assert "note_on channel=1 note=64 velocity=90" in lines[0]
        assert "pitch_bend channel=1 value=-100" in lines[1]


HAS_SEQUENCER = os.path.exists("/dev/snd/seq")
needs_sequencer = pytest.mark.skipif(not HAS_SEQUENCER, reason="no ALSA sequencer here: /dev/snd/seq is missing")


def test_the_backend_is_chosen_by_name_or_by_what_answers(jack_server):
    with MidiClient("chooser", server=jack_server) as client:
        assert client.backend == "jack"
        assert repr(client) == "<MidiClient chooser (jack) 48000 Hz, 256 frames>"
    with pytest.raises(tonewood.InvalidArgumentError, match="MIDI backend must be one of auto, jack, alsa; got 'coremidi'"):
        MidiClient("x", backend="coremidi")
    if not HAS_SEQUENCER:
        with pytest.raises(tonewood.DeviceError, match=r"on the ALSA sequencer: there is no /dev/snd/seq"):
            MidiClient("x", backend="alsa")
        failed = run_cli("midi", "ports", "--backend", "alsa")
        assert failed.returncode != 0 and "there is no /dev/snd/seq" in failed.stderr


@needs_sequencer
def test_alsa_loopback_keeps_the_spacing_one_period_late():
    with MidiClient("tonewood-py-loop", backend="alsa") as client:
        assert client.backend == "alsa" and (client.sample_rate, client.buffer_size) == (48000.0, 64)
        inbox = client.open_input("in")
        out = client.open_output("out", connect=inbox.name)
        start = client.frame_time + 12000  # ahead of a busy MIDI thread
        sent = [(start + 211 * i, Message.note_on(channel=0, note=40 + i, velocity=100)) for i in range(10)]
        for frame, message in sent:
            out.send(message, frame=frame)
        got = [inbox.receive(timeout=5) for _ in sent]
        assert [e.message for e in got] == [m for _, m in sent]
        assert all(abs((e.frame - f) - 64) <= 96 for e, (f, _) in zip(got, sent))  # within 2 ms
        assert any(p.name == inbox.name for p in client.ports())


def test_midi_clock_ticks_reach_a_port_on_exact_frames(jack_server):
    # 125 bpm at 48 kHz: a beat is 23040 frames, a tick exactly 960.
    engine = tonewood.Engine(48000, 256)
    clock = engine.add(tonewood.nodes.MidiClock())
    engine.connect_events(clock, engine.midi_output("clock"))
    engine.transport.tempo_bpm = 125
    with MidiClient("receiver", server=jack_server) as receiver:
        inbox = receiver.open_input("in")
        with engine.start(server=jack_server, client_name="clocked", connect_outputs=False):
            tonewood.devices.connect("clocked:clock", inbox.name, server=jack_server)
            time.sleep(0.2)
            engine.transport.play()
            got = [inbox.receive(timeout=5) for _ in range(50)]
            engine.transport.stop()
            stopped = inbox.receive(timeout=5)
            xruns = engine.xruns
    statuses = [e.message.bytes()[0] for e in got]
    assert statuses[0] == 0xFA and statuses[1:] == [0xF8] * 49  # Start, then the ticks
    frames = [e.frame for e in got[1:]]
    assert stopped.message.bytes()[0] == 0xFC
    if xruns:
        pytest.skip("a cycle came late on this machine")
    assert set(np.diff(frames)) == {960}, "a tick off its frame"


def test_a_transport_follows_midi_clock_from_another_engine(jack_server):
    # The master: MIDI clock at 125 bpm (a beat is 23040 frames). The follower: a note on every
    # beat from a beat sequencer, on a transport following the clock it receives.
    master = tonewood.Engine(48000, 256)
    master.connect_events(master.add(tonewood.nodes.MidiClock()), master.midi_output("clock"))
    master.transport.tempo_bpm = 125
    follower = tonewood.Engine(48000, 256)
    clock_in = tonewood.MidiClockIn("clock_in")
    follower.transport.follow(clock_in)
    seq = tonewood.nodes.BeatSequencer()
    for beat in range(16):
        seq.schedule_note(beat, channel=0, note=60, velocity=100, duration=0.5)
    follower.connect_events(follower.add(seq), follower.midi_output("notes"))
    with MidiClient("receiver", server=jack_server) as receiver:
        inbox = receiver.open_input("in")
        with master.start(server=jack_server, client_name="master", connect_outputs=False), \
                follower.start(server=jack_server, client_name="follower", connect_outputs=False):
            tonewood.devices.connect("master:clock", "follower:clock_in", server=jack_server)
            tonewood.devices.connect("follower:notes", inbox.name, server=jack_server)
            time.sleep(0.2)
            follower.transport.play()  # waits for the clock
            time.sleep(0.2)
            assert not follower.transport.playing and not clock_in.running
            master.transport.play()
            ons = [e for e in (inbox.receive(timeout=5) for _ in range(10)) if e.message.type == "note_on"]
            tempo, measured = follower.transport.tempo_bpm, clock_in.measured_tempo
            assert follower.transport.playing and clock_in.running
            master.transport.stop()
            deadline = time.monotonic() + 5
            while follower.transport.playing and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not follower.transport.playing, "the clock's Stop stops the follower"
            xruns = master.xruns + follower.xruns
    assert len(ons) == 5
    if xruns:
        pytest.skip("a cycle came late on this machine")
    assert abs(measured - 125) < 0.01 and abs(tempo - 125) < 0.01, (measured, tempo)
    assert set(np.diff([e.frame for e in ons])) == {23040}, [e.frame for e in ons]
