"""A song played live through JACK (a private dummy server the tests start and stop): what it plays
is what it bounces, its loop is sample-exact, and edits while it plays are heard."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest

import tonewood
from tonewood import beats
from cli_support import run
from conftest import private_jack_server
from tonewood.nodes import CaptureQueue, MidiPlayer

RATE = 48000


def a_song() -> tonewood.Timeline:
    song = tonewood.Timeline(sample_rate=RATE, tempo=150)
    drums = song.add_track("drums")
    hit = (np.random.default_rng(5).uniform(-0.5, 0.5, (2, 2400)) * np.hanning(2400)).astype(np.float32)
    for b in range(1, 5):
        drums.add_clip(hit, start=beats(b), gain_db=-2.0 * (b % 3))
    synth = tonewood.Resonator(sample_rate=RATE)
    lead = song.add_track("lead", instrument=synth)
    lead.add_midi_clip([(64, 0, 0.5), (71, 1, 0.5), (76, 2, 1)], start=beats(1))
    lead.automate("pan").add_point(beats(1), -0.8).add_point(beats(4), 0.8, "smooth")
    room = song.add_track("room", "bus")
    room.add_insert(tonewood.effects.Reverb(decay_s=0.8, mix=1.0))
    lead.send(room, -12)
    return song


def listen(server: str, seconds: float) -> tuple[tonewood.Engine, CaptureQueue]:
    listener = tonewood.Engine(RATE, 256, inputs=2, outputs=0)
    capture = CaptureQueue(channels=2, seconds=seconds + 5)
    listener.connect(listener.input, listener.add(capture))
    listener.start(server=server, client_name="listener", connect_outputs=False)
    return listener, capture


def play_into(song: tonewood.Timeline, server: str, listener: tonewood.Engine, capture: CaptureQueue) -> None:
    """Plays the song from the start into the listener: connected first, then played."""
    song.play(server=server, client_name="song", connect_outputs=False)
    song.pause()
    song.locate(0.0)
    for ours, theirs in zip(song.engine.audio_outputs, listener.audio_inputs):
        tonewood.devices.connect(ours, theirs, server=server)
    capture.read(capture.available_frames, timeout=0)
    song.play()


def test_a_song_plays_live_what_it_bounces(jack_server: str) -> None:
    # Short captures: on a shared machine the dummy driver's own cycles come late now and then.
    expected = a_song().render(end=2.0)
    listener, capture = listen(jack_server, 2.5)
    song = a_song()
    try:
        play_into(song, jack_server, listener, capture)
        assert song.is_playing
        got = capture.read(int(2.5 * RATE), timeout=30)
        assert song.playhead > 2.0
        xruns = song.engine.xruns + listener.xruns
    finally:
        song.close()
        listener.stop()
    assert not song.is_playing and song.engine is None
    if xruns:
        pytest.skip("a cycle came late on this machine; live cannot be compared with offline")
    start = int(np.argmax(np.abs(got[0]) > 0)) - int(np.argmax(np.abs(expected[0]) > 0))
    assert start >= 0
    np.testing.assert_array_equal(got[:, start:start + 2 * RATE], expected)


def test_the_loop_region_repeats_sample_exact_and_edits_are_heard(jack_server: str) -> None:
    song = tonewood.Timeline(sample_rate=RATE, tempo=120)
    click = np.zeros((1, 64), np.float32)
    click[0, 0] = 1.0
    clicks = song.add_track("clicks")
    clicks.add_clip(click, start=beats(0.5))
    song.set_loop_region(beats(0), beats(1))  # 24000 frames
    listener, capture = listen(jack_server, 2.0)
    try:
        play_into(song, jack_server, listener, capture)
        first = capture.read(RATE * 3 // 2, timeout=30)
        clicks.volume_db = -6.0  # heard from the next block, no restart
        second = capture.read(RATE, timeout=30)
        xruns = song.engine.xruns + listener.xruns
    finally:
        song.close()
        listener.stop()
    if xruns:
        pytest.skip("a cycle came late on this machine")
    hits = np.flatnonzero(first[0])
    assert len(hits) >= 3 and np.all(np.diff(hits) == 24000)  # once per loop, to the frame
    assert set(first[0, hits]) == {1.0}
    later = second[0][np.flatnonzero(second[0])]
    assert later[-1] == pytest.approx(10 ** (-6 / 20), rel=1e-6)


def test_a_take_lines_up_with_the_playback_it_was_recorded_against(jack_server: str, tmp_path) -> None:
    song = tonewood.Timeline(sample_rate=RATE, tempo=120)
    click = np.zeros((1, 64), np.float32)
    click[0, 0] = 0.5
    song.add_track("click").add_clip(click, start=beats(1))  # frame 24000
    take = song.add_track("take")
    take.arm((0, 1))
    with pytest.raises(tonewood.InvalidArgumentError, match="is a instrument track|is a bus track"):
        song.add_track("bus", "bus").arm()
    try:
        song.play(server=jack_server, client_name="song", connect_outputs=False, inputs=2, connect_inputs=False)
        song.pause()
        with pytest.raises(tonewood.DeviceError, match="nothing is"):
            song.record(tmp_path)
        # The song hears itself: its outputs into its inputs, which JACK delivers a cycle later.
        for ours, back in zip(song.engine.audio_outputs, song.engine.audio_inputs):
            tonewood.devices.connect(ours, back, server=jack_server)
        song.locate(0.0)
        song.record(tmp_path, latency_frames=256, punch_in=0.25)  # one JACK period round trip
        assert song.is_recording
        while song.playhead < 1.0:
            time.sleep(0.01)
        xruns = song.engine.xruns
        clips = song.stop()
    finally:
        song.close()
    if xruns:
        pytest.skip("a cycle came late on this machine")
    assert [c.name for c in clips] == ["take take 1"] and not song.is_recording
    recorded = clips[0]
    audio = tonewood.read(tmp_path / "take take 1.wav")[0]
    hit = int(np.flatnonzero(audio[0])[0])
    # The click's frame in the take plus where the take sits is where the click was played.
    assert round(song.seconds_of(recorded.start) * RATE) + hit == 24000
    assert recorded.start == tonewood.seconds((12000 - 256) / RATE)  # the punch-in, compensated
    assert audio[0, hit] == 0.5 and audio[1, hit] == 0.5


def test_a_take_of_several_minutes_keeps_every_frame(tmp_path) -> None:
    # Three minutes, live (the dummy driver keeps real time); 1024-frame periods, so a cycle
    # comes late on this kind of machine far more rarely than at 256.
    with private_jack_server(period=1024) as server:
        long_take_keeps_every_frame(server, tmp_path, 180)


def test_a_long_take_keeps_every_frame(jack_server: str, tmp_path) -> None:
    long_take_keeps_every_frame(jack_server, tmp_path, 8)


def long_take_keeps_every_frame(jack_server: str, tmp_path, seconds: int) -> None:
    # A counter played by another client: consecutive frames differ by exactly one step.
    step = 1.0 / 2**20
    counter = (np.arange(2**20, dtype=np.float64) * step).astype(np.float32)[None, :].repeat(2, axis=0)
    player = tonewood.Engine(RATE, 256)
    source = player.add(tonewood.nodes.AudioPlayer(counter, RATE, loop=True))
    player.connect(source, player.output)
    song = tonewood.Timeline(sample_rate=RATE)
    song.add_track("take").arm((0, 1))
    try:
        player.start(server=jack_server, client_name="counter", connect_outputs=False)
        player.transport.play()
        song.play(server=jack_server, client_name="song", connect_outputs=False, inputs=2, connect_inputs=False)
        song.pause()
        for theirs, ours in zip(player.audio_outputs, song.engine.audio_inputs):
            tonewood.devices.connect(theirs, ours, server=jack_server)
        song.locate(0.0)
        song.record(tmp_path)
        while song.playhead < seconds:
            time.sleep(0.05)
        xruns = song.engine.xruns
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            clips = song.stop()
    finally:
        song.close()
        player.stop()
    # The disk thread kept up, whatever JACK did: no frame lost or cut (they would warn).
    assert not [str(w.message) for w in caught]
    audio = tonewood.read(tmp_path / "take take 1.wav")[0]
    assert audio.shape[1] >= seconds * RATE and len(clips) == 1
    # A late cycle of either client breaks the counter upstream of the take: skip then.
    if xruns:
        pytest.skip("a cycle came late on this machine")
    steps = np.diff(audio[0].astype(np.float64)) % 1.0
    assert np.all(np.abs(steps - step) < 1e-9), "a frame went missing or came twice"


def test_an_instrument_track_records_midi_on_the_frames_it_arrived(jack_server: str, tmp_path) -> None:
    # Another client plays notes into the song at odd frames (two of them a frame apart).
    sent = tonewood.midi.MidiFile(ticks_per_beat=24000)  # 120 bpm: a tick is a frame
    notes = sent.add_track("notes")
    for k, tick in enumerate([1000, 7172, 7173, 20000, 33333]):
        notes.add(tick, tonewood.midi.Message.note_on(0, 60 + k, 100))
        notes.add(tick + 100, tonewood.midi.Message.note_off(0, 60 + k))
    sender = tonewood.Engine(RATE, 256)
    sender.connect(sender.add(MidiPlayer(sent)), sender.midi_output("out"))
    song = tonewood.Timeline(sample_rate=RATE, tempo=120)
    keys = song.add_track("keys", instrument=tonewood.Resonator(sample_rate=RATE))
    keys.arm()
    assert keys.armed == "keys in"
    try:
        song.play(server=jack_server, client_name="song", connect_outputs=False)
        song.pause()
        song.locate(0.0)
        song.record(tmp_path)
        sender.start(server=jack_server, client_name="sender", connect_outputs=False)
        tonewood.devices.connect("sender:out", "song:keys in", server=jack_server)
        time.sleep(0.2)
        sender.transport.play()
        time.sleep(1.2)
        xruns = song.engine.xruns + sender.xruns
        clips = song.stop()
    finally:
        song.close()
        sender.stop()
    if xruns:
        pytest.skip("a cycle came late on this machine")
    assert len(clips) == 1 and clips[0].name == "keys take"
    taken = clips[0].file.notes()
    assert [n.note for n in taken] == [60, 61, 62, 63, 64]
    first = clips[0].start.beats_on(song.tempo_map)
    ppq = clips[0].file.ticks_per_beat
    frames = [song.tempo_map.frame_at(first + n.start_tick / ppq, RATE) for n in taken]
    assert [f - frames[0] for f in frames] == [t - 1000 for t in (1000, 7172, 7173, 20000, 33333)]


def test_the_command_plays_a_project_to_its_end(jack_server: str, tmp_path) -> None:
    song = tonewood.Timeline(sample_rate=RATE, tempo=120)
    song.add_track("hit").add_clip(np.full((2, 2400), 0.1, np.float32), start=beats(1))
    song.save(tmp_path / "song.tonewood.json")
    out = run(["play", "song.tonewood.json", "--server", jack_server, "-q"], tmp_path).stdout
    assert out.startswith("played song.tonewood.json: ")
    assert float(out.split(": ")[1].split(" s")[0]) >= song.duration + 2.0  # its clips and tails
    tonewood.Timeline(sample_rate=44100).save(tmp_path / "slow.tonewood.json")
    r = run(["play", "slow.tonewood.json", "--server", jack_server, "-q"], tmp_path, check=False)
    assert r.returncode != 0 and "runs at 44100 Hz and the JACK server at 48000 Hz" in r.stderr
    r = run(["play", "song.tonewood.json", "--server", jack_server, "--loop", "-q"], tmp_path, check=False)
    assert r.returncode != 0 and "no loop region" in r.stderr


def test_automation_moves_are_heard_live_and_recorded_by_mode(jack_server: str) -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    dc = np.full((2, 4 * RATE), 0.5, np.float32)
    lanes = {}
    for name in ("touch", "latch", "write"):
        track = song.add_track(name)
        track.add_clip(dc)
        track.mute = name != "touch"  # heard: the touch track alone; the others record all the same
        lanes[name] = track.automate("volume")
        lanes[name].mode = name
    lanes["write"].add_point(0.0, 0.0).add_point(4.0, -24.0)  # a fade the write pass overwrites
    with pytest.raises(tonewood.DeviceError, match="play\\(\\) first"):
        lanes["touch"].touch(-6.0)
    with pytest.raises(tonewood.OutOfRangeError, match=r"\[-120, 24\] dB"):
        lanes["touch"].touch(30.0)
    listener, capture = listen(jack_server, 2.5)
    moved = {}
    try:
        play_into(song, jack_server, listener, capture)

        def at(seconds: float) -> float:
            while song.playhead < seconds:
                time.sleep(0.002)
            return song.playhead

        moved["-20"] = at(0.5)
        lanes["touch"].touch(-20.0)
        lanes["latch"].touch(-10.0)
        assert lanes["touch"].touched
        moved["-6"] = at(1.0)
        lanes["touch"].touch(-6.0)
        lanes["latch"].release()  # latched: -10 dB holds to the end of the pass
        moved["release"] = at(1.5)
        lanes["touch"].release()
        assert not lanes["touch"].touched
        got = capture.read(int(2.2 * RATE), timeout=30)
        stopped = at(2.0)
        song.stop()
        xruns = song.engine.xruns + listener.xruns
    finally:
        song.close()
        listener.stop()
    # The touch pass became an edit at its release, the others one edit at the stop.
    assert song.history[0][:2] == ["record automation of latch volume, write volume",
                                   "record automation of touch volume"]

    def level(lane, seconds: float) -> float:
        return lane._native.value_at(seconds, song.tempo_map)

    # Each move holds from where it was made; the lane plays again after a touch's release.
    touch = lanes["touch"]
    assert level(touch, 0.25) == 0.0 and level(touch, 0.75) == -20.0 and level(touch, 1.25) == -6.0
    assert level(touch, 1.75) == 0.0
    assert abs(touch.points[1][0].value - moved["-20"]) < 0.02
    latch = lanes["latch"]
    assert level(latch, 0.25) == 0.0 and level(latch, 1.9) == -10.0 and level(latch, stopped + 0.1) == 0.0
    # Write: untouched, the pass holds what played when it began (0 dB) and overwrites the fade
    # to the stop; the fade comes back after it.
    write = lanes["write"]
    assert level(write, 1.0) == 0.0 and level(write, 1.9) == 0.0
    assert level(write, 3.0) == pytest.approx(-18.0)
    song.undo()
    assert level(lanes["write"], 1.0) == pytest.approx(-6.0) and not lanes["latch"].points
    assert level(lanes["touch"], 0.75) == -20.0
    song.undo()
    assert not lanes["touch"].points
    song.redo()
    song.redo()
    # What played live is what the recorded lane renders, away from the moves (a move lands on
    # the next block, within a period of the playhead it was made at).
    expected = song.render(end=2.0)
    if xruns:
        pytest.skip("a cycle came late on this machine; live cannot be compared with offline")
    start = int(np.argmax(np.abs(got[0]) > 0))
    live = got[:, start:start + 2 * RATE]
    for seconds, db in ((0.25, 0.0), (0.75, -20.0), (1.25, -6.0), (1.75, 0.0)):
        frame = int(seconds * RATE)
        want = 0.5 * 10 ** (db / 20)
        assert live[0, frame - 4000:frame + 4000] == pytest.approx(want, rel=1e-6), seconds
        assert expected[0, frame - 4000:frame + 4000] == pytest.approx(want, rel=1e-6), seconds
