"""Measurements of rendered or loaded audio: levels, loudness (libebur128), spectra (FFTW),
onsets, tempo and pitch (aubio), silence, and slicing. Arrays are float32 (channels, frames)
or 1-D; results are numpy arrays and small dataclasses."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tonewood import _tonewood
from tonewood._arrays import as_audio
from tonewood.slicing import export_slices, recombine, slice_audio, slice_points

WINDOWS = ("rectangular", "hann", "hamming", "blackman", "blackman_harris", "flat_top")

__all__ = [
    "LoudnessReport", "PitchTrack", "Spectrogram", "Spectrum", "Tempo", "WINDOWS",
    "export_slices", "integrated_loudness", "loudness", "onsets", "peak", "peak_dbfs", "pitch",
    "recombine", "rms", "rms_dbfs", "rms_envelope", "silence", "slice_audio", "slice_points",
    "spectrogram", "spectrum", "stft", "tempo", "to_db", "true_peak", "true_peak_dbtp",
]


def to_db(linear: Any, floor_db: float = -240.0) -> Any:
    """20 log10 of amplitude values, clamped below at `floor_db` (no -inf or warnings)."""
    values = np.maximum(np.abs(np.asarray(linear, np.float64)), 10 ** (floor_db / 20))
    result = 20 * np.log10(values)
    return float(result) if np.ndim(result) == 0 else result


def peak(array: Any) -> float:
    """Largest absolute sample over all channels (linear)."""
    return float(_tonewood._peak(as_audio(array)))


def peak_dbfs(array: Any) -> float:
    """Sample peak in dBFS (-inf for silence)."""
    level = peak(array)
    return 20.0 * math.log10(level) if level > 0.0 else -math.inf


def rms(array: Any) -> np.ndarray:
    """RMS of each channel (linear), shape (channels,)."""
    return _tonewood._channel_rms(as_audio(array))


def rms_dbfs(array: Any) -> float:
    """RMS over all channels in dBFS (-inf for silence)."""
    level = float(np.sqrt(np.mean(rms(array) ** 2)))
    return 20.0 * math.log10(level) if level > 0.0 else -math.inf


def rms_envelope(array: Any, window: int = 1024, hop: int = 512) -> np.ndarray:
    """RMS over all channels in windows of `window` frames every `hop` frames (linear)."""
    return _tonewood._rms_envelope(as_audio(array), int(window), int(hop))


def integrated_loudness(array: Any, sample_rate: float) -> float:
    """Integrated loudness in LUFS (EBU R128 / ITU-R BS.1770-4, via libebur128); -inf for
    silence or audio shorter than one 400 ms gating block."""
    return float(_tonewood._integrated_loudness(as_audio(array), float(sample_rate)))


@dataclass(frozen=True)
class LoudnessReport:
    """EBU R128 figures. LUFS (range in LU), -inf where undefined; peaks linear."""

    integrated: float
    range: float
    max_momentary: float
    max_short_term: float
    sample_peak: float
    true_peak: float
    channel_true_peaks: np.ndarray
    momentary: np.ndarray = field(repr=False)   # 400 ms loudness every `hop` seconds
    short_term: np.ndarray = field(repr=False)  # 3 s loudness every `hop` seconds
    hop: float = 0.1

    @property
    def true_peak_dbtp(self) -> float:
        return 20 * math.log10(self.true_peak) if self.true_peak > 0 else -math.inf


def loudness(array: Any, sample_rate: float) -> LoudnessReport:
    """Every R128 measure in one pass: integrated, loudness range, momentary and short-term
    series and maxima, sample and true peak (4x oversampled)."""
    r = _tonewood._measure_loudness(as_audio(array), float(sample_rate))
    return LoudnessReport(
        integrated=r.integrated, range=r.range, max_momentary=r.max_momentary,
        max_short_term=r.max_short_term, sample_peak=r.sample_peak, true_peak=r.true_peak,
        channel_true_peaks=np.array(r.channel_true_peaks), momentary=np.array(r.momentary),
        short_term=np.array(r.short_term), hop=r.series_hop,
    )


def true_peak(array: Any, sample_rate: float) -> float:
    """The highest inter-sample peak over all channels (linear, 4x oversampled)."""
    return loudness(array, sample_rate).true_peak


def true_peak_dbtp(array: Any, sample_rate: float) -> float:
    return loudness(array, sample_rate).true_peak_dbtp


@dataclass(frozen=True)
class Spectrum:
    """An averaged amplitude spectrum: a sine of amplitude A reads A at its frequency."""

    frequencies: np.ndarray
    amplitude: np.ndarray  # (channels, bins)

    @property
    def db(self) -> np.ndarray:
        return to_db(self.amplitude)

    def peak_hz(self, channel: int = 0) -> float:
        """The loudest frequency, refined by parabolic interpolation on the dB values."""
        a = self.db[channel]
        k = int(np.argmax(a[1:-1])) + 1
        d = 0.5 * (a[k - 1] - a[k + 1]) / (a[k - 1] - 2 * a[k] + a[k + 1])
        return float((k + d) * self.frequencies[1])


def spectrum(array: Any, sample_rate: float, fft_size: int = 4096, window: str = "hann") -> Spectrum:
    """Welch's averaged amplitude spectrum per channel (half-overlapping windows)."""
    amplitude = _tonewood._averaged_spectrum(as_audio(array), int(fft_size), window)
    return Spectrum(np.fft.rfftfreq(int(fft_size), 1 / float(sample_rate)), amplitude)


