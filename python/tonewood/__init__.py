"""tonewood: a music engine for Linux. Physical-modelling synthesis, audio files and analysis.

Quick start::

    import tonewood
    synth = tonewood.Resonator(sample_rate=48000)
    synth.set_param("impExciter0 enabled", 1)
    synth.set_param("enabled wb0r0", 1)
    synth.note_on(60, velocity=100)
    audio = synth.render(seconds=2.0)          # numpy float32, shape (2, 96000)
    tonewood.write("note.wav", audio, 48000)
"""

import tonewood._tonewood as _extension
from tonewood._binding_errors import translate_binding_errors as _translate_binding_errors

_translate_binding_errors(_extension)  # before any module takes a binding by name

from tonewood import analysis, buffer, devices, effects, errors, lv2, midi, nodes, plot, plugins, timeline  # noqa: E402
from tonewood._tonewood import ModSource, Modulation, Parameter, PresetInfo, Resonator, __version__
from tonewood._tonewood.timeline import TempoMap
from tonewood.audio_file import AudioFile, read, write
from tonewood.chain import Chain
from tonewood.devices import InputQueue, LiveInstrument, OutputQueue, Player
from tonewood.engine import Engine, MidiClockIn, Node, Transport
from tonewood.mapped_audio_file import MappedAudioFile
from tonewood.midi_rendering import render_midi
from tonewood.resampling import Resampler, resample
from tonewood.soundfont import SoundFont, SoundFontPreset
from tonewood.lv2 import LV2Plugin
from tonewood.link import Link
from tonewood.plugins import load as load_plugin
from tonewood.time_stretch import Stretcher, pitch_shift, time_stretch
from tonewood.timeline import Timeline, beats, seconds
from tonewood.errors import (
    AttributeNotFoundError,
    AudioFileError,
    DeviceError,
    MidiFileError,
    CapacityError,
    Error,
    InvalidArgumentError,
    InvalidTypeError,
    OutOfRangeError,
    ParameterNotFoundError,
    PluginCrashedError,
    MediaMissingError,
    PresetError,
    MidiFileWarning,
    PresetWarning,
    ProjectWarning,
    RecordingWarning,
)

__all__ = [
    "AudioFile",
    "Chain",
    "Engine",
    "MidiClockIn",
    "InputQueue",
    "Node",
    "OutputQueue",
    "LiveInstrument",
    "Link",
    "Player",
    "TempoMap",
    "Timeline",
    "beats",
    "seconds",
    "timeline",
    "Transport",
    "devices",
    "effects",
    "nodes",
    "AttributeNotFoundError",
    "AudioFileError",
    "DeviceError",
    "CapacityError",
    "Error",
    "InvalidArgumentError",
    "InvalidTypeError",
    "MappedAudioFile",
    "MidiFileError",
    "ModSource",
    "Modulation",
    "OutOfRangeError",
    "Parameter",
    "ParameterNotFoundError",
    "PluginCrashedError",
    "MediaMissingError",
    "PresetError",
    "PresetInfo",
    "MidiFileWarning",
    "PresetWarning",
    "ProjectWarning",
    "RecordingWarning",
    "Resampler",
    "LV2Plugin",
    "Resonator",
    "SoundFont",
    "SoundFontPreset",
    "Stretcher",
    "__version__",
    "analysis",
    "buffer",
    "errors",
    "lv2",
    "load_plugin",
    "plugins",
    "midi",
    "pitch_shift",
    "plot",
    "read",
    "render_midi",
    "resample",
    "time_stretch",
    "write",
]
