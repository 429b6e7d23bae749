"""A 16-track song bounced offline: tonewood's Timeline against DawDreamer 0.9 (PyPI) on the
closest graph DawDreamer builds, in the same process, and tonewood with instrument tracks.

The song (60 s at 48 kHz): 16 stereo tracks, each 20 clips of 2.5 s with fades (tonewood
places them; DawDreamer, which has no clips, plays one array with the same clips already laid
out), a low-pass filter insert, pan automated on every frame (tonewood also automates the
volume), and tracks 0-7 sent to a reverb bus. DawDreamer: playback -> filter -> panner (pan
automation) -> add (the master), and the sends summed by an add into its reverb. Rendering
alone is timed (the song and graph are built before), best of five; speed is seconds of audio
per second. Then tonewood alone with 4 of the tracks playing MIDI clips on the resonator synth.

Run: .venv/bin/python python/bench/bench_timeline.py   (scripts/bench installs DawDreamer)
"""

from __future__ import annotations

import numpy as np
from timing import best_of

import tonewood
from tonewood import beats
from tonewood.effects import Filter, Reverb

RATE = 48000
SECONDS = 60
TRACKS = 16
CLIPS = 20
CLIP_SECONDS = 2.5
FADE = 0.05


def clip_audio(track: int) -> np.ndarray:
    rng = np.random.default_rng(track)
    return rng.uniform(-0.3, 0.3, (2, int(CLIP_SECONDS * RATE))).astype(np.float32)


def laid_out(track: int) -> np.ndarray:
    """What the track's clips play, as one array (for DawDreamer)."""
    clip = clip_audio(track).copy()
    ramp = int(FADE * RATE)
    clip[:, :ramp] *= np.arange(ramp) / ramp
    clip[:, -ramp:] *= np.arange(ramp)[::-1] / ramp
    out = np.zeros((2, SECONDS * RATE), np.float32)
    for k in range(CLIPS):
        start = int(k * SECONDS / CLIPS * RATE)
        out[:, start:start + clip.shape[1]] = clip
    return out


def pan_curve(track: int) -> np.ndarray:
    t = np.arange(SECONDS * RATE) / RATE
    return (0.8 * np.sin(2 * np.pi * t / (10 + track))).astype(np.float32)


def tonewood_song(instruments: int = 0) -> tonewood.Timeline:
    song = tonewood.Timeline(sample_rate=RATE, tempo=120)
    room = song.add_track("room", "bus")
    room.add_insert(Reverb(decay_s=2.0, mix=1.0))
    for i in range(TRACKS):
        if i < instruments:
            track = song.add_track(f"synth {i}", instrument=tonewood.Resonator(sample_rate=RATE))
            notes = [(48 + (i * 7 + k * 5) % 24, 2.0 * k, 1.5) for k in range(SECONDS)]
            track.add_midi_clip(notes, start=beats(0))
        else:
            track = song.add_track(f"track {i}")
            audio = clip_audio(i)
            for k in range(CLIPS):
                track.add_clip(audio, start=k * SECONDS / CLIPS, fade_in=FADE, fade_out=FADE)
        track.add_insert(Filter(cutoff_hz=2000.0))
        pan = track.automate("pan")
        for s in range(0, SECONDS + 1, 2):  # the same sine, in 2 s smooth segments
            pan.add_point(float(s), 0.8 * np.sin(2 * np.pi * s / (10 + i)), "smooth")
        track.automate("volume").add_point(0.0, -6.0).add_point(float(SECONDS), 0.0)
        if i < 8:
            track.send(room, -12.0)
    return song


def time_tonewood(song: tonewood.Timeline, block: int, threads: int) -> float:
    return best_of(lambda: song.render(end=float(SECONDS), block_size=block, threads=threads))


def time_dawdreamer(block: int) -> float | None:
    try:
        import dawdreamer as daw  # type: ignore[import-not-found]
    except ImportError:
        return None
    engine = daw.RenderEngine(RATE, block)
    graph, outs, sends = [], [], []
    for i in range(TRACKS):
        graph.append((engine.make_playback_processor(f"play{i}", laid_out(i)), []))
        graph.append((engine.make_filter_processor(f"filter{i}", "low", 2000.0, 0.707, 1.0), [f"play{i}"]))
        panner = engine.make_panner_processor(f"pan{i}", "linear", 0.0)
        panner.set_automation("pan", pan_curve(i))
        graph.append((panner, [f"filter{i}"]))
        outs.append(f"pan{i}")
        if i < 8:
            sends.append(f"pan{i}")
    graph.append((engine.make_add_processor("sends", [10 ** (-12 / 20)] * len(sends)), sends))
    graph.append((engine.make_reverb_processor("room"), ["sends"]))
    graph.append((engine.make_add_processor("master", [1.0] * (TRACKS + 1)), outs + ["room"]))
    engine.load_graph(graph)
    return best_of(lambda: engine.render(SECONDS))


def main() -> None:
    print(f"{TRACKS} tracks x {SECONDS} s stereo at {RATE} Hz: {CLIPS} clips with fades, a filter insert, "
          "automation, 8 sends to a reverb bus")
    print(f"{'block':>6} {'engine':<40} {'seconds':>8} {'x real time':>12} {'vs DawDreamer':>14}")
    audio_song = tonewood_song()
    synth_song = tonewood_song(instruments=4)
    for block in (512, 2048):
        reference = time_dawdreamer(block)
        rows = [("DawDreamer 0.9 (clips laid out for it)", reference),
                ("tonewood, 1 thread", time_tonewood(audio_song, block, 1)),
                ("tonewood, 2 threads", time_tonewood(audio_song, block, 2)),
                ("tonewood, 4 synth tracks, 1 thread", time_tonewood(synth_song, block, 1)),
                ("tonewood, 4 synth tracks, 2 threads", time_tonewood(synth_song, block, 2))]
        for name, seconds in rows:
            if seconds is None:
                print(f"{block:>6} {name:<40} {'(not installed: pip install dawdreamer)':>36}")
                continue
            ratio = f"{reference / seconds:.2f}x" if reference and "synth" not in name else "-"
            print(f"{block:>6} {name:<40} {seconds:>8.3f} {SECONDS / seconds:>12.0f} {ratio:>14}")


if __name__ == "__main__":
    main()
