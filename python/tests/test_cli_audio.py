"""The audio commands end to end: info, convert, analyze --json and stretch, with measured
results (length, rate, loudness, pitch) and clear errors that leave no file behind."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

import tonewood
from cli_support import TOOL, run
from tonewood import analysis, buffer

RATE = 48000



@pytest.fixture
def tone_file(tmp_path: Path) -> Path:
    t = np.arange(2 * RATE) / RATE
    row = (0.25 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)
    path = tmp_path / "tone.wav"
    tonewood.write(path, np.vstack([row, row]), RATE, subtype="FLOAT")
    return path


def test_info_reports_format_duration_peak_and_loudness(tone_file: Path, tmp_path: Path) -> None:
    out = run(["info", str(tone_file)], tmp_path).stdout
    assert "WAV FLOAT, 2 channels, 48000 Hz" in out
    assert "2.000 s (96000 frames)" in out
    assert "-12.04 dBFS sample" in out
    expected = analysis.integrated_loudness(tonewood.read(tone_file)[0], RATE)
    assert f"{expected:.1f} LUFS integrated" in out


def test_convert_changes_rate_channels_and_loudness(tone_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.flac"
    run(["convert", str(tone_file), str(target), "--sample-rate", "44100", "--channels", "1",
         "--normalize-lufs", "-20", "--subtype", "PCM_24"], tmp_path)
    audio, rate = tonewood.read(target)
    assert rate == 44100 and audio.shape == (1, 88200)
    assert analysis.integrated_loudness(audio, rate) == pytest.approx(-20.0, abs=0.05)
    with tonewood.AudioFile(target) as f:
        assert (f.format, f.subtype) == ("FLAC", "PCM_24")


def test_loudness_normalisation_never_clips(tone_file: Path, tmp_path: Path) -> None:
    result = run(["convert", str(tone_file), str(tmp_path / "loud.wav"), "--normalize-peak", "0",
                  "--normalize-lufs", "-5"], tmp_path, check=False)
    assert result.returncode == 2 and "not both" in result.stderr
    # The README's example: a plucked note (a crest factor near 25 dB) to -14 LUFS.
    run(["render-note", "--note", "48", "--velocity", "100", "--seconds", "4", "--set", "impExciter0 enabled=1",
         "--set", "enabled wb0r0=1", "--set", "decayTime wb0r0=5", "-o", "note.wav"], tmp_path)
    done = run(["convert", "note.wav", "note.flac", "--sample-rate", "44100", "--channels", "1",
                "--normalize-lufs", "-14"], tmp_path)
    assert "the limiter took" in done.stderr
    audio, rate = tonewood.read(tmp_path / "note.flac")
    report = analysis.loudness(audio, rate)
    assert report.integrated == pytest.approx(-14.0, abs=0.5)
    assert 20 * math.log10(report.true_peak) <= -1.0
    # Clicks cannot be that loud under a ceiling at all: a clear refusal, no file.
    clicks = np.zeros((1, RATE), np.float32)
    clicks[0, ::4800] = 0.5
    tonewood.write(tmp_path / "clicks.wav", clicks, RATE, subtype="FLOAT")
    refused = run(["convert", "clicks.wav", "loud.wav", "--normalize-lufs", "-5"], tmp_path, check=False)
    assert refused.returncode == 2 and "cannot bring the audio (-39.7 LUFS) to -5 LUFS" in refused.stderr
    assert not (tmp_path / "loud.wav").exists()
    # A ceiling of its own.
    run(["convert", "note.wav", "quiet.wav", "--normalize-lufs", "-20", "--true-peak", "-6"], tmp_path)
    quiet, _ = tonewood.read(tmp_path / "quiet.wav")
    assert 20 * math.log10(analysis.loudness(quiet, RATE).true_peak) <= -6.0


def test_buffer_normalize_to_loudness_limits_true_peaks() -> None:
    t = np.arange(RATE * 3) / RATE
    pluck = (0.1 * np.exp(-t * 2.3) * np.sin(2 * np.pi * 110 * t)).astype(np.float32)
    pluck[:50] += np.float32(0.3)  # a sharp attack
    out = buffer.normalize(pluck, lufs=-12, sample_rate=RATE)
    report = analysis.loudness(out, RATE)
    assert report.integrated == pytest.approx(-12.0, abs=0.5)
    assert 20 * math.log10(report.true_peak) <= -1.0
    with pytest.raises(tonewood.OutOfRangeError, match=r"true_peak must be within \[-20, 0\] dBTP"):
        buffer.normalize(pluck, lufs=-12, sample_rate=RATE, true_peak=1.0)


def test_analyze_json_is_complete_and_measured(tone_file: Path, tmp_path: Path) -> None:
    report = json.loads(run(["analyze", str(tone_file), "--json"], tmp_path).stdout)
    assert report["frames"] == 96000 and report["channels"] == 2
    assert report["sample_peak_dbfs"] == pytest.approx(-12.04, abs=0.01)
    assert 1200 * abs(math.log2(report["pitch"]["median_hz"] / 330)) < 5
    assert report["loudness"]["integrated_lufs"] == pytest.approx(
        analysis.integrated_loudness(tonewood.read(tone_file)[0], RATE), abs=0.01)
    assert set(report) >= {"tempo", "onsets_s", "rms_dbfs", "true_peak_dbtp"}


def test_stretch_changes_length_and_pitch(tone_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "slow.wav"
    out = run(["stretch", str(tone_file), str(target), "--ratio", "1.25", "--semitones", "-2"], tmp_path).stdout
    assert "2.000 s -> 2.500 s" in out
    audio, rate = tonewood.read(target)
    assert audio.shape == (2, 120000)
    measured = analysis.pitch(audio, rate).median_hz()
    assert 1200 * math.log2(measured / 330) == pytest.approx(-200, abs=5)


def test_audio_command_errors_name_the_problem_and_write_nothing(tone_file: Path, tmp_path: Path) -> None:
    bad = run(["stretch", str(tone_file), str(tmp_path / "x.wav"), "--ratio", "50"], tmp_path, check=False)
    assert bad.returncode == 2 and "time ratio must be within [0.05, 20], got 50" in bad.stderr
    missing = run(["info", str(tone_file), str(tmp_path / "missing.wav")], tmp_path, check=False)
    assert missing.returncode == 2
    assert "missing.wav" in missing.stderr and "WAV FLOAT" in missing.stdout
    wrong = run(["convert", str(tone_file), str(tmp_path / "x.xyz")], tmp_path, check=False)
    assert wrong.returncode == 2 and "xyz" in wrong.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tone.wav"]


def test_analyze_prints_formatted_values_like_info(tone_file: Path, tmp_path: Path) -> None:
    out = run(["analyze", str(tone_file)], tmp_path).stdout
    info = run(["info", str(tone_file)], tmp_path).stdout
    assert set(info.splitlines()) <= set(out.splitlines())  # info's lines, then the analysis
    assert "{" not in out and "null" not in out and "_lufs" not in out
    assert re.search(r"pitch +330\.\d Hz median", out), out
    silent = tmp_path / "silent.wav"
    tonewood.write(silent, np.zeros((1, RATE), np.float32), RATE)
    quiet = run(["analyze", str(silent)], tmp_path).stdout
    assert "-inf LUFS (too short or silent)" in quiet and "pitch      none found" in quiet and "null" not in quiet


def test_midi_ports_with_nothing_to_connect_to_says_so(tmp_path: Path) -> None:
    env = {**os.environ, "JACK_DEFAULT_SERVER": "tonewood-none-here"}
    result = subprocess.run([TOOL, "midi", "ports"], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0 and result.stdout.startswith("no MIDI ports"), result
