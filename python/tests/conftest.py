from __future__ import annotations

import contextlib
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import tonewood
import tonewood.midi

REPO = Path(__file__).resolve().parents[2]
# The shared test data beside the repository; TONEWOOD_SHARED_DIR overrides it (set it to a
# missing folder to run the "data absent" paths).
SHARED = Path(os.environ.get("TONEWOOD_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture
def plucked() -> tonewood.Resonator:
    """One keytracked string with a click exciter: the smallest patch that sounds."""
    synth = tonewood.Resonator(sample_rate=44100, block_size=512, patch=None)
    synth.set_param("impExciter0 enabled", 1)
    synth.set_param("enabled wb0r0", 1)
    synth.set_param("decayFilterCutoff wb0r0", 20000)
    return synth


def fundamental_hz(signal: np.ndarray, sample_rate: float, approx_hz: float) -> float:
    """Peak of a zero-padded Hann spectrum near `approx_hz`, refined by parabolic interpolation."""
    n = len(signal)
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(n), 16 * n))
    bin_hz = sample_rate / (16 * n)
    lo, hi = int(approx_hz * 0.9 / bin_hz), int(approx_hz * 1.1 / bin_hz)
    k = lo + int(np.argmax(spectrum[lo:hi]))
    a, b, c = np.log(spectrum[k - 1 : k + 2])
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * bin_hz


@contextlib.contextmanager
def private_jack_server(rate: int = 48000, period: int = 256) -> Iterator[str]:
    """A private JACK server (dummy driver) under a unique name; yields the name and stops the
    server by its PID afterwards. Real-time scheduled where the system allows (as root), so its
    cycles stay on time while other tests load the machine."""
    name = f"tonewood-py-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "JACK_NO_AUDIO_RESERVATION": "1"}
    modes = ["--realtime", "--no-realtime"] if os.geteuid() == 0 else ["--no-realtime"]
    for mode in modes:
        server = subprocess.Popen(["jackd", mode, "-n", name, "-d", "dummy", "-r", str(rate), "-p", str(period)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        # Ready when a client opens (jack_wait -w gives up early when servers start together).
        deadline = time.monotonic() + 10
        up = False
        while server.poll() is None and time.monotonic() < deadline:
            try:
                tonewood.midi.MidiClient("tonewood-probe", server=name).close()
                up = True
                break
            except tonewood.DeviceError:
                time.sleep(0.02)
        if up:
            break
        server.terminate()
        server.wait(timeout=10)
    else:
        raise AssertionError(f"jackd {name} did not come up within 10 s")
    try:
        yield name
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def jack_server() -> Iterator[str]:
    """A private JACK server at 48 kHz with 256-frame periods; yields its name."""
    with private_jack_server() as name:
        yield name
