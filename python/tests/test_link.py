"""tonewood.Link against Link's test plan, with aalink (PyPI, its own build of Link) as the
independent peer. Link multicasts on every interface that is up, so every process that enables it
runs here inside a private network namespace with only its loopback up (`unshare -n`, as root);
the scenarios themselves are in link/scenarios.py."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tonewood
from cli_support import TOOL

HERE = Path(__file__).parent / "link"


def in_private_network(code_or_args: list[str], loopback: bool = True, timeout: float = 90,
                       shell: str = 'exec "$0" "$@"') -> subprocess.CompletedProcess:
    """Runs `shell` (by default: Python with `code_or_args`) in a new network namespace, its
    loopback up or not."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.skip("unshare and ip (util-linux, iproute2) are needed to keep Link off the network")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"no private network namespace here ({probe.stderr.strip()}): Link stays off")
    start = f"ip link set lo up && {shell}" if loopback else shell
    return subprocess.run(["unshare", "-n", "sh", "-c", start, sys.executable, *code_or_args],
                          capture_output=True, text=True, timeout=timeout, cwd=HERE)


@pytest.mark.parametrize("scenario", ["TEMPO-1", "TEMPO-2", "TEMPO-4", "TEMPO-5", "BEATTIME-1", "BEATTIME-2",
                                      "STARTSTOPSTATE-1", "STARTSTOPSTATE-2", "SYNC", "AUDIOENGINE-1",
                                      "LINK-PLAY"])
def test_link_test_plan(scenario: str) -> None:
    if importlib.util.find_spec("aalink") is None:
        pytest.skip("the peer is aalink: pip install aalink (requirements-dev.txt)")
    if scenario in ("AUDIOENGINE-1", "LINK-PLAY") and shutil.which("jackd") is None:
        pytest.skip(f"{scenario} plays through a dummy JACK server: jackd is not installed")
    run = in_private_network(["scenarios.py", scenario])
    if run.returncode == 77:
        pytest.skip(f"{scenario}: {run.stdout.strip()}")
    assert run.returncode == 0, f"{scenario}:\n{run.stdout}\n{run.stderr}"


def test_bad_values_are_refused_before_any_network() -> None:
    with pytest.raises(tonewood.OutOfRangeError, match=r"Link tempo must be within \[20, 999\] bpm, got 10"):
        tonewood.Link(tempo=10)
    with pytest.raises(tonewood.OutOfRangeError, match=r"Link quantum must be within \[0.015625, 1024\] beats, got 0"):
        tonewood.Link(quantum=0)
    with pytest.raises(tonewood.InvalidTypeError):
        tonewood.Link(tempo="fast")


def test_enabling_with_no_network_up_is_a_clear_error_not_a_hang() -> None:
    code = ("import tonewood\n"
            "link = tonewood.Link()\n"
            "try:\n"
            "    link.enabled = True\n"
            "except tonewood.DeviceError as e:\n"
            "    print(e)\n"
            "print(link.enabled)\n")
    run = in_private_network(["-c", code], loopback=False, timeout=20)
    assert run.returncode == 0, run.stderr
    assert "no network interface is up" in run.stdout and "ip link set lo up" in run.stdout
    assert run.stdout.strip().endswith("False")


def test_a_session_reads_like_link_and_aalink() -> None:
    code = ("import tonewood\n"
            "with tonewood.Link(tempo=100, quantum=3) as link:\n"
            "    state = link.capture_app_session_state()\n"
            "    t = link.clock.micros()\n"
            "    beat = state.beat_at_time(t, 3)\n"
            "    assert abs(state.time_at_beat(beat, 3) - t) <= 1\n"
            "    assert 0 <= link.phase_at_time(t) < 3 and link.quantum == 3\n"
            "    state.set_tempo(75, t)\n"
            "    link.commit_app_session_state(state)\n"
            "    assert link.tempo == 75\n"
            "    link.quantum = 4\n"
            "    print(repr(link))\n")
    run = in_private_network(["-c", code], timeout=30)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Link(enabled, 75 bpm, quantum 4, 0 peers, stopped)"


def test_cli_link_status_reports_the_session_it_finds() -> None:
    if importlib.util.find_spec("aalink") is None:
        pytest.skip("the peer is aalink: pip install aalink (requirements-dev.txt)")
    # An aalink peer at 133 bpm holds a session; the command joins it a second later.
    def with_a_peer(options: str) -> str:
        shell = f'(echo enable; sleep 5) | "$0" peer.py 133 > /dev/null & sleep 1; "{TOOL}" link status {options}'
        run = in_private_network([], shell=shell + "; status=$?; wait; exit $status", timeout=60)
        assert run.returncode == 0, run.stderr
        return run.stdout

    status = json.loads(with_a_peer("--json"))
    assert status["peers"] == 1 and abs(status["tempo_bpm"] - 133) < 1e-3, status
    assert 0 <= status["phase"] < 4 and status["quantum"] == 4 and status["playing"] is False
    text = with_a_peer("--quantum 3").splitlines()
    assert "  peers    1" in text and "  tempo    133.00 bpm" in text, text
    assert " of 3)" in text[3]
    alone = in_private_network([], shell=f'"{TOOL}" link status --listen 0.2', timeout=30)
    assert "none found (this session is ours alone)" in alone.stdout
    down = in_private_network([], loopback=False, shell=f'"{TOOL}" link status', timeout=30)
    assert down.returncode == 2 and "no network interface is up" in down.stderr


def test_a_transport_follows_a_session_and_offline_renders_are_refused() -> None:
    link = tonewood.Link(tempo=100, quantum=4)  # never enabled: no network
    engine = tonewood.Engine(48000, 256)
    engine.transport.follow(link)
    assert engine.transport.following is link
    with pytest.raises(tonewood.InvalidArgumentError, match="follows an outside clock .Ableton Link, MIDI clock."):
        engine.render(frames=256)
    link.quantum = 8  # reaches the follower
    with pytest.raises(tonewood.OutOfRangeError):
        link.quantum = 0
    with pytest.raises(tonewood.InvalidTypeError, match="a tonewood.Link, a tonewood.MidiClockIn or None, got str"):
        engine.transport.follow("link")
    engine.transport.follow(None)
    assert engine.transport.following is None
    assert engine.render(frames=256).shape == (2, 256)
    # Closing the session lets go of the transports that follow it.
    engine.transport.follow(link)
    link.close()
    assert engine.transport.following is None
    assert engine.render(frames=256).shape == (2, 256)
    with pytest.raises(tonewood.InvalidArgumentError, match="closed"):
        engine.transport.follow(link)
