"""The session model: clips, faders, buses, automation and MIDI on a tempo map, bounced offline."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import tonewood
from tonewood import beats

RATE = 48000


def noise(channels: int, frames: int, seed: int = 3) -> np.ndarray:
    return (np.random.default_rng(seed).uniform(-0.5, 0.5, (channels, frames))).astype(np.float32)


def scaled(x: np.ndarray, gain: np.ndarray | float) -> np.ndarray:
    """What the engine computes: the sample times the gain in double, rounded once to float."""
    return (x.astype(np.float64) * gain).astype(np.float32)


def test_trimmed_faded_clip_renders_the_exact_samples() -> None:
    src = noise(2, RATE)
    song = tonewood.Timeline(sample_rate=RATE)
    clip = song.add_track("a").add_clip(src, start=0.5, offset=0.25, length=0.5, gain_db=-6.0,
                                        fade_in=0.1, fade_out=0.05)
    out = song.render(end=2.0)
    assert out.shape == (2, 2 * RATE) and out.dtype == np.float32
    i = np.arange(24000)
    gain = 10 ** (-6.0 / 20) * np.minimum(1.0, i / 4800) * np.where(i >= 24000 - 2400, (24000 - 1 - i) / 2400, 1.0)
    np.testing.assert_array_equal(out[:, 24000:48000], scaled(src[:, 12000:36000], gain))
    assert not out[:, :24000].any() and not out[:, 48000:].any()
    # Edits re-render exactly: trim to another stretch, move, gain, then an S-curve fade.
    with pytest.raises(tonewood.OutOfRangeError, match=r"the clip at 0.5 s fade-in must be within \[0, 0.0999\d*\] s, got 0.1"):
        clip.trim(0.5, 0.6)  # 0.1 s leaves no room for both fades
    clip.set_fades(0.0, 0.0)
    clip.trim(0.5, 0.6)
    clip.move(beats(1))  # 0.5 s at 120 bpm
    clip.gain_db = 0.0
    out = song.render(end=1.0)
    np.testing.assert_array_equal(out[:, 24000:28800], src[:, 24000:28800])
    assert not out[:, 28800:].any()
    clip.set_fades(fade_in=0.05, shape="s_curve")
    out = song.render(end=1.0)
    s_curve = 0.5 - 0.5 * np.cos(np.pi * np.arange(2400) / 2400)
    np.testing.assert_allclose(out[:, 24000:26400], scaled(src[:, 24000:26400], s_curve), rtol=2.4e-7, atol=1e-12)


def test_a_reversed_loop_repeats_its_region_backwards() -> None:
    src = noise(1, 10000)
    song = tonewood.Timeline(sample_rate=RATE)
    song.add_track("loop").add_clip(src, offset=2000 / RATE, loop_length=1000 / RATE, length=3500 / RATE,
                                    loop=True, reverse=True)
    out = song.render(end=4000 / RATE, block_size=333)
    region = src[0, 2000:3000][::-1]
    want = np.concatenate([np.tile(region, 4)[:3500], np.zeros(500, np.float32)])
    np.testing.assert_array_equal(out[0], want)
    np.testing.assert_array_equal(out[1], want)  # a mono clip plays on both sides


def test_clicks_placed_in_beats_land_on_the_analytic_integral_of_a_tempo_ramp() -> None:
    song = tonewood.Timeline(sample_rate=RATE, tempo=100)
    song.tempo_map.set_tempo(0.0, 100.0, "linear")
    song.tempo_map.set_tempo(16.0, 180.0)
    click = np.zeros((1, 8), np.float32)
    click[0, 0] = 1.0
    track = song.add_track("clicks")
    for b in range(0, 20):
        track.add_clip(click, start=beats(b))
    out = song.render(end=beats(20), block_size=64)
    # 16 beats from 100 to 180 bpm, linear in time: T = 120 * 16 / 280 s, tempo slope k = 80 / T
    # per second; beat b is at t with k t^2 / 2 + 100 t = 60 b.
    ramp = 120 * 16 / 280
    k = 80 / ramp

    def seconds_of(b: float) -> float:
        if b <= 16:
            return (-100 + math.sqrt(100**2 + 120 * k * b)) / k
        return ramp + (b - 16) * 60 / 180

    hits = np.flatnonzero(out[0])
    want = [math.ceil(seconds_of(b) * RATE - 1e-6) for b in range(20)]
    assert list(hits) == want


def test_bounces_are_bit_identical_for_any_block_size_and_thread_count() -> None:
    song = tonewood.Timeline(sample_rate=RATE, tempo=128)
    for t in range(4):
        track = song.add_track(f"t{t}", pan=-0.6 + 0.4 * t)
        for k in range(3):
            track.add_clip(noise(t % 2 + 1, 9000, 10 * t + k), start=beats(2 * k + 0.25 * t),
                           fade_in=(0.01, "equal_power"), fade_out=(0.02, "exponential"))
        track.automate("volume").add_point(beats(0), -12).add_point(beats(3), 0, "smooth").add_point(beats(5), -6)
    song.add_track("bus", "bus").add_insert(tonewood.effects.Reverb(decay_s=1.0, mix=0.5))
    song.track("t1").send("bus", -6)
    song.track("t2").output = "bus"
    reference = song.render(tail=1.0)
    for block, threads in [(1, 1), (64, 2), (500, 1), (4096, 2)]:
        np.testing.assert_array_equal(song.render(tail=1.0, block_size=block, threads=threads), reference)
    # Without the reverb's memory, a range starting mid-clip is the same samples as the whole
    # song there.
    song.track("t1").remove_send("bus")
    song.track("t2").output = None
    dry = song.render(tail=1.0)
    np.testing.assert_array_equal(song.render(start=1.0, end=2.0), dry[:, RATE:2 * RATE])


def test_a_volume_ramp_is_exact_on_every_frame() -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    pad = song.add_track("pad")
    pad.add_clip(np.full((2, RATE), 0.5, np.float32))
    pad.automate("volume").add_point(0.25, -30.0).add_point(0.75, 6.0)
    out = song.render(block_size=100)
    f = np.arange(RATE)
    db = np.clip(-30.0 + 36.0 * (f - 12000) / 24000, -30.0, 6.0)
    np.testing.assert_allclose(out[0], scaled(np.full(RATE, 0.5, np.float32), 10 ** (db / 20)), rtol=1.2e-7, atol=0)
    assert np.array_equal(out[0], out[1])
    # Pan automation: hard left at the end leaves the right side silent there.
    pad.automate("pan").add_point(0.0, 0.0).add_point(0.5, -1.0, "step")
    out = song.render()
    assert not out[1, 24000:].any()
    assert out[0, 30000] == pytest.approx(0.5 * 10 ** (db[30000] / 20) * math.sqrt(2), rel=1e-6)  # -3 dB law


def test_buses_sends_solo_mute_and_polarity_mix_as_a_console_does() -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    dc = np.full((1, 4800), 0.25, np.float32)
    a, b = song.add_track("a"), song.add_track("b")
    a.add_clip(dc)
    b.add_clip(dc)
    verb = song.add_track("verb", "bus", volume_db=-6.0206)
    a.send(verb, -6.0206)
    b.output = verb

    def level() -> float:
        return float(song.render(end=0.05)[0, 1000])

    assert level() == pytest.approx(0.25 + 0.0625 + 0.125, abs=1e-5)
    b.invert = True
    assert level() == pytest.approx(0.25 + 0.0625 - 0.125, abs=1e-5)
    a.solo = True
    assert level() == pytest.approx(0.25 + 0.0625, abs=1e-5)
    a.mute = True
    assert level() == 0.0
    a.send(verb, -6.0206, pre_fader=True)
    assert level() == pytest.approx(0.0625, abs=1e-5)


def test_stems_are_each_tracks_output_and_sum_to_the_mix(tmp_path: Path) -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    for k in range(3):
        song.add_track(f"track {k}", volume_db=-3.0 * k).add_clip(noise(2, 4800, k), start=0.01 * k)
    done: list[float] = []
    mix = song.render(tmp_path / "mix.wav", stems=tmp_path / "stems", subtype="FLOAT", progress=done.append)
    assert done and done == sorted(done) and done[-1] == pytest.approx(1.0)
    stems = [tonewood.read(tmp_path / "stems" / f"track {k}.wav")[0] for k in range(3)]
    np.testing.assert_allclose(sum(stems), mix, atol=1e-6)
    np.testing.assert_array_equal(tonewood.read(tmp_path / "mix.wav")[0], mix)


def test_an_instrument_track_plays_its_midi_clip_on_the_songs_beats() -> None:
    song = tonewood.Timeline(sample_rate=RATE, tempo=90)
    synth = tonewood.Resonator(sample_rate=RATE)
    keys = song.add_track("keys", instrument=synth)
    keys.add_midi_clip([(60, 0, 0.5), (67, 2, 0.5)], start=beats(3))
    out = song.render(end=beats(7))
    # The same notes played on the synth alone, on the frames the song's beats fall on.
    first, second = song.tempo_map.frame_at(3.0, RATE), song.tempo_map.frame_at(5.0, RATE)
    synth.reset()
    synth.note_on(60, velocity=100)
    synth.note_off(60, frame=song.tempo_map.frame_at(3.5, RATE) - first)
    synth.note_on(67, velocity=100, frame=second - first)
    synth.note_off(67, frame=song.tempo_map.frame_at(5.5, RATE) - first)
    alone = synth.render(frames=out.shape[1] - first)
    assert not out[:, :first].any()
    # Tails end alike too: a voice's silence checks count from its note, not from the synth's
    # first frame.
    np.testing.assert_array_equal(out[:, first:], alone)


def test_bad_input_is_refused_with_the_value_and_changes_nothing() -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    a = song.add_track("a")
    first = a.add_clip(noise(2, RATE), name="first")
    with pytest.raises(tonewood.InvalidArgumentError, match=r"'second' \(0.5 to 1.5 s\) overlaps clip 'first' \(0 to 1 s\)"):
        a.add_clip(noise(2, RATE), start=0.5, name="second")
    assert len(a.clips) == 1
    with pytest.raises(tonewood.OutOfRangeError, match="turn loop on"):
        a.add_clip(noise(2, RATE), start=2.0, length=3.0)
    with pytest.raises(tonewood.OutOfRangeError, match="fade-out"):
        first.set_fades(0.7, 0.7)
    assert first.fade_in == (0.0, "linear")
    with pytest.raises(tonewood.InvalidArgumentError, match="'a'"):
        song.add_track("a")
    with pytest.raises(tonewood.InvalidArgumentError, match="kind"):
        song.add_track("z", "midi")
    with pytest.raises(tonewood.OutOfRangeError, match=r"volume must be within \[-120, 24\] dB, got 30"):
        a.volume_db = 30
    with pytest.raises(tonewood.OutOfRangeError, match=r"automation point value must be within \[-120, 24\] dB, got 40"):
        a.automate("volume").add_point(1.0, 40)
    with pytest.raises(tonewood.OutOfRangeError, match="tempo"):
        song.tempo_map.set_tempo(4.0, 1000.0)
    with pytest.raises(tonewood.InvalidArgumentError, match="no track named 'nowhere'; it has a"):
        a.send("nowhere")
    a.output = "b"
    with pytest.raises(tonewood.InvalidArgumentError, match="'b', which is not a track"):
        song.render()
    a.output = None
    with pytest.raises(tonewood.InvalidArgumentError, match="audio clips go on audio tracks"):
        song.add_track("bus", "bus").add_clip(noise(1, 10))
    with pytest.raises(tonewood.InvalidArgumentError, match="render range is empty"):
        tonewood.Timeline().render()
    with pytest.raises(tonewood.InvalidArgumentError, match="takes no MIDI"):
        song.add_track("fx", instrument=tonewood.effects.Reverb())
    assert [t.name for t in song.tracks] == ["a", "bus"]
    song.remove_track("a")
    with pytest.raises(tonewood.InvalidArgumentError, match="no track named 'a'"):
        first.gain_db = -3.0


def test_markers_loop_region_and_repr_read_like_the_song() -> None:
    song = tonewood.Timeline(sample_rate=44100, tempo=96, time_signature=(3, 4))
    song.add_marker("verse", song.bar(4))
    song.set_loop_region(song.bar(4), song.bar(8))
    assert song.markers["verse"] == beats(12.0)
    assert song.seconds_of(song.loop_region[1]) == pytest.approx(24 * 60 / 96)
    with pytest.raises(tonewood.InvalidArgumentError, match="ends"):
        song.set_loop_region(5.0, 4.0)
    song.add_track("drums").add_clip(noise(2, 44100), start=song.bar(1))
    assert repr(song) == ("Timeline(44100 Hz, 96 bpm, 2.88 s; tracks: Track('drums', audio, 1 clip, +0 dB))")


def a_song_with_everything(folder: Path) -> tonewood.Timeline:
    song = tonewood.Timeline(sample_rate=RATE, tempo=110, time_signature=(6, 8))
    song.tempo_map.set_tempo(4, 110, "linear")
    song.tempo_map.set_tempo(8, 130)
    tonewood.write(folder / "hit.wav", noise(1, 4800, 9), RATE, subtype="FLOAT")
    drums = song.add_track("drums", pan=-0.25)
    drums.add_clip(folder / "hit.wav", start=beats(0.5), gain_db=-3)
    drums.add_clip(noise(2, 24000), start=beats(1), name="noise", fade_in=(0.01, "s_curve"), loop=True, length=1.5)
    synth = tonewood.Resonator(sample_rate=RATE)
    synth.set_param("decayTime wb0r0", 2.5)
    lead = song.add_track("lead", instrument=synth)
    lead.add_midi_clip([(60, 0, 1), (67, 1, 1, 80)], start=beats(2), name="riff")
    lead.automate("volume").add_point(beats(2), -10).add_point(beats(4), 0, "bezier", tension=0.3)
    bus = song.add_track("verb", "bus")
    bus.add_insert(tonewood.effects.Reverb(decay_s=1.2, mix=0.4))
    bus.add_insert(tonewood.effects.Filter())
    bus.bypass(1)
    bus.set_mix(0, 0.8)
    lead.send(bus, -6, pre_fader=True)
    song.master.volume_db = -1.5
    song.add_marker("chorus", beats(3))
    song.set_loop_region(beats(0), beats(8))
    return song


def test_save_then_load_renders_the_same_samples(tmp_path: Path) -> None:
    song = a_song_with_everything(tmp_path)
    before = song.render(tail=1.0)
    song.save(tmp_path / "song.tonewood.json")
    loaded = tonewood.Timeline.load(tmp_path / "song.tonewood.json")
    np.testing.assert_array_equal(loaded.render(tail=1.0), before)
    assert repr(loaded) == repr(song)
    assert loaded.markers == song.markers and loaded.loop_region == song.loop_region
    assert loaded.track("verb").inserts == [] and [i[1:] for i in loaded.track("verb")._native.inserts] == [
        (False, pytest.approx(0.8)), (True, 1.0)]
    project = json.loads((tmp_path / "song.tonewood.json").read_text())
    assert project["format"] == "tonewood.project" and project["version"] == 1
    clips = project["tracks"][0]["audio_clips"]
    assert [c["source"] for c in clips] == ["hit.wav", "song.tonewood.media/noise.wav"]  # relative
    # Moved together with its media, the project still opens; collect_media gathers every file.
    song.save(tmp_path / "out" / "copy.tonewood.json", collect_media=True)
    assert sorted(p.name for p in (tmp_path / "out" / "copy.tonewood.media").iterdir()) == ["hit.wav", "noise.wav"]
    (tmp_path / "out").rename(tmp_path / "moved")
    np.testing.assert_array_equal(tonewood.Timeline.load(tmp_path / "moved" / "copy.tonewood.json").render(tail=1.0),
                                  before)


def test_missing_media_are_all_listed_and_can_be_relinked(tmp_path: Path) -> None:
    song = a_song_with_everything(tmp_path)
    song.save(tmp_path / "song.tonewood.json")
    (tmp_path / "hit.wav").rename(tmp_path / "elsewhere.wav")
    (tmp_path / "song.tonewood.media" / "noise.wav").unlink()
    with pytest.raises(tonewood.MediaMissingError) as error:
        tonewood.Timeline.load(tmp_path / "song.tonewood.json")
    assert error.value.missing == ["hit.wav", "song.tonewood.media/noise.wav"]
    assert isinstance(error.value, FileNotFoundError) and "2 missing files" in str(error.value)
    with pytest.raises(tonewood.MediaMissingError, match="1 missing file "):
        tonewood.Timeline.load(tmp_path / "song.tonewood.json", relink={"hit.wav": tmp_path / "elsewhere.wav"})


def test_a_malformed_project_names_the_file_and_the_key_path(tmp_path: Path) -> None:
    song = a_song_with_everything(tmp_path)
    path = tmp_path / "song.tonewood.json"
    song.save(path)
    good = json.loads(path.read_text())

    def broken(edit: Callable[[dict], None]) -> Path:
        project = json.loads(json.dumps(good))
        edit(project)
        bad = tmp_path / "bad.tonewood.json"
        bad.write_text(json.dumps(project))
        return bad

    def set_gain(p: dict) -> None:
        p["tracks"][0]["audio_clips"][1]["gain_db"] = "loud"

    with pytest.raises(tonewood.InvalidArgumentError, match=r"bad.tonewood.json: tracks\[0\].audio_clips\[1\].gain_db: must be a number, got \"loud\""):
        tonewood.Timeline.load(broken(set_gain))

    def set_volume(p: dict) -> None:
        p["tracks"][1]["volume_db"] = 40

    with pytest.raises(tonewood.InvalidArgumentError, match=r"tracks\[1\].volume_db: track 'lead' volume must be within \[-120, 24\] dB, got 40"):
        tonewood.Timeline.load(broken(set_volume))

    def set_tempo(p: dict) -> None:
        p["tempo_map"]["tempos"][2]["bpm"] = 5

    with pytest.raises(tonewood.InvalidArgumentError, match=r"tempo_map.tempos\[2\]: tempo must be within \[20, 999\] bpm, got 5"):
        tonewood.Timeline.load(broken(set_tempo))

    def newer(p: dict) -> None:
        p["version"] = 2

    with pytest.raises(tonewood.InvalidArgumentError, match="version: is 2; this tonewood reads versions up to 1"):
        tonewood.Timeline.load(broken(newer))

    def extra_keys(p: dict) -> None:
        p["tracks"][0]["colour"] = "red"
        p["future"] = {}

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tonewood.Timeline.load(broken(extra_keys))
    assert [str(w.message).split(": ", 1)[1] for w in caught if w.category is tonewood.ProjectWarning] == [
        "future is not a key tonewood knows; it was ignored",
        "tracks[0].colour is not a key tonewood knows; it was ignored"]
    (tmp_path / "bad.tonewood.json").write_text("{ not json")
    with pytest.raises(tonewood.InvalidArgumentError, match="bad.tonewood.json: is not JSON"):
        tonewood.Timeline.load(tmp_path / "bad.tonewood.json")
    with pytest.raises(tonewood.InvalidArgumentError, match="is a directory"):
        tonewood.Timeline.load(tmp_path)


def test_a_save_that_fails_keeps_the_project_that_was_there(tmp_path: Path) -> None:
    song = a_song_with_everything(tmp_path)
    path = tmp_path / "song.tonewood.json"
    song.save(path)
    before = path.read_bytes()
    song.track("lead").add_insert(tonewood.nodes.Mixer(1))  # a mixer has no place in a project
    with pytest.raises(tonewood.InvalidArgumentError, match="track 'lead' insert 1: a mixer cannot be saved"):
        song.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hit.wav", "song.tonewood.json", "song.tonewood.media"]


def test_undo_and_redo_walk_the_edits_back_and_forth() -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    drums = song.add_track("drums")
    clip = drums.add_clip(noise(2, 4800), name="hit")
    first = song.render(end=0.2)
    clip.gain_db = -6.0
    drums.pan = 0.5
    song.add_track("bass")
    assert song.history[0][:3] == ["add track bass", "set drums pan", "edit clip hit"]
    assert song.undo() == "add track bass"
    assert [t.name for t in song.tracks] == ["drums"]
    assert song.undo() == "set drums pan" and drums.pan == 0.0
    assert song.undo() == "edit clip hit"
    np.testing.assert_array_equal(song.render(end=0.2), first)
    assert song.history[1] == ["edit clip hit", "set drums pan", "add track bass"]
    assert song.redo() == "edit clip hit" and clip.gain_db == -6.0
    drums.mute = True  # a new edit drops what could be redone
    assert song.history[1] == []
    with pytest.raises(tonewood.InvalidArgumentError, match="nothing to redo"):
        song.redo()
    while song.history[0]:
        song.undo()
    assert song.tracks == [] and song.duration == 0.0
    with pytest.raises(tonewood.InvalidArgumentError, match="nothing to undo"):
        song.undo()


def test_a_session_picture_shows_its_tracks_clips_and_automation(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    song = a_song_with_everything(tmp_path)
    figure = tonewood.plot.session(song, output=tmp_path / "song.png", width=8, row_height=1.0, dpi=50)
    png = (tmp_path / "song.png").read_bytes()
    assert png[:4] == b"\x89PNG"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (400, 230)  # 4.6 inches: a title strip and four rows (three tracks, the master)
    ax = figure.axes[0]
    assert len(ax.patches) == 4  # two audio clips, one MIDI clip and the loop region
    assert [t.get_text() for t in ax.texts if t.get_text() in ("drums", "lead", "verb", "master", "chorus")] == [
        "drums", "lead", "verb", "master", "chorus"]
    with pytest.raises(tonewood.OutOfRangeError, match="pixels"):
        tonewood.plot.session(song, dpi=5000, width=10)


def test_an_inserts_parameter_changes_on_its_exact_frame_at_any_block_size(tmp_path: Path) -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    pad = song.add_track("pad")
    pad.add_clip(np.full((2, RATE), 0.5, np.float32))
    pad.add_insert(tonewood.nodes.Gain())
    gain = pad.automate("gain_db", insert=0)
    gain.add_point(0.0, -60.0, "step").add_point(12345 / RATE, 0.0, "step")
    gain.add_point(0.5, 0.0).add_point(0.75, -20.0, "smooth").add_point(0.9, -3.0)
    reference = song.render(block_size=512)
    # The gain holds -60 dB up to the point's frame and steps there: an automation step is applied
    # at once (a change from anywhere else glides).
    assert np.all(reference[0, :12345] == np.float32(0.5 * 10 ** (-60 / 20)))
    assert np.all(reference[0, 12345:24000] == 0.5)
    for block in (1, 64, 333, 4096):
        np.testing.assert_array_equal(song.render(block_size=block), reference)
    song.save(tmp_path / "song.tonewood.json")
    np.testing.assert_array_equal(tonewood.Timeline.load(tmp_path / "song.tonewood.json").render(), reference)
    with pytest.raises(tonewood.ParameterNotFoundError, match="did you mean 'gain_db'"):
        pad.automate("gian_db", insert=0)
    with pytest.raises(tonewood.OutOfRangeError, match="has 1 insert, so there is no insert 3"):
        pad.automate("gain_db", insert=3)
    with pytest.raises(tonewood.OutOfRangeError, match=r"gain_db automation point value must be within \[-120, 24\] dB"):
        gain.add_point(1.0, 500.0)
    # The instrument's parameters too.
    synth = song.add_track("synth", instrument=tonewood.Resonator(sample_rate=RATE))
    synth.add_midi_clip([(60, 0, 1)])
    synth.automate("decayTime wb0r0", instrument=True).add_point(0.0, 0.2).add_point(0.5, 3.0)
    assert song.render(block_size=64)[0].tolist() == song.render(block_size=700)[0].tolist()


def test_an_inserts_mix_blends_it_with_its_input_latency_aligned() -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    pad = song.add_track("pad")
    pad.add_clip(np.full((2, 4800), 0.5, np.float32))
    flip = tonewood.nodes.Gain(invert=True)
    pad.add_insert(flip, mix=0.5)  # half the signal against its inverse: silence
    assert not song.render(end=0.1).any()
    pad.set_mix(0, 0.25)
    np.testing.assert_allclose(song.render(end=0.1)[:, :4800], 0.25, atol=1e-7)
    with pytest.raises(tonewood.OutOfRangeError, match=r"insert mix must be within \[0, 1\]"):
        pad.set_mix(0, 1.5)


def test_midi_clips_are_transposed_quantized_and_moved_in_place() -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    keys = song.add_track("keys", instrument=tonewood.Resonator(sample_rate=RATE))
    clip = keys.add_midi_clip([(60, 0.02, 0.5), (64, 1.03, 0.5)], start=beats(1))
    clip.transpose(12).quantize("1/16")
    notes = clip.file.notes()
    assert [(n.note, n.start_tick) for n in notes] == [(72, 0), (76, 480)]
    clip.move(beats(2))
    assert clip.start == beats(2) and song.history[0][:3] == ["move MIDI clip ", "edit MIDI clip ", "edit MIDI clip "]
    song.undo()
    song.undo()
    assert [n.note for n in clip.file.notes()] == [72, 76] and clip.start == beats(1)


def test_a_clip_stretched_to_the_song_lasts_its_beats_and_keeps_its_pitch(tmp_path: Path) -> None:
    t = np.arange(RATE) / RATE
    tone = (0.5 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)[None, :]  # 1 s: 2 beats at 120 bpm
    song = tonewood.Timeline(sample_rate=RATE, tempo=90)
    clip = song.add_track("loop").add_clip(tone, start=beats(1), source_bpm=120)
    assert clip.length == pytest.approx(2 * 60 / 90)  # two of the song's beats
    out = song.render(tail=0.5)
    sounding = np.flatnonzero(np.abs(out[0]) > 1e-3)
    assert sounding[0] == song.tempo_map.frame_at(1.0, RATE)
    assert abs(int(sounding[-1]) + 1 - song.tempo_map.frame_at(3.0, RATE)) <= 48  # within a millisecond
    middle = out[0, RATE:2 * RATE].astype(np.float64) * np.hanning(RATE)
    spectrum = np.abs(np.fft.rfft(middle))
    k = int(np.argmax(spectrum))
    a, b, c = np.log(spectrum[k - 1:k + 2])
    hz = (k + 0.5 * (a - c) / (a - 2 * b + c)) * RATE / RATE
    assert abs(1200 * np.log2(hz / 440.0)) < 5  # cents
    song.save(tmp_path / "song.tonewood.json")
    np.testing.assert_array_equal(tonewood.Timeline.load(tmp_path / "song.tonewood.json").render(tail=0.5), out)
    with pytest.raises(tonewood.OutOfRangeError, match="source tempo must be within \\[20, 999\\] bpm"):
        clip.source_bpm = 5


def test_file_clips_stream_from_disk_and_bounce_what_the_file_in_memory_gives(tmp_path: Path) -> None:
    for rate in (RATE, 44100):  # the engine's rate, and one converted as it streams
        path = tmp_path / f"take-{rate}.wav"
        tonewood.write(path, noise(2, 3 * rate, seed=rate), rate, subtype="FLOAT")
        songs = []
        for stream in (True, False):
            song = tonewood.Timeline(sample_rate=RATE, tempo=120)
            track = song.add_track("take")
            track.add_clip(path, start=0.25, offset=0.5, length=1.0, fade_in=0.05, fade_out=(0.1, "s_curve"),
                           gain_db=-3, stream=stream)
            track.add_clip(path, start=1.5, offset=1.0, loop=True, loop_length=0.3, length=1.2, stream=stream)
            songs.append(song.render(block_size=256))
        np.testing.assert_array_equal(songs[0], songs[1], err_msg=f"a {rate} Hz file")
        assert np.abs(songs[0][:, int(0.3 * RATE):int(1.2 * RATE)]).max() > 0.1  # it did play


@pytest.mark.skipif(not Path("/usr/lib/lv2/eg-amp.lv2").exists(), reason="needs the LV2 example plugins (lv2-examples)")
def test_a_gain_ramp_through_a_mono_plugin_is_exact_on_every_sample_of_both_sides() -> None:
    song = tonewood.Timeline(sample_rate=RATE)
    track = song.add_track("amp")
    source = noise(2, RATE // 2)
    track.add_clip(source)
    track.add_insert(tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-amp"))  # mono: one per side
    track.automate("gain", insert=0).add_point(0.05, -20.0).add_point(0.3, 6.0)
    out = song.render(block_size=512)
    seconds = np.arange(RATE // 2) / RATE
    db = np.interp(seconds, [0.05, 0.3], [-20.0, 6.0])
    want = source * 10 ** (db * 0.05)  # eg-amp's own law, on every frame
    np.testing.assert_allclose(out[:, :RATE // 2], want, rtol=2e-6, atol=1e-7)
    np.testing.assert_array_equal(song.render(block_size=100), out)
    # A staircase (a value per block or per 32 frames) would be far off in the middle of the ramp.
    step = source * 10 ** (np.repeat(db[::32], 32)[:RATE // 2] * 0.05)
    assert np.abs(step - want).max() > 100 * np.abs(out[:, :RATE // 2] - want).max()