def stft(
    array: Any, fft_size: int = 2048, hop: int = 512, window: str = "hann", center: bool = True
) -> np.ndarray:
    """Complex STFT, shape (channels, frames, fft_size // 2 + 1). With `center`, frame k is
    centred on sample k * hop. Bins are scaled so a sine of amplitude A on a bin reads A."""
    return _tonewood._stft(as_audio(array), int(fft_size), int(hop), window, bool(center))


@dataclass(frozen=True)
class Spectrogram:
    times: np.ndarray        # seconds, frame centres
    frequencies: np.ndarray  # Hz
    db: np.ndarray           # (bins, frames), amplitude in dB, channels averaged in power


def spectrogram(
    array: Any, sample_rate: float, fft_size: int = 2048, hop: int = 512, window: str = "hann"
) -> Spectrogram:
    frames = stft(array, fft_size, hop, window, center=True)
    power = np.mean(np.abs(frames) ** 2, axis=0)
    return Spectrogram(
        times=np.arange(frames.shape[1]) * hop / float(sample_rate),
        frequencies=np.fft.rfftfreq(int(fft_size), 1 / float(sample_rate)),
        db=10 * np.log10(np.maximum(power.T, 1e-24)),
    )


def onsets(
    array: Any,
    sample_rate: float,
    method: str = "default",
    *,
    threshold: float = 0.3,
    min_interval: float = 0.02,
    silence_db: float = -70.0,
    fft_size: int = 1024,
    hop: int = 256,
) -> np.ndarray:
    """Onset times in seconds (aubio; methods default/hfc, energy, complex, phase, wphase,
    specdiff, kl, mkl, specflux)."""
    return _tonewood._onsets(
        as_audio(array), float(sample_rate), method, int(fft_size), int(hop), float(threshold),
        float(min_interval), float(silence_db),
    )


@dataclass(frozen=True)
class Tempo:
    bpm: float
    confidence: float
    beats: np.ndarray  # seconds


def tempo(array: Any, sample_rate: float, fft_size: int = 1024, hop: int = 512) -> Tempo:
    """Beat tracking (aubio): the tempo from the beat intervals (mean of those near the median)
    and the beat times."""
    bpm, confidence, beats = _tonewood._tempo(as_audio(array), float(sample_rate), int(fft_size), int(hop))
    return Tempo(float(bpm), float(confidence), beats)


@dataclass(frozen=True)
class PitchTrack:
    times: np.ndarray        # seconds, centre of each analysis window
    frequencies: np.ndarray  # Hz, 0 where unvoiced
    confidences: np.ndarray  # NaN for methods without one

    def median_hz(self) -> float:
        voiced = self.frequencies[self.frequencies > 0]
        return float(np.median(voiced)) if voiced.size else 0.0


def pitch(
    array: Any,
    sample_rate: float,
    method: str = "yinfast",
    *,
    fft_size: int = 2048,
    hop: int = 256,
    min_confidence: float = 0.5,
) -> PitchTrack:
    """Fundamental frequency over time (aubio; yinfast (default), yin, yinfft, mcomb, fcomb,
    schmitt, specacf). Frames below `min_confidence` read 0 Hz; only yin, yinfast and specacf
    report a confidence (NaN otherwise, and then nothing is gated)."""
    times, hz, confidence = _tonewood._pitch(
        as_audio(array), float(sample_rate), method, int(fft_size), int(hop), float(min_confidence)
    )
    return PitchTrack(times, hz, confidence)


def silence(
    array: Any, sample_rate: float, threshold_db: float = -60.0, min_duration: float = 0.1
) -> np.ndarray:
    """Silent stretches as (start, end) frame pairs, shape (n, 2): at least `min_duration`
    seconds whose 10 ms RMS stays below `threshold_db` dBFS."""
    return _tonewood._silent_regions(
        as_audio(array), float(sample_rate), float(threshold_db), int(round(min_duration * sample_rate))
    )
