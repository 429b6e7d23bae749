from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import tonewood
from conftest import SHARED

PRESETS = sorted((SHARED / "data" / "resonarium-presets").glob("*.xml"))
# Shared after parity was reached for the others; issue 18 matches their curves and levels. Until
# then they must load and play finite, bounded audio, and may warn.
PARITY_PENDING = {"Garden of Unearthly Delights"}
needs_presets = pytest.mark.skipif(
    not PRESETS, reason=f"shared Resonarium presets not found under {SHARED} (not part of the repository)"
)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    synth = tonewood.Resonator(patch=None)
    synth.set_param("enabled wb0r0", 1)
    synth.set_param("decayTime wb0r0", 4.25)
    synth.set_param("couplingMode wb1", 2)
    path = tmp_path / "mine.json"
    synth.save_preset(path, name="Mine", author="me", tags=["pluck", "test"])
    data = json.loads(path.read_text())
    assert data["format"] == "tonewood.resonator-preset" and data["version"] == 1
    assert data["parameters"] == {"enabled wb0r0": 1.0, "decayTime wb0r0": 4.25, "couplingMode wb1": 2.0}
    other = tonewood.Resonator(patch=None)
    info = other.load_preset(path)
    assert (info.name, info.author, info.tags, info.warnings) == ("Mine", "me", ["pluck", "test"], [])
    assert other.get_param("decayTime wb0r0") == 4.25 and other.get_param("couplingMode wb1") == 2
    other.save_preset(tmp_path / "again.json", name="Mine", author="me", tags=["pluck", "test"])
    assert (tmp_path / "again.json").read_text() == path.read_text()


def test_loading_resets_what_the_preset_does_not_set(tmp_path: Path) -> None:
    synth = tonewood.Resonator(patch=None)
    synth.save_preset(tmp_path / "plain.json")
    synth.set_param("gain wb2r2", -20)
    synth.load_preset(tmp_path / "plain.json")
    assert synth.get_param("gain wb2r2") == 0.0


def test_unknown_ids_warn_and_malformed_files_raise_with_the_line(tmp_path: Path) -> None:
    synth = tonewood.Resonator(patch=None)
    good = tmp_path / "odd.json"
    good.write_text(json.dumps({"format": "tonewood.resonator-preset", "version": 1,
                                "parameters": {"noSuchParam": 1, "decayTime wb0r0": 2}}))
    with pytest.warns(tonewood.PresetWarning, match="noSuchParam"):
        info = synth.load_preset(good)
    assert synth.get_param("decayTime wb0r0") == 2 and len(info.warnings) == 1
    bad = tmp_path / "bad.xml"
    bad.write_text('<state name="x">\n  <state/>\n  <param uid="gain wb0r0" val="loud"/>\n</state>\n')
    synth.set_param("decayTime wb0r0", 5)
    with pytest.raises(tonewood.PresetError, match=r"bad.xml', line 3: 'val' is not a number"):
        synth.load_preset(bad)
    assert synth.get_param("decayTime wb0r0") == 5  # nothing half-applied
    with pytest.raises(ValueError):
        synth.load_preset(tmp_path / "missing.json")


@needs_presets
@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_resonarium_presets_load_and_play(path: Path, tmp_path: Path) -> None:
    synth = tonewood.Resonator(patch=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if path.stem in PARITY_PENDING else "error")
        info = synth.load_preset(path)
    assert info.name == path.stem and info.resonarium_compatibility and synth.resonarium_compatibility
    synth.note_on(48, 100)
    audio = synth.render(seconds=1.0)
    assert np.isfinite(audio).all() and np.abs(audio).max() < 16
    if path.stem not in PARITY_PENDING:
        assert np.abs(audio).max() > 1e-3
    synth.save_preset(tmp_path / "copy.json")
    copy = tonewood.Resonator(patch=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if path.stem in PARITY_PENDING else "error")
        copy.load_preset(tmp_path / "copy.json")
    assert copy.resonarium_compatibility
    assert [p.value for p in copy.params()] == [p.value for p in synth.params()]


def test_sample_exciter_plays_a_file_and_presets_keep_it(tmp_path: Path) -> None:
    rate = 22050
    tone = (0.5 * np.sin(2 * np.pi * 1000 * np.arange(rate // 2) / rate)).astype(np.float32)
    tonewood.write(tmp_path / "tone.flac", tone, rate)
    synth = tonewood.Resonator(sample_rate=44100, patch=None)
    synth.load_sample(tmp_path / "tone.flac")
    synth.set_param("sampleEnable", 1)
    synth.set_param("sampleMix", 0.0)  # straight to the output
    synth.sample_key_tracking = 60
    synth.note_on(72, 127)  # an octave up: 2 kHz, twice as fast
    out = synth.render(seconds=0.5)
    audible = np.flatnonzero(np.abs(out[0]) > 1e-3)
    assert abs(audible[-1] - 11025) < 40
    spectrum = np.abs(np.fft.rfft(out[0, :8192] * np.hanning(8192)))
    assert abs(np.argmax(spectrum) * 44100 / 8192 - 2000) < 10
    synth.save_preset(tmp_path / "s.json")
    other = tonewood.Resonator(patch=None)
    assert other.load_preset(tmp_path / "s.json").warnings == []
    (tmp_path / "tone.flac").unlink()
    with pytest.warns(tonewood.PresetWarning, match="sample not loaded"):
        other.load_preset(tmp_path / "s.json")
    with pytest.raises(OSError, match="missing.wav"):
        synth.load_sample(tmp_path / "missing.wav")
