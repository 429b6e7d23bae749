"""Live soak: the engine on a private JACK server (dummy driver, 48 kHz, 64-frame periods) for a
minute, 16 synth voices through effects, while a Python thread hammers the GIL. Prints the xruns
(the target is none) and JACK's DSP load over the run.

The server is started here under a unique name and stopped by its PID; it runs with real-time
scheduling where the system allows (as root), as a live setup would.
Run: .venv/bin/python python/bench/soak_live.py [--seconds 60] [--period 64] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import threading
import time
import uuid

import tonewood
from tonewood.effects import Chorus, Compressor, Delay, Reverb
from tonewood.midi import Message, MidiFile
from tonewood.nodes import Gain, MidiPlayer

RATE = 48000


def start_server(period: int) -> tuple[str, subprocess.Popen[bytes]]:
    name = f"tonewood-soak-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    env = {**os.environ, "JACK_NO_AUDIO_RESERVATION": "1"}
    mode = "--realtime" if os.geteuid() == 0 else "--no-realtime"
    server = subprocess.Popen(["jackd", mode, "-n", name, "-d", "dummy", "-r", str(RATE), "-p", str(period)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 10
    while True:
        try:
            tonewood.devices.server_info(name)
            return name, server
        except tonewood.DeviceError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise
            time.sleep(0.05)


def sixteen_voices(seconds: float, chords: bool) -> MidiFile:
    """16 notes sounding at all times: struck together as chords every half second (`chords`), or
    one after another (a new note every 1/32 s, each ringing half a second), as a player would."""
    song = MidiFile(ticks_per_beat=480)  # 120 BPM: 480 ticks are half a second
    track = song.add_track("notes")
    keys = [36 + 3 * k for k in range(16)]
    for bar in range(int(seconds * 2) + 2):
        for k, key in enumerate(keys):
            tick = bar * 480 + (0 if chords else k * 30)
            track.add(tick, Message.note_on(channel=0, note=key + bar % 3, velocity=60 + k))
            track.add(tick + 470, Message.note_off(channel=0, note=key + bar % 3))
    return song


def build(seconds: float, threads: int, chords: bool = False) -> tonewood.Engine:
    engine = tonewood.Engine(RATE, 64, threads=threads)
    synth = tonewood.Resonator(sample_rate=RATE)
    synth.load_factory_preset("plucked string")
    for r in range(1, 4):
        synth.set_param(f"enabled wb0r{r}", 1)
        synth.set_param(f"pitch wb0r{r}", 1 + 0.5 * r)
    synth.set_param("decayTime wb0r0", 4.0)
    with engine.batch():
        player = engine.add(MidiPlayer(sixteen_voices(seconds, chords)))
        voice = engine.add(synth)
        chain = [engine.add(p) for p in (Chorus(mix=0.3), Delay(mix=0.25), Compressor(threshold_db=-18),
                                         Reverb(decay_s=2.5, mix=0.25))]
        engine.connect(player, voice)
        engine.connect(voice, chain[0])
        for a, b in zip(chain, chain[1:]):
            engine.connect(a, b)
        engine.connect(chain[-1], engine.output)
    return engine


def idle_engine() -> tonewood.Engine:
    """One gain node: a client whose cycle takes microseconds, to tell late cycles the machine
    causes from those the engine would."""
    engine = tonewood.Engine(RATE, 64)
    engine.connect(engine.add(Gain()), engine.output)
    return engine


def run(engine: tonewood.Engine, server: str, seconds: float, hammering: bool,
        voices: list[int] | None = None) -> tuple[int, int, list[float], bool, int]:
    """Plays `engine` live for `seconds` (with the GIL hammered when asked); returns the xruns
    while joining and while playing, the DSP load samples, whether the server is real-time, and
    the hammer's rounds."""
    stop, counter = threading.Event(), [0]
    worker = threading.Thread(target=hammer, args=(stop, counter))
    if hammering:
        worker.start()
    loads: list[float] = []
    try:
        with engine.start(server=server, client_name="soak", connect_outputs=True):
            # JACK counts an xrun or two while a client joins and its ports connect: the count
            # starts once that has settled.
            time.sleep(1.0)
            joining = engine.xruns
            engine.reset_cycle_times()
            engine.transport.play()
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                time.sleep(0.5)
                loads.append(engine.cpu_load)
                if voices is not None:
                    voices.append(engine.nodes[1].processor.active_voices)
            mean, worst = engine.cycle_times_us
            print(f"  engine cycle: mean {mean:.1f} us, worst {worst:.1f} us "
                  f"(a period is {1e6 * engine.block_size / RATE:.0f} us)")
            return joining, engine.xruns - joining, loads, engine._running().is_realtime, counter[0]
    finally:
        stop.set()
        if worker.is_alive():
            worker.join()


def hammer(stop: threading.Event, counter: list[int]) -> None:
    """Pure-Python work that holds the GIL as much as it can."""
    while not stop.is_set():
        total = 0
        for i in range(10000):
            total += i * i % 7
        counter[0] += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--period", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--chords", action="store_true",
                        help="strike all 16 notes at once every half second")
    args = parser.parse_args()
    name, server = start_server(args.period)
    voices: list[int] = []
    try:
        joining, xruns, loads, realtime, rounds = run(build(args.seconds, args.threads, args.chords), name,
                                                      args.seconds, True, voices)
        _, idle_xruns, idle_loads, _, _ = run(idle_engine(), name, args.seconds, False)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{args.seconds:g} s at {RATE} Hz, {args.period}-frame periods "
          f"({1000 * args.period / RATE:.2f} ms), engine threads {args.threads}, "
          f"server {'real-time' if realtime else 'not real-time'}")
    print(f"voices sounding: median {statistics.median(voices):.0f}, max {max(voices)}, "
          f"{'struck together' if args.chords else 'struck one after another'}")
    print(f"xruns while playing: {xruns} (and {joining} while the client joined)")
    print(f"JACK DSP load: median {statistics.median(loads):.1f} %, max {max(loads):.1f} %")
    print(f"Python thread: {rounds} rounds of GIL-bound work meanwhile")
    print(f"baseline, a one-gain engine on the same server for as long, no GIL load: "
          f"{idle_xruns} xruns, DSP load median {statistics.median(idle_loads):.1f} %")


if __name__ == "__main__":
    main()
