"""Rendering MIDI files: every note starts on the exact sample its tempo map gives, through
many tempo changes; presets, bends and controllers arrive; the `tonewood render` command."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood.midi import Message, MidiFile
from tonewood.midi_rendering import default_instrument

RATE = 48000


def short_pluck() -> tonewood.Resonator:
    synth = default_instrument(RATE)
    synth.set_param("decayTime wb0r0", 0.05)  # each note dies away long before the next
    return synth


def first_loud(audio: np.ndarray, start: int, threshold: float = 1e-5) -> int:
    level = np.abs(audio[:, start:]).max(axis=0)
    return start + int(np.argmax(level > threshold))


def test_notes_start_on_the_exact_sample_through_many_tempo_changes() -> None:
    # The synth's own latency: a note scheduled at frame 0 becomes audible this much later.
    reference = short_pluck()
    reference.note_on(60, 100)
    latency = first_loud(reference.render(frames=2000), 0)

    rng = random.Random(3)
    song = MidiFile(ticks_per_beat=960)
    conductor = song.add_track("tempo")
    tick = 0
    for _ in range(200):  # a tempo change every few ticks to every few beats
        conductor.add_tempo(tick, microseconds=rng.randint(150_000, 1_400_000))
        tick += rng.choice([1, 7, 100, 960, 2000])
    keys = song.add_track("keys")
    note_ticks, at = [], 0
    tempo_probe = song.tempo_map
    while len(note_ticks) < 60:
        at += rng.randint(1, 3000)
        if note_ticks and tempo_probe.seconds(at) - tempo_probe.seconds(note_ticks[-1]) < 0.3:
            continue  # keep notes apart so each onset stands alone
        note_ticks.append(at)
        key = 60  # the latency measured above holds for this key (it varies with pitch)
        keys.add(at, Message.note_on(note=key, velocity=rng.randint(60, 127)))
        keys.add(at + 10, Message.note_off(note=key))
    audio = tonewood.render_midi(song, short_pluck(), tail=0.5)
    tempo = song.tempo_map
    misses = []
    for t in note_ticks:
        expected = tempo.sample(t, RATE) + latency
        found = first_loud(audio, expected - 2000)
        if found != expected:
            misses.append((t, expected, found))
    assert misses == []
    assert audio.shape[1] == tempo.sample(song.length_ticks, RATE) + RATE // 2


def test_bends_controllers_and_presets_arrive(tmp_path: Path) -> None:
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track()
    track.add_tempo(0, 120)
    track.add(0, Message.note_on(note=57, velocity=100))
    track.add(480, Message.pitch_bend(value=8191))  # +2 semitones (the default range)
    track.add(1920, Message.note_off(note=57))
    audio = tonewood.render_midi(song, sample_rate=RATE, tail=0.1)
    def pitch_between(start: float, stop: float) -> float:
        # Normalised first: aubio calls frames below -50 dBFS unvoiced, and the note decays.
        segment = tonewood.buffer.normalize(np.ascontiguousarray(audio[:, int(start * RATE) : int(stop * RATE)]))
        return tonewood.analysis.pitch(segment, RATE).median_hz()

    before, after = pitch_between(0.1, 0.45), pitch_between(0.6, 0.9)
    assert 1200 * np.log2(before / 220.0) == pytest.approx(0, abs=10)
    assert 1200 * np.log2(after / 220.0) == pytest.approx(200, abs=10)

    preset = tmp_path / "p.json"
    synth = short_pluck()
    synth.save_preset(preset)
    plucked = tonewood.render_midi(song, preset=preset, sample_rate=RATE, tail=0.1)
    assert plucked.shape == audio.shape and np.abs(plucked).max() > 0
    with pytest.raises(tonewood.InvalidArgumentError, match="not both"):
        tonewood.render_midi(song, short_pluck(), preset=preset)


def test_render_command(tmp_path: Path) -> None:
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track()
    for i in range(4):
        track.add(i * 480, Message.note_on(note=60 + 4 * i, velocity=90))
        track.add(i * 480 + 400, Message.note_off(note=60 + 4 * i))
    path = tmp_path / "song.mid"
    song.save(path)
    out = tmp_path / "song.wav"
    tool = str(Path(sys.executable).parent / "tonewood")
    done = subprocess.run([tool, "render", str(path), "-o", str(out), "--tail", "1", "-q", "--resonator"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    audio, rate = tonewood.read(out)
    assert rate == 48000 and audio.shape[1] == song.tempo_map.sample(song.length_ticks, 48000) + 48000
    direct = tonewood.render_midi(song, tail=1.0)
    np.testing.assert_allclose(audio, direct, atol=2.0**-22)  # the file is 24-bit
    bad = subprocess.run([tool, "render", str(tmp_path / "none.mid")], capture_output=True, text=True)
    assert bad.returncode == 2 and "none.mid" in bad.stderr
