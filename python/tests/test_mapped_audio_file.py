"""The memory-mapped reader: the same samples soundfile reads, for every uncompressed layout;
zero-copy views in the stored dtype; ranges, slices, threads; truncated and foreign files."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile

import tonewood

LAYOUTS = [
    ("wav", "WAV", "PCM_U8"),
    ("wav", "WAV", "PCM_16"),
    ("wav", "WAV", "PCM_24"),
    ("wav", "WAV", "PCM_32"),
    ("wav", "WAV", "FLOAT"),
    ("wav", "WAV", "DOUBLE"),
    ("wav", "WAVEX", "PCM_24"),
    ("rf64", "RF64", "PCM_16"),
    ("aiff", "AIFF", "PCM_S8"),
    ("aiff", "AIFF", "PCM_16"),
    ("aiff", "AIFF", "PCM_24"),
    ("aiff", "AIFF", "PCM_32"),
    ("aiff", "AIFF", "FLOAT"),
    ("aiff", "AIFF", "DOUBLE"),
]


def noise(frames: int, channels: int = 3) -> np.ndarray:
    audio = np.random.default_rng(3).uniform(-1, 1, (channels, frames)).astype(np.float32)
    audio[0, 0] = -1.0
    return audio


@pytest.mark.parametrize("ext,fmt,subtype", LAYOUTS)
def test_decodes_what_soundfile_reads(tmp_path: Path, ext: str, fmt: str, subtype: str) -> None:
    path = tmp_path / f"a.{ext}"
    tonewood.write(path, noise(3001), 48000, format=fmt, subtype=subtype)
    theirs, rate = soundfile.read(path, dtype="float32", always_2d=True)
    with tonewood.MappedAudioFile(path) as f:
        assert (f.format, f.subtype, f.sample_rate, f.channels, len(f)) == (fmt, subtype, 48000, 3, 3001)
        np.testing.assert_array_equal(f.read(), theirs.T)
        np.testing.assert_array_equal(f.read(dtype="float64"), soundfile.read(path, always_2d=True)[0].T)
        np.testing.assert_array_equal(f[1000:1100], theirs[1000:1100].T)
        np.testing.assert_array_equal(f[-5:], theirs[-5:].T)
        np.testing.assert_array_equal(f.read(2990, 11), theirs[2990:].T)


@pytest.mark.parametrize(
    "ext,subtype,dtype",
    [("wav", "PCM_16", "<i2"), ("wav", "PCM_32", "<i4"), ("wav", "FLOAT", "<f4"), ("aiff", "PCM_16", ">i2"),
     ("aiff", "DOUBLE", ">f8"), ("wav", "PCM_U8", "u1"), ("aiff", "PCM_S8", "i1")],
)
def test_views_are_the_stored_samples_without_a_copy(tmp_path: Path, ext: str, subtype: str, dtype: str) -> None:
    path = tmp_path / f"v.{ext}"
    tonewood.write(path, noise(2000, 2), 44100, subtype=subtype)
    f = tonewood.MappedAudioFile(path)
    assert f.dtype == np.dtype(dtype)
    view = f.view()
    assert view.shape == (2, 2000) and view.dtype == np.dtype(dtype)
    assert not view.flags.writeable and not view.flags.owndata
    if subtype in ("PCM_16", "PCM_32"):
        ints = soundfile.read(path, dtype="int16" if subtype == "PCM_16" else "int32", always_2d=True)[0]
        np.testing.assert_array_equal(view, ints.T)
    else:
        decoded = f.read(dtype="float64")
        scale = {"u1": 1 / 128, "i1": 1 / 128}.get(dtype, 1.0)
        offset = 128 if dtype == "u1" else 0
        np.testing.assert_array_equal((view.astype(np.float64) - offset) * scale, decoded)
    f.close()
    assert int(np.abs(view.astype(np.int64)).sum()) > 0  # still readable after close()
    with pytest.raises(tonewood.InvalidArgumentError, match="closed"):
        f.read()


def test_24_bit_files_have_no_view_but_decode(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    tonewood.write(path, noise(100, 1), 48000, subtype="PCM_24")
    f = tonewood.MappedAudioFile(path)
    assert f.dtype is None
    with pytest.raises(tonewood.InvalidArgumentError, match="24-bit"):
        f.view()
    assert f.read().shape == (1, 100)


def test_parallel_reads_agree_with_one_read(tmp_path: Path) -> None:
    path = tmp_path / "big.wav"
    tonewood.write(path, noise(200_000, 2), 48000, subtype="PCM_16")
    f = tonewood.MappedAudioFile(path)
    whole = f.read()
    results: dict[int, np.ndarray] = {}

    def work(k: int) -> None:
        for _ in range(20):
            results[k] = f.read(k * 40_000, 40_000)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    np.testing.assert_array_equal(np.concatenate([results[k] for k in range(5)], axis=1), whole)


def test_bad_ranges_and_files_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    tonewood.write(path, noise(1000, 2), 48000, subtype="PCM_24")
    f = tonewood.MappedAudioFile(path)
    with pytest.raises(tonewood.InvalidArgumentError, match="run past the end"):
        f.read(990, 20)
    with pytest.raises(tonewood.InvalidArgumentError, match=r"start must be within \[-1000, 1000\]"):
        f.read(1001)
    with pytest.raises(tonewood.InvalidArgumentError, match="step 1"):
        f[::2]
    with pytest.raises(tonewood.InvalidArgumentError, match="float32 or float64"):
        f.read(dtype="int16")

    cut = tmp_path / "cut.wav"
    cut.write_bytes(path.read_bytes()[:-600])
    with pytest.raises(tonewood.AudioFileError, match=r"cut\.wav' is truncated: its header promises 1000 frames"):
        tonewood.MappedAudioFile(cut)
    salvaged = tonewood.MappedAudioFile(cut, allow_truncated=True)
    assert len(salvaged) == 900
    np.testing.assert_array_equal(salvaged.read(), f.read(0, 900))

    flac = tmp_path / "a.flac"
    tonewood.write(flac, noise(100, 1), 48000)
    with pytest.raises(tonewood.AudioFileError, match="only uncompressed WAV, RF64 and AIFF"):
        tonewood.MappedAudioFile(flac)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00")
    with pytest.raises(tonewood.AudioFileError, match="junk.wav' has a malformed header"):
        tonewood.MappedAudioFile(junk)
    with pytest.raises(tonewood.AudioFileError, match="No such file"):
        tonewood.MappedAudioFile(tmp_path / "missing.wav")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(tonewood.AudioFileError, match="only uncompressed"):
        tonewood.MappedAudioFile(empty)
