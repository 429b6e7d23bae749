from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tonewood

FONT = Path("/usr/share/sounds/sf2/TimGM6mb.sf2")
needs_font = pytest.mark.skipif(
    not FONT.exists(), reason=f"{FONT} not found (Debian package timgm6mb-soundfont, which scripts/install-deps installs)"
)


def onset(audio: np.ndarray) -> int:
    return int(np.argmax(np.abs(audio[0]) > 1e-6))


def dry(**kwargs: object) -> tonewood.SoundFont:
    return tonewood.SoundFont(FONT, reverb=False, chorus=False, **kwargs)  # type: ignore[arg-type]


@needs_font
def test_presets_programs_and_the_drum_channel() -> None:
    font = dry(sample_rate=44100)
    names = {(p.bank, p.program): p.name for p in font.presets}
    assert len(font.presets) >= 128 and (0, 0) in names and any(bank == 128 for bank, _ in names)
    assert font.fonts == [str(FONT)] and font.latency_frames == 32
    assert (font.reverb, font.chorus, font.interpolation) == (False, False, "4th order")
    font.note_on(60, 100)
    piano = font.render(seconds=0.5)
    font.reset()
    font.program_change(73, bank=0)  # a flute: a different sound for the same note
    font.note_on(60, 100)
    flute = font.render(seconds=0.5)
    assert piano.shape == flute.shape == (2, 22050) and piano.dtype == np.float32
    assert not np.allclose(piano, flute)
    font.reset()
    font.note_on(36, 120, channel=9)  # channel 10: the drum kit's bass drum
    kick = font.render(4410)
    assert np.abs(kick).max() > 0.01


@needs_font
def test_events_go_in_on_the_grid_the_same_for_any_render_size() -> None:
    def play(chunk: int, frame: int = 1000) -> np.ndarray:
        font = dry()
        font.note_on(60, 100, frame=frame)
        font.pitch_bend(0.5, frame=3000)
        font.control_change(7, 60, frame=3500)
        return np.concatenate([font.render(min(chunk, 6000 - at)) for at in range(0, 6000, chunk)], axis=1)

    reference = play(6000)
    for chunk in (1, 63, 64, 500):
        np.testing.assert_array_equal(play(chunk), reference)
    lead_in = onset(play(6000, frame=0)) - 64  # the sample's own first quiet frames
    assert onset(reference) - lead_in == 1024  # the first 64-frame boundary after frame 1000
    for frame in (5, 64, 100, 777):
        start = onset(play(6000, frame)) - lead_in
        assert frame < start <= frame + 64 and start % 64 == 0
        assert abs(start - 32 - frame) <= 32


@needs_font
def test_plays_in_an_engine_and_reports_its_latency() -> None:
    engine = tonewood.Engine(sample_rate=48000, block_size=256)
    node = engine.add(dry())
    engine.connect(node, engine.output)
    assert engine.latency_frames == 32
    node.send(bytes([0x90, 60, 100]), frame=640)
    out = engine.render(4800)
    alone = dry()
    alone.note_on(60, 100, frame=640)
    np.testing.assert_array_equal(out, alone.render(4800))


def test_bad_fonts_and_values_are_refused_with_what_was_wrong(tmp_path: Path) -> None:
    fake = tmp_path / "fake.sf2"
    fake.write_bytes(b"RIFF\0\0\0\0WAVEnot a font")
    with pytest.raises(tonewood.AudioFileError, match="fake.sf2': not a SoundFont"):
        tonewood.SoundFont(fake)
    with pytest.raises(tonewood.AudioFileError, match="no such SoundFont file"):
        tonewood.SoundFont(tmp_path / "missing.sf2")
    with pytest.raises(tonewood.OutOfRangeError, match=r"polyphony must be within \[1, 65535\] voices, got 0"):
        tonewood.SoundFont(fake, polyphony=0)
    if FONT.exists():
        font = dry()
        for call, message in [
            (lambda: font.note_on(128), r"note must be within \[0, 127\], got 128"),
            (lambda: font.note_on(60, 0), r"velocity must be within \[1, 127\], got 0"),
            (lambda: font.note_on(60, channel=16), r"channel must be within \[0, 15\], got 16"),
            (lambda: font.pitch_bend(1.5), r"pitch bend must be within \[-1, 1\], got 1.5"),
            (lambda: font.render(seconds=-1), r"seconds must be within \[0, 86400\] s, got -1"),
            (lambda: font.send(b"\xf0\x01"), "MIDI channel messages"),
        ]:
            with pytest.raises(tonewood.Error, match=message):
                call()
        with pytest.raises(tonewood.InvalidTypeError, match="note must be an int"):
            font.note_on(60.5)


