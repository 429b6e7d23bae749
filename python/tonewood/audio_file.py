"""Audio files through libsndfile: ``tonewood.AudioFile``, ``tonewood.read``, ``tonewood.write``.

Arrays are shaped (channels, frames). Reading, writing and decoding run without the GIL, so
separate files can be processed in parallel threads.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Any

import numpy as np

from tonewood import _tonewood
from tonewood._file_facts import FileFacts
from tonewood._arrays import check_layout
from tonewood._checks import count
from tonewood.errors import InvalidArgumentError, OutOfRangeError
from tonewood.resampling import Resampler

DTYPES = ("float32", "float64", "int16", "int32")


def _dtype_name(dtype: Any) -> str:
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = str(dtype)
    if name not in DTYPES:
        raise InvalidArgumentError(f"dtype must be one of {', '.join(DTYPES)}, got {name}")
    return name


def _stream_name(file: Any) -> str:
    name = getattr(file, "name", None)
    return name if isinstance(name, str) else "<file object>"


MAX_BLOCK_FRAMES = 1 << 26


class AudioFile(FileFacts):
    """An open audio file, used as a context manager.

    Reading: ``AudioFile(path_or_file_or_bytes)``; any format libsndfile reads (WAV, RF64, W64,
    AIFF, FLAC, OGG/Vorbis, Opus, MP3, CAF, ...). A truncated or corrupt file raises
    AudioFileError naming it; ``allow_truncated=True`` reads what a cut-short WAV/AIFF holds.

    Writing: ``AudioFile(path_or_file, "w", sample_rate=48000, channels=2, format=None,
    subtype=None, compression=None, dither=False, tags=None)``. The format comes from the
    extension unless named ("WAV", "RF64", "W64", "AIFF", "FLAC", "OGG", "MP3", "CAF"); the
    subtype defaults to PCM_24 (VORBIS for .ogg, OPUS for .opus, MPEG_LAYER_III for .mp3). A
    path is written through a temporary file that replaces the target only when the file is
    closed successfully; leaving the ``with`` block by an exception discards the new file and
    keeps any old one. WAV and AIFF stop at 4 GB (AudioFileError); use RF64 or W64 beyond.
    NaN and infinity are refused (they have no integer sample, and a float file full of them is
    rarely what was meant); ``allow_nonfinite=True`` writes them as they are.
    """

    def __init__(
        self,
        file: str | os.PathLike[str] | bytes | bytearray | memoryview | Any,
        mode: str = "r",
        sample_rate: int | None = None,
        channels: int | None = None,
        format: str | None = None,
        subtype: str | None = None,
        *,
        compression: float | None = None,
        dither: bool = False,
        tags: Mapping[str, str] | None = None,
        allow_truncated: bool = False,
        allow_nonfinite: bool = False,
    ) -> None:
        if mode not in ("r", "w"):
            raise InvalidArgumentError(f"mode must be 'r' or 'w', got {mode!r}")
        self._mode = mode
        self._allow_nonfinite = bool(allow_nonfinite)
        if isinstance(file, (bytes, bytearray, memoryview)):
            if mode != "r":
                raise InvalidArgumentError("bytes can only be read; to write into memory pass io.BytesIO()")
            file = io.BytesIO(bytes(file))
        is_path = isinstance(file, (str, os.PathLike))
        if mode == "r":
            if is_path:
                self._native = _tonewood._AudioFile.open_read(os.fspath(file), allow_truncated)
            else:
                self._native = _tonewood._AudioFile.open_read_stream(
                    file, _stream_name(file), allow_truncated
                )
            return
        if sample_rate is None or channels is None:
            raise InvalidArgumentError("writing needs sample_rate and channels")
        options = (
            (format or "").upper(),
            (subtype or "").upper(),
            -1.0 if compression is None else float(compression),
            bool(dither),
            {str(k).lower(): str(v) for k, v in (tags or {}).items()},
        )
        if is_path:
            self._native = _tonewood._AudioFile.open_write(
                os.fspath(file), float(sample_rate), int(channels), *options
            )
        else:
            self._native = _tonewood._AudioFile.open_write_stream(
                file, _stream_name(file), float(sample_rate), int(channels), *options
            )

    # -- what the file is (see FileFacts for the rest) -------------------------------------
    @property
    def mode(self) -> str:
        return self._mode

    @property
    def seekable(self) -> bool:
        return self._native.seekable

    @property
    def tags(self) -> dict[str, str]:
        """Metadata: title, artist, album, comment, date, genre, tracknumber, copyright,
        software, license (those the file has)."""
        return dict(self._native.tags)

    @property
    def closed(self) -> bool:
        return not self._native.is_open

    # -- reading ---------------------------------------------------------------------------
    def read(self, frames: int = -1, dtype: Any = "float32") -> np.ndarray:
        """Up to `frames` frames from the position (-1: to the end) as a (channels, n) array.
        Integer dtypes are full scale (int16: +-32768, int32: +-2^31)."""
        self._require("r")
        return getattr(self._native, f"read_{_dtype_name(dtype)}")(int(frames))

    def seek(self, frame: int, whence: int = os.SEEK_SET) -> int:
        """Moves the read position (whence as for files: SEEK_SET, SEEK_CUR, SEEK_END)."""
        self._require("r")
        return self._native.seek(int(frame), int(whence))

    def tell(self) -> int:
        return self._native.tell()

    def blocks(
        self,
        blocksize: int = 4096,
        overlap: int = 0,
        frames: int = -1,
        dtype: Any = "float32",
        fill_value: float | None = None,
    ) -> Iterator[np.ndarray]:
        """Yields (channels, blocksize) blocks from the position, each starting `blocksize -
        overlap` frames after the previous one, until `frames` frames (-1: the end) are used.
        The last block is shorter unless `fill_value` pads it. `blocksize` is at most 2^26
        frames (use ``read`` for a whole file)."""
        self._require("r")
        # Blocks are for streaming; a whole file at once is read(). The bound keeps a typo such
        # as 10**12 a range error instead of an attempt to allocate terabytes.
        blocksize = count("blocksize", blocksize, "frames", 1, MAX_BLOCK_FRAMES)
        overlap = count("overlap", overlap, "frames", 0, blocksize - 1)
        remaining = self.frames - self.tell() if frames < 0 else min(frames, self.frames - self.tell())
        kept: np.ndarray | None = None
        while remaining > 0:
            fresh_wanted = blocksize if kept is None else blocksize - overlap
            fresh = self.read(min(fresh_wanted, remaining), dtype)
            remaining -= fresh.shape[1]
            block = fresh if kept is None else np.concatenate([kept, fresh], axis=1)
            kept = block[:, block.shape[1] - overlap :] if overlap else None
            if block.shape[1] < blocksize and fill_value is not None:
                pad = np.full((block.shape[0], blocksize - block.shape[1]), fill_value, block.dtype)
                block = np.concatenate([block, pad], axis=1)
            yield block

    def resampled_to(
        self, sample_rate: float, quality: str = "vhq", blocksize: int = 65536
    ) -> Iterator[np.ndarray]:
        """Yields float32 blocks of the rest of the file converted to `sample_rate`, streaming
        (the file is never loaded whole); the blocks add up to exactly
        round(frames * sample_rate / self.sample_rate) frames."""
        converter = Resampler(self.sample_rate, sample_rate, self.channels, quality)
        return converter.stream(self.blocks(blocksize))

    # -- writing ---------------------------------------------------------------------------
    def write(self, data: Any) -> None:
        """Appends (channels, frames) samples (1-D for mono): float32/float64 (full scale 1.0;
        integer subtypes round to the nearest step and clip), int16 or int32."""
        self._require("w")
        array = np.asarray(data)
        if array.ndim == 1:
            array = array.reshape(1, -1)
        if array.ndim != 2:
            raise InvalidArgumentError(
                f"audio must be shaped (channels, frames), got {array.ndim} dimensions"
            )
        channels = self.channels
        if array.shape[0] != channels and array.shape[1] == channels:
            raise InvalidArgumentError(
                f"audio is shaped {array.shape}: frames-first (soundfile's layout); this file takes "
                f"(channels, frames) = ({channels}, n), so pass audio.T"
            )
        name = _dtype_name(array.dtype)
        if not self._allow_nonfinite and name.startswith("float"):
            _refuse_nonfinite(array)
        getattr(self._native, f"write_{name}")(np.ascontiguousarray(array))

    # -- lifetime --------------------------------------------------------------------------
    def close(self) -> None:
        """Finishes the file (for writes: completes it and puts it in place)."""
        self._native.close()

    def abandon(self) -> None:
        """Stops writing and discards what was written (a path keeps its old content)."""
        self._native.abandon()

    def __enter__(self) -> AudioFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None and self._mode == "w":
            self.abandon()
        else:
            self.close()

    def __del__(self) -> None:
        native = getattr(self, "_native", None)
        if native is not None and native.is_open:
            try:
                native.close()
            except Exception:  # noqa: BLE001 - nothing to report to during collection
                pass

    def __repr__(self) -> str:
        state = "closed" if self.closed else self._mode
        return (
            f"AudioFile({self.name!r}, {state}, {self.format}/{self.subtype}, "
            f"{self.sample_rate} Hz, {self.channels} ch, {self.frames} frames)"
        )

    def _require(self, mode: str) -> None:
        if self._mode != mode:
            verb = "reading" if mode == "r" else "writing"
            raise InvalidArgumentError(f"{self.name!r} is not open for {verb}")
        if self.closed:
            raise InvalidArgumentError(f"{self.name!r} is closed")


def read(
    file: str | os.PathLike[str] | bytes | Any,
    frames: int = -1,
    start: int = 0,
    stop: int | None = None,
    dtype: Any = "float32",
) -> tuple[np.ndarray, int]:
    """Reads a file: returns (audio shaped (channels, frames), sample_rate). `start`/`stop` pick
    a frame range (negative counts from the end)."""
    with AudioFile(file) as f:
        total = f.frames
        first = start + total if start < 0 else start
        last = total if stop is None else (stop + total if stop < 0 else stop)
        if not 0 <= first <= total:
            raise InvalidArgumentError(f"start must be within [-{total}, {total}] frames, got {start}")
        last = min(max(last, first), total)
        count = last - first if frames < 0 else min(frames, last - first)
        if first:
            f.seek(first)
        return f.read(count, dtype), f.sample_rate


def write(
    file: str | os.PathLike[str] | Any,
    data: Any,
    sample_rate: int,
    format: str | None = None,
    subtype: str | None = None,
    *,
    compression: float | None = None,
    dither: bool = False,
    tags: Mapping[str, str] | None = None,
    allow_nonfinite: bool = False,
) -> None:
    """Writes (channels, frames) audio (1-D for mono) in one call; see AudioFile for the options.
    The file appears only when completely written. An array that is plainly frames-first
    (soundfile's (frames, channels)) is refused with the hint to pass ``.T``."""
    array = check_layout(np.asarray(data), "audio", max_channels=1024)
    channels = array.shape[0]
    with AudioFile(
        file,
        "w",
        sample_rate,
        channels,
        format,
        subtype,
        compression=compression,
        dither=dither,
        tags=tags,
        allow_nonfinite=allow_nonfinite,
    ) as f:
        f.write(array)


def _refuse_nonfinite(array: np.ndarray) -> None:
    finite = np.isfinite(array)
    if finite.all():
        return
    channel, frame = (int(i) for i in np.argwhere(~finite)[0])
    raise OutOfRangeError(
        f"audio holds {array[channel, frame]} at channel {channel}, frame {frame}: samples must be "
        f"finite (pass allow_nonfinite=True to write NaN and infinity as they are)"
    )
