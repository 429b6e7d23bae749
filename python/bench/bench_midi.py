"""MIDI file speed against mido (PyPI), in the same process, and tempo-map throughput.

- Parse + write of a large multi-track file (16 tracks, 40k events each): tonewood vs mido;
  also tonewood parse + every event handed to Python as objects (what mido always does).
- Tick -> seconds for 100k event ticks over a map with 1k tempo changes: TempoMap.seconds_of
  (vectorised), TempoMap.seconds per tick from Python, and the mido way (mido.tick2second over
  the running tempo, walking the events in order).
Run: .venv/bin/python python/bench/bench_midi.py
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import mido
import numpy as np
from timing import best_of

from tonewood.midi import Message, MidiFile, TempoMap


def big_file(path: Path, tracks: int = 16, events: int = 40_000) -> int:
    rng = random.Random(1)
    f = MidiFile(ticks_per_beat=480)
    conductor = f.add_track("conductor")
    for k in range(100):
        conductor.add_tempo(k * 1920, rng.randint(60, 180))
    for t in range(tracks):
        track = f.add_track(f"track {t}")
        tick = 0
        for _ in range(events // 2):
            note = rng.randint(30, 90)
            track.add(tick, Message.note_on(channel=t, note=note, velocity=rng.randint(1, 127)))
            track.add(tick + 100, Message.note_off(channel=t, note=note))
            tick += rng.choice([0, 60, 120, 240])
    f.save(path)
    return tracks * events + 100


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "big.mid", Path(tmp) / "out.mid"
        count = big_file(source)
        size_mb = source.stat().st_size / 1e6

        def ours() -> None:
            MidiFile(source).save(target)

        def ours_to_python() -> None:
            f = MidiFile(source)
            sum(len(t.events) for t in f.tracks)
            f.save(target)

        def theirs() -> None:
            mido.MidiFile(source).save(target)

        a, b = best_of(ours, 5), best_of(theirs, 2)
        c = best_of(ours_to_python, 3)
        print(f"parse + write, {count} events ({size_mb:.1f} MB): tonewood {a * 1e3:7.1f} ms, "
              f"mido {b * 1e3:8.1f} ms, {b / a:5.0f}x faster")
        print(f"  ... with every event handed to Python: tonewood {c * 1e3:7.1f} ms, {b / c:5.1f}x faster")

    rng = random.Random(2)
    changes = sorted({(rng.randint(0, 10_000_000), rng.randint(200_000, 1_500_000)) for _ in range(1000)})
    tempo_map = TempoMap(960, changes)
    ticks = np.array(sorted(rng.randint(0, 10_000_000) for _ in range(100_000)), dtype=np.int64)
    vectorised = best_of(lambda: tempo_map.seconds_of(ticks), 7)
    tick_list = ticks.tolist()
    per_call = best_of(lambda: [tempo_map.seconds(t) for t in tick_list], 3)

    def mido_way() -> None:
        # Walk the ticks in order, switching tempo as the changes pass, summing converted deltas.
        seconds, last, tempo, k, out = 0.0, 0, 500_000, 0, []
        for t in tick_list:
            while k < len(changes) and changes[k][0] <= t:
                seconds += mido.tick2second(changes[k][0] - last, 960, tempo)
                last, tempo, k = changes[k][0], changes[k][1], k + 1
            seconds += mido.tick2second(t - last, 960, tempo)
            last = t
            out.append(seconds)

    walked = best_of(mido_way, 3)
    print(f"tick -> seconds, 100k ticks, 1k tempo changes: seconds_of {vectorised * 1e3:6.2f} ms "
          f"({len(ticks) / vectorised / 1e6:5.1f} M/s), per call {per_call * 1e3:6.1f} ms, "
          f"mido.tick2second walk {walked * 1e3:6.1f} ms ({walked / vectorised:4.0f}x slower)")


if __name__ == "__main__":
    main()
