"""Buffer operations, time-stretching and resampling qualities: speed against the plain numpy way
of doing the same thing, in the same process.

Each line gives tonewood's time, numpy's time and the speed ratio (numpy time / tonewood time;
above 1 means tonewood is faster), best of several runs on 60 s of 48 kHz stereo float32.
Time-stretching and resampling give real-time factors (seconds of audio per second).
Run: .venv/bin/python python/bench/bench_buffer_ops.py
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import tonewood
from timing import best_of
from tonewood import buffer

RATE = 48000
SECONDS = 60
REPEATS = 7


def compare(name: str, ours: Callable[[], object], numpy_way: Callable[[], object]) -> None:
    a, b = best_of(ours, REPEATS), best_of(numpy_way, REPEATS)
    print(f"{name:34s} tonewood {a * 1e3:7.2f} ms   numpy {b * 1e3:7.2f} ms   ratio {b / a:5.2f}x")


def main() -> None:
    rng = np.random.default_rng(0)
    audio = rng.uniform(-0.5, 0.5, (2, RATE * SECONDS)).astype(np.float32)
    others = [rng.uniform(-0.5, 0.5, audio.shape).astype(np.float32) for _ in range(3)]
    mono = audio[:1].copy()
    scratch = audio.copy()
    fade = RATE * 10

    compare("gain, in place", lambda: buffer.gain(scratch, 0.9, in_place=True),
            lambda: np.multiply(scratch, np.float32(0.9), out=scratch))
    compare("mix of 4 with gains", lambda: buffer.mix([audio, *others], gains=[0.5, 0.3, 0.2, 0.1]),
            lambda: sum(np.float32(g) * x for g, x in zip([0.5, 0.3, 0.2, 0.1], [audio, *others])))

    def numpy_pan() -> object:
        angle = (0.3 + 1) * np.pi / 4
        return np.stack([mono[0] * np.float32(np.cos(angle)), mono[0] * np.float32(np.sin(angle))])

    compare("pan mono -> stereo (-3 dB)", lambda: buffer.pan(mono, 0.3, law="-3dB"), numpy_pan)

    ramp = np.arange(fade, dtype=np.float32) / np.float32(fade)

    def numpy_fade() -> object:
        faded = audio.copy()
        faded[:, :fade] *= ramp
        return faded

    compare("10 s linear fade-in (a copy)", lambda: buffer.fade_in(audio, fade), numpy_fade)
    compare("to int24 (round, clip)", lambda: buffer.to_int(audio, 24),
            lambda: np.clip(np.rint(audio * 8388608.0), -8388608, 8388607).astype(np.int32))
    compare("to int16 with TPDF dither", lambda: buffer.to_int(audio, 16, dither=True),
            lambda: np.clip(np.rint(audio * 32768.0 + rng.random(audio.shape) - rng.random(audio.shape)),
                            -32768, 32767).astype(np.int16))
    compare("interleave", lambda: buffer.interleave(audio), lambda: np.ascontiguousarray(audio.T))
    compare("remove DC", lambda: buffer.remove_dc(audio), lambda: audio - audio.mean(axis=1, keepdims=True))
    compare("peak normalise to -1 dBFS", lambda: buffer.normalize(audio, peak_db=-1.0),
            lambda: audio * np.float32(10 ** (-1 / 20) / np.max(np.abs(audio))))

    ten = audio[:, : RATE * 10].copy()
    for engine in ("finer", "faster"):
        spent = best_of(lambda: tonewood.time_stretch(ten, RATE, 1.25, engine=engine), 2)
        print(f"time_stretch x1.25 ({engine:6s}), 10 s stereo: {10 / spent:6.1f}x real time")
    spent = best_of(lambda: tonewood.pitch_shift(ten, RATE, -3, formants=True), 2)
    print(f"pitch_shift -3 st with formants, 10 s stereo: {10 / spent:6.1f}x real time")
    for quality in ("vhq", "hq", "mq", "lq", "quick"):
        spent = best_of(lambda: tonewood.resample(audio, 48000, 44100, quality=quality), 3)
        print(f"resample 48k -> 44.1k ({quality:5s}), {SECONDS} s stereo: {SECONDS / spent:7.0f}x real time")


if __name__ == "__main__":
    main()
