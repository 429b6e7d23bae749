"""Time-stretching and pitch-shifting (Rubber Band): exact lengths, pitch in cents, formant
preservation measured as the spectral centroid, streaming with changing ratio, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import tonewood
from conftest import fundamental_hz

RATE = 48000


def tone(hz: float, seconds: float, channels: int = 1) -> np.ndarray:
    row = (0.5 * np.sin(2 * np.pi * hz * np.arange(int(seconds * RATE)) / RATE)).astype(np.float32)
    return np.ascontiguousarray(np.tile(row, (channels, 1)))


def cents(hz: float, reference: float) -> float:
    return float(1200 * np.log2(hz / reference))


def vowel(f0: float, formant_hz: float, seconds: float = 2.0) -> np.ndarray:
    """A harmonic tone whose partials follow a fixed resonance (a formant) at `formant_hz`."""
    t = np.arange(int(seconds * RATE)) / RATE
    x = np.zeros_like(t)
    for k in range(1, int(8000 / f0)):
        x += np.exp(-0.5 * (np.log2(k * f0 / formant_hz) / 0.35) ** 2) * np.sin(2 * np.pi * k * f0 * t)
    return (0.3 * x / np.max(np.abs(x))).astype(np.float32)[None, :]


def centroid_hz(x: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(x[0, RATE // 2 : RATE // 2 + 32768] * np.hanning(32768)))
    freqs = np.fft.rfftfreq(32768, 1 / RATE)
    return float(np.sum(freqs * spectrum) / np.sum(spectrum))


@pytest.mark.parametrize("ratio", [0.5, 0.75, 1.333, 2.0, 3.0])
def test_stretch_has_exact_length_and_keeps_pitch(ratio: float) -> None:
    out = tonewood.time_stretch(tone(440, 1.5, channels=2), RATE, ratio)
    assert out.shape == (2, round(1.5 * RATE * ratio))
    middle = out[0, out.shape[1] // 4 : 3 * out.shape[1] // 4]
    assert abs(cents(fundamental_hz(middle, RATE, 440), 440)) < 3
    np.testing.assert_allclose(np.sqrt(np.mean(middle**2)), 0.5 / np.sqrt(2), rtol=0.12)


@pytest.mark.parametrize("semitones", [-12, -7, -0.5, 2, 12])
def test_pitch_shift_moves_by_the_asked_interval(semitones: float) -> None:
    out = tonewood.pitch_shift(tone(300, 1.5), RATE, semitones)
    assert out.shape == (1, int(1.5 * RATE))
    target = 300 * 2 ** (semitones / 12)
    measured = fundamental_hz(out[0, RATE // 2 : RATE], RATE, target)
    assert abs(cents(measured, 300) - 100 * semitones) < 3


def test_formant_option_keeps_the_spectral_envelope_in_place() -> None:
    source = vowel(150, 1000)
    before = centroid_hz(source)
    plain = centroid_hz(tonewood.pitch_shift(source, RATE, 7))
    kept = centroid_hz(tonewood.pitch_shift(source, RATE, 7, formants=True))
    assert plain / before == pytest.approx(2 ** (7 / 12), rel=0.06)  # envelope moved up a fifth
    assert kept / before == pytest.approx(1.0, abs=0.08)  # envelope stayed


def test_faster_engine_and_progress_reports() -> None:
    seen: list[float] = []
    out = tonewood.time_stretch(tone(440, 1.0), RATE, 1.25, engine="faster", progress=seen.append)
    assert out.shape == (1, 60000)
    assert seen and seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    assert abs(cents(fundamental_hz(out[0, 15000:45000], RATE, 440), 440)) < 5


def test_stretcher_streams_with_a_changing_ratio_to_the_exact_total() -> None:
    s = tonewood.Stretcher(RATE, 2, ratio=1.0, max_block=512)
    assert 1000 < s.latency < 20000
    x = tone(440, 2.0, channels=2)
    outputs, expected = [], 0.0
    for i, start in enumerate(range(0, x.shape[1], 3000)):
        s.ratio = 1.0 if i < 10 else 1.5
        block = np.ascontiguousarray(x[:, start : start + 3000])
        expected += block.shape[1] * s.ratio
        outputs.append(s.process(block))
    outputs.append(s.finish())
    out = np.concatenate(outputs, axis=1)
    assert out.shape == (2, round(expected))
    assert s.output_frames == out.shape[1] and s.input_frames == x.shape[1]
    assert abs(cents(fundamental_hz(out[0, -40000:-8000], RATE, 440), 440)) < 3


def test_stretcher_pitch_can_move_between_blocks() -> None:
    s = tonewood.Stretcher(RATE, 1, max_block=1024)
    s.semitones = 12
    out = np.concatenate(list(s.stream(np.ascontiguousarray(b) for b in np.split(tone(220, 1.0), 8, axis=1))), axis=1)
    assert out.shape == (1, RATE)
    assert abs(cents(fundamental_hz(out[0, 12000:40000], RATE, 440), 440)) < 3


def test_stretcher_stream_starts_where_the_input_starts() -> None:
    x = np.zeros((1, RATE), np.float32)
    x[0, 24000:24048] = 0.8
    s = tonewood.Stretcher(RATE, 1, ratio=1.0)
    out = np.concatenate(list(s.stream([x])), axis=1)
    assert abs(int(np.argmax(np.abs(out[0]))) - 24000) < RATE * 0.005


def test_bad_values_are_named() -> None:
    with pytest.raises(tonewood.OutOfRangeError, match="time ratio"):
        tonewood.time_stretch(tone(440, 0.1), RATE, 50)
    with pytest.raises(tonewood.OutOfRangeError, match="semitones"):
        tonewood.pitch_shift(tone(440, 0.1), RATE, 100)
    with pytest.raises(tonewood.InvalidArgumentError, match="finer or faster"):
        tonewood.time_stretch(tone(440, 0.1), RATE, 1.1, engine="best")
    s = tonewood.Stretcher(RATE, 2)
    with pytest.raises(tonewood.InvalidArgumentError, match="2 channels"):
        s.process(tone(440, 0.1))
    with pytest.raises(tonewood.OutOfRangeError, match="time ratio"):
        s.ratio = 0.0
