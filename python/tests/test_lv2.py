from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import tonewood

AMP = "http://lv2plug.in/plugins/eg-amp"
PLATE = "http://plugin.org.uk/swh-plugins/plate"
needs_examples = pytest.mark.skipif(
    not Path("/usr/lib/lv2/eg-amp.lv2").exists() or not Path("/usr/lib/lv2/plate-swh.lv2").exists(),
    reason="LV2 plugins not installed (Debian packages lv2-examples and swh-lv2, which scripts/install-deps installs)",
)


def sine(frames: int = 48000) -> np.ndarray:
    return (0.5 * np.sin(np.arange(frames) * 0.01)).astype(np.float32)[None, :]


@needs_examples
def test_discovery_lists_plugins_with_ports_kinds_and_missing_features() -> None:
    everything = tonewood.lv2.plugins()
    assert len(everything) >= 100 and [p.uri for p in everything] == sorted(p.uri for p in everything)
    amp = next(p for p in everything if p.uri == AMP)
    assert (amp.name, amp.kind, amp.audio_inputs, amp.audio_outputs, amp.control_inputs) == (
        "Simple Amplifier", "Amplifier Plugin", 1, 1, 1)
    assert amp.missing_features == [] and not amp.is_instrument
    assert [p.uri for p in tonewood.plugins.list(name="eg-amp")] == [AMP]
    reverbs = tonewood.lv2.plugins(kind="reverb")
    assert any(p.uri == PLATE for p in reverbs) and all("Reverb" in p.kind for p in reverbs)
    sampler = tonewood.lv2.plugins(name="eg-sampler")[0]
    assert sampler.midi_inputs == 1 and sampler.is_instrument and sampler.missing_features == []
    assert "http://lv2plug.in/ns/ext/worker#schedule" in sampler.required_features


