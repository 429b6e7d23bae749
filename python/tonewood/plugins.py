"""The plugins tonewood hosts (LV2, through lilv): ``list`` what is installed, ``load`` one as a
processor. SoundFonts have their own instrument, ``tonewood.SoundFont``."""

from __future__ import annotations

import builtins
import os
from typing import Any

from tonewood.lv2 import LV2Plugin, Lv2PluginInfo, plugins as _lv2_plugins


def list(kind: str | None = None, name: str | None = None) -> builtins.list[Lv2PluginInfo]:  # noqa: A001
    """Installed plugins, filtered by class label (`kind`) and by name or URI (`name`)."""
    return _lv2_plugins(kind, name)


def load(plugin: str | os.PathLike[str], **params: Any) -> LV2Plugin:
    """Hosts a plugin (a URI or a bundle folder), with parameters set by symbol."""
    return LV2Plugin(plugin, **params)
