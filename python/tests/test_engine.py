"""tonewood.Engine offline: graphs of synths, effects and players render what their parts compute,
the same for any block size and thread count; effects are properties in natural units; chains
process arrays; bad edits are refused and change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood.effects import EFFECTS, Compressor, Delay, Distortion, Filter, Reverb
from tonewood.midi import Message, MidiFile
from tonewood.nodes import AudioPlayer, AudioQueue, CaptureQueue, Gain, Metronome, MidiPlayer, Mixer, Pan, Recorder

RATE = 48000


def plucked(rate: int = RATE) -> tonewood.Resonator:
    synth = tonewood.Resonator(sample_rate=rate)
    synth.set_param("impExciter0 enabled", 1)
    synth.set_param("enabled wb0r0", 1)
    synth.set_param("decayTime wb0r0", 2.0)
    return synth


def arpeggio() -> MidiFile:
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track("notes")
    for i, key in enumerate([48, 55, 60, 64, 67, 72]):
        track.add(i * 240, Message.note_on(channel=0, note=key, velocity=100))
        track.add(i * 240 + 200, Message.note_off(channel=0, note=key))
    return song


def build(block_size: int = 512, threads: int = 1) -> tonewood.Engine:
    engine = tonewood.Engine(RATE, block_size, threads=threads)
    with engine.batch():
        bus = engine.add(Gain(-3.0), "bus")
        for k in range(3):
            song = engine.add(MidiPlayer(arpeggio()))
            synth = engine.add(plucked())
            pan = engine.add(Pan(-0.5 + 0.5 * k))
            engine.connect(song, synth)
            if k == 1:
                delay = engine.add(Delay(time_left_s=0.2, time_right_s=0.3, mix=0.4))
                engine.connect(synth, delay)
                engine.connect(delay, pan)
            else:
                engine.connect(synth, pan)
            engine.connect(pan, bus)
        verb = engine.add(Reverb(decay_s=1.5, mix=0.25))
        engine.connect(bus, verb)
        engine.connect(verb, engine.output)
    return engine


def test_a_graph_of_synths_effects_and_players_is_the_same_for_every_block_size_and_thread_count() -> None:
    reference = build(512, 1).render(seconds=2.0)
    assert np.abs(reference).max() > 0.01
    for block, threads in [(1, 1), (7, 2), (333, 4), (4096, 2)]:
        np.testing.assert_array_equal(build(block, threads).render(seconds=2.0), reference, f"{block}/{threads}")


def test_render_continues_where_it_stopped_and_writes_files(tmp_path: Path) -> None:
    whole = build().render(frames=30000)
    engine = build()
    parts = np.concatenate([engine.render(frames=10000), engine.render(frames=20000)], axis=1)
    np.testing.assert_array_equal(parts, whole)
    out = tmp_path / "mix.wav"
    seen: list[float] = []
    build().render_to_file(out, frames=30000, subtype="FLOAT", progress=seen.append)
    audio, rate = tonewood.read(out)
    assert rate == RATE and seen[-1] == 1.0
    np.testing.assert_array_equal(audio, whole)


def test_effects_are_properties_in_natural_units() -> None:
    reverb = Reverb(decay_s=3.5, mix=0.3)
    assert reverb.decay_s == 3.5 and reverb.mix == 0.3
    reverb.predelay_ms = 20
    assert reverb.get_param("predelay_ms") == 20
    assert [p.id for p in reverb.params()] == ["decay_s", "size", "density", "bandwidth_hz", "damping_hz",
                                               "predelay_ms", "early_mix", "mix"]
    distortion = Distortion(type="hard clip", filter="post")
    assert distortion.type == "hard clip" and distortion.get_param("type") == 1
    with pytest.raises(ValueError, match=r"decay_s must be within \[0.2, 20\] s, got 99"):
        reverb.decay_s = 99
    with pytest.raises(tonewood.InvalidArgumentError, match="'tanh'"):
        distortion.type = "fuzzy"
    with pytest.raises(TypeError, match="'decay'"):
        Reverb(decay=2)  # type: ignore[call-arg]
    # Every declared property is a parameter of the processor and the other way round.
    for cls in EFFECTS:
        effect = cls()
        declared = sorted(name for name in vars(cls) if not name.startswith("_") and name in effect.param_ids())
        assert declared == sorted(effect.param_ids()), cls.__name__


def test_state_round_trips_through_json() -> None:
    delay = Delay(time_left_s=0.123, ping_pong=True, note_value_left="1/8T")
    state = delay.save_state()
    assert json.loads(state)["type"] == "delay"
    again = Delay()
    again.restore_state(state)
    assert (again.time_left_s, again.ping_pong, again.note_value_left) == (0.123, True, "1/8T")
    with pytest.raises(tonewood.InvalidArgumentError, match="not a reverb state"):
        Reverb().restore_state(state)


def test_a_chain_processes_arrays_like_the_same_effects_in_an_engine() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(-0.5, 0.5, (2, 20000)).astype(np.float32)
    chain = tonewood.Chain([Filter(cutoff_hz=3000), Compressor(threshold_db=-20, ratio=3), Reverb(mix=0.2)])
    y = chain(x, RATE)
    assert y.shape == (2, 20000) and y.dtype == np.float32
    np.testing.assert_array_equal(chain(x, RATE, block_size=77), y)  # any block size
    engine = tonewood.Engine(RATE, inputs=2)
    f, c, r = (engine.add(p) for p in (Filter(cutoff_hz=3000), Compressor(threshold_db=-20, ratio=3), Reverb(mix=0.2)))
    engine.connect(engine.input, f)
    engine.connect(f, c)
    engine.connect(c, r)
    engine.connect(r, engine.output)
    np.testing.assert_array_equal(engine.render(input=x), y)
    mono = Reverb(mix=0.5)(x[0], RATE)  # one channel feeds both sides of a stereo effect
    assert mono.shape == (2, 20000)
    # reset=False carries the tail on: two halves equal the whole.
    verb = Reverb(mix=1.0)
    whole = Reverb(mix=1.0)(x, RATE)
    halves = np.concatenate([verb(x[:, :10000].copy(), RATE), verb(x[:, 10000:].copy(), RATE, reset=False)], axis=1)
    np.testing.assert_array_equal(halves, whole)


def test_parameters_and_notes_land_on_their_frames() -> None:
    engine = tonewood.Engine(RATE, 256, outputs=2)
    synth = engine.add(plucked())
    gain = engine.add(Gain())
    engine.connect(synth, gain)
    engine.connect(gain, engine.output)
    synth.send(Message.note_on(channel=0, note=60, velocity=100), frame=1000)
    gain.set_param("gain_db", -120, frame=5000)
    audio = engine.render(frames=8000)
    assert np.all(audio[:, :1000] == 0) and np.abs(audio[:, 1000:5000]).max() > 0.01
    assert np.abs(audio[:, 5064:]).max() < 1e-5  # after the 64-frame glide


def test_players_mixer_metronome_and_queues() -> None:
    tone = np.sin(2 * np.pi * 440 * np.arange(4800) / RATE).astype(np.float32).reshape(1, -1)
    engine = tonewood.Engine(RATE, 128, outputs=2)
    player = engine.add(AudioPlayer(tone, RATE, start_frame=100))
    mixer = engine.add(Mixer(2))
    click = engine.add(Metronome())
    engine.connect(player, mixer, destination_channel=0)
    engine.connect(click, mixer, source_channel=0, destination_channel=2)
    engine.connect(mixer, engine.output)
    mixer.processor.set_input_gain_db(1, -120)  # the clicks come through 120 dB down
    out = engine.render(frames=6000)
    np.testing.assert_allclose(out[0, 100:4900], tone[0], atol=1e-6)
    assert np.abs(out[0, :100]).max() < 1e-6 and np.abs(out[0, :100]).max() > 0  # a click, faint
    assert np.all(out[1] == 0)

    queue, capture = AudioQueue(channels=1), CaptureQueue(channels=1)
    engine = tonewood.Engine(RATE, 128, outputs=0)
    engine.connect(engine.add(queue), engine.add(capture))
    assert queue.enqueue(tone) == 4800
    engine.render(frames=4800)
    np.testing.assert_array_equal(capture.read(4800, timeout=0), tone)


def test_recording_to_a_file_and_to_memory(tmp_path: Path) -> None:
    engine = tonewood.Engine(RATE, 256)
    synth = engine.add(plucked())
    recorder = Recorder()
    engine.connect(synth, engine.add(recorder))
    engine.connect(synth, engine.output)
    synth.send(b"\x90\x3c\x64")
    recorder.start(tmp_path / "take.wav", from_frame=500)
    played = engine.render(frames=20000)
    assert recorder.stop() == 19500 and recorder.overruns == 0
    take, _ = tonewood.read(tmp_path / "take.wav")
    np.testing.assert_array_equal(take, played[:, 500:])
    recorder.start(max_seconds=0.1, sample_rate=RATE)
    engine.render(frames=10000)
    recorder.stop()
    assert recorder.take().shape == (2, 4800) and recorder.overruns == 5200


def test_a_full_disk_stops_a_recording_cleanly_keeping_what_was_written(tmp_path: Path) -> None:
    # In a child process, a file size limit refuses writes past 1 MiB as a full disk would.
    script = f"""