@needs_examples
def test_an_amplifier_applies_its_gain_exactly_and_parameters_change_at_their_frame() -> None:
    amp = tonewood.LV2Plugin(AMP, gain=-6)
    assert amp.get_param("gain") == -6 and amp.param("gain").min == -90 and amp.param("gain").max == 24
    x = sine()
    np.testing.assert_allclose(amp(x, 48000), x * np.float32(10 ** (-6 / 20)), rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(amp(x, 48000, block_size=64), amp(x, 48000, block_size=4096))
    engine = tonewood.Engine(48000, 256, inputs=1, outputs=1)
    node = engine.add(tonewood.LV2Plugin(AMP, gain=-6))
    engine.connect(engine.input, node)
    engine.connect(node, engine.output)
    node.set_param("gain", 6.0, frame=1000)  # inside a block: run() is split there
    y = engine.render(input=x[:, :2048])
    np.testing.assert_allclose(y[0, :1000], x[0, :1000] * np.float32(10 ** (-6 / 20)), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(y[0, 1000:], x[0, 1000:2048] * np.float32(10 ** (6 / 20)), rtol=1e-6, atol=1e-7)


@needs_examples
def test_a_bundle_path_works_and_a_reverb_makes_a_stereo_tail() -> None:
    assert tonewood.LV2Plugin("/usr/lib/lv2/eg-amp.lv2").info.uri == AMP
    plate = tonewood.LV2Plugin(PLATE)
    assert (plate.num_inputs, plate.num_outputs) == (1, 2)
    click = np.zeros((1, 48000), np.float32)
    click[0, 0] = 1.0
    tail = plate(click, 48000)
    assert np.isfinite(tail).all() and np.abs(tail[:, 24000:]).max() > 1e-4  # still ringing at 0.5 s
    assert not np.array_equal(tail[0], tail[1])


@needs_examples
def test_an_instrument_plays_midi_through_its_worker_loaded_sample() -> None:
    def render(block: int) -> np.ndarray:
        engine = tonewood.Engine(48000, block)
        node = engine.add(tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-sampler"))
        engine.connect(node, engine.output)
        node.send(bytes([0x90, 60, 100]), frame=1000)
        return engine.render(24000)

    audio = render(512)
    assert int(np.argmax(np.abs(audio[0]) > 1e-4)) == 1000
    np.testing.assert_array_equal(render(100), audio)


def test_unknown_plugins_and_missing_features_are_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(tonewood.InvalidArgumentError, match="no LV2 plugin 'http://example.org/none' is installed"):
        tonewood.LV2Plugin("http://example.org/none")
    if Path("/usr/lib/lv2/eg-amp.lv2").exists():  # a near miss gets the closest URIs
        with pytest.raises(tonewood.InvalidArgumentError, match="did you mean 'http://lv2plug.in/plugins/eg-amp'"):
            tonewood.load_plugin("http://lv2plug.in/plugins/eg-anp")
    bundle = tmp_path / "needs-more.lv2"
    bundle.mkdir()
    (bundle / "manifest.ttl").write_text(
        "@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.org/needs-more-py> a lv2:Plugin ; lv2:binary <none.so> ; rdfs:seeAlso <plugin.ttl> .\n")
    (bundle / "plugin.ttl").write_text(
        "@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n@prefix doap: <http://usefulinc.com/ns/doap#> .\n"
        '<http://example.org/needs-more-py> a lv2:Plugin ; doap:name "Needs more" ;\n'
        "  lv2:requiredFeature <http://example.org/ns#teleport> .\n")
    with pytest.raises(tonewood.InvalidArgumentError, match="example.org/ns#teleport"):
        tonewood.LV2Plugin(bundle)


def onsets(audio: np.ndarray, gap: int = 200) -> list[int]:
    on = np.abs(audio) > 1e-4
    return [i for i in range(1, len(audio)) if on[i] and not on[max(0, i - gap) : i].any()]


@needs_examples
def test_a_metronome_clicks_on_the_transports_beats_and_follows_a_tempo_change() -> None:
    engine = tonewood.Engine(48000, 256)
    node = engine.add(tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-metro"))
    engine.connect(node, engine.output)
    engine.transport.tempo_bpm = 120  # a beat every 24000 frames (the click's first sample is 0)
    assert onsets(engine.render(seconds=2.0)[0]) == [1, 24001, 48001, 72001]
    engine.transport.tempo_bpm = 90  # from beat 4 on: every 32000 frames
    assert onsets(engine.render(seconds=2.0)[0]) == [1, 32001, 64001]


@needs_examples
def test_a_plugins_midi_output_plays_the_next_instrument() -> None:
    def spectrum_peaks(with_fifths: bool) -> tuple[float, float]:
        engine = tonewood.Engine(48000, 256)
        synth = engine.add(tonewood.Resonator(sample_rate=48000))
        engine.connect(synth, engine.output)
        if with_fifths:
            fifths = engine.add(tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-fifths"))
            engine.connect_events(fifths, synth)
            fifths.send(bytes([0x90, 60, 100]), frame=500)
        else:
            synth.send(bytes([0x90, 60, 100]), frame=500)
        audio = engine.render(seconds=1.0)[0, 2000:34768]
        spectrum = np.abs(np.fft.rfft(audio))
        level = lambda hz: float(spectrum[round(hz / (48000 / 32768)) - 3 : round(hz / (48000 / 32768)) + 4].max())
        return level(261.63), level(392.0)

    c_alone, g_alone = spectrum_peaks(False)
    c_fifths, g_fifths = spectrum_peaks(True)
    assert c_fifths == pytest.approx(c_alone, rel=0.2)  # the note itself goes through
    assert g_fifths > 10 * g_alone  # and eg-fifths adds the G a fifth above


@needs_examples
def test_state_saves_as_a_bundle_other_hosts_read_and_as_a_preset(tmp_path: Path) -> None:
    x = sine(4800)
    quiet = tonewood.LV2Plugin(AMP, gain=-12)
    reference = quiet(x, 48000)
    quiet.save_state_bundle(tmp_path / "quiet.lv2", label="Quiet")
    state = (tmp_path / "quiet.lv2" / "state.ttl").read_text()
    assert "pset:Preset" in state and f"lv2:appliesTo <{AMP}>" in state and "pset:value -12.0" in state
    restored = tonewood.LV2Plugin(AMP)
    restored.load_state_bundle(tmp_path / "quiet.lv2")
    np.testing.assert_array_equal(restored(x, 48000), reference)
    tonewood.lv2.load_bundle(tmp_path / "quiet.lv2")  # now a preset of eg-amp
    fresh = tonewood.LV2Plugin(AMP)
    assert "Quiet" in fresh.presets()
    fresh.load_preset("Quiet")
    assert fresh.get_param("gain") == -12
    with pytest.raises(tonewood.InvalidArgumentError, match="has no preset 'Loud'"):
        fresh.load_preset("Loud")
    copy = tonewood.LV2Plugin(AMP)
    copy.restore_state(quiet.save_state())  # the tonewood JSON carries the LV2 state inside
    np.testing.assert_array_equal(copy(x, 48000), reference)


@needs_examples
@pytest.mark.skipif(shutil.which("jalv") is None, reason="jalv not found (Debian package jalv, which scripts/install-deps installs)")
def test_jalv_loads_a_state_bundle_tonewood_saved(tmp_path: Path, jack_server: str) -> None:
    tonewood.LV2Plugin(AMP, gain=-7.5).save_state_bundle(tmp_path / "state")
    # jalv's console takes commands on stdin; "controls" prints the control values it holds.
    jalv = subprocess.Popen(["jalv", "-n", "jalv-test", "-l", str(tmp_path / "state")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "JACK_DEFAULT_SERVER": jack_server, "JACK_NO_START_SERVER": "1"})
    try:
        out, _ = jalv.communicate("controls\n", timeout=20)
    finally:
        if jalv.poll() is None:
            jalv.kill()
            jalv.wait()
    assert f"Plugin:       {AMP}" in out, out
    assert "gain = -7.500000" in out, out


@needs_examples
def test_a_sampler_state_with_its_file_round_trips(tmp_path: Path) -> None:
    engines: list[tonewood.Engine] = []  # kept alive: when an engine goes depends on the collector

    def play(plugin: tonewood.LV2Plugin) -> np.ndarray:
        engine = tonewood.Engine(48000, 256)
        engines.append(engine)
        node = engine.add(plugin)
        engine.connect(node, engine.output)
        node.send(bytes([0x90, 60, 100]), frame=100)
        return engine.render(12000)

    original = tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-sampler")
    original.save_state_bundle(tmp_path / "sampler.lv2")  # (not while an engine holds it)
    assert "click.wav" in (tmp_path / "sampler.lv2" / "state.ttl").read_text()  # the sample it plays
    reference = play(original)
    again = tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-sampler")
    again.load_state_bundle(tmp_path / "sampler.lv2")
    np.testing.assert_array_equal(play(again), reference)
    with pytest.raises(tonewood.InvalidArgumentError, match="while no engine hosts it"):
        original.save_state_bundle(tmp_path / "later.lv2")  # its engine still holds it
    # The bundle links to the plugin's own file: removing the bundle leaves the file alone.
    linked = tmp_path / "sampler.lv2" / "click.wav"
    assert linked.is_symlink()
    target = linked.resolve()
    shutil.rmtree(tmp_path / "sampler.lv2")
    assert target.exists()


@needs_examples
def test_the_plugins_command_lists_describes_and_runs_plugins_on_files(tmp_path: Path) -> None:
    import sys

    from tonewood.midi import Message, MidiFile

    command = str(Path(sys.executable).parent / "tonewood")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([command, "plugins", *args], capture_output=True, text=True)

    listed = run("list", "--kind", "reverb")
    assert listed.returncode == 0 and PLATE in listed.stdout and AMP not in listed.stdout
    info = run("info", AMP)
    assert info.returncode == 0 and "parameter  gain (Gain): 0 dB, range -90..24 dB" in info.stdout
    typo = run("info", AMP.replace("eg-amp", "eg-amq"))
    assert typo.returncode != 0 and f"did you mean '{AMP}'" in typo.stderr
    stereo = np.stack([sine(9600)[0], 0.5 * sine(9600)[0]])
    tonewood.write(tmp_path / "in.wav", stereo, 48000, subtype="FLOAT")
    done = run("process", AMP, str(tmp_path / "in.wav"), str(tmp_path / "out.wav"), "--set", "gain=-6", "-q")
    assert done.returncode == 0, done.stderr
    out, rate = tonewood.read(tmp_path / "out.wav")
    assert rate == 48000 and out.shape == stereo.shape  # a mono plugin runs once per channel
    np.testing.assert_allclose(out, stereo * np.float32(10 ** (-6 / 20)), rtol=1e-6, atol=1e-7)
    song = MidiFile(ticks_per_beat=480)
    song.add_track("notes").add(0, Message.note_on(note=60, velocity=100))
    song.save(tmp_path / "song.mid")
    played = run("render", "http://lv2plug.in/plugins/eg-sampler", str(tmp_path / "song.mid"),
                 "-o", str(tmp_path / "sampler.wav"), "--tail", "0.5", "-q")
    assert played.returncode == 0, played.stderr
    assert np.abs(tonewood.read(tmp_path / "sampler.wav")[0]).max() > 0.1
    refused = run("process", AMP, str(tmp_path / "in.wav"), str(tmp_path / "x.wav"), "--set", "gain=99")
    assert refused.returncode != 0 and "gain must be within [-90, 24] dB, got 99" in refused.stderr
    assert not (tmp_path / "x.wav").exists()


@needs_examples
def test_an_instrument_plays_midi_messages_offline_and_stays_its_own(tmp_path: Path) -> None:
    sampler = tonewood.load_plugin("http://lv2plug.in/plugins/eg-sampler")
    audio = sampler.process([(0.1, [0x90, 60, 100]), (0.3, bytes([0x80, 60, 0]))], seconds=0.5, sample_rate=48000)
    assert audio.shape == (1, 24000) and int(np.argmax(np.abs(audio[0]) > 1e-4)) == 4800
    sampler.save_state_bundle(tmp_path / "after.lv2")  # no engine holds it any more
    with pytest.raises(tonewood.InvalidArgumentError, match="takes no MIDI"):
        tonewood.LV2Plugin(AMP).process([], seconds=0.1)


@needs_examples
@pytest.mark.skipif(shutil.which("lv2apply") is None, reason="lv2apply not found (Debian package lilv-utils)")
@pytest.mark.parametrize("uri, controls", [(AMP, {"gain": -6.0}), (PLATE, {"time": 2.5, "wet": 0.6})])
def test_output_matches_lilvs_own_lv2apply(uri: str, controls: dict[str, float], tmp_path: Path) -> None:
    import subprocess

    x = (0.2 * np.random.default_rng(3).standard_normal((1, 48000))).astype(np.float32)
    tonewood.write(tmp_path / "in.wav", x, 48000, subtype="FLOAT")
    args = ["lv2apply", "-i", str(tmp_path / "in.wav"), "-o", str(tmp_path / "out.wav")]
    for symbol, value in controls.items():
        args += ["-c", symbol, str(value)]
    subprocess.run([*args, uri], check=True, capture_output=True)
    theirs, _ = tonewood.read(tmp_path / "out.wav")
    ours = tonewood.LV2Plugin(uri, **controls)(x, 48000, block_size=333)
    np.testing.assert_array_equal(ours, theirs)  # bit for bit, here in 333-frame blocks
