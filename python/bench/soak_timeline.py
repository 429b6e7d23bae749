"""A 16-track song played live: the song of bench_timeline.py (clips with fades, a filter on every
track, pan and volume automated on every frame, sends to a reverb bus; 4 tracks on the resonator
synth) on a private JACK server (dummy driver, 48 kHz, 128-frame periods) for a minute. Prints
the xruns while playing (the target is none), JACK's DSP load and the engine's cycle times, and
the same for an idle client on the same server, to tell late cycles the machine causes from
those the song would.

Run: .venv/bin/python python/bench/soak_timeline.py [--seconds 60] [--period 128]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_timeline import tonewood_song
from soak_live import idle_engine, start_server

RATE = 48000


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
            idle.transport.play()
            time.sleep(min(args.seconds, 20.0))
            print(f"idle client, {min(args.seconds, 20.0):.0f} s: {idle.xruns - before} xruns")
        song = tonewood_song(instruments=4)
        song.play(server=name, client_name="song", block_size=args.period)
        song.pause()
        time.sleep(1.0)  # joining and connecting settle
        engine = song.engine
        joining = engine.xruns
        engine.reset_cycle_times()
        song.play(0.0)
        loads = []
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            time.sleep(0.5)
            loads.append(engine.cpu_load)
        mean, worst = engine.cycle_times_us
        xruns = engine.xruns - joining
        song.close()
        print(f"16-track song, {args.seconds:.0f} s at {args.period} frames "
              f"({1e6 * args.period / RATE:.0f} us a period): {xruns} xruns while playing "
              f"({joining} while joining)")
        print(f"  DSP load: mean {statistics.mean(loads):.1f} %, max {max(loads):.1f} %; "
              f"engine cycle: mean {mean:.0f} us, worst {worst:.0f} us")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
