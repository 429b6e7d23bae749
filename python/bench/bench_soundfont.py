"""SoundFont rendering against FluidSynth's own command line (Debian's `fluidsynth`), same font.

- Speed: a 60 s General MIDI file rendered to the end, font loading included on both sides:
  one piano channel (three-note chords on every eighth) and all 16 channels busy. FluidSynth:
  `fluidsynth -ni -q -F out.wav -r 44100 FONT song.mid` (its file player and file renderer);
  tonewood: `render_midi(song, SoundFont(FONT))`, events placed by the exact tempo map.
- Timing: a 10-minute file with 180 tempo changes and a hi-hat every ~2 s: where each hit starts
  in each render against the exact time its tick has, in ms (FluidSynth's player keeps integer
  milliseconds and drifts, its issue #1288; tonewood stays within 32 frames, 0.7 ms).
Run: .venv/bin/python python/bench/bench_soundfont.py   (skips what is not installed)
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

import tonewood
from tonewood.midi import Message, MidiFile

FONT = Path("/usr/share/sounds/sf2/TimGM6mb.sf2")
RATE = 44100


def piano_song(seconds: float = 60.0) -> MidiFile:
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track("piano")
    rng = random.Random(1)
    for k in range(int(seconds * 4)):  # eighths at 120 bpm
        root = rng.randint(48, 72)
        for note in (root, root + 4, root + 7):
            track.add(240 * k, Message.note_on(note=note, velocity=rng.randint(60, 110)))
            track.add(240 * k + 200, Message.note_off(note=note))
    return song


def busy_song(seconds: float = 60.0) -> MidiFile:
    song = MidiFile(ticks_per_beat=480)
    rng = random.Random(2)
    for channel in range(16):
        track = song.add_track(f"channel {channel}")
        if channel != 9:
            track.add(0, Message.program_change(channel=channel, program=rng.randint(0, 100)))
        for k in range(int(seconds * 8)):  # sixteenths at 120 bpm
            note = rng.randint(36, 50) if channel == 9 else rng.randint(40, 84)
            track.add(120 * k, Message.note_on(channel=channel, note=note, velocity=rng.randint(50, 110)))
            track.add(120 * k + 100, Message.note_off(channel=channel, note=note))
    return song


def tempo_song() -> tuple[MidiFile, list[int]]:
    song = MidiFile(ticks_per_beat=480)
    conductor = song.add_track("tempo")
    rng = random.Random(3)
    tick = 0
    for _ in range(180):
        conductor.add_tempo(tick, microseconds=rng.randint(300_000, 900_000))
        tick += rng.randint(600, 3000)
    hats, ticks, at = song.add_track("hats"), [], 0
    while song.tempo_map.seconds(at) < 600:
        ticks.append(at)
        hats.add(at, Message.note_on(channel=9, note=42, velocity=110))
        hats.add(at + 20, Message.note_off(channel=9, note=42))
        at += rng.randint(1500, 3500)
    return song, ticks


def fluidsynth_render(song: MidiFile, folder: Path) -> tuple[np.ndarray, float]:
    song.save(folder / "song.mid")
    out = folder / "fluid.wav"
    start = time.perf_counter()
    subprocess.run(["fluidsynth", "-ni", "-q", "-F", str(out), "-r", str(RATE), "-o", "synth.reverb.active=0",
                    "-o", "synth.chorus.active=0", str(FONT), str(folder / "song.mid")],
                   check=True, capture_output=True)
    took = time.perf_counter() - start
    audio, _ = tonewood.read(out)
    return audio, took


def ours_render(song: MidiFile) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    audio = tonewood.render_midi(song, tonewood.SoundFont(FONT, sample_rate=RATE, reverb=False, chorus=False),
                                 tail=0.5)
    return audio, time.perf_counter() - start


def onsets_ms(audio: np.ndarray, exact: list[int], lead: int) -> np.ndarray:
    errors = []
    for frame in exact:
        window = np.abs(audio[0, max(0, frame - 2000) : frame + 4000]) > 1e-3
        first = max(0, frame - 2000) + int(np.argmax(window)) - lead
        errors.append((first - frame) / RATE * 1e3)
    return np.array(errors)


def main() -> None:
    if not FONT.exists() or shutil.which("fluidsynth") is None:
        print(f"needs {FONT} (timgm6mb-soundfont) and the fluidsynth command (Debian package fluidsynth)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, song in (("one piano channel", piano_song()), ("16 busy channels", busy_song())):
            length = song.tempo_map.seconds(max(e.tick for t in song.tracks for e in t.events))
            fluid = min(fluidsynth_render(song, folder)[1] for _ in range(3))
            ours = min(ours_render(song)[1] for _ in range(3))
            print(f"{name}, {length:.0f} s: fluidsynth -F {fluid:6.2f} s ({length / fluid:6.1f}x real time), "
                  f"tonewood {ours:6.2f} s ({length / ours:6.1f}x), {fluid / ours:4.2f}x fluidsynth's speed")

        song, ticks = tempo_song()
        exact = [song.tempo_map.sample(t, RATE) for t in ticks]
        # Each renderer's constant start-up delay (the hat's first quiet frames, FluidSynth's own
        # block) measured on the first hit and taken out: what is left is drift and jitter.
        fluid_audio, _ = fluidsynth_render(song, folder)
        ours_audio, _ = ours_render(song)
        fluid_err = onsets_ms(fluid_audio, exact, 0)
        ours_err = onsets_ms(ours_audio, exact, 0)
        fluid_err -= fluid_err[0]
        ours_err -= ours_err[0]
        print(f"timing, {len(exact)} hats over 10 min with 180 tempo changes, error against the exact time "
              f"(first hit's offset removed): fluidsynth max {np.abs(fluid_err).max():6.1f} ms, last {fluid_err[-1]:6.1f} ms; "
              f"tonewood max {np.abs(ours_err).max():5.2f} ms, last {ours_err[-1]:5.2f} ms")


if __name__ == "__main__":
    main()
