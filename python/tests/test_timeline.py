"""The timeline's tempo map: exact conversions through ramps and meter changes, MIDI import, and
an engine's transport following it to the frame."""

from __future__ import annotations

import numpy as np
import pytest

import tonewood
from tonewood.midi import MidiFile
from tonewood.nodes import Metronome, MidiPlayer

RATE = 48000


def test_a_linear_ramp_lasts_as_its_mean_tempo_says() -> None:
    tempo = tonewood.TempoMap(120)
    tempo.set_tempo(4, 120, curve="linear")
    tempo.set_tempo(20, 180)
    assert tempo.tempos == [(0.0, 120.0, "step"), (4.0, 120.0, "linear"), (20.0, 180.0, "step")]
    # 16 beats from 120 to 180 bpm, linear in time: 16 beats at 150 bpm on average, 6.4 s.
    assert tempo.seconds_at(20) - tempo.seconds_at(4) == pytest.approx(6.4, abs=1e-12)
    assert tempo.bpm_at(11.2) == pytest.approx(150.0, abs=1e-9)  # halfway in time
    for beat in np.linspace(0, 30, 61):
        assert tempo.beat_at(tempo.seconds_at(beat)) == pytest.approx(beat, abs=1e-12)
    assert tempo.frame_at(4, RATE) == 96000


def test_bars_follow_the_time_signatures() -> None:
    tempo = tonewood.TempoMap(100, time_signature=(4, 4))
    tempo.set_time_signature(2, 7, 8)
    tempo.set_time_signature(4, 3, 4)
    assert tempo.beat_of(3) == 11.5 and tempo.beat_of(4) == 15.0
    assert tempo.bar_at(12.0) == (3, 1.0)  # one eighth into the first 7/8 bar after bar 2's
    assert tempo.time_signature_at(12.0) == (7, 8)
    assert tempo.time_signatures == [(0, 4, 4), (2, 7, 8), (4, 3, 4)]
    assert "7/8 from bar 2" in repr(tempo)


def test_a_midi_files_tempo_map_comes_across() -> None:
    song = MidiFile(ticks_per_beat=480)
    conductor = song.add_track("tempo")
    conductor.add_tempo(0, 120)
    conductor.add_tempo(1920, 150)
    conductor.add_time_signature(3840, 3, 4)
    tempo = tonewood.TempoMap.from_midi(song)
    assert tempo.tempos == [(0.0, 120.0, "step"), (4.0, 150.0, "step")]
    assert tempo.time_signatures == [(0, 4, 4), (2, 3, 4)]
    assert tempo.seconds_at(8) == pytest.approx(2.0 + 4 * 0.4, abs=1e-12)


def test_bad_values_are_refused_and_change_nothing() -> None:
    tempo = tonewood.TempoMap(120)
    before = tonewood.TempoMap(120)
    with pytest.raises(tonewood.OutOfRangeError, match=r"\[20, 999\] bpm"):
        tempo.set_tempo(4, 1000)
    with pytest.raises(tonewood.OutOfRangeError, match=r"\[20, 999\] bpm"):
        tonewood.TempoMap(10)
    with pytest.raises(tonewood.InvalidArgumentError, match="'step' or 'linear'"):
        tempo.set_tempo(4, 100, curve="exponential")
    with pytest.raises(tonewood.OutOfRangeError, match="denominator"):
        tempo.set_time_signature(1, 4, 6)
    with pytest.raises(tonewood.InvalidArgumentError, match="no tempo point at beat 3"):
        tempo.remove_tempo(3)
    assert tempo == before
    engine = tonewood.Engine(RATE, 64)
    with pytest.raises(tonewood.InvalidTypeError, match="TempoMap or None"):
        engine.transport.tempo_map = 120


def click_starts(channel: np.ndarray) -> list[int]:
    sound = channel != 0
    return [int(i) for i in np.flatnonzero(sound & ~np.concatenate(([False], sound[:-1])))]


@pytest.mark.parametrize("block", [1, 64, 333])
def test_the_transport_follows_a_ramp_to_the_frame(block: int) -> None:
    tempo = tonewood.TempoMap(90)
    tempo.set_tempo(2, 90, curve="linear")
    tempo.set_tempo(10, 180)
    tempo.set_time_signature(1, 3, 4)
    engine = tonewood.Engine(RATE, block, outputs=1)
    engine.connect(engine.add(Metronome(channels=1)), engine.output)
    engine.transport.tempo_map = tempo
    tempo.set_tempo(0, 60)  # the engine kept its own copy
    followed = engine.transport.tempo_map
    assert followed.bpm_at(0) == 90 and followed != tempo
    out = engine.render(frames=followed.frame_at(14.5, RATE))
    # Each click starts one frame after its beat (its first sample is sin(0)).
    assert click_starts(out[0]) == [followed.frame_at(beat, RATE) + 1 for beat in range(15)]
    engine.transport.tempo_map = None
    assert engine.transport.tempo_map is None


def test_a_midi_files_beats_are_laid_on_the_map() -> None:
    tempo = tonewood.TempoMap(100)
    tempo.set_tempo(1, 100, curve="linear")
    tempo.set_tempo(9, 170)
    song = MidiFile(ticks_per_beat=96)
    track = song.add_track("hits")
    for beat in range(12):
        track.add_note(60, beat, 0.5)
    # Its own tempo (120 bpm) would end it at 5.75 s; on the map it ends where beat 11.5 falls.
    assert MidiPlayer(song).length_frames(RATE) == round(11.5 * 0.5 * RATE)
    assert MidiPlayer(song, tempo_map=tempo).length_frames(RATE) == tempo.frame_at(11.5, RATE)
    with pytest.raises(tonewood.InvalidTypeError, match="TempoMap or None"):
        MidiPlayer(song, tempo_map=120)
    with pytest.raises(tonewood.InvalidArgumentError, match="SMPTE"):
        MidiPlayer(MidiFile(smpte=(25, 40)), tempo_map=tempo)
