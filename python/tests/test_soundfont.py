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
