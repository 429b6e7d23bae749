"""Audio files: round trips of every format and subtype, compared sample for sample with what
soundfile (PyPI, its own libsndfile build) reads; metadata, streams, bytes, seeking, blocks;
exact integer boundaries; bad, truncated and corrupt files; writes that fail leave nothing."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile

import tonewood
from tonewood import analysis


def sine(hz: float, amplitude: float, frames: int, rate: int, channels: int = 2) -> np.ndarray:
    t = np.arange(frames) / rate
    rows = [amplitude * np.sin(2 * np.pi * hz * (c + 1) * t) for c in range(channels)]
    return np.ascontiguousarray(np.array(rows, dtype=np.float32))


def noise(frames: int, channels: int = 2, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-0.9, 0.9, (channels, frames)).astype(np.float32)


LOSSLESS = [
    ("wav", "PCM_U8", 2**-7),
    ("wav", "PCM_16", 2**-15),
    ("wav", "PCM_24", 2**-23),
    ("wav", "PCM_32", 2**-31),
    ("wav", "FLOAT", 0),
    ("wav", "DOUBLE", 0),
    ("aiff", "PCM_S8", 2**-7),
    ("aiff", "PCM_16", 2**-15),
    ("aiff", "PCM_24", 2**-23),
    ("aiff", "FLOAT", 0),
    ("flac", "PCM_16", 2**-15),
    ("flac", "PCM_24", 2**-23),
    ("rf64", "PCM_24", 2**-23),
    ("w64", "PCM_32", 2**-31),
    ("w64", "DOUBLE", 0),
    ("caf", "PCM_16", 2**-15),
    ("caf", "FLOAT", 0),
    ("caf", "ALAC_16", 2**-15),
    ("caf", "ALAC_24", 2**-23),
]


@pytest.mark.parametrize("ext, subtype, step", LOSSLESS)
def test_lossless_round_trip_matches_soundfile_sample_for_sample(
    tmp_path: Path, ext: str, subtype: str, step: float
) -> None:
    # ALAC's encoder misbehaves on white noise (in soundfile's build too): use tones for it.
    audio = sine(441, 0.7, 9000, 44100) if subtype.startswith("ALAC") else noise(9000)
    path = tmp_path / f"a.{ext}"
    tonewood.write(path, audio, 44100, subtype=subtype)
    with tonewood.AudioFile(path) as f:
        assert (f.sample_rate, f.channels, f.frames, f.subtype) == (44100, 2, 9000, subtype)
        ours = f.read()
    theirs = soundfile.read(path, dtype="float32", always_2d=True)[0].T
    np.testing.assert_array_equal(ours, theirs)
    # Quantisation rounds to the nearest step: half a step at most (exact for floats).
    assert np.max(np.abs(ours - audio)) <= step / 2 * 1.0001


@pytest.mark.parametrize("ext, subtype", [("ogg", "VORBIS"), ("opus", "OPUS"), ("mp3", "MPEG_LAYER_III")])
def test_lossy_formats_keep_the_tone(tmp_path: Path, ext: str, subtype: str) -> None:
    rate = 48000
    audio = sine(1000, 0.5, rate, rate, 1)
    path = tmp_path / f"a.{ext}"
    tonewood.write(path, audio, rate)
    with tonewood.AudioFile(path) as f:
        assert f.subtype == subtype
        back = f.read()
    spectrum = np.abs(np.fft.rfft(back[0, rate // 4 : rate // 4 + 16384] * np.hanning(16384)))
    assert np.argmax(spectrum) * rate / 16384 == pytest.approx(1000, abs=rate / 16384)
    level = 20 * math.log10(np.sqrt(np.mean(back[0, rate // 4 : 3 * rate // 4] ** 2)))
    assert level == pytest.approx(20 * math.log10(0.5 / math.sqrt(2)), abs=1.0)


def test_integer_boundaries_are_exact(tmp_path: Path) -> None:
    edge = np.array([[-1.0, 1 - 2**-15, 0.5, -0.5, 1.0, -2.0, 2**-16, -(2**-16)]], np.float32)
    tonewood.write(tmp_path / "e.wav", edge, 44100, subtype="PCM_16")
    ints, _ = tonewood.read(tmp_path / "e.wav", dtype="int16")
    # -1 and 1 - 1 LSB land exactly; beyond full scale clips; half an LSB rounds to even.
    assert ints[0].tolist() == [-32768, 32767, 16384, -16384, 32767, -32768, 0, 0]
    floats, _ = tonewood.read(tmp_path / "e.wav")
    assert floats[0, 0] == -1.0 and floats[0, 1] == np.float32(1 - 2**-15)
    for subtype, bits in (("PCM_24", 24), ("PCM_32", 32)):
        top = np.array([[-1.0, 1 - 2.0**-(bits - 1)]], np.float64)
        tonewood.write(tmp_path / "t.wav", top, 44100, subtype=subtype)
        back, _ = tonewood.read(tmp_path / "t.wav", dtype="float64")
        np.testing.assert_array_equal(back, top)


def test_integer_arrays_are_written_as_they_are(tmp_path: Path) -> None:
    ints = np.array([[-32768, -1, 0, 1, 32767]], np.int16)
    tonewood.write(tmp_path / "i.wav", ints, 8000, subtype="PCM_16")
    np.testing.assert_array_equal(tonewood.read(tmp_path / "i.wav", dtype="int16")[0], ints)
    assert soundfile.read(tmp_path / "i.wav", dtype="int16")[0].tolist() == ints[0].tolist()


def test_dither_spreads_the_error_and_is_reproducible(tmp_path: Path) -> None:
    quiet = np.full((1, 20000), 0.25 / 32768, np.float32)  # a quarter of an LSB
    tonewood.write(tmp_path / "plain.wav", quiet, 44100, subtype="PCM_16")
    assert not np.any(tonewood.read(tmp_path / "plain.wav", dtype="int16")[0])
    tonewood.write(tmp_path / "d1.wav", quiet, 44100, subtype="PCM_16", dither=True)
    tonewood.write(tmp_path / "d2.wav", quiet, 44100, subtype="PCM_16", dither=True)
    d1 = tonewood.read(tmp_path / "d1.wav", dtype="int16")[0]
    np.testing.assert_array_equal(d1, tonewood.read(tmp_path / "d2.wav", dtype="int16")[0])
    assert set(np.unique(d1)) <= {-1, 0, 1} and len(np.unique(d1)) == 3
    assert float(np.mean(d1)) == pytest.approx(0.25, abs=0.03)  # TPDF keeps the mean


def test_dtypes_and_properties(tmp_path: Path) -> None:
    audio = noise(1000, 3)
    path = tmp_path / "p.flac"
    tonewood.write(path, audio, 96000, subtype="PCM_24")
    with tonewood.AudioFile(path) as f:
        assert f.format == "FLAC" and f.duration == pytest.approx(1000 / 96000)
        for dtype in ("float32", "float64", "int16", "int32"):
            f.seek(0)
            data = f.read(dtype=dtype)
            assert data.dtype == np.dtype(dtype) and data.shape == (3, 1000)
        with pytest.raises(ValueError, match="dtype"):
            f.read(dtype="uint8")
    assert "96000 Hz" in repr(tonewood.AudioFile(path))


def test_metadata_tags_round_trip(tmp_path: Path) -> None:
    tags = {"title": "Étude", "artist": "tonewood", "album": "Tests", "comment": "c", "date": "2026"}
    for ext in ("wav", "flac", "ogg", "aiff"):
        path = tmp_path / f"t.{ext}"
        tonewood.write(path, sine(440, 0.3, 4800, 48000), 48000, tags=tags)
        with tonewood.AudioFile(path) as f:
            got = f.tags
        expected = {k: v for k, v in tags.items() if ext != "aiff" or k in ("title", "artist", "comment")}
        for key, value in expected.items():
            assert got.get(key) == value, (ext, key)
    with pytest.raises(ValueError, match="tag"):
        tonewood.write(tmp_path / "x.wav", sine(440, 0.3, 10, 48000), 48000, tags={"mood": "x"})
    assert not (tmp_path / "x.wav").exists()


def test_seek_tell_and_blocks_with_overlap(tmp_path: Path) -> None:
    audio = noise(10000, 2)
    path = tmp_path / "b.wav"
    tonewood.write(path, audio, 44100, subtype="FLOAT")
    with tonewood.AudioFile(path) as f:
        assert f.seek(-100, 2) == 9900 and f.tell() == 9900
        np.testing.assert_array_equal(f.read(), audio[:, 9900:])
        f.seek(0)
        blocks = list(f.blocks(4096, overlap=1024))
        assert [b.shape[1] for b in blocks] == [4096, 4096, 3856]  # starts 0, 3072, 6144
        np.testing.assert_array_equal(blocks[1], audio[:, 3072:7168])
        f.seek(0)
        padded = list(f.blocks(3000, fill_value=0.0))
        assert [b.shape[1] for b in padded] == [3000] * 4 and not padded[-1][:, 1000:].any()
        with pytest.raises(ValueError, match="within"):
            f.seek(10001)
        with pytest.raises(ValueError, match="overlap"):
            next(f.blocks(100, overlap=100))


def test_read_range_one_liner(tmp_path: Path) -> None:
    audio = noise(1000, 1)
    tonewood.write(tmp_path / "r.wav", audio, 8000, subtype="FLOAT")
    part, rate = tonewood.read(tmp_path / "r.wav", start=-300, stop=-100)
    assert rate == 8000
    np.testing.assert_array_equal(part, audio[:, 700:900])


def test_file_objects_and_bytes(tmp_path: Path) -> None:
    audio = noise(5000, 2)
    buffer = io.BytesIO()
    tonewood.write(buffer, audio, 48000, format="FLAC", subtype="PCM_24")
    data = buffer.getvalue()
    assert data[:4] == b"fLaC"
    from_bytes, rate = tonewood.read(data)
    assert rate == 48000
    np.testing.assert_array_equal(from_bytes, soundfile.read(io.BytesIO(data), dtype="float32")[0].T)
    with open(tmp_path / "f.wav", "wb") as handle:
        tonewood.write(handle, audio, 48000, format="WAV", subtype="FLOAT")
    with open(tmp_path / "f.wav", "rb") as handle:
        np.testing.assert_array_equal(tonewood.read(handle)[0], audio)
    with pytest.raises(ValueError, match="format"):
        tonewood.write(io.BytesIO(), audio, 48000)


def test_file_object_errors_are_reported_with_the_file() -> None:
    class Broken(io.BytesIO):
        name = "broken-stream"

        def read(self, size: int | None = -1) -> bytes:
            raise RuntimeError("disk on fire")

    with pytest.raises(tonewood.AudioFileError, match="broken-stream.*disk on fire"):
        tonewood.read(Broken(b"RIFF0000WAVE"))


def test_bad_input_says_what_and_leaves_no_file(tmp_path: Path) -> None:
    audio = sine(440, 0.5, 100, 48000)
    with pytest.raises(ValueError, match="extension"):
        tonewood.write(tmp_path / "x.mp9", audio, 48000)
    with pytest.raises(ValueError, match="subtype"):
        tonewood.write(tmp_path / "x.wav", audio, 48000, subtype="PCM_12")
    with pytest.raises(ValueError, match="FLAC file cannot hold DOUBLE"):
        tonewood.write(tmp_path / "x.flac", audio, 48000, subtype="DOUBLE")
    with pytest.raises(ValueError, match="Opus stores 8000.*44100"):
        tonewood.write(tmp_path / "x.opus", audio, 44100)
    with pytest.raises(ValueError, match="sample rate"):
        tonewood.write(tmp_path / "x.wav", audio, 0)
    with pytest.raises(ValueError, match="dimensions"):
        tonewood.write(tmp_path / "x.wav", np.zeros((1, 2, 3), np.float32), 48000)
    with pytest.raises(ValueError, match="dtype"):
        tonewood.write(tmp_path / "x.wav", audio.astype(np.uint8), 48000)
    with pytest.raises(ValueError, match="2 channels; the array has 3"):
        with tonewood.AudioFile(tmp_path / "x.wav", "w", 48000, 2) as f:
            f.write(noise(10, 3))
    with pytest.raises(OSError):
        tonewood.write(tmp_path / "missing" / "x.wav", audio, 48000)
    assert list(tmp_path.iterdir()) == []


def test_an_exception_inside_the_with_block_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "keep.wav"
    tonewood.write(path, sine(440, 0.5, 100, 48000), 48000)
    before = path.read_bytes()
    with pytest.raises(KeyError):
        with tonewood.AudioFile(path, "w", 48000, 2) as f:
            f.write(noise(1000))
            raise KeyError("interrupted")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.wav"]


def test_truncated_corrupt_empty_and_misnamed_files(tmp_path: Path) -> None:
    tonewood.write(tmp_path / "full.wav", noise(48000), 48000, subtype="PCM_16")
    tonewood.write(tmp_path / "full.flac", noise(48000), 48000)
    whole = (tmp_path / "full.wav").read_bytes()
    (tmp_path / "cut.wav").write_bytes(whole[: len(whole) // 2])
    flac = (tmp_path / "full.flac").read_bytes()
    (tmp_path / "cut.flac").write_bytes(flac[: len(flac) // 2])
    (tmp_path / "empty.wav").write_bytes(b"")
    (tmp_path / "junk.wav").write_bytes(b"not audio at all " * 50)
    (tmp_path / "flac.wav").write_bytes(flac)
    with pytest.raises(tonewood.AudioFileError, match="cut.wav' is truncated"):
        tonewood.read(tmp_path / "cut.wav")
    with pytest.raises(tonewood.AudioFileError, match="cut.flac' ends early"):
        tonewood.read(tmp_path / "cut.flac")
    for name in ("empty.wav", "junk.wav", "nothing-here.wav"):
        with pytest.raises(tonewood.AudioFileError, match=name):
            tonewood.read(tmp_path / name)
    salvaged = tonewood.AudioFile(tmp_path / "cut.wav", allow_truncated=True).read()
    assert 23000 < salvaged.shape[1] < 24001
    assert tonewood.read(tmp_path / "flac.wav")[0].shape == (2, 48000)  # content decides


def test_separate_handles_work_in_parallel_threads(tmp_path: Path) -> None:
    paths = []
    for k in range(4):
        paths.append(tmp_path / f"p{k}.flac")
        tonewood.write(paths[-1], noise(200000, 2, seed=k), 48000)
    results: dict[int, np.ndarray] = {}

    def work(k: int) -> None:
        results[k] = tonewood.read(paths[k])[0]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(4):
        np.testing.assert_array_equal(results[k], tonewood.read(paths[k])[0])


def test_levels() -> None:
    audio = sine(1000, 0.5, 48000 * 3, 48000, 1).repeat(2, axis=0)
    assert analysis.peak(audio) == pytest.approx(0.5, abs=1e-4)
    assert analysis.peak_dbfs(audio) == pytest.approx(20 * math.log10(0.5), abs=1e-3)
    assert analysis.integrated_loudness(audio, 48000) == pytest.approx(-6.02, abs=0.05)
    assert analysis.peak_dbfs(np.zeros((2, 10), np.float32)) == -math.inf


def test_a_file_shortened_while_open_reads_as_ending_early_not_a_crash(tmp_path: Path) -> None:
    # In a child process: a SIGBUS there fails this test instead of killing the test run.
    path = tmp_path / "shrinks.wav"
    tonewood.write(path, np.full((2, 4_800_000), 0.25, np.float32), 48000, subtype="PCM_16")
    script = f"""
import os, tonewood
with tonewood.AudioFile({str(path)!r}) as f:
    os.truncate({str(path)!r}, 1_000_000)
    try:
        f.read()
    except tonewood.AudioFileError as e:
        print("error:", e)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ends early" in result.stdout, result.stdout
