"""The engine against DawDreamer 0.9 (PyPI), in the same process, on the same work.

16 tracks, each a 60 s stereo array (48 kHz) played back through a gain and a pan into a summing
bus, rendered offline: DawDreamer's playback -> panner -> add graph (the add processor holds the
gains), and tonewood's AudioPlayer (gain_db) -> Pan -> the output's sum; also tonewood with a
separate Gain node per track. Then the same with a reverb on the sum (no target there: the two
reverbs are different algorithms). Rendering only is timed (graphs are built before), best of
five; speed is seconds of audio per second.

Run: .venv/bin/python python/bench/bench_engine.py   (scripts/bench installs DawDreamer)
"""

from __future__ import annotations

import numpy as np
from timing import best_of

import tonewood
from tonewood.effects import Reverb
from tonewood.nodes import AudioPlayer, Gain, Pan

RATE = 48000
SECONDS = 60
TRACKS = 16


def tracks() -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    return [rng.uniform(-0.3, 0.3, (2, RATE * SECONDS)).astype(np.float32) for _ in range(TRACKS)]


def tonewood_engine(audio: list[np.ndarray], block: int, threads: int, *, gain_nodes: bool = False,
                    reverb: bool = False) -> tonewood.Engine:
    engine = tonewood.Engine(RATE, block, threads=threads)
    with engine.batch():
        bus = engine.add(Reverb(decay_s=2.0, mix=0.3)) if reverb else engine.output
        for i, track in enumerate(audio):
            player = engine.add(AudioPlayer(track, RATE, gain_db=0.0 if gain_nodes else -3.0))
            pan = engine.add(Pan((i - 8) / 8, law="linear"))
            if gain_nodes:
                gain = engine.add(Gain(-3.0))
                engine.connect(player, gain)
                engine.connect(gain, pan)
            else:
                engine.connect(player, pan)
            engine.connect(pan, bus)
        if reverb:
            engine.connect(bus, engine.output)
    return engine


def time_tonewood(engine: tonewood.Engine) -> float:
    def render() -> None:
        engine.reset()
        engine.render(seconds=SECONDS)

    return best_of(render)


def time_dawdreamer(audio: list[np.ndarray], block: int, reverb: bool = False) -> float | None:
    try:
        import dawdreamer as daw  # type: ignore[import-not-found]
    except ImportError:
        return None
    engine = daw.RenderEngine(RATE, block)
    graph = []
    names = []
    for i, track in enumerate(audio):
        graph.append((engine.make_playback_processor(f"play{i}", track), []))
        graph.append((engine.make_panner_processor(f"pan{i}", "linear", (i - 8) / 8), [f"play{i}"]))
        names.append(f"pan{i}")
    graph.append((engine.make_add_processor("sum", [10 ** (-3 / 20)] * TRACKS), names))
    if reverb:
        graph.append((engine.make_reverb_processor("reverb"), ["sum"]))
    engine.load_graph(graph)
    return best_of(lambda: engine.render(SECONDS))


def main() -> None:
    audio = tracks()
    print(f"{TRACKS} tracks x {SECONDS} s stereo at {RATE} Hz, playback -> gain -> pan -> sum")
    print(f"{'block':>6} {'engine':<34} {'seconds':>8} {'x real time':>12} {'vs DawDreamer':>14}")
    for reverb in (False, True):
        if reverb:
            print("\nthe same with a reverb on the sum (different reverbs: no target)")
        for block in (512, 2048):
            reference = time_dawdreamer(audio, block, reverb)
            rows = [("DawDreamer 0.9", reference)]
            rows.append(("tonewood, 1 thread", time_tonewood(tonewood_engine(audio, block, 1, reverb=reverb))))
            rows.append(("tonewood, 2 threads", time_tonewood(tonewood_engine(audio, block, 2, reverb=reverb))))
            if not reverb:
                rows.append(("tonewood, Gain nodes, 1 thread",
                             time_tonewood(tonewood_engine(audio, block, 1, gain_nodes=True))))
            for name, seconds in rows:
                if seconds is None:
                    print(f"{block:>6} {name:<34} {'(not installed: pip install dawdreamer)':>36}")
                    continue
                ratio = f"{reference / seconds:.2f}x" if reference else "-"
                print(f"{block:>6} {name:<34} {seconds:>8.4f} {SECONDS / seconds:>12.0f} {ratio:>14}")


if __name__ == "__main__":
    main()
