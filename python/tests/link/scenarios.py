"""Link's test plan (TEMPO, BEATTIME, STARTSTOPSTATE) between tonewood.Link and an aalink peer in
another process. Run by test_link.py inside a private network namespace with only the loopback up:
`python scenarios.py NAME` exits 0 when the scenario holds, else prints why and exits 1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import tonewood


class Peer:
    """The aalink peer process."""

    def __init__(self, tempo: float) -> None:
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("peer.py")), str(tempo)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def __call__(self, command: str = "state") -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=10)


def until(condition: Callable[[], bool], what: str, seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.01)


def near(a: float, b: float, tolerance: float = 1e-3) -> bool:
    return abs(a - b) <= tolerance


def joined(link: tonewood.Link, peer: Peer) -> None:
    until(lambda: link.num_peers == 1 and peer()["peers"] == 1, "the peers see each other")


def tempo_1() -> None:
    """Tempo changes travel both ways between connected apps."""
    peer = Peer(120)
    with tonewood.Link(tempo=120) as link:
        peer("enable")
        joined(link, peer)
        seen: list[float] = []
        link.set_tempo_callback(seen.append)
        link.tempo = 97.5
        until(lambda: near(peer()["tempo"], 97.5), "our tempo reaches the peer")
        peer("tempo 141")
        until(lambda: near(link.tempo, 141.0), "the peer's tempo reaches us")
        until(lambda: any(near(t, 141.0) for t in seen), "our tempo callback hears it")
    peer.close()


def tempo_2() -> None:
    """Joining a session takes its tempo and leaves it unchanged."""
    peer = Peer(130)
    peer("enable")
    time.sleep(1.0)  # older by more than Link's 0.5 s, else the older session is chosen by id
    with tonewood.Link(tempo=100) as link:
        joined(link, peer)
        assert near(link.tempo, 130.0) and near(peer()["tempo"], 130.0), (link.tempo, peer()["tempo"])
    peer.close()


def tempo_4() -> None:
    """20 and 999 bpm travel; beyond them is a clear error."""
    peer = Peer(120)
    with tonewood.Link(tempo=120) as link:
        peer("enable")
        joined(link, peer)
        for bpm in (20.0, 999.0):
            link.tempo = bpm
            until(lambda: near(peer()["tempo"], bpm), f"{bpm} bpm reaches the peer")
        for bad in (19.99, 999.5, float("nan")):
            try:
                link.tempo = bad
            except tonewood.OutOfRangeError as e:
                assert "[20, 999] bpm" in str(e) or "nan" in str(e), e
            else:
                raise AssertionError(f"{bad} bpm was taken")
        assert near(link.tempo, 999.0)
    peer.close()


def tempo_5() -> None:
    """With no session to join, enabling and disabling leave the tempo alone."""
    link = tonewood.Link(tempo=87.0)
    link.enabled = True
    time.sleep(0.3)
    assert link.tempo == 87.0, link.tempo
    link.tempo = 93.0
    link.enabled = False
    assert link.tempo == 93.0, link.tempo
    link.close()


def beattime_1() -> None:
    """With no session to join, enabling and disabling keep the beat where it was."""
    link = tonewood.Link(tempo=120.0)
    t = link.time + 500_000
    before = link.beat_at_time(t)
    link.enabled = True
    time.sleep(0.3)
    assert near(link.beat_at_time(t), before, 1e-9), (before, link.beat_at_time(t))
    link.enabled = False
    assert near(link.beat_at_time(t), before, 1e-9)
    link.close()


def beattime_2() -> None:
    """A peer joining our session does not move our beat; both then share the phase."""
    with tonewood.Link(tempo=120.0) as link:
        time.sleep(1.0)  # older by more than Link's 0.5 s, else the older session is chosen by id
        t = link.time + 2_000_000
        before = link.beat_at_time(t)
        peer = Peer(90)
        peer("enable")
        joined(link, peer)
        assert near(link.beat_at_time(t), before, 1e-6), (before, link.beat_at_time(t))
        assert near(peer()["tempo"], 120.0)
        # The peer's phase, read between two of ours, lies between them.
        for _ in range(5):
            first = link.phase
            theirs = peer()["phase"]
            last = link.phase
            if first <= last:  # not across a bar line
                assert first - 1e-3 <= theirs <= last + 1e-3, (first, theirs, last)
        peer.close()


def startstopstate_1() -> None:
    """With start/stop sync on both sides, the peer's start and stop reach us."""
    peer = Peer(120)
    with tonewood.Link(tempo=120) as link:
        link.start_stop_sync_enabled = True
        heard: list[bool] = []
        link.set_start_stop_callback(heard.append)
        peer("sync 1")
        peer("enable")
        joined(link, peer)
        peer("play 1")
        until(lambda: link.playing, "the peer's start reaches us")
        peer("play 0")
        until(lambda: not link.playing, "the peer's stop reaches us")
        until(lambda: heard[-2:] == [True, False], "our start/stop callback hears both")
    peer.close()


def startstopstate_2() -> None:
    """Our start and stop reach the peer; without sync on our side they stay ours."""
    peer = Peer(120)
    with tonewood.Link(tempo=120) as link:
        peer("sync 1")
        peer("enable")
        joined(link, peer)
        link.playing = True  # sync off: ours alone
        time.sleep(0.3)
        assert not peer()["playing"]
        link.playing = False
        link.start_stop_sync_enabled = True
        link.playing = True
        until(lambda: peer()["playing"], "our start reaches the peer")
        link.playing = False
        until(lambda: not peer()["playing"], "our stop reaches the peer")
    peer.close()


def sync() -> None:
    """`await link.sync(beat)` wakes on the beat asked for, a few milliseconds late at most."""
    import asyncio

    with tonewood.Link(tempo=150) as link:
        async def wait() -> list[tuple[float, float]]:
            woke = [(await link.sync(1), link.beat) for _ in range(4)]
            woke.append((await link.sync(4), link.beat))
            woke.append((await link.sync(1, offset=0.5), link.beat))
            return woke

        woke = asyncio.run(wait())
    targets = [t for t, _ in woke]
    assert [b - a for a, b in zip(targets, targets[1:4])] == [1.0, 1.0, 1.0], targets
    assert targets[4] % 4 == 0 and targets[5] % 1 == 0.5, targets
    for target, beat in woke:
        assert 0 <= beat - target < 0.025, (target, beat)  # 10 ms at 150 bpm


SCENARIOS = {"TEMPO-1": tempo_1, "TEMPO-2": tempo_2, "TEMPO-4": tempo_4, "TEMPO-5": tempo_5,
             "BEATTIME-1": beattime_1, "BEATTIME-2": beattime_2,
             "STARTSTOPSTATE-1": startstopstate_1, "STARTSTOPSTATE-2": startstopstate_2, "SYNC": sync}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    print("ok")
