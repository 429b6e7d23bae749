"""What an open audio file is, shared by AudioFile and MappedAudioFile."""

from __future__ import annotations

from typing import Any


class FileFacts:
    """Properties read from the native handle in ``self._native``."""

    _native: Any

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def sample_rate(self) -> int | float:
        """In Hz; an int unless the file stores a fractional rate."""
        rate = self._native.sample_rate
        return int(rate) if float(rate).is_integer() else rate

    @property
    def channels(self) -> int:
        return self._native.channels

    @property
    def frames(self) -> int:
        """Frames in the file (for a file being written: written so far)."""
        return self._native.frames

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.frames / self.sample_rate

    @property
    def format(self) -> str:
        """The container: "WAV", "WAVEX", "RF64", "W64", "AIFF", "FLAC", "OGG", "MP3", "CAF"..."""
        return self._native.format

    @property
    def subtype(self) -> str:
        """The sample encoding: "PCM_16", "PCM_24", "FLOAT", "VORBIS", ..."""
        return self._native.subtype
