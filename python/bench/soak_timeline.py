"""A 16-track song played live: the song of bench_timeline.py (clips with fades, a filter on every
track, pan and volume automated on every frame, sends to a reverb bus; 4 tracks on the resonator
synth) on a private JACK server (dummy driver, 48 kHz, 128-frame periods) for a minute. Prints
the xruns while playing (the target is none), JACK's DSP load and the engine's cycle times, and
the xruns of an idle client on the same server over as long, to tell late cycles the machine
causes from those the song would (a song whose worst cycle stays within the period caused none).

Run: .venv/bin/python python/bench/soak_timeline.py [--seconds 60] [--period 128]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_timeline import tonewood_song
from soak_live import idle_engine, start_server

RATE = 48000


def cpu_times() -> tuple[int, int]:
    """All CPU time and the part a hypervisor stole from this virtual machine, in clock ticks."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    return sum(fields[:8]), fields[7]


def stolen_since(start: tuple[int, int]) -> str:
    total, steal = cpu_times()
    return f"{100.0 * (steal - start[1]) / max(1, total - start[0]):.1f} % of the CPU time stolen by the host"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--period", type=int, default=128)
    args = parser.parse_args()
    name, server = start_server(args.period)
    try:
        idle = idle_engine()
        with idle.start(server=name, client_name="idle", connect_outputs=False):
            time.sleep(1.0)
            before = idle.xruns
            idle.reset_cycle_times()
            idle.transport.play()
            start = cpu_times()
            time.sleep(args.seconds)
            print(f"idle client, {args.seconds:.0f} s: {idle.xruns - before} xruns (what the machine "
                  f"causes alone; {stolen_since(start)}); its cycle: worst "
                  f"{idle.cycle_times_us[1]:.0f} us")
        song = tonewood_song(instruments=4)
        song.play(server=name, client_name="song", block_size=args.period)
        song.pause()
        time.sleep(1.0)  # joining and connecting settle
        engine = song.engine
        joining = engine.xruns
        engine.reset_cycle_times()
        song.play(0.0)
        start = cpu_times()
        loads = []
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            time.sleep(0.5)
            loads.append(engine.cpu_load)
        mean, worst = engine.cycle_times_us
        xruns = engine.xruns - joining
        stolen = stolen_since(start)
        song.close()
        print(f"16-track song, {args.seconds:.0f} s at {args.period} frames "
              f"({1e6 * args.period / RATE:.0f} us a period): {xruns} xruns while playing "
              f"({joining} while joining; {stolen})")
        print(f"  DSP load: mean {statistics.mean(loads):.1f} %, max {max(loads):.1f} %; "
              f"engine cycle: mean {mean:.0f} us, worst {worst:.0f} us "
              f"({'within' if worst < 1e6 * args.period / RATE else 'OVER'} the period)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
