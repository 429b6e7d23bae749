"""Instruments played by name, the way General MIDI players are: SoundFonts, LV2 instruments and
the Resonator as context managers with note_on(channel=, note=, velocity=) and friends, at a
frame offline and at once live through JACK (a private dummy server the test starts)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood.nodes import CaptureQueue

FONT = Path("/usr/share/sounds/sf2/TimGM6mb.sf2")
SAMPLER = "http://lv2plug.in/plugins/eg-sampler"
needs_font = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} not found (Debian package timgm6mb-soundfont)")
needs_examples = pytest.mark.skipif(not Path("/usr/lib/lv2/eg-sampler.lv2").exists(),
                                    reason="the LV2 example plugins are not installed (Debian package lv2-examples)")


def onset(audio: np.ndarray, threshold: float = 1e-4) -> int:
    loud = np.abs(audio).max(axis=0) > threshold
    return int(np.argmax(loud)) if loud.any() else -1


@needs_examples
def test_an_lv2_instrument_plays_by_name_at_its_frame() -> None:
    instruments = tonewood.plugins.list(kind="instrument")
    assert SAMPLER in [p.uri for p in instruments]
    with tonewood.load_plugin(SAMPLER) as synth:
        synth.note_on(channel=0, note=60, velocity=100, frame=4800)
        first = synth.render(seconds=0.5)
        synth.note_off(channel=0, note=60)
        synth.all_notes_off(channel=0)
        second = synth.render(seconds=0.1)
    assert onset(first) == 4800
    assert second.shape == (1, 4800)
    with pytest.raises(tonewood.InvalidArgumentError, match="takes no MIDI"):
        tonewood.load_plugin("http://lv2plug.in/plugins/eg-amp").note_on(channel=0, note=60, velocity=100)


@needs_font
def test_a_soundfont_plays_the_general_midi_way() -> None:
    with tonewood.SoundFont(FONT, reverb=False, chorus=False) as synth:
        synth.program_change(channel=0, program=40)  # violin
        synth.control_change(channel=0, controller=7, value=100)
        synth.note_on(channel=0, note=60, velocity=100, frame=1000)
        synth.pitch_bend(channel=0, value=12288, frame=20000)
        audio = synth.render(seconds=1.0)
    assert 1000 <= int(np.flatnonzero(audio[0])[0]) <= 1064  # FluidSynth's 64-frame grid
    with pytest.raises(tonewood.OutOfRangeError, match=r"channel must be within \[0, 15\]"):
        synth.note_on(channel=16, note=60, velocity=100)


def test_the_resonator_and_an_engine_node_play_by_name() -> None:
    with tonewood.Resonator(sample_rate=48000) as synth:
        synth.set_param("impExciter0 enabled", 1)
        synth.set_param("enabled wb0r0", 1)
        synth.set_param("decayTime wb0r0", 0.0)  # bypassed loop: the output starts with the impulse
        synth.note_on(channel=0, note=60, velocity=100, frame=700)
        assert int(np.flatnonzero(synth.render(frames=4800)[0])[0]) == 700
        synth.all_notes_off(channel=0)
    engine = tonewood.Engine(48000, 256)
    resonator = tonewood.Resonator(sample_rate=48000)
    resonator.set_param("impExciter0 enabled", 1)
    resonator.set_param("enabled wb0r0", 1)
    resonator.set_param("decayTime wb0r0", 0.0)
    node = engine.add(resonator)
    engine.connect(node, engine.output)
    node.note_on(channel=0, note=60, velocity=100, frame=1000)
    assert int(np.flatnonzero(engine.render(frames=4800)[0])[0]) == 1000


@needs_font
@pytest.mark.parametrize("kind", ["soundfont", "isolated lv2"])
def test_an_instrument_plays_live_through_jack_as_soon_as_told(jack_server: str, kind: str) -> None:
    if kind == "isolated lv2" and not Path("/usr/lib/lv2/eg-sampler.lv2").exists():
        pytest.skip("the LV2 example plugins are not installed (Debian package lv2-examples)")
    instrument = (tonewood.SoundFont(FONT, reverb=False, chorus=False) if kind == "soundfont"
                  else tonewood.LV2Plugin(SAMPLER, isolated=True))
    listener = tonewood.Engine(48000, 256, inputs=2, outputs=0)
    capture = CaptureQueue(channels=2, seconds=10)
    listener.connect(listener.input, listener.add(capture))
    with listener.start(server=jack_server, client_name="ears", connect_outputs=False), \
            tonewood.LiveInstrument(instrument, server=jack_server, connect_outputs=False) as synth:
        for ours, theirs in zip(synth.audio_outputs * 2, listener.audio_inputs):
            tonewood.devices.connect(ours, theirs, server=jack_server)
        time.sleep(0.3)
        before = capture.read(capture.available_frames, timeout=0)
        synth.note_on(channel=0, note=60, velocity=110)
        time.sleep(0.5)
        synth.note_off(channel=0, note=60)
        synth.all_notes_off(channel=0)
        after = capture.read(capture.available_frames, timeout=0)
    assert np.abs(before).max() < 1e-4  # nothing before the note
    start = onset(after)
    assert 0 <= start < 0.25 * 48000  # heard within a few cycles of the call
    assert np.abs(after).max() > 0.01
