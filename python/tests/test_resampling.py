"""Resampling (libsoxr): exact lengths, streaming equal to one-shot, time alignment, pass-band
flatness and stop-band rejection measured on tones, and the file-streaming path."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import tonewood


def tone(hz: float, frames: int, rate: float, amplitude: float = 0.5, channels: int = 1) -> np.ndarray:
    row = amplitude * np.sin(2 * np.pi * hz * np.arange(frames) / rate)
    return np.ascontiguousarray(np.tile(row.astype(np.float32), (channels, 1)))


def rms_db(x: np.ndarray) -> float:
    return 20 * math.log10(float(np.sqrt(np.mean(np.asarray(x, np.float64) ** 2))) + 1e-300)


@pytest.mark.parametrize("frames", [1, 7, 1000, 44101])
@pytest.mark.parametrize("rates", [(48000, 44100), (44100, 48000), (44100, 96000), (96000, 22050), (8000, 11025)])
def test_output_length_is_exact(frames: int, rates: tuple[int, int]) -> None:
    src, dst = rates
    out = tonewood.resample(np.zeros((2, frames), np.float32), src, dst)
    assert out.shape == (2, round(frames * dst / src))


def test_streaming_in_uneven_blocks_equals_one_shot_sample_for_sample() -> None:
    rng = np.random.default_rng(3)
    signal = rng.uniform(-0.8, 0.8, (2, 100003)).astype(np.float32)
    whole = tonewood.resample(signal, 48000, 44100)
    r = tonewood.Resampler(48000, 44100, 2)
    cuts = np.sort(rng.integers(0, signal.shape[1], 40))
    pieces = np.split(signal, cuts, axis=1)
    streamed = np.concatenate(list(r.stream(np.ascontiguousarray(p) for p in pieces)), axis=1)
    np.testing.assert_array_equal(streamed, whole)
    assert r.input_frames == 0  # finish() started a new stream
    again = np.concatenate([r.process(signal), r.finish()], axis=1)
    np.testing.assert_array_equal(again, whole)


def test_output_is_time_aligned_with_the_input() -> None:
    out = tonewood.resample(tone(1000, 48000, 48000), 48000, 44100)
    expected = tone(1000, out.shape[1], 44100)
    assert np.max(np.abs(out[:, 2000:-2000] - expected[:, 2000:-2000])) < 1e-5


@pytest.mark.parametrize("hz", [100, 1000, 5000, 12000, 18000, 19500])
def test_pass_band_is_flat_within_a_hundredth_of_a_db(hz: float) -> None:
    out = tonewood.resample(tone(hz, 96000, 48000), 48000, 44100)
    assert rms_db(out[:, 4000:-4000]) - rms_db(tone(hz, 96000, 48000)) == pytest.approx(0, abs=0.01)


@pytest.mark.parametrize("hz, src, dst", [(23000, 48000, 44100), (30000, 96000, 44100), (25000, 96000, 48000)])
def test_stop_band_rejects_at_least_100_db_at_vhq(hz: float, src: int, dst: int) -> None:
    source = tone(hz, src, src)
    out = tonewood.resample(source, src, dst, quality="vhq")
    rejection = rms_db(source) - rms_db(out[:, 2000:-2000])
    assert rejection >= 100, rejection


def test_lower_qualities_trade_rejection() -> None:
    source = tone(23000, 48000, 48000)
    rejection = {
        q: rms_db(source) - rms_db(tonewood.resample(source, 48000, 44100, quality=q)[:, 2000:-2000])
        for q in ("vhq", "hq", "lq")
    }
    assert rejection["vhq"] > rejection["lq"] + 20


def test_file_streams_through_the_resampler(tmp_path: Path) -> None:
    audio = tone(440, 150001, 48000, channels=2)
    tonewood.write(tmp_path / "t.flac", audio, 48000)
    with tonewood.AudioFile(tmp_path / "t.flac") as f:
        blocks = list(f.resampled_to(44100, blocksize=10000))
    converted = np.concatenate(blocks, axis=1)
    assert converted.shape == (2, round(150001 * 44100 / 48000))
    np.testing.assert_allclose(converted, tonewood.resample(tonewood.read(tmp_path / "t.flac")[0], 48000, 44100), atol=0)


def test_bad_arguments_say_what_is_allowed() -> None:
    with pytest.raises(ValueError, match="quality 'best'"):
        tonewood.resample(np.zeros((1, 10), np.float32), 48000, 44100, quality="best")
    with pytest.raises(ValueError, match=r"target sample rate must be within \[1000, 768000\] Hz"):
        tonewood.resample(np.zeros((1, 10), np.float32), 48000, 10)
    r = tonewood.Resampler(48000, 44100, 2)
    with pytest.raises(ValueError, match="2 channels; the block has 1"):
        r.process(np.zeros((1, 10), np.float32))
    with pytest.raises(tonewood.InvalidTypeError, match="int16 samples.*to_float"):
        tonewood.resample(np.zeros((1, 10), np.int16), 48000, 44100)
    # float64 and strided views are converted once; the result matches float32 input.
    x = np.random.default_rng(1).standard_normal((2, 2000))
    np.testing.assert_array_equal(
        tonewood.resample(x[:, ::2], 48000, 44100),
        tonewood.resample(np.ascontiguousarray(x[:, ::2], np.float32), 48000, 44100),
    )
