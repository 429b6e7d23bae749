"""The exceptions tonewood raises. Each also derives from the built-in a Python user would
expect, so ``except KeyError`` or ``except ValueError`` keep working."""

from __future__ import annotations


class Error(Exception):
    """Base class of every tonewood error."""


class ParameterNotFoundError(Error, KeyError):
    """A parameter ID that does not exist; ``suggestions`` holds the closest existing IDs."""

    def __init__(self, message: str, id: str = "", suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.id = id
        self.suggestions = list(suggestions or [])

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class AttributeNotFoundError(Error, AttributeError):
    """Setting an attribute a tonewood object does not have (a misspelt property, such as
    ``transport.tempo`` for ``tempo_bpm``), which Python would otherwise add silently; the message
    names the close ones."""


class OutOfRangeError(Error, ValueError):
    """A value outside its allowed range; the message names the range and unit."""


class InvalidArgumentError(Error, ValueError):
    """An argument of the wrong kind, shape or combination."""


class InvalidTypeError(Error, TypeError):
    """An argument of the wrong type: integer samples where floats are needed, a string where an
    array is."""


class CapacityError(Error, RuntimeError):
    """A fixed-capacity queue is full (for example, too many pending events)."""


class AudioFileError(Error, OSError):
    """An audio file could not be read or written; the message names the file."""


class DeviceError(Error, OSError):
    """A live audio or MIDI server or port cannot be reached or used (no JACK server running, a
    port that does not exist, a refused connection); the message names it."""


class PluginCrashedError(Error, RuntimeError):
    """A plugin run isolated (``isolated=True``) crashed or stopped answering in its child
    process; the message names the plugin and the signal or the time it was silent. Python goes
    on, and the plugin starts afresh when an engine prepares it again."""


class MidiFileError(Error, ValueError):
    """A MIDI file that cannot be read or written; the message names the file and ``offset``
    is the byte where reading stopped (-1 when not tied to one)."""

    def __init__(self, message: str, offset: int = -1) -> None:
        super().__init__(message)
        self.offset = offset


class MediaMissingError(Error, FileNotFoundError):
    """A project refers to files that are not there; ``missing`` lists every one of them (load
    again with ``relink={old: new}``)."""

    def __init__(self, message: str, missing: list[str] | None = None) -> None:
        super().__init__(message)
        self.missing = list(missing or [])


class PresetError(Error, ValueError):
    """A preset file that cannot be read; the message names the file and the line."""


class MidiFileWarning(UserWarning):
    """A MIDI file read leniently (fewer tracks than declared, bytes after the declared tracks,
    format 0 with several tracks); the message names the file."""


class RecordingWarning(UserWarning):
    """A recording lost frames (the disk fell behind); what arrived is kept."""


class ProjectWarning(UserWarning):
    """Something in a project file was let pass (a key this tonewood does not know); the message
    names the file and the key's path."""


class PresetWarning(UserWarning):
    """Something in a preset was skipped or adjusted (unknown parameter, value clamped)."""
