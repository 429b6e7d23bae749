"""``tonewood.MappedAudioFile``: random access to big uncompressed files without loading them.

The file is memory-mapped: opening costs nothing, and only the pages a read touches come from
disk. Any frame range decodes to float32/float64 exactly as libsndfile would (and as
``tonewood.read`` does), and where numpy has a dtype for the stored samples, ``view()`` gives
them without a copy.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any

import numpy as np

from tonewood import _tonewood
from tonewood._file_facts import FileFacts
from tonewood.errors import InvalidArgumentError

_FLOAT_DTYPES = ("float32", "float64")


class MappedAudioFile(FileFacts):
    """A memory-mapped WAV, RF64 or AIFF/AIFC file (8/16/24/32-bit integers, 32/64-bit floats,
    either byte order, WAVE_FORMAT_EXTENSIBLE). Other formats raise AudioFileError (use
    AudioFile for them); so does a file shorter than its header says, unless
    ``allow_truncated=True`` (then the whole frames present are used).

    ``f.read(start, frames)`` or ``f[start:stop]`` decode a range to (channels, n) float32;
    ``f.view()`` is the stored samples as a read-only (channels, frames) numpy view. Reads
    release the GIL and may run from several threads at once. Views stay valid after close().
    Do not let another program shorten the file while it is mapped: touching the missing
    pages ends the process (SIGBUS), as with any memory map.
    """

    def __init__(self, path: str | os.PathLike[str], *, allow_truncated: bool = False) -> None:
        self._native: Any = _tonewood._MappedAudioFile.open(os.fspath(path), bool(allow_truncated))

    # -- what the file is (see FileFacts for the rest) -------------------------------------
    @property
    def dtype(self) -> np.dtype | None:
        """The numpy dtype of the stored samples (with their byte order), or None for 24-bit
        samples, which numpy has no type for."""
        encoding = self._native.encoding
        if encoding == "int24":
            return None
        dtype = np.dtype(encoding)
        return dtype.newbyteorder(">" if self._native.big_endian else "<") if dtype.itemsize > 1 else dtype

    def __len__(self) -> int:
        return self.frames

    # -- reading ---------------------------------------------------------------------------
    def read(self, start: int = 0, frames: int = -1, dtype: Any = "float32") -> np.ndarray:
        """Decodes `frames` frames from `start` (-1: to the end; a negative start counts from
        the end) into a new (channels, n) float32 or float64 array, full scale 1.0."""
        self._require_open()
        name = np.dtype(dtype).name
        if name not in _FLOAT_DTYPES:
            raise InvalidArgumentError(f"dtype must be float32 or float64, got {name}")
        total = self.frames
        first = start + total if start < 0 else start
        if not 0 <= first <= total:
            raise InvalidArgumentError(f"start must be within [-{total}, {total}] frames, got {start}")
        count = total - first if frames < 0 else int(frames)
        if count > total - first:
            raise InvalidArgumentError(
                f"{count} frames from frame {first} run past the end of {self.name!r} ({total} frames)"
            )
        return getattr(self._native, f"read_{name}")(int(first), int(count))

    def __getitem__(self, key: slice) -> np.ndarray:
        """``f[a:b]`` decodes frames a..b to float32, with the usual slice rules (step 1)."""
        if not isinstance(key, slice):
            raise InvalidArgumentError("index a MappedAudioFile with a frame slice, e.g. f[1000:5000]")
        first, last, step = key.indices(self.frames)
        if step != 1:
            raise InvalidArgumentError(f"frame slices must have step 1, got {step}")
        return self.read(first, max(0, last - first))

    def view(self) -> np.ndarray:
        """The stored samples as a read-only (channels, frames) array in the file's own dtype
        (see ``dtype``), without copying. 24-bit files have no such view: use read()."""
        self._require_open()
        dtype = self.dtype
        if dtype is None:
            raise InvalidArgumentError(
                f"{self.name!r} stores 24-bit samples, which numpy has no dtype for; use read()"
            )
        raw = self._native.raw_bytes()
        return raw.view(dtype).reshape(self.frames, self.channels).T

    # -- lifetime --------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._native is None

    def close(self) -> None:
        """Lets go of the mapping (views made from it keep their part alive)."""
        self._native = None

    def __enter__(self) -> MappedAudioFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        if self.closed:
            return "MappedAudioFile(closed)"
        return (
            f"MappedAudioFile({self.name!r}, {self.format}/{self.subtype}, {self.sample_rate} Hz, "
            f"{self.channels} ch, {self.frames} frames)"
        )

    def _require_open(self) -> None:
        if self._native is None:
            raise InvalidArgumentError("the MappedAudioFile is closed")
