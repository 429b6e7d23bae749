"""LV2 plugins: what is installed, and hosting one as a processor.

``plugins()`` lists every plugin lilv finds (``LV2_PATH``, else the standard folders) with its
ports and the host features it needs; ``LV2Plugin(uri)`` (or a bundle path) runs one in an
``Engine``, a ``Chain``, or on an array. Its control inputs are its parameters, by symbol and in
the plugin's own units; changes inside a block take effect at their frame.
"""

from __future__ import annotations

import os
import sysconfig
from typing import Any, Iterable, Sequence

import numpy as np

from tonewood import _tonewood
from tonewood.errors import InvalidArgumentError
from tonewood._midi_sending import MidiSending, _int_in
from tonewood.processors import Processor

Lv2PluginInfo = _tonewood.Lv2PluginInfo


def plugins(kind: str | None = None, name: str | None = None) -> list[Lv2PluginInfo]:
    """Installed plugins by URI; `kind` keeps those whose class label contains it ("Reverb",
    "Instrument": with it, any plugin that takes MIDI and gives audio from no audio input),
    `name` those whose name or URI contains it (case-insensitive)."""
    found = list(_tonewood._lv2_plugins())
    if kind is not None:
        # "instrument" also finds plugins that play MIDI into audio under another class.
        found = [p for p in found if kind.lower() in p.kind.lower()
                 or (kind.lower() == "instrument" and p.is_instrument)]
    if name is not None:
        found = [p for p in found if name.lower() in p.name.lower() or name.lower() in p.uri.lower()]
    return found


def load_bundle(path: str | os.PathLike[str]) -> None:
    """Makes the plugins and presets in a bundle folder outside ``LV2_PATH`` known."""
    _tonewood._lv2_load_bundle(os.fspath(path))


class LV2Plugin(MidiSending, Processor):
    """An LV2 plugin as a processor. `plugin` is a URI or a bundle folder; keywords set
    parameters by symbol (``LV2Plugin("http://lv2plug.in/plugins/eg-amp", gain=-6)``).

    With ``isolated=True`` the plugin runs in a child process (``tonewood-plugin-host``) and
    its audio crosses in shared memory: the same parameters, MIDI, state and presets, and the
    same output sample for sample, but a plugin that crashes, or does not answer within
    `timeout` seconds, raises ``PluginCrashedError`` instead of taking Python down. It then
    gives silence until an engine prepares it again, which starts a fresh child."""

    def __init__(self, plugin: str | os.PathLike[str], *, isolated: bool = False,
                 timeout: float = 10.0, **params: Any) -> None:
        if isolated:
            native = _tonewood._IsolatedLv2Plugin(os.fspath(plugin), _host_program(), float(timeout))
        else:
            native = _tonewood._Lv2Plugin(os.fspath(plugin))
        super().__init__(native)
        self._queued: list[tuple[int, bytes]] = []
        for symbol, value in params.items():
            self._write(symbol, value)

    @property
    def info(self) -> Lv2PluginInfo:
        return self._processor.info

    @property
    def isolated(self) -> bool:
        """Whether the plugin runs in a child process."""
        return isinstance(self._processor, _tonewood._IsolatedLv2Plugin)

    @property
    def failure(self) -> str | None:
        """Why an isolated plugin stopped (it crashed or hung), or None while it works."""
        return self._processor.failure if self.isolated else None

    def presets(self) -> dict[str, str]:
        """The plugin's presets: label -> URI."""
        return {label: uri for uri, label in self._processor.presets()}

    def load_preset(self, preset: str) -> None:
        """Applies a preset by label or URI: its port values become the parameters (and the
        plugin's own state, unless an engine plays it)."""
        self._processor.load_preset(preset)

    def save_state_bundle(self, directory: str | os.PathLike[str], label: str = "") -> None:
        """Saves the plugin's state (ports and its own) as an LV2 state bundle other hosts load
        (``jalv -l DIRECTORY``); with a label it is also a preset of the plugin once the folder
        is known (``load_bundle``). Not while an engine plays it."""
        self._processor.save_state_bundle(os.fspath(directory), label)

    def load_state_bundle(self, directory: str | os.PathLike[str]) -> None:
        """Restores an LV2 state bundle saved here or by another host."""
        self._processor.load_state_bundle(os.fspath(directory))

    def send(self, message: bytes | Sequence[int], frame: int | None = None) -> None:
        """Queues a MIDI message for an instrument plugin at `frame` frames after the start of
        the next ``render`` (None: its first frame). note_on, note_off, control_change,
        program_change, pitch_bend, channel_pressure, poly_pressure and all_notes_off name the
        messages (``plugin.note_on(channel=0, note=60, velocity=100, frame=4800)``)."""
        if self.info.midi_inputs == 0:
            raise InvalidArgumentError(f"{self.info.uri} takes no MIDI: call it on audio instead")
        at = 0 if frame is None else _int_in("frame", frame, 0, 2**62, " frames")
        self._queued.append((at, bytes(message)))

    def render(self, frames: int | None = None, *, seconds: float | None = None,
               sample_rate: float = 48000.0, block_size: int = 512) -> np.ndarray:
        """Plays an instrument plugin offline: the queued messages at their frames, for `frames`
        (or `seconds`) of audio, as an (outputs, frames) float32 array. The instrument goes on
        from its current state: notes held at the end sound on in the next render."""
        from tonewood.engine import Engine

        if self.info.midi_inputs == 0:
            raise InvalidArgumentError(f"{self.info.uri} takes no MIDI: call it on audio instead")
        engine = Engine(sample_rate, block_size, inputs=0, outputs=max(1, self.num_outputs))
        node = engine.add(self)
        try:
            engine.connect(node, engine.output)
            queued, self._queued = self._queued, []
            for at, message in queued:
                node.send(message, frame=at)
            return engine.render(frames, seconds=seconds)
        finally:
            engine.remove(node)  # the plugin is its own again (state, presets)

    def process(self, midi_messages: Iterable[tuple[float, bytes | Sequence[int]]], seconds: float,
                sample_rate: float = 48000.0, *, block_size: int = 512) -> np.ndarray:
        """Plays an instrument plugin offline: `midi_messages` are (time in seconds, MIDI bytes)
        pairs, each placed on the frame its time gives; returns `seconds` of audio as an
        (outputs, frames) float32 array. The instrument goes on from its current state."""
        for when, message in midi_messages:
            self.send(bytes(message), frame=int(round(float(when) * sample_rate)))
        return self.render(seconds=seconds, sample_rate=sample_rate, block_size=block_size)

    def close(self) -> None:
        """Drops queued messages; an isolated plugin's child process ends (a later render
        starts a new one)."""
        self._queued = []
        if self.isolated:
            self._processor.close()

    def __enter__(self) -> LV2Plugin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        values = ", ".join(f"{p.id}={self._read(p.id)!r}" for p in self._processor.params())
        isolated = ", isolated=True" if self.isolated else ""
        return f"LV2Plugin({self.info.uri!r}{isolated}, {values})"


def _host_program() -> str:
    """The child program installed beside the tonewood command ("" lets the library look)."""
    path = os.path.join(sysconfig.get_path("scripts"), "tonewood-plugin-host")
    return path if os.access(path, os.X_OK) else ""
