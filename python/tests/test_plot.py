"""Pictures: PNGs of the promised size whose content can be measured (the tone's row in the
spectrogram, the peak of the spectrum, the waveform's envelope), errors that lose nothing, and
the `tonewood plot` command."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood import analysis, plot

pytest.importorskip("matplotlib", reason="tonewood.plot needs matplotlib (pip install 'tonewood[plot]')")

RATE = 48000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def tone(hz: float, seconds: float = 1.0, amplitude: float = 0.5, channels: int = 2) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    row = (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.ascontiguousarray(np.tile(row, (channels, 1)))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_envelope_bounds_the_signal_per_column() -> None:
    audio = tone(50, 1.0, 0.5, 1)
    audio[0, 30000] = -0.9  # a click must survive the reduction
    lows, highs, levels = plot.envelope(audio, 100)
    assert lows.shape == highs.shape == levels.shape == (1, 100)
    assert highs.max() == pytest.approx(0.5, abs=1e-3)
    assert lows.min() == pytest.approx(-0.9)
    assert int(np.argmin(lows[0])) == 30000 * 100 // RATE
    # A 50 Hz sine over 10 ms columns: each column holds half a cycle, so its RMS is 0.5/sqrt(2).
    np.testing.assert_allclose(levels[0], 0.5 / np.sqrt(2), rtol=0.02)
    assert plot.envelope(audio[:, :10], 100)[0].shape == (1, 10)


def test_waveform_png_has_the_requested_size(tmp_path: Path) -> None:
    out = tmp_path / "wave.png"
    figure = plot.waveform(tone(440), RATE, output=out, width=8, height=2, dpi=50)
    assert png_size(out) == (400, 200)
    assert len(figure.axes) == 2
    assert [ax.get_ylabel() for ax in figure.axes] == ["left", "right"]
    assert figure.axes[1].get_xlim() == pytest.approx((0.0, 1.0))


def test_spectrogram_puts_the_tone_on_its_row(tmp_path: Path) -> None:
    out = tmp_path / "spec.png"
    figure = plot.spectrogram(tone(3000), RATE, output=out, fft_size=1024)
    assert png_size(out)[0] > 0
    mesh = figure.axes[0].collections[0]
    image = np.asarray(mesh.get_array()).reshape(513, -1)  # bins x frames
    brightest_bin = int(np.argmax(image.mean(axis=1)))
    assert brightest_bin * RATE / 1024 == pytest.approx(3000, abs=RATE / 1024)
    low, high = mesh.get_clim()
    assert high - low == pytest.approx(90.0)


def test_spectrum_peaks_at_the_tone_in_dbfs(tmp_path: Path) -> None:
    figure = plot.spectrum(tone(1000, amplitude=0.5), RATE, output=tmp_path / "s.png")
    line = figure.axes[0].lines[0]
    x, y = line.get_xdata(), line.get_ydata()
    assert x[int(np.argmax(y))] == pytest.approx(1000, abs=RATE / 8192)
    assert y.max() == pytest.approx(-6.02, abs=1.5)  # Hann scalloping, at most 1.42 dB
    assert figure.axes[0].get_xscale() == "log"


def test_plots_read_files_and_need_a_rate_for_arrays(tmp_path: Path) -> None:
    wav = tmp_path / "a.wav"
    tonewood.write(wav, tone(220, 0.5), RATE)
    figure = plot.waveform(wav)
    assert figure.axes[0].get_title() == "a.wav"
    with pytest.raises(tonewood.InvalidArgumentError, match="sample_rate"):
        plot.waveform(tone(220))


def test_bad_outputs_leave_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(tonewood.InvalidArgumentError, match=r"\*\.png"):
        plot.waveform(tone(220), RATE, output=tmp_path / "a.jpg")
    with pytest.raises(tonewood.InvalidArgumentError, match="does not exist"):
        plot.waveform(tone(220), RATE, output=tmp_path / "missing" / "a.png")
    assert list(tmp_path.iterdir()) == []


def test_saving_keeps_links_and_permissions_and_follows_the_umask(tmp_path: Path) -> None:
    new = tmp_path / "new.png"
    before = os.umask(0o027)
    try:
        plot.waveform(tone(220), RATE, output=new)
    finally:
        os.umask(before)
    assert new.stat().st_mode & 0o777 == 0o640
    kept = tmp_path / "kept.png"
    plot.waveform(tone(220), RATE, output=kept)
    kept.chmod(0o604)
    link = tmp_path / "link.png"
    link.symlink_to(kept)
    plot.waveform(tone(440), RATE, output=link)
    assert link.is_symlink() and kept.stat().st_mode & 0o777 == 0o604
    (tmp_path / "folder.png").mkdir()
    with pytest.raises(tonewood.InvalidArgumentError, match="is a directory"):
        plot.waveform(tone(220), RATE, output=tmp_path / "folder.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.png", "kept.png", "link.png", "new.png"]


def test_missing_matplotlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install 'tonewood\[plot\]'"):
        plot.waveform(tone(220), RATE)


def test_tonewood_plot_command(tmp_path: Path) -> None:
    wav = tmp_path / "a.wav"
    tonewood.write(wav, tone(440, 0.5), RATE)
    tool = Path(sys.executable).parent / "tonewood"
    for kind in plot.KINDS:
        out = tmp_path / f"{kind}.png"
        done = subprocess.run(
            [str(tool), "plot", str(wav), "-o", str(out), "--kind", kind, "--dpi", "40"],
            capture_output=True,
            text=True,
            env={**os.environ, "PATH": f"{tool.parent}{os.pathsep}{os.environ.get('PATH', '')}"},
        )
        assert done.returncode == 0, done.stderr
        assert png_size(out)[0] == 400
    done = subprocess.run([str(tool), "plot", str(tmp_path / "none.wav"), "-o", str(tmp_path / "x.png")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "none.wav" in done.stderr and not (tmp_path / "x.png").exists()


def test_long_spectrograms_are_drawn_in_columns_of_bounded_size(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    short = (0.1 * rng.standard_normal((2, RATE))).astype(np.float32)
    # Short: every STFT frame is a column, the same numbers as analysis.spectrogram.
    times, _, db = plot._column_spectrogram(short, RATE, 2048, 512, "hann", 10_000, None)
    reference = analysis.spectrogram(short, RATE)
    np.testing.assert_allclose(db, reference.db, atol=1e-3)
    np.testing.assert_allclose(times, reference.times)
    # Long: at most two columns a pixel, each the mean power of the frames it covers.
    long = np.tile(short, (1, 60))  # a minute
    seen: list[float] = []
    figure = plot.spectrogram(long, RATE, width=5, dpi=50, progress=seen.append)
    mesh = figure.axes[0].collections[0]
    assert mesh.get_array().shape[1] <= 2 * 5 * 50
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_the_command_says_what_it_wrote(tmp_path: Path) -> None:
    tonewood.write(tmp_path / "a.wav", tone(440), RATE)
    result = subprocess.run([sys.executable, "-m", "tonewood._plot_command", str(tmp_path / "a.wav"), "-o",
                             str(tmp_path / "a.png"), "--kind", "spectrogram", "-q"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {tmp_path / 'a.png'}: spectrogram of ") and "1000 x 400 pixels" in result.stdout
    assert result.stderr == ""