@needs_font
def test_a_midi_file_renders_every_note_within_32_frames_through_tempo_changes() -> None:
    import random

    from tonewood.midi import Message, MidiFile

    rate = 48000
    rng = random.Random(5)
    song = MidiFile(ticks_per_beat=960)
    conductor = song.add_track("tempo")
    tick = 0
    for _ in range(150):  # FluidSynth's own player drifts across these (its clock is in ms)
        conductor.add_tempo(tick, microseconds=rng.randint(200_000, 1_200_000))
        tick += rng.choice([7, 100, 960, 2000])
    keys = song.add_track("keys")
    tempo = song.tempo_map
    note_ticks, at = [], 0
    while len(note_ticks) < 40:
        at += rng.randint(1, 3000)
        if note_ticks and tempo.seconds(at) - tempo.seconds(note_ticks[-1]) < 0.25:
            continue
        note_ticks.append(at)
        keys.add(at, Message.note_on(channel=9, note=42, velocity=110))  # a closed hi-hat: short
        keys.add(at + 10, Message.note_off(channel=9, note=42))
    font = dry(sample_rate=rate)
    font.note_on(42, 110, channel=9)  # alone at frame 0: in at the grid point 64
    loud = 1e-3  # well above the last note's tail
    lead_in = int(np.argmax(np.abs(font.render(2000)[0]) > loud)) - 64
    font.reset()
    audio = tonewood.render_midi(song, font, tail=0.3)
    errors = []
    for t in note_ticks:
        exact = tempo.sample(t, rate)
        window = np.abs(audio[0, exact - 40 + lead_in : exact + 40 + lead_in]) > loud
        errors.append(int(np.argmax(window)) - 40 if window.any() else 999)
        # In at the first grid point after the exact frame, 32 frames taken off the front.
        assert errors[-1] == 64 * (exact // 64 + 1) - 32 - exact
    assert max(abs(e) for e in errors) <= 32 and min(errors) < -16 and max(errors) > 16


@needs_font
def test_the_render_command_plays_a_file_on_a_soundfont(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tonewood.midi import Message, MidiFile

    song = MidiFile(ticks_per_beat=480)
    track = song.add_track("notes")
    for i in range(4):
        track.add(480 * i, Message.note_on(note=60 + 2 * i, velocity=100))
        track.add(480 * i + 400, Message.note_off(note=60 + 2 * i))
    track.add(0, Message.note_on(channel=9, note=36, velocity=120))
    song.save(tmp_path / "song.mid")
    command = Path(sys.executable).parent / "tonewood"
    result = subprocess.run([str(command), "render", str(tmp_path / "song.mid"), "--soundfont", str(FONT),
                             "-o", str(tmp_path / "song.wav"), "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    audio, rate = tonewood.read(tmp_path / "song.wav")
    assert rate == 48000 and audio.shape[1] == round((1840 / 480 * 0.5 + 2.0) * 48000)  # + the tail
    assert np.abs(audio).max() > 0.01
    refused = subprocess.run([str(command), "render", str(tmp_path / "song.mid"), "--soundfont", str(FONT),
                              "--preset", "x.json"], capture_output=True, text=True)
    assert refused.returncode != 0 and "not both" in refused.stderr
    # With no instrument named, the General MIDI font installed plays it (drums included).
    gm = tonewood.soundfont.default_general_midi()
    assert gm is not None and Path(gm).resolve().exists()
    default = subprocess.run([str(command), "render", str(tmp_path / "song.mid"), "-o", str(tmp_path / "gm.wav"),
                              "-q"], capture_output=True, text=True)
    assert default.returncode == 0 and f"on {gm}" in default.stdout, default.stderr
    named = subprocess.run([str(command), "render", str(tmp_path / "song.mid"), "--soundfont", gm, "-o",
                            str(tmp_path / "named.wav"), "-q"], capture_output=True, text=True)
    assert named.returncode == 0
    np.testing.assert_array_equal(tonewood.read(tmp_path / "gm.wav")[0], tonewood.read(tmp_path / "named.wav")[0])
    synth = subprocess.run([str(command), "render", str(tmp_path / "song.mid"), "--resonator", "-o",
                            str(tmp_path / "synth.wav"), "-q"], capture_output=True, text=True)
    assert synth.returncode == 0 and "on the resonator synth" in synth.stdout


@needs_font
def test_stems_give_each_channel_its_own_pair_and_add_up_to_the_mix() -> None:
    def play(font: tonewood.SoundFont) -> np.ndarray:
        font.program_change(40, channel=5)  # a violin on channel 6
        font.note_on(60, 100)
        font.note_on(67, 100, channel=5, frame=2000)
        return font.render(24000)

    mix = play(tonewood.SoundFont(FONT))
    stems = play(tonewood.SoundFont(FONT, stems=True))
    assert mix.shape == (2, 24000) and stems.shape == (34, 24000)
    assert np.abs(stems[0:2]).max() > 0.01 and np.abs(stems[10:12]).max() > 0.01  # channels 1 and 6
    silent = [c for c in range(32) if c not in (0, 1, 10, 11)]
    assert np.abs(stems[silent]).max() == 0.0
    assert np.abs(stems[32:34]).max() > 1e-4  # the reverb and chorus (on by default)
    assert int(np.argmax(np.abs(stems[10]) > 1e-6)) > 2000  # channel 6 starts with its note
    summed = stems[0:32:2].sum(axis=0) + stems[32], stems[1:32:2].sum(axis=0) + stems[33]
    np.testing.assert_allclose(np.array(summed), mix, atol=1e-6)


@needs_font
def test_pitch_bend_follows_the_range_set_by_rpn_0() -> None:
    def pitch(bend_range: int | None) -> float:
        font = dry(sample_rate=48000)
        font.program_change(73)  # a flute: nearly a sine, its peak is its fundamental
        if bend_range is not None:
            for controller, value in ((101, 0), (100, 0), (6, bend_range), (38, 0)):
                font.control_change(controller, value)
        font.pitch_bend(1.0)  # full up
        font.note_on(69, 100)
        audio = font.render(48000)[0, 12000:44768]
        spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio))))
        return float(np.argmax(spectrum) * 48000 / len(audio))

    # Full bend is 2 semitones by default (493.9 Hz from A4) and an octave once RPN 0 says 12.
    assert 1200 * np.log2(pitch(None) / 440.0) == pytest.approx(200, abs=15)
    assert 1200 * np.log2(pitch(12) / 440.0) == pytest.approx(1200, abs=15)
