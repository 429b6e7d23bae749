"""Analysis measured against signals with known answers: EBU-style loudness cases within 0.1 LU,
loudness range, true peak between samples, spectra, onsets within 10 ms, tempo of a drum pattern
within 1 BPM, pitch in cents, silence, and slicing."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood import analysis

RATE = 48000


def sine(hz: float, seconds: float, dbfs: float, channels: int = 2, phase: float = 0.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    row = (10 ** (dbfs / 20) * np.sin(2 * np.pi * hz * t + phase)).astype(np.float32)
    return np.ascontiguousarray(np.tile(row, (channels, 1)))


def joined(*parts: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.concatenate(parts, axis=1))


@pytest.mark.parametrize("dbfs", [-23.0, -33.0])
def test_stereo_1k_tone_reads_its_level_in_lufs(dbfs: float) -> None:
    # EBU Tech 3341 cases 1 and 2: a stereo 1 kHz sine at X dBFS per channel reads X LUFS.
    report = analysis.loudness(sine(1000, 20, dbfs), RATE)
    assert report.integrated == pytest.approx(dbfs, abs=0.1)
    assert report.max_momentary == pytest.approx(dbfs, abs=0.1)
    assert report.max_short_term == pytest.approx(dbfs, abs=0.1)


def test_gating_ignores_quiet_passages() -> None:
    # EBU Tech 3341 case 3 (shortened): -36 / -23 / -36 dBFS reads -23 LUFS.
    x = joined(sine(1000, 5, -36), sine(1000, 30, -23), sine(1000, 5, -36))
    assert analysis.integrated_loudness(x, RATE) == pytest.approx(-23.0, abs=0.1)


def test_loudness_range_of_two_levels() -> None:
    # EBU Tech 3342 case 1: 20 s at -20 dBFS then 20 s at -30 dBFS has an LRA of 10 LU.
    report = analysis.loudness(joined(sine(1000, 20, -20), sine(1000, 20, -30)), RATE)
    assert report.range == pytest.approx(10.0, abs=1.0)
    series = report.momentary
    assert series.shape == (400,) and report.hop == 0.1
    assert series[100] == pytest.approx(-20, abs=0.1) and series[300] == pytest.approx(-30, abs=0.1)
    assert np.isneginf(series[0]) and np.isneginf(report.short_term[20])


def test_true_peak_finds_the_peak_between_samples() -> None:
    # A quarter-rate sine sampled 45 degrees off its peaks: samples at -3 dB of the true peak.
    x = sine(RATE / 4, 2, -6.0, phase=math.pi / 4)
    assert analysis.peak_dbfs(x) == pytest.approx(-9.01, abs=0.01)
    assert analysis.true_peak_dbtp(x, RATE) == pytest.approx(-6.0, abs=0.2)
    assert len(analysis.loudness(x, RATE).channel_true_peaks) == 2


def test_rms_levels() -> None:
    x = sine(440, 1, -10)
    np.testing.assert_allclose(analysis.rms(x), 10 ** (-10 / 20) / math.sqrt(2), rtol=1e-4)
    assert analysis.rms_dbfs(x) == pytest.approx(-13.01, abs=0.01)
    envelope = analysis.rms_envelope(joined(sine(440, 0.5, -10), sine(440, 0.5, -30)), 4800, 4800)
    assert envelope.shape == (10,)
    assert analysis.to_db(envelope[2] / envelope[8]) == pytest.approx(20.0, abs=0.05)


def test_spectrum_finds_frequency_and_amplitude() -> None:
    x = sine(1234.5, 2, -12, channels=1)
    s = analysis.spectrum(x, RATE, fft_size=8192)
    assert s.peak_hz() == pytest.approx(1234.5, abs=0.5)
    flat = analysis.spectrum(x, RATE, fft_size=8192, window="flat_top")
    assert float(np.max(flat.db)) == pytest.approx(-12.0, abs=0.05)  # amplitude off-bin
    far = s.db[0][(s.frequencies > 3000)]
    assert float(np.max(far)) < -100  # Hann side lobes fall away


def test_stft_shape_scaling_and_spectrogram() -> None:
    bin_hz = RATE / 1024
    x = sine(bin_hz * 40, 1, -6, channels=2)
    frames = analysis.stft(x, fft_size=1024, hop=256)
    assert frames.shape == (2, RATE // 256 + 1, 513) and frames.dtype == np.complex64
    assert abs(frames[0, 50, 40]) == pytest.approx(10 ** (-6 / 20), rel=1e-3)
    gram = analysis.spectrogram(x, RATE, fft_size=1024, hop=256)
    assert gram.db.shape == (513, frames.shape[1])
    assert gram.frequencies[int(np.argmax(gram.db[:, 50]))] == pytest.approx(bin_hz * 40)
    with pytest.raises(tonewood.InvalidArgumentError, match="blackman_harris"):
        analysis.stft(x, window="kaiser")


def hit(seconds: float, hz: float, decay: float, noise: float, seed: int) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    rng = np.random.default_rng(seed)
    body = np.sin(2 * np.pi * hz * t) + noise * rng.uniform(-1, 1, t.size)
    return (np.exp(-t / decay) * body).astype(np.float32)


def drum_pattern(bpm: float, bars: int) -> tuple[np.ndarray, list[float]]:
    """Kick on every beat, snare on 2 and 4, closed hats on eighths; returns audio and the
    kick/snare onset times."""
    beat = 60 / bpm
    length = int((bars * 4 * beat + 1) * RATE)
    x = np.zeros(length, np.float32)
    kick, snare, hat = hit(0.3, 60, 0.08, 0.05, 1), hit(0.2, 200, 0.05, 0.8, 2), hit(0.05, 8000, 0.01, 1.0, 3)
    times = []

    def add(sound: np.ndarray, at: float) -> None:
        start = int(round(at * RATE))
        x[start : start + sound.size] += sound[: length - start]

    for step in range(bars * 8):  # eighth notes
        at = step * beat / 2
        add(0.3 * hat, at)
        if step % 2 == 0:
            add(0.6 * snare if step % 4 == 2 else 0.9 * kick, at)
            times.append(at)
    return x[None, :], times


@pytest.mark.parametrize("bpm", [96.0, 120.0, 132.0])
def test_tempo_of_a_drum_pattern_within_one_bpm(bpm: float) -> None:
    audio, _ = drum_pattern(bpm, 12)
    result = analysis.tempo(audio, RATE)
    assert result.bpm == pytest.approx(bpm, abs=1.0)
    assert len(result.beats) > 20


def test_onsets_land_within_10_ms() -> None:
    audio, times = drum_pattern(100.0, 2)
    found = analysis.onsets(audio, RATE, "complex", threshold=0.3, min_interval=0.1)
    # Every kick and snare found, each within 10 ms; nothing else between them but hats.
    for t in times:
        assert np.min(np.abs(found - t)) < 0.010, f"no onset near {t:.3f} s: {found}"


def test_pitch_track_of_a_tone_and_of_a_synth_note() -> None:
    track = analysis.pitch(sine(220, 1, -12, channels=1), RATE)
    assert 1200 * abs(math.log2(track.median_hz() / 220)) < 5
    assert track.times[-1] - track.times[-2] == pytest.approx(256 / RATE)
    synth = tonewood.Resonator(sample_rate=RATE)
    synth.set_param("impExciter0 enabled", 1)
    synth.set_param("enabled wb0r0", 1)
    synth.note_on(57, velocity=100)  # A3, 220 Hz
    note = synth.render(seconds=1.0)
    assert 1200 * abs(math.log2(analysis.pitch(note, RATE).median_hz() / 220)) < 10
    silent = analysis.pitch(np.zeros((1, RATE), np.float32), RATE)
    assert not np.any(silent.frequencies)


def test_silence_regions() -> None:
    x = joined(sine(440, 1, -10), np.zeros((2, RATE // 2), np.float32), sine(440, 1, -10),
               np.zeros((2, RATE // 20), np.float32), sine(440, 0.5, -10))
    regions = analysis.silence(x, RATE, threshold_db=-60, min_duration=0.1)
    assert regions.shape == (1, 2)
    assert regions[0, 0] == pytest.approx(RATE, abs=RATE * 0.01)
    assert regions[0, 1] == pytest.approx(1.5 * RATE, abs=RATE * 0.01)


def test_slicing_at_onsets_grid_and_times_then_recombining(tmp_path: Path) -> None:
    audio, times = drum_pattern(120.0, 1)
    by_grid = analysis.slice_points(audio, RATE, grid=0.25)
    assert list(by_grid[:3]) == [0, 12000, 24000]
    by_onsets = analysis.slice_points(audio, RATE, onsets=True, method="complex", min_interval=0.1)
    assert len(by_onsets) >= len(times)
    pieces = analysis.slice_audio(audio, analysis.slice_points(audio, RATE, times=[0.5, 1.0]))
    assert [p.shape[1] for p in pieces] == [24000, 24000, audio.shape[1] - 48000]
    paths = analysis.export_slices(pieces, tmp_path / "slices", RATE, prefix="drums")
    assert [p.name for p in paths] == ["drums-000.wav", "drums-001.wav", "drums-002.wav"]
    back, rate = tonewood.read(paths[1])
    assert rate == RATE and back.shape == pieces[1].shape
    reversed_ = analysis.recombine(pieces, "reverse")
    np.testing.assert_array_equal(reversed_[:, : pieces[2].shape[1]], pieces[2])
    shuffled = analysis.recombine(pieces, "shuffle", seed=4)
    np.testing.assert_array_equal(shuffled, analysis.recombine(pieces, "shuffle", seed=4))
    assert shuffled.shape == audio.shape
    pattern = analysis.recombine(pieces, [1, 1, 0])
    assert pattern.shape[1] == 24000 * 3
    with pytest.raises(ValueError, match="out of range"):
        analysis.recombine(pieces, [5])
    with pytest.raises(ValueError, match="exactly one"):
        analysis.slice_points(audio, RATE)
