"""The plugins tonewood hosts (LV2, through lilv): ``list`` what is installed, ``load`` one as a
processor, ``check`` that one runs. SoundFonts have their own instrument, ``tonewood.SoundFont``."""

from __future__ import annotations

import builtins
import os
from typing import Any

from tonewood import _tonewood
from tonewood._checks import number
from tonewood.lv2 import LV2Plugin, Lv2PluginInfo, _host_program, plugins as _lv2_plugins

PluginCheck = _tonewood.PluginCheck


def list(kind: str | None = None, name: str | None = None) -> builtins.list[Lv2PluginInfo]:  # noqa: A001
    """Installed plugins, filtered by class label (`kind`) and by name or URI (`name`)."""
    return _lv2_plugins(kind, name)


def load(plugin: str | os.PathLike[str], **params: Any) -> LV2Plugin:
    """Hosts a plugin (a URI or a bundle folder), with parameters set by symbol (and
    ``isolated=True`` to run it in a child process)."""
    return LV2Plugin(plugin, **params)


def check(plugin: str | os.PathLike[str], *, seconds: float = 1.0, sample_rate: float = 48000.0,
          timeout: float = 10.0) -> PluginCheck:
    """Tries a plugin as a host would, in a child process so that nothing it does can harm this
    one: instantiates it, connects every port, plays `seconds` of noise (a note for instruments)
    in blocks of 64, 333 and 512 frames, requires finite output, and round-trips its state into
    a second instance. Returns a PluginCheck (``passed``, ``reason``, ``seconds``); a crash, a
    hang longer than `timeout` seconds or any error is a failed check, never an exception."""
    seconds = number("seconds", seconds, "s", 0.001, 3600.0)
    return _tonewood._lv2_check(os.fspath(plugin), seconds, float(sample_rate), _host_program(),
                                float(timeout))