import json, resource, signal, sys
import numpy as np, tonewood
from tonewood.nodes import AudioPlayer, Recorder
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, hard))
engine = tonewood.Engine({RATE}, 512)
signal_ = np.random.default_rng(1).uniform(-0.5, 0.5, (2, {RATE} * 10)).astype(np.float32)
recorder = Recorder()
engine.connect(engine.add(AudioPlayer(signal_, {RATE})), engine.add(recorder))
recorder.start({str(tmp_path / "take.wav")!r})
engine.render(frames={RATE} * 10)
frames = recorder.stop()
print(json.dumps([frames, recorder.overruns, recorder.write_failure]))
"""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frames, lost, why = json.loads(done.stdout.splitlines()[-1])
    assert "take.wav" in why and "File too large" in why
    assert frames > 100_000 and frames + lost == RATE * 10
    take, rate = tonewood.read(tmp_path / "take.wav")
    expected = np.random.default_rng(1).uniform(-0.5, 0.5, (2, RATE * 10)).astype(np.float32)
    np.testing.assert_array_equal(take, expected[:, :frames])


def test_bad_edits_are_refused_clearly_and_change_nothing() -> None:
    engine = tonewood.Engine(RATE)
    a, b = engine.add(Gain(), "a"), engine.add(Gain(), "b")
    mono = engine.add(Gain(channels=1), "mono")
    engine.connect(a, b)
    with pytest.raises(tonewood.InvalidArgumentError, match=r"would close a loop with no delay \('b' \(gain\) -> 'a' \(gain\)"):
        engine.connect(b, a)
    with pytest.raises(tonewood.InvalidArgumentError, match="2 channels out.*1 channel in.*the counts differ"):
        engine.connect(a, mono)
    with pytest.raises(tonewood.OutOfRangeError, match="feedback delay must be within"):
        engine.connect(b, a, source_channel=0, destination_channel=0, feedback_delay=10)
    with pytest.raises(tonewood.InvalidArgumentError, match="a node named 'a' is already"):
        engine.add(Gain(), "a")
    with pytest.raises(tonewood.InvalidArgumentError, match="expected a tonewood processor"):
        engine.add(object())
    with pytest.raises(tonewood.InvalidArgumentError, match="no audio from one into the other and no events"):
        engine.connect(engine.add(MidiPlayer(arpeggio())), a)
    with pytest.raises(tonewood.InvalidArgumentError):
        engine.render(frames=10, seconds=1.0)
    engine.remove(mono)
    with pytest.raises(tonewood.InvalidArgumentError, match="was removed"):
        engine.connect(a, mono)
    assert len(engine.nodes) == 3  # a, b and the player; the refusals changed nothing
    synth = plucked()
    engine.add(synth)
    with pytest.raises(tonewood.InvalidArgumentError, match="node of an engine: render the engine"):
        synth.render(frames=100)
    with pytest.raises(tonewood.InvalidArgumentError, match="already a node of an engine"):
        tonewood.Engine(RATE).add(synth)
    with pytest.raises(ValueError, match="threads must be within"):
        tonewood.Engine(RATE, threads=0)


def test_render_midi_plays_through_the_graph_as_before() -> None:
    audio = tonewood.render_midi(arpeggio(), sample_rate=RATE, tail=0.5)
    engine = tonewood.Engine(RATE, 512)
    song = engine.add(MidiPlayer(arpeggio()))
    synth = tonewood.Resonator(sample_rate=RATE)
    synth.load_factory_preset("plucked string")
    engine.connect(song, engine.add(synth))
    engine.connect(engine.node("resonator 1"), engine.output)
    np.testing.assert_array_equal(engine.render(frames=audio.shape[1]), audio)


def test_a_beat_loop_starts_again_on_every_multiple_of_its_beats() -> None:
    engine = tonewood.Engine(48000, 300)
    engine.transport.tempo_bpm = 100  # two beats are 57600 frames
    source = np.random.default_rng(5).standard_normal((1, 70000)).astype(np.float32)
    engine.connect(engine.add(tonewood.nodes.AudioPlayer(source, 48000, loop_beats=2)), engine.output)
    out = engine.render(frames=3 * 57600)
    for k in range(3):
        np.testing.assert_array_equal(out[0, k * 57600:(k + 1) * 57600], source[0, :57600])
    with pytest.raises(tonewood.OutOfRangeError, match="loop_beats"):
        tonewood.nodes.AudioPlayer(source, 48000, loop_beats=100)
