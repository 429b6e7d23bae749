"""Pictures of audio: ``waveform``, ``spectrogram`` and ``spectrum``, saved as PNG, and of a song:
``session`` (its tracks, clips and automation).

Each function takes a (channels, frames) array with its sample rate, or a path to any file
tonewood reads, and returns a matplotlib Figure; with ``output=`` it also saves a PNG (written
through a temporary file, so a failure leaves nothing behind). matplotlib is an optional extra:
``pip install 'tonewood[plot]'``. Figures are drawn off-screen (Agg), never through pyplot, so
plotting works without a display and from several threads.

From a shell: ``tonewood plot FILE -o out.png --kind spectrogram``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from collections.abc import Callable
from typing import Any

import numpy as np

from tonewood import analysis
from tonewood._arrays import as_audio
from tonewood.audio_file import read
from tonewood._checks import count, number
from tonewood.errors import InvalidArgumentError, OutOfRangeError

KINDS = ("waveform", "spectrogram", "spectrum")
def _channel_names(channels: int) -> list[str]:
    return {1: ["mono"], 2: ["left", "right"]}.get(channels, [f"channel {c}" for c in range(channels)])


def _matplotlib() -> tuple[Any, Any]:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError(
            "tonewood.plot draws with matplotlib, which is not installed; "
            "install it with: pip install 'tonewood[plot]'"
        ) from e
    return Figure, FigureCanvasAgg


MAX_PIXELS = 20000  # per side: beyond this a PNG is no longer a picture but a memory hazard


def _new_figure(width: float, height: float, dpi: int) -> Any:
    """A figure of `width` x `height` inches, checked (with `dpi`) before anything is drawn."""
    width = number("width", width, "inches", 0.5, 500.0)
    height = number("height", height, "inches", 0.5, 500.0)
    dpi = count("dpi", dpi, "pixels per inch", 10, 2400)
    for side, inches in (("width", width), ("height", height)):
        if inches * dpi > MAX_PIXELS:
            raise OutOfRangeError(
                f"the picture's {side} would be {inches * dpi:.0f} pixels ({inches:g} inches at {dpi} dpi); "
                f"at most {MAX_PIXELS} pixels a side"
            )
    figure_class, canvas_class = _matplotlib()
    figure = figure_class(figsize=(width, height), layout="constrained")
    canvas_class(figure)
    return figure


def _source(source: Any, sample_rate: float | None) -> tuple[np.ndarray, float, str]:
    """(audio, rate, title) from an array and its rate, or from a file path."""
    if isinstance(source, (str, os.PathLike)):
        audio, rate = read(source)
        return audio, float(rate if sample_rate is None else sample_rate), Path(source).name
    if sample_rate is None:
        raise InvalidArgumentError("plotting an array needs its sample_rate (in Hz)")
    if not sample_rate > 0:
        raise InvalidArgumentError(f"sample_rate must be > 0 Hz, got {sample_rate}")
    return as_audio(source), float(sample_rate), ""


def _save(figure: Any, output: str | os.PathLike[str] | None, dpi: int) -> None:
    if output is None:
        return
    target = Path(output)
    if target.suffix.lower() != ".png":
        raise InvalidArgumentError(f"plots are saved as PNG; name the file *.png, got {str(target)!r}")
    if not target.parent.is_dir():
        raise InvalidArgumentError(f"cannot save {str(target)!r}: folder {str(target.parent)!r} does not exist")
    _replace_atomically(target, lambda temporary: figure.savefig(temporary, format="png", dpi=dpi))


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _replace_atomically(target: Path, write: Any) -> None:
    """Writes through a temporary beside the destination and renames it over, as the C++ writers
    do: a symlink's target is replaced (the link stays), an existing file keeps its permissions
    and a new one gets 0666 less the umask."""
    destination = Path(os.path.realpath(target)) if target.is_symlink() else target
    if destination.is_dir():
        raise InvalidArgumentError(f"cannot save {str(target)!r}: it is a directory")
    mode = destination.stat().st_mode & 0o7777 if destination.exists() else 0o666 & ~_umask()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".png", dir=destination.parent)
    except OSError as e:
        raise InvalidArgumentError(f"cannot save {str(target)!r}: {e.strerror}") from None
    os.close(handle)
    try:
        os.chmod(temporary, mode)
        write(temporary)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def envelope(audio: Any, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-column (min, max, rms) of each channel, `columns` columns across the signal: what a
    waveform picture shows, at a cost independent of the picture's detail. Arrays are shaped
    (channels, columns); a signal shorter than `columns` gives one column per frame."""
    audio = as_audio(audio)
    channels, frames = audio.shape
    if columns < 1:
        raise InvalidArgumentError(f"columns must be >= 1, got {columns}")
    columns = max(1, min(columns, frames))
    edges = np.linspace(0, frames, columns + 1).astype(np.int64)
    lows = np.empty((channels, columns), np.float32)
    highs = np.empty((channels, columns), np.float32)
    levels = np.empty((channels, columns), np.float32)
    if frames == 0:
        return lows[:, :0], highs[:, :0], levels[:, :0]
    starts = edges[:-1]
    lows[:] = np.minimum.reduceat(audio, starts, axis=1)
    highs[:] = np.maximum.reduceat(audio, starts, axis=1)
    energy = np.add.reduceat(audio.astype(np.float64) ** 2, starts, axis=1)
    levels[:] = np.sqrt(energy / np.diff(edges))
    return lows, highs, levels


