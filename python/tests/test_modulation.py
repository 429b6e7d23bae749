from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood.compat import resonarium


def rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(x.astype(np.float64) ** 2) + 1e-30))


def test_sources_are_listed_with_stable_ids() -> None:
    ids = [s.id for s in tonewood.Resonator.mod_sources()]
    for expected in ["lfo1", "rnd4", "env2", "mseg3", "mlfo1", "mrnd2", "mmseg4", "macro6", "vel", "cc74"]:
        assert expected in ids
    lfo = next(s for s in tonewood.Resonator.mod_sources() if s.id == "mlfo1")
    assert lfo.bipolar and not lfo.poly and "LFO 1" in lfo.name


def test_a_macro_route_changes_the_sound_and_can_be_removed(plucked: tonewood.Resonator) -> None:
    plucked.set_param("decayTime wb0r0", 0.2)
    plucked.note_on(57)
    short = plucked.render(seconds=1.0)
    plucked.reset()
    plucked.set_param("macro1", 1.0)
    plucked.connect_modulation("macro1", "decayTime wb0r0", 0.3)
    plucked.note_on(57)
    long = plucked.render(seconds=1.0)
    assert rms_db(long[0, 22050:]) > rms_db(short[0, 22050:]) + 20
    assert [m.source for m in plucked.modulations("decayTime wb0r0")] == ["macro1"]
    plucked.disconnect_modulation("macro1", "decayTime wb0r0")
    assert plucked.modulations() == []


def test_bad_routes_name_the_problem(plucked: tonewood.Resonator) -> None:
    with pytest.raises(ValueError, match="unknown modulation source 'lfo9'"):
        plucked.connect_modulation("lfo9", "gain wb0r0", 0.5)
    with pytest.raises(KeyError, match="did you mean"):
        plucked.connect_modulation("lfo1", "gain wb0r9", 0.5)
    with pytest.raises(ValueError, match="internal parameter"):
        plucked.connect_modulation("lfo1", "numVoices", 0.5)
    with pytest.raises(ValueError, match=r"modulation depth must be within \[-1, 1\]"):
        plucked.connect_modulation("lfo1", "gain wb0r0", 2.0)
    with pytest.raises(ValueError, match="unknown modulation curve"):
        plucked.connect_modulation("lfo1", "gain wb0r0", 0.5, curve="wiggly")
    with pytest.raises(ValueError, match="no modulation"):
        plucked.disconnect_modulation("lfo1", "gain wb0r0")


def test_msegs_can_be_edited_and_survive_a_preset_round_trip(tmp_path: Path) -> None:
    synth = tonewood.Resonator(patch=None)
    synth.set_mseg(2, [(0.0, 0.0, 5.5), (0.25, 1.0, 2.0), (1.0, 0.5, 5.5)], loop_start=1, loop_end=2)
    synth.connect_modulation("mseg2", "postFilterCutoff wb0r0", 0.4, curve="quadOut", bipolar=True)
    synth.tempo_bpm = 96
    synth.save_preset(tmp_path / "m.json")
    other = tonewood.Resonator(patch=None)
    other.load_preset(tmp_path / "m.json")
    assert other.mseg(2) == ([(0.0, 0.0, 5.5), (0.25, 1.0, 2.0), (1.0, 0.5, 5.5)], 1, 2)
    (route,) = other.modulations()
    assert (route.source, route.curve, route.bipolar) == ("mseg2", "quadOut", True)
    assert route.depth == pytest.approx(0.4)
    with pytest.raises(ValueError, match="MSEG point times must not decrease"):
        synth.set_mseg(1, [(0.5, 0.0, 5.5), (0.2, 1.0, 5.5)])
    with pytest.raises(ValueError, match=r"MSEG must be within \[1, 4\]"):
        synth.mseg(5)


def test_compat_modulation_names() -> None:
    synth = resonarium.Resonarium(sampleRate=48000, blockSize=256)
    assert synth.get_sample_rate() == 48000 and synth.get_block_size() == 256
    assert any(s.id == "macro1" for s in synth.get_all_mod_sources())
    synth.connect_modulation("macro1", "dispersion wb0r0", 1.0)
    assert [m.source for m in synth.get_parameter_modulations("dispersion wb0r0")] == ["macro1"]
    synth.disconnect_modulation("macro1", "dispersion wb0r0")
    assert synth.get_parameter_modulations("dispersion wb0r0") == []
    info = synth.get_all_params()[4]
    assert info.id == "decayTime wb0r0" and info.value == "3.0" and info.max_value == 60.0
    assert resonarium.get_version() == tonewood.__version__
