from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy.io import wavfile

import tonewood
from tonewood import analysis


def sine(hz: float, amplitude: float, frames: int, rate: int, channels: int = 2) -> np.ndarray:
    t = np.arange(frames) / rate
    row = (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.ascontiguousarray(np.tile(row, (channels, 1)))


@pytest.mark.parametrize("subtype, tolerance", [("PCM_16", 2**-15), ("PCM_24", 2**-23), ("FLOAT", 0)])
def test_wav_round_trip_through_scipy(tmp_path: Path, subtype: str, tolerance: float) -> None:
    audio = sine(440, 0.5, 4800, 48000)
    path = tmp_path / "a.wav"
    tonewood.write_audio(path, audio, 48000, subtype=subtype)
    rate, data = wavfile.read(path)
    assert rate == 48000 and data.shape == (4800, 2)
    scale = {np.dtype(np.int16): 2**15, np.dtype(np.int32): 2**31}.get(data.dtype, 1)
    assert np.max(np.abs(data.T / scale - audio)) <= tolerance


def test_mono_one_dimensional_array_is_one_channel(tmp_path: Path) -> None:
    mono = sine(100, 0.1, 1000, 44100, 1)[0]
    tonewood.write_audio(tmp_path / "m.wav", mono, 44100, subtype="FLOAT")
    rate, data = wavfile.read(tmp_path / "m.wav")
    assert rate == 44100 and data.shape == (1000,)  # one channel
    np.testing.assert_array_equal(data, mono)


def test_wrong_arrays_say_what_is_expected(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="float32"):
        tonewood.write_audio(tmp_path / "x.wav", np.zeros((2, 10)), 44100)
    with pytest.raises(TypeError, match="numpy array"):
        tonewood.write_audio(tmp_path / "x.wav", [[0.0, 0.0]], 44100)
    with pytest.raises(ValueError, match="C-contiguous"):
        tonewood.write_audio(tmp_path / "x.wav", np.zeros((10, 2), np.float32).T, 44100)
    with pytest.raises(ValueError, match="dimensions"):
        tonewood.write_audio(tmp_path / "x.wav", np.zeros((1, 2, 10), np.float32), 44100)
    assert not (tmp_path / "x.wav").exists()


def test_bad_extension_subtype_or_directory_leaves_no_file(tmp_path: Path) -> None:
    audio = sine(440, 0.5, 100, 48000)
    with pytest.raises(ValueError, match="extension"):
        tonewood.write_audio(tmp_path / "x.mp9", audio, 48000)
    with pytest.raises(ValueError, match="subtype"):
        tonewood.write_audio(tmp_path / "x.wav", audio, 48000, subtype="PCM_12")
    with pytest.raises(OSError):
        tonewood.write_audio(tmp_path / "missing" / "x.wav", audio, 48000)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "keep.flac"
    tonewood.write_audio(path, sine(440, 0.5, 100, 48000), 48000)
    before = path.read_bytes()
    with pytest.raises(ValueError):
        tonewood.write_audio(path, sine(440, 0.5, 100, 48000), 48000, subtype="DOUBLE")
    assert path.read_bytes() == before


def test_levels() -> None:
    audio = sine(1000, 0.5, 48000 * 3, 48000)
    assert analysis.peak(audio) == pytest.approx(0.5, abs=1e-4)
    assert analysis.peak_dbfs(audio) == pytest.approx(20 * math.log10(0.5), abs=1e-3)
    assert analysis.integrated_loudness(audio, 48000) == pytest.approx(-6.02, abs=0.05)
    assert analysis.peak_dbfs(np.zeros((2, 10), np.float32)) == -math.inf