def waveform(
    source: Any,
    sample_rate: float | None = None,
    *,
    output: str | os.PathLike[str] | None = None,
    title: str | None = None,
    width: float = 10.0,
    height: float = 2.0,
    dpi: int = 100,
) -> Any:
    """One row per channel: the min..max range of each pixel column, with its RMS inside, against
    time in seconds. `height` is per channel, in inches."""
    audio, rate, name = _source(source, sample_rate)
    channels, frames = audio.shape
    figure = _new_figure(width, height * channels, dpi)
    lows, highs, levels = envelope(audio, int(width * dpi))
    times = (np.linspace(0, frames, lows.shape[1] + 1)[:-1] + 0.5 * frames / max(lows.shape[1], 1)) / rate
    reach = max(1.0, float(np.max(np.abs(audio))) if frames else 1.0)
    names = _channel_names(channels)
    axes = figure.subplots(channels, 1, sharex=True, squeeze=False)[:, 0]
    for c, ax in enumerate(axes):
        ax.fill_between(times, lows[c], highs[c], color="#3a6ea5", linewidth=0.0)
        ax.fill_between(times, -levels[c], levels[c], color="#9cc3e6", linewidth=0.0)
        ax.axhline(0.0, color="#555555", linewidth=0.5)
        ax.set_ylim(-reach, reach)
        ax.set_xlim(0.0, frames / rate)
        ax.set_ylabel(names[c])
    axes[-1].set_xlabel("time (s)")
    axes[0].set_title(title if title is not None else name)
    _save(figure, output, dpi)
    return figure


def spectrogram(
    source: Any,
    sample_rate: float | None = None,
    *,
    output: str | os.PathLike[str] | None = None,
    title: str | None = None,
    fft_size: int = 2048,
    hop: int = 512,
    window: str = "hann",
    db_range: float = 90.0,
    max_hz: float | None = None,
    log_frequency: bool = False,
    width: float = 10.0,
    height: float = 4.0,
    dpi: int = 100,
    progress: Callable[[float], None] | None = None,
) -> Any:
    """Amplitude in dBFS over time and frequency (FFTW STFT, channels averaged in power), the
    colour scale spanning `db_range` dB below the loudest point. A long signal is drawn with
    one column per half pixel, each the mean power of the frames under it, so memory does not
    grow with the length; `progress(fraction)` is called as the analysis goes."""
    audio, rate, name = _source(source, sample_rate)
    if not db_range > 0:
        raise InvalidArgumentError(f"db_range must be > 0 dB, got {db_range}")
    figure = _new_figure(width, height, dpi)
    times, frequencies, db = _column_spectrogram(audio, rate, fft_size, hop, window, int(2 * width * dpi), progress)
    ax = figure.subplots()
    top = float(np.max(db)) if db.size else 0.0
    lowest_bin = 1 if log_frequency else 0  # 0 Hz has no place on a log axis
    image = ax.pcolormesh(
        times,
        frequencies[lowest_bin:],
        db[lowest_bin:],
        shading="nearest",
        cmap="magma",
        vmin=top - db_range,
        vmax=top,
        rasterized=True,
    )
    if log_frequency:
        ax.set_yscale("log")
    ax.set_ylim(frequencies[lowest_bin], max_hz if max_hz is not None else rate / 2)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (Hz)")
    ax.set_title(title if title is not None else name)
    figure.colorbar(image, ax=ax, label="dBFS")
    _save(figure, output, dpi)
    return figure


