"""The engine live through JACK, from Python, on private dummy servers the tests start and stop:
what it plays is what it renders offline, live MIDI reaches the graph, the file player, the
queues and the recorder work, and bad servers and rates are refused clearly."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

import tonewood
from conftest import private_jack_server
from tonewood.effects import Reverb
from tonewood.midi import Message, MidiClient
from tonewood.nodes import CaptureQueue, MidiPlayer

RATE = 48000


def plucked() -> tonewood.Resonator:
    synth = tonewood.Resonator(sample_rate=RATE)
    synth.set_param("impExciter0 enabled", 1)
    synth.set_param("enabled wb0r0", 1)
    return synth


def song() -> tonewood.midi.MidiFile:
    file = tonewood.midi.MidiFile(ticks_per_beat=480)
    track = file.add_track("notes")
    for i, key in enumerate([52, 59, 64, 71]):
        track.add(i * 240, Message.note_on(channel=0, note=key, velocity=100))
        track.add(i * 240 + 200, Message.note_off(channel=0, note=key))
    return file


def wait_until(done, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_what_plays_live_is_what_renders_offline(jack_server: str) -> None:
    def build() -> tonewood.Engine:
        engine = tonewood.Engine(RATE, 256)
        player, synth, verb = (engine.add(p) for p in (MidiPlayer(song()), plucked(), Reverb(mix=0.3)))
        engine.connect(player, synth)
        engine.connect(synth, verb)
        engine.connect(verb, engine.output)
        return engine

    expected = build().render(frames=RATE)
    # A second engine records what the first plays, through JACK.
    listener = tonewood.Engine(RATE, 256, inputs=2, outputs=0)
    capture = CaptureQueue(channels=2, seconds=5)
    listener.connect(listener.input, listener.add(capture))
    engine = build()
    with listener.start(server=jack_server, client_name="listener", connect_outputs=False), \
            engine.start(server=jack_server, client_name="player", connect_outputs=False):
        for ours, theirs in zip(engine.audio_outputs, listener.audio_inputs):
            tonewood.devices.connect(ours, theirs, server=jack_server)
        capture.read(capture.available_frames, timeout=0)  # what came before the transport ran
        engine.transport.play()
        got = capture.read(3 * RATE, timeout=20)
        xruns = engine.xruns + listener.xruns
        assert isinstance(engine.cpu_load, float)
        mean, worst = engine.cycle_times_us
        assert 0 < mean <= worst
    assert got.shape == (2, 3 * RATE)
    if xruns:
        pytest.skip("a cycle came late on this machine; live cannot be compared with offline")
    # Line the two up by where the sound starts (live, the transport began some cycles in).
    start = int(np.argmax(np.abs(got[0]) > 0)) - int(np.argmax(np.abs(expected[0]) > 0))
    assert start >= 0
    np.testing.assert_array_equal(got[:, start:start + RATE], expected)


def test_live_midi_reaches_the_synth_through_a_midi_input(jack_server: str) -> None:
    engine = tonewood.Engine(RATE, 128)
    keys = engine.midi_input("keys_in")
    synth = engine.add(plucked())
    engine.connect(keys, synth)
    engine.connect(synth, engine.output)
    listener = tonewood.Engine(RATE, 128, inputs=1, outputs=0)
    capture = CaptureQueue(channels=1)
    listener.connect(listener.input, listener.add(capture))
    with listener.start(server=jack_server, client_name="ears", connect_outputs=False), \
            engine.start(server=jack_server, client_name="synth", connect_outputs=False), \
            MidiClient("keyboard", server=jack_server) as keyboard:
        tonewood.devices.connect("synth:out_1", "ears:in_1", server=jack_server)
        out = keyboard.open_output("out", connect="synth:keys_in")
        capture.read(capture.available_frames, timeout=0)
        out.send(Message.note_on(channel=0, note=60, velocity=100), delay_frames=4800)
        heard = capture.read(RATE // 2, timeout=10)
    assert np.abs(heard).max() > 0.01


def test_player_plays_a_file_and_reports_where_it_is(jack_server: str, tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    tone = (0.5 * np.sin(2 * np.pi * 330 * np.arange(RATE // 2) / 44100)).astype(np.float32)
    tonewood.write(path, tone, 44100)  # another rate than the server's
    with tonewood.Player(path, server=jack_server) as player:
        assert not player.is_playing() and player.position == 0
        assert player.duration == pytest.approx(24000 / 44100, abs=1e-4)
        player.play()
        wait_until(lambda: player.progress > 0.5)
        player.pause()
        at = player.position
        time.sleep(0.1)
        assert player.position == at and not player.is_playing()
        player.set_looping(True)
        player.play()
        wait_until(lambda: player.position < at)  # went round the loop
        assert player.is_playing()
        player.seek(0.1)
        player.stop()
        assert player.underruns >= 0
        with pytest.raises(ValueError, match="seek position must be within"):
            player.seek(3.0)


def test_queues_carry_audio_in_and_out_without_losing_a_frame(jack_server: str) -> None:
    ramp = (np.arange(1, 2 * RATE + 1, dtype=np.float32) / 2**20).reshape(1, -1)
    with tonewood.InputQueue(channels=1, seconds=4, server=jack_server, connect_inputs=False) as ins, \
            tonewood.OutputQueue(channels=1, seconds=1, server=jack_server, connect_outputs=False) as outs:
        tonewood.devices.connect(outs.engine.audio_outputs[0], ins.engine.audio_inputs[0], server=jack_server)
        ins.read(0, timeout=0)
        for start in range(0, ramp.shape[1], 4800):
            outs.enqueue(ramp[:, start:start + 4800].copy())
        outs.end()
        wait_until(lambda: outs.queued_frames == 0)
        time.sleep(0.1)
        got = ins.read(ins.queue.available_frames, timeout=0)[0]
    first = int(np.argmax(got > 0))
    np.testing.assert_array_equal(got[first:first + ramp.shape[1]], ramp[0])
    assert outs.underruns == 0 and ins.overruns == 0


def test_record_devices_and_errors(jack_server: str, tmp_path: Path) -> None:
    info = tonewood.devices.server_info(jack_server)
    assert info.sample_rate == RATE and info.buffer_size == 256
    assert "system" in info.clients
    assert {p.name for p in info.audio_ports() if p.is_physical} >= {"system:capture_1", "system:playback_1"}
    frames = tonewood.devices.record(tmp_path / "take.wav", 0.25, server=jack_server)
    audio, rate = tonewood.read(tmp_path / "take.wav")
    assert frames == audio.shape[1] == RATE // 4 and rate == RATE
    with pytest.raises(tonewood.DeviceError, match="'tonewood-nowhere' is not running"):
        tonewood.devices.server_info("tonewood-nowhere")
    with pytest.raises(tonewood.DeviceError, match="runs at 48000 Hz; the engine was made for 44100 Hz"):
        tonewood.Engine(44100).start(server=jack_server)
    with pytest.raises(tonewood.DeviceError, match="no such port|no MIDI port"):
        tonewood.devices.connect("nobody:out", "system:playback_1", server=jack_server)


def test_a_server_at_another_rate_gets_files_converted(tmp_path: Path) -> None:
    with private_jack_server(rate=44100, period=512) as server:
        path = tmp_path / "tone.wav"
        tonewood.write(path, np.zeros((2, 4800), np.float32), RATE)
        with tonewood.Player(path, server=server) as player:
            assert player.duration == pytest.approx(0.1, abs=1e-4)


def test_cli_devices_play_and_record(jack_server: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    tool = str(Path(sys.executable).parent / "tonewood")
    listing = subprocess.run([tool, "devices", "--server", jack_server], capture_output=True, text=True, check=True)
    assert "48000 Hz, 256 frames per period" in listing.stdout and "system:playback_1" in listing.stdout
    take = tmp_path / "take.wav"
    recorded = subprocess.run([tool, "record", "-o", str(take), "--seconds", "0.2", "--server", jack_server, "-q"],
                              capture_output=True, text=True, check=True)
    assert "9600 frames" in recorded.stdout
    assert tonewood.read(take)[0].shape == (2, 9600)
    played = subprocess.run([tool, "play", str(take), "--server", jack_server, "-q"], capture_output=True,
                            text=True, check=True)
    assert "played" in played.stdout and "0.200 s" in played.stdout
    missing = subprocess.run([tool, "play", str(take), "--server", "tonewood-nowhere"], capture_output=True,
                             text=True)
    assert missing.returncode == 2 and "'tonewood-nowhere' is not running" in missing.stderr


def test_edits_while_playing_are_heard_and_bad_ones_change_nothing(jack_server: str) -> None:
    from tonewood.nodes import Gain

    engine = tonewood.Engine(RATE, 256)
    synth = plucked()
    node = engine.add(synth)
    engine.connect(node, engine.output)
    listener = tonewood.Engine(RATE, 256, inputs=1, outputs=0)
    capture = CaptureQueue(channels=1)
    listener.connect(listener.input, listener.add(capture))
    with listener.start(server=jack_server, client_name="ears", connect_outputs=False), \
            engine.start(server=jack_server, client_name="band", connect_outputs=False):
        tonewood.devices.connect("band:out_1", "ears:in_1", server=jack_server)
        synth.note_on(57, 100)
        assert np.abs(capture.read(RATE // 4, timeout=10)).max() > 0.01
        with pytest.raises(tonewood.InvalidArgumentError, match="would close a loop"):
            engine.connect(node, node)
        quiet = engine.add(Gain(-120.0))  # edits compile off the audio thread while it plays
        with engine.batch():
            engine.disconnect(node, engine.output)
            engine.connect(node, quiet)
            engine.connect(quiet, engine.output)
        time.sleep(0.05)
        capture.read(capture.available_frames, timeout=0)
        assert np.abs(capture.read(RATE // 8, timeout=10)).max() < 1e-4
        engine.remove(quiet)  # removed while playing: silence, and the engine goes on
        cycles = engine._running().cycles
        time.sleep(0.1)
        assert engine._running().cycles > cycles
