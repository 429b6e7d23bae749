"""Speed and memory of tonewood.Resonator from Python (one thread, 44.1 kHz, 512-frame blocks).

Prints real-time factors (seconds of audio rendered per second of CPU time) for the issue's
configurations, with one loop per resonator (the default: every exciter is mono, so both channels
are the same) and with two (stereoResonators on, the cost of a true stereo pair), the resident memory of the process after creating a Resonator, and how long
construction takes. Reference figures for Resonarium's own build on this machine kind: 1 voice x
1 resonator 365x, 8 x 8 9.4x, 16 x 32 1.23x; 1849 MB resident, about 3 s to construct.

Run: .venv/bin/python python/bench/bench_resonator.py
"""

from __future__ import annotations

import time

import tonewood

SAMPLE_RATE = 44100
SECONDS = 4.0


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def configure(voices: int, resonators: int, stereo: bool) -> tonewood.Resonator:
    synth = tonewood.Resonator(sample_rate=SAMPLE_RATE, block_size=512)
    synth.set_param("stereoResonators", int(stereo))
    synth.set_param("impExciter0 enabled", 1)
    synth.set_param("noiseExciter0enabled", 1)
    synth.set_param("noiseExciterEnv0enabled", 1)
    for i in range(resonators):
        suffix = f" wb{i // 8}r{i % 8}"
        synth.set_param("enabled" + suffix, 1)
        synth.set_param("decayTime" + suffix, 60)  # every voice rings for the whole run
        synth.set_param("pitch" + suffix, 1.0 + 0.37 * (i % 8))
    for v in range(voices):
        synth.note_on(36 + 3 * v, 100)
    return synth


def real_time_factor(voices: int, resonators: int, stereo: bool) -> float:
    synth = configure(voices, resonators, stereo)
    synth.render(512)  # warm up
    start = time.process_time()
    synth.render(seconds=SECONDS)
    elapsed = time.process_time() - start
    assert synth.active_voices == voices
    return SECONDS / elapsed


def main() -> None:
    before = resident_mb()
    start = time.perf_counter()
    synth = tonewood.Resonator()
    construct_ms = (time.perf_counter() - start) * 1000
    after = resident_mb()
    print(f"construction: {construct_ms:.1f} ms; resident memory after creating a Resonator: "
          f"{after:.1f} MB (the process held {before:.1f} MB before)")
    del synth
    print(f"{'voices x resonators':>22}  {'mono loops':>10}  {'stereo loops':>12}")
    for voices, resonators in ((1, 1), (8, 8), (16, 8), (16, 32)):
        mono = real_time_factor(voices, resonators, stereo=False)
        stereo = real_time_factor(voices, resonators, stereo=True)
        print(f"{voices:>13} x {resonators:<6}  {mono:9.1f}x  {stereo:11.1f}x")


if __name__ == "__main__":
    main()