def _column_spectrogram(
    audio: np.ndarray, rate: float, fft_size: int, hop: int, window: str, columns: int,
    progress: Callable[[float], None] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(times, frequencies, dB) with at most `columns` time columns: the STFT (centred frames,
    channels averaged in power) is taken a stretch at a time and each column is the mean power
    of the frames it covers, so memory stays at one stretch and one picture however long the
    audio is (a 197 s stereo file would otherwise hold 300 MB of complex frames, and far more as
    a mesh of 19 million cells)."""
    fft_size, hop = int(fft_size), int(hop)
    if fft_size < 16 or hop < 1:
        raise InvalidArgumentError(f"fft_size must be >= 16 and hop >= 1, got {fft_size} and {hop}")
    frames_total = audio.shape[1] // hop + 1  # as a centred STFT counts them
    group = max(1, -(-frames_total // max(1, columns)))
    out_columns = -(-frames_total // group)
    power = np.zeros((fft_size // 2 + 1, out_columns), np.float64)
    padded = np.pad(audio, ((0, 0), (fft_size // 2, fft_size // 2)))
    stretch = group * max(1, 4096 // group)  # frames a stretch, whole columns only
    for first in range(0, frames_total, stretch):
        last = min(frames_total, first + stretch)
        piece = padded[:, first * hop : (last - 1) * hop + fft_size]
        if piece.shape[1] < fft_size:
            piece = np.pad(piece, ((0, 0), (0, fft_size - piece.shape[1])))
        frames = analysis.stft(piece, fft_size, hop, window, center=False)[:, : last - first]
        frame_power = np.mean(np.abs(frames) ** 2, axis=0)  # (frames, bins)
        for offset in range(0, frame_power.shape[0], group):
            column = (first + offset) // group
            power[:, column] = frame_power[offset : offset + group].mean(axis=0)
        if progress is not None:
            progress(last / frames_total)
    times = (np.arange(out_columns) * group + (group - 1) / 2) * hop / rate
    frequencies = np.fft.rfftfreq(fft_size, 1 / rate)
    return times, frequencies, 10 * np.log10(np.maximum(power, 1e-24))


def spectrum(
    source: Any,
    sample_rate: float | None = None,
    *,
    output: str | os.PathLike[str] | None = None,
    title: str | None = None,
    fft_size: int = 8192,
    window: str = "hann",
    log_frequency: bool = True,
    floor_db: float = -140.0,
    width: float = 10.0,
    height: float = 4.0,
    dpi: int = 100,
) -> Any:
    """The averaged amplitude spectrum (Welch, FFTW) of each channel in dBFS against frequency;
    a sine at full scale reads 0 dBFS."""
    audio, rate, name = _source(source, sample_rate)
    result = analysis.spectrum(audio, rate, fft_size=fft_size, window=window)
    figure = _new_figure(width, height, dpi)
    ax = figure.subplots()
    lowest_bin = 1 if log_frequency else 0
    names = _channel_names(audio.shape[0])
    levels = analysis.to_db(result.amplitude, floor_db)
    for c in range(levels.shape[0]):
        ax.plot(result.frequencies[lowest_bin:], levels[c, lowest_bin:], linewidth=0.8, label=names[c])
    if log_frequency:
        ax.set_xscale("log")
    ax.set_xlim(result.frequencies[lowest_bin], rate / 2)
    ax.set_ylim(max(floor_db, float(np.min(levels)) - 6.0), max(0.0, float(np.max(levels))) + 6.0)
    ax.grid(True, which="both", linewidth=0.3)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("amplitude (dBFS)")
    if levels.shape[0] > 1:
        ax.legend()
    ax.set_title(title if title is not None else name)
    _save(figure, output, dpi)
    return figure


_CLIP_COLOURS = {"audio": "#3a6ea5", "instrument": "#5a9a5a", "bus": "#8a6aa5"}


def session(
    song: Any,
    *,
    output: str | os.PathLike[str] | None = None,
    title: str | None = None,
    end: float | None = None,
    width: float = 12.0,
    row_height: float = 0.9,
    dpi: int = 100,
) -> Any:
    """A tonewood.Timeline as a DAW shows it: a row per track (the master last) with its audio
    clips (their waveforms, looped and reversed as they play), MIDI clips (their notes), and the
    volume (solid) and pan (dashed) automation across the row; bar lines, markers and the loop
    region over all of it. Time in seconds up to `end` (default: the song's end)."""
    native = song._session
    tempo = native.tempo_map
    names = list(native.track_names) + ["master"]
    last = song.duration if end is None else number("end", end, "s", 0.0)
    last = max(last, 1.0)
    figure = _new_figure(width, 0.6 + row_height * len(names), dpi)
    ax = figure.subplots(1, 1)
    columns = max(8, int(width * dpi))
    for row, name in enumerate(names):
        track = native.track(name)
        top = len(names) - row
        _draw_clips(ax, track, tempo, top, last, columns)
        for lane, style in ((track.volume_lane, "-"), (track.pan_lane, "--")):
            _draw_lane(ax, lane, tempo, top, last, style, columns)
        flags = "".join(f" [{flag[0].upper()}]" for flag in ("mute", "solo") if getattr(track, flag))
        ax.text(-0.01 * last, top - 0.5, f"{name}{flags}", ha="right", va="center", fontsize=8)
    beat, bar_beats = 0.0, []
    while tempo.seconds_at(beat) <= last and len(bar_beats) < 2000:
        bar_beats.append(beat)
        numerator, denominator = tempo.time_signature_at(beat)
        beat += numerator * 4.0 / denominator
    for b in bar_beats:
        ax.axvline(tempo.seconds_at(b), color="#dddddd", linewidth=0.5, zorder=0)
    for marker, at in native.markers:
        t = at.seconds_on(tempo)
        ax.axvline(t, color="#c0392b", linewidth=1.0)
        ax.text(t, len(names) + 0.05, marker, color="#c0392b", fontsize=8, va="bottom")
    if native.loop is not None:
        start, stop = (p.seconds_on(tempo) for p in native.loop)
        ax.axvspan(start, stop, ymin=0.0, ymax=1.0, color="#f1c40f", alpha=0.12, zorder=0)
    ax.set_xlim(0.0, last)
    ax.set_ylim(0.0, len(names) + 0.4)
    ax.set_yticks([])
    ax.set_xlabel("time (s)")
    ax.set_title(title if title is not None else repr(song).split(";")[0] + ")")
    _save(figure, output, dpi)
    return figure


def _draw_clips(ax: Any, track: Any, tempo: Any, top: float, last: float, columns: int) -> None:
    colour = _CLIP_COLOURS.get(track.kind, "#777777")
    for clip in track.audio_clips:
        start = clip.start.seconds_on(tempo)
        length = clip.played_seconds
        ax.add_patch(_rectangle(start, top - 0.95, length, 0.9, colour))
        audio = clip.source.audio
        rate = clip.source.sample_rate
        first = int(round(clip.offset_seconds * rate))
        region = audio[:, first:first + max(1, int(round(clip.region_seconds * rate)))]
        if clip.reverse:
            region = region[:, ::-1]
        played = int(round(length * rate))
        if region.shape[1] < played:
            region = np.tile(region, (1, played // region.shape[1] + 1))
        region = region[:, :played]
        wide = max(2, int(columns * length / last))
        lows, highs, _ = envelope(region.mean(axis=0, keepdims=True), wide)
        reach = max(float(np.max(np.abs(region))), 1e-9)
        times = start + (np.arange(lows.shape[1]) + 0.5) * length / lows.shape[1]
        ax.fill_between(times, top - 0.5 + 0.42 * lows[0] / reach, top - 0.5 + 0.42 * highs[0] / reach,
                        color="white", linewidth=0.0)
    for clip in track.midi_clips:
        first = clip.start.beats_on(tempo)
        ppq = clip.file.ticks_per_beat
        start = tempo.seconds_at(first)
        stop = tempo.seconds_at(first + clip.length_beats)
        ax.add_patch(_rectangle(start, top - 0.95, max(stop - start, 1e-3), 0.9, colour))
        notes = clip.file.notes()
        if not notes:
            continue
        pitches = [n[2] for n in notes]
        low, high = min(pitches), max(pitches)
        for n in notes:
            a, b = tempo.seconds_at(first + n[0] / ppq), tempo.seconds_at(first + n[1] / ppq)
            y = top - 0.85 + 0.7 * ((n[2] - low) / (high - low) if high > low else 0.5)
            ax.plot([a, b], [y, y], color="white", linewidth=1.5, solid_capstyle="butt")


def _draw_lane(ax: Any, lane: Any, tempo: Any, top: float, last: float, style: str, columns: int) -> None:
    points = lane.points
    if not points:
        return
    low, high = lane.min, lane.max
    if lane.parameter == "volume":
        low = -60.0  # a fader's useful travel; lower values sit on the row's floor
    times = np.linspace(0.0, last, columns)
    values = np.clip((np.array([lane.value_at(t, tempo) for t in times]) - low) / (high - low), 0.0, 1.0)
    ax.plot(times, top - 0.95 + 0.9 * values, style, color="#e67e22", linewidth=1.0)
    at = [p[0].seconds_on(tempo) for p in points]
    level = np.clip((np.array([p[1] for p in points]) - low) / (high - low), 0.0, 1.0)
    ax.plot(at, top - 0.95 + 0.9 * level, "o", color="#e67e22", markersize=2.5)


def _rectangle(x: float, y: float, w: float, h: float, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="#222222", linewidth=0.5, alpha=0.85)
