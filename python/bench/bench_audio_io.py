"""Audio-file decoding and resampling speed against the PyPI peers, in the same process.

- Decode throughput (MB/s of 16-bit stereo PCM delivered as float32) for WAV and FLAC, tonewood
  vs soundfile, one thread and two threads (separate files, separate handles).
- 48 kHz -> 44.1 kHz resampling of 60 s of stereo float32 at VHQ: tonewood vs the soxr package.

Each figure is the best of several runs (the machines are noisy); the ratios are what matter.
Run: .venv/bin/python python/bench/bench_audio_io.py
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile
import soxr

import tonewood

RATE = 48000
SECONDS = 60
REPEATS = 5


def best_of(work: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def in_threads(work: Callable[[Path], object], paths: list[Path]) -> Callable[[], None]:
    def run() -> None:
        threads = [threading.Thread(target=work, args=(p,)) for p in paths]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    return run


def main() -> None:
    rng = np.random.default_rng(0)
    music = (0.3 * np.sin(2 * np.pi * 220 * np.arange(RATE * SECONDS) / RATE)).astype(np.float32)
    audio = np.stack([music, music * 0.5]) + rng.normal(0, 0.01, (2, RATE * SECONDS)).astype(np.float32)
    megabytes = audio.shape[1] * 2 * 2 / 1e6  # as 16-bit stereo PCM
    with tempfile.TemporaryDirectory() as tmp:
        for ext in ("wav", "flac"):
            paths = [Path(tmp) / f"a{k}.{ext}" for k in range(2)]
            for p in paths:
                tonewood.write(p, audio, RATE, subtype="PCM_16")

            def ours(p: Path) -> object:
                return tonewood.read(p)[0]

            def theirs(p: Path) -> object:
                return soundfile.read(p, dtype="float32")[0]

            one_ours = best_of(lambda: ours(paths[0]))
            one_theirs = best_of(lambda: theirs(paths[0]))
            two_ours = best_of(in_threads(ours, paths))
            two_theirs = best_of(in_threads(theirs, paths))
            print(
                f"{ext.upper():5s} decode, 1 thread : tonewood {megabytes / one_ours:7.0f} MB/s, "
                f"soundfile {megabytes / one_theirs:7.0f} MB/s, ratio {one_theirs / one_ours:.2f}x"
            )
            print(
                f"{ext.upper():5s} decode, 2 threads: tonewood {2 * megabytes / two_ours:7.0f} MB/s "
                f"(scaling {one_ours * 2 / two_ours:.2f}x), soundfile "
                f"{2 * megabytes / two_theirs:7.0f} MB/s (scaling {one_theirs * 2 / two_theirs:.2f}x)"
            )
    interleaved = np.ascontiguousarray(audio.T)
    ours_s = best_of(lambda: tonewood.resample(audio, 48000, 44100, quality="vhq"))
    theirs_s = best_of(lambda: soxr.resample(interleaved, 48000, 44100, quality="VHQ"))
    print(
        f"resample 48k->44.1k VHQ, {SECONDS} s stereo: tonewood {SECONDS / ours_s:6.0f}x real time, "
        f"soxr package {SECONDS / theirs_s:6.0f}x, speed ratio {theirs_s / ours_s:.2f}"
    )


if __name__ == "__main__":
    main()
