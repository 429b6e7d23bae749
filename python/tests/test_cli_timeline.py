"""Projects from the command line: `tonewood new --from-midi` and `tonewood render SONG.json`,
checked against the same song bounced from Python."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tonewood
from cli_support import run

RATE = 48000



@pytest.fixture
def song_mid(tmp_path: Path) -> Path:
    f = tonewood.midi.MidiFile(ticks_per_beat=480)
    f.add_track("tempo").add_tempo(0, 100)
    piano = f.add_track("piano")
    for b in range(8):
        piano.add_note(60 + b, b, 0.5)
    bass = f.add_track("bass")
    for b in range(0, 8, 2):
        bass.add_note(36, b, 1.5)
    f.save(tmp_path / "song.mid")
    return tmp_path / "song.mid"


def test_new_from_midi_then_render_matches_the_python_bounce(song_mid: Path, tmp_path: Path) -> None:
    out = run(["new", "--from-midi", "song.mid", "--resonator"], tmp_path).stdout
    assert "wrote" in out and "2 tracks" in out
    song = tonewood.Timeline.load(tmp_path / "song.tonewood.json")
    assert [t.name for t in song.tracks] == ["piano", "bass"]
    assert song.tempo == pytest.approx(100)
    assert song.duration == pytest.approx(7.5 * 60 / 100)
    run(["render", "song.tonewood.json", "-o", "mix.wav", "--stems", "stems", "--subtype", "FLOAT", "-q"], tmp_path)
    mix, rate = tonewood.read(tmp_path / "mix.wav")
    assert rate == RATE
    np.testing.assert_array_equal(mix, song.render(tail=2.0))
    assert sorted(p.name for p in (tmp_path / "stems").iterdir()) == ["bass.wav", "piano.wav"]
    # Bars 2 to 3 of 4/4 at 100 bpm: 2.4 s to 7.2 s of the same song.
    run(["render", "song.tonewood.json", "-o", "part.wav", "--range", "2-3", "--subtype", "FLOAT", "-q"], tmp_path)
    part, _ = tonewood.read(tmp_path / "part.wav")
    np.testing.assert_array_equal(part, song.render(start=2.4, end=7.2))


def test_the_same_import_from_python(song_mid: Path) -> None:
    song = tonewood.Timeline.from_midi(song_mid, RATE)
    assert [repr(t) for t in song.tracks] == ["Track('piano', instrument, 1 MIDI clip, +0 dB)",
                                              "Track('bass', instrument, 1 MIDI clip, +0 dB)"]
    assert isinstance(song.track("piano").instrument, tonewood.Resonator)
    audio = song.render(tail=1.0)
    assert 20 * np.log10(np.abs(audio).max()) > -30


def test_bad_project_commands_fail_clearly_and_write_nothing(song_mid: Path, tmp_path: Path) -> None:
    run(["new", "--from-midi", "song.mid", "--resonator"], tmp_path)
    r = run(["render", "song.tonewood.json", "--range", "0", "-o", "x.wav"], tmp_path, check=False)
    assert r.returncode != 0 and "bars counted from 1" in r.stderr
    r = run(["render", "song.tonewood.json", "--range", "20-", "-o", "x.wav"], tmp_path, check=False)
    assert r.returncode != 0 and "nothing to render" in r.stderr
    r = run(["render", "song.mid", "--stems", "s", "-o", "x.wav"], tmp_path, check=False)
    assert r.returncode != 0 and "are for projects" in r.stderr
    r = run(["render", "missing.tonewood.json", "-o", "x.wav"], tmp_path, check=False)
    assert r.returncode != 0 and "missing.tonewood.json" in r.stderr
    assert not (tmp_path / "x.wav").exists()
