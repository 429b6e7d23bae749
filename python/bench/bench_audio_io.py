"""Audio-file decoding and resampling speed against the PyPI peers, in the same process.

- Decode throughput (MB/s of 16-bit stereo PCM delivered as float32) for WAV and FLAC, tonewood
  vs soundfile, one thread and two threads (separate files, separate handles).
- Whole-file WAV reads (`tonewood.read` vs `soundfile.read`, float32 out) at every length from
  10 s to 10 min of 48 kHz stereo, 16- and 24-bit: the ratio must hold at each, not only where
  the output fits malloc's reused heap.
- 48 kHz -> 44.1 kHz resampling of 60 s of stereo float32 at VHQ: tonewood vs the soxr package.
- Random access: 4096-frame reads at random places in a 1 GB 16-bit stereo WAV, through
  tonewood.MappedAudioFile, tonewood.AudioFile and soundfile.SoundFile; with the file in the page
  cache, and cold (the file's cached pages dropped with posix_fadvise before each run).

Each figure is the best of several runs (the machines are noisy); the ratios are what matter.
Run: .venv/bin/python python/bench/bench_audio_io.py
"""

from __future__ import annotations

import gc
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile
import soxr

import tonewood
from timing import best_of

RATE = 48000
SECONDS = 60


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
    lengths()
    random_access()
    interleaved = np.ascontiguousarray(audio.T)
    ours_s = best_of(lambda: tonewood.resample(audio, 48000, 44100, quality="vhq"))
    theirs_s = best_of(lambda: soxr.resample(interleaved, 48000, 44100, quality="VHQ"))
    print(
        f"resample 48k->44.1k VHQ, {SECONDS} s stereo: tonewood {SECONDS / ours_s:6.0f}x real time, "
        f"soxr package {SECONDS / theirs_s:6.0f}x, speed ratio {theirs_s / ours_s:.2f}"
    )


def lengths() -> None:
    rng = np.random.default_rng(2)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.wav"
        for subtype in ("PCM_16", "PCM_24"):
            for seconds in (10, 30, 60, 90, 120, 300, 600):
                audio = (0.3 * rng.standard_normal((2, RATE * seconds))).astype(np.float32)
                tonewood.write(path, audio, RATE, subtype=subtype)
                del audio
                ours = best_of(lambda: tonewood.read(path)[0])
                theirs = best_of(lambda: soundfile.read(path, dtype="float32")[0])
                print(
                    f"WAV {subtype} stereo {seconds:4d} s read whole: tonewood {ours * 1e3:7.1f} ms, "
                    f"soundfile {theirs * 1e3:7.1f} ms, ratio {theirs / ours:.2f}x"
                )


def write_big_wav(path: Path, gigabytes: float) -> int:
    """A 16-bit stereo WAV of about `gigabytes` GB of noise; returns its frame count."""
    rng = np.random.default_rng(1)
    block = 1 << 20
    blocks = int(gigabytes * 1e9 / (block * 4))
    with tonewood.AudioFile(path, "w", sample_rate=RATE, channels=2, subtype="PCM_16") as f:
        for _ in range(blocks):
            f.write(rng.integers(-20000, 20000, (2, block), dtype=np.int16))
    return blocks * block


def drop_from_page_cache(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def random_access() -> None:
    frames_per_read = 4096
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.wav"
        total = write_big_wav(path, 1.0)
        size_gb = path.stat().st_size / 1e9

        # Each reader is a function of a freshly opened handle, so the cold runs can drop the
        # file's pages first (pages a live mapping holds cannot be dropped).
        def through_mapping(path: Path) -> Callable[[int], object]:
            f = tonewood.MappedAudioFile(path)
            return lambda start: f.read(start, frames_per_read)

        def through_audio_file(path: Path) -> Callable[[int], object]:
            f = tonewood.AudioFile(path)

            def read(start: int) -> object:
                f.seek(start)
                return f.read(frames_per_read)

            return read

        def through_soundfile(path: Path) -> Callable[[int], object]:
            f = soundfile.SoundFile(path)

            def read(start: int) -> object:
                f.seek(start)
                return f.read(frames_per_read, dtype="float32")

            return read

        readers = {
            "tonewood.MappedAudioFile": through_mapping,
            "tonewood.AudioFile": through_audio_file,
            "soundfile.SoundFile": through_soundfile,
        }
        rng = np.random.default_rng(5)
        for label, count in (("page cache", 20000), ("cold", 300)):
            starts = rng.integers(0, total - frames_per_read, count)
            timings = {}
            for name, opener in readers.items():
                gc.collect()  # the previous reader's handle and mapping are gone
                if label == "cold":
                    drop_from_page_cache(path)
                read = opener(path)
                begin = time.perf_counter()
                for start in starts:
                    read(int(start))
                timings[name] = (time.perf_counter() - begin) / count * 1e6
                del read
            base = timings["soundfile.SoundFile"]
            summary = ", ".join(f"{n} {t:6.1f} us ({base / t:.1f}x)" for n, t in timings.items())
            print(f"random 4096-frame reads in a {size_gb:.2f} GB WAV, {label}: {summary}")


if __name__ == "__main__":
    main()
