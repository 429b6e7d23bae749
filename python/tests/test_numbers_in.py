"""What users pass in: numpy arrays of any float dtype and layout are taken (converted once,
float32 C-contiguous without a copy), frames-first and integer arrays are refused with the way to
pass them, and numbers that make no sense (NaN, out of range, sizes that cannot be allocated) are
range errors deriving from tonewood.Error, never a clamp, a MemoryError or a traceback."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood import analysis, buffer
from tonewood._arrays import as_audio
from tonewood.midi import MidiFile

TOOL = str(Path(sys.executable).parent / "tonewood")
RATE = 48000


def noise(channels: int = 2, frames: int = 4800) -> np.ndarray:
    return (0.25 * np.random.default_rng(3).standard_normal((channels, frames))).astype(np.float32)


def test_float32_c_contiguous_is_used_as_is_and_other_layouts_are_converted_once() -> None:
    x = noise()
    assert as_audio(x) is x
    frozen = x.copy()
    frozen.flags.writeable = False
    wide = np.zeros((2, 2 * x.shape[1]), np.float32)
    wide[:, ::2] = x
    for other in (x.astype(np.float64), x.astype(np.float16).astype(np.float32), wide[:, ::2], frozen, x.tolist()):
        converted = as_audio(other)
        assert converted.dtype == np.float32 and converted.flags.c_contiguous
    reference = analysis.peak_dbfs(x)
    assert analysis.peak_dbfs(x.astype(np.float64)) == reference
    assert analysis.peak_dbfs(wide[:, ::2]) == reference
    assert analysis.peak_dbfs(frozen) == reference
    np.testing.assert_array_equal(buffer.gain(wide[:, ::2], 0.5), buffer.gain(x, 0.5))
    np.testing.assert_array_equal(buffer.gain(frozen, 0.5), buffer.gain(x, 0.5))
    with pytest.raises(tonewood.InvalidArgumentError, match="writeable"):
        buffer.gain(frozen, 0.5, in_place=True)
    with pytest.raises(tonewood.InvalidTypeError, match="float32"):
        buffer.gain(x.astype(np.float64), 0.5, in_place=True)


def test_frames_first_and_integer_arrays_are_refused_with_the_way_to_pass_them(tmp_path: Path) -> None:
    frames_first = noise().T
    with pytest.raises(tonewood.InvalidArgumentError, match=r"shaped \(4800, 2\).*pass audio\.T"):
        analysis.peak_dbfs(frames_first)
    with pytest.raises(tonewood.InvalidArgumentError, match=r"512 channels of 2 frames.*pass audio\.T"):
        tonewood.write(tmp_path / "a.wav", np.zeros((512, 2), np.float32), RATE)
    with tonewood.AudioFile(tmp_path / "b.wav", "w", RATE, 2) as f:
        with pytest.raises(tonewood.InvalidArgumentError, match="frames-first.*audio.T"):
            f.write(np.zeros((100, 2), np.float32))
        f.abandon()
    with pytest.raises(tonewood.InvalidTypeError, match="int16 samples.*to_float"):
        buffer.gain(np.zeros((2, 10), np.int16), 0.5)
    with pytest.raises(tonewood.InvalidTypeError, match="got str"):
        analysis.peak_dbfs("loud")
    assert list(tmp_path.iterdir()) == []
    assert analysis.peak_dbfs(np.zeros((2, 1), np.float32)) == -math.inf  # one stereo frame is fine


def test_nonfinite_samples_are_not_written_unless_asked(tmp_path: Path) -> None:
    x = noise()
    x[1, 7] = np.nan
    with pytest.raises(tonewood.OutOfRangeError, match="holds nan at channel 1, frame 7.*allow_nonfinite"):
        tonewood.write(tmp_path / "a.wav", x, RATE)
    assert list(tmp_path.iterdir()) == []
    tonewood.write(tmp_path / "a.wav", x, RATE, subtype="FLOAT", allow_nonfinite=True)
    assert np.isnan(tonewood.read(tmp_path / "a.wav")[0][1, 7])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda a: buffer.gain(a, math.nan), tonewood.OutOfRangeError, "gain factor must be a finite number, got nan"),
        (lambda a: buffer.gain(a, math.inf), tonewood.OutOfRangeError, "gain factor must be a finite number, got inf"),
        (lambda a: buffer.gain_db(a, math.nan), tonewood.OutOfRangeError, "gain must be a number dB, got nan"),
        (lambda a: buffer.pan(a[:1], 1.5), tonewood.OutOfRangeError, r"pan position must be within \[-1, 1\]"),
        (lambda a: buffer.pan(a, math.nan), tonewood.OutOfRangeError, "pan position must be a number"),
        (lambda a: buffer.pan_gains(-2), tonewood.OutOfRangeError, r"pan position must be within \[-1, 1\]"),
        (lambda a: buffer.normalize(a, lufs=math.nan, sample_rate=RATE), tonewood.OutOfRangeError, "loudness target"),
        (lambda a: buffer.normalize(a, math.inf), tonewood.OutOfRangeError, r"peak target must be within \[-200, 24\]"),
        (lambda a: buffer.fade_in(a, 10**12), tonewood.OutOfRangeError, r"fade length must be within \[0, 4800\] frames, got 1000000000000"),
        (lambda a: buffer.fade_out(a, -1), tonewood.OutOfRangeError, r"fade length must be within \[0, 4800\] frames"),
        (lambda a: buffer.fade_out(a, 2.5), tonewood.InvalidTypeError, "fade length must be a whole number of frames"),
        (lambda a: buffer.mix([a, a], [1.0, math.nan]), tonewood.OutOfRangeError, r"gains\[1\] must be a finite number"),
    ],
)
def test_numbers_that_make_no_sense_are_range_errors(call, error, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message) as caught:
        call(noise())
    assert isinstance(caught.value, tonewood.Error)


def test_sizes_that_cannot_be_allocated_are_range_errors(tmp_path: Path) -> None:
    tonewood.write(tmp_path / "a.wav", noise(), RATE)
    with tonewood.AudioFile(tmp_path / "a.wav") as f:
        with pytest.raises(tonewood.OutOfRangeError, match=r"blocksize must be within \[1, 67108864\] frames"):
            next(f.blocks(10**12, fill_value=0.0))
    pytest.importorskip("matplotlib")
    from tonewood import plot

    with pytest.raises(tonewood.OutOfRangeError, match=r"dpi must be within \[10, 2400\]"):
        plot.waveform(noise(), RATE, dpi=100000)
    with pytest.raises(tonewood.OutOfRangeError, match="20000 pixels a side"):
        plot.spectrum(noise(), RATE, width=100, dpi=1000)
    result = subprocess.run([TOOL, "plot", str(tmp_path / "a.wav"), "-o", str(tmp_path / "a.png"), "--dpi", "100000"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "dpi must be within" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "a.png").exists()


def test_render_midi_refuses_a_sample_rate_the_instrument_does_not_run_at() -> None:
    song = MidiFile(ticks_per_beat=96)
    song.add_track().add(0, tonewood.midi.Message.note_on(0, 60, 100))
    synth = tonewood.Resonator(sample_rate=44100)
    with pytest.raises(tonewood.InvalidArgumentError, match="sample_rate is 48000 Hz but the instrument runs at 44100 Hz"):
        tonewood.render_midi(song, instrument=synth, sample_rate=48000)
    assert tonewood.render_midi(song, instrument=synth, sample_rate=44100, tail=0.1).shape[0] == 2
    assert tonewood.render_midi(song, tail=0.5).shape[1] >= 24000  # 48 kHz by default


def test_arguments_of_the_wrong_type_raise_invalid_type_error_naming_the_signatures() -> None:
    synth = tonewood.Resonator(patch=None)
    tempo = tonewood.midi.TempoMap(960, [(0, 500_000)])
    calls = [
        lambda: synth.note_on("C4", 100),                   # a method
        lambda: synth.set_param(3, 1.0),
        lambda: setattr(synth, "velocity_sensitivity", "loud"),  # a property setter
        lambda: tonewood.Resonator.factory_presets(3),       # a static method
        lambda: tempo.seconds("soon"),
        lambda: tonewood.midi.Message.note_on("one"),
    ]
    for call in calls:
        with pytest.raises(tonewood.InvalidTypeError, match="incompatible function arguments") as caught:
            call()
        assert isinstance(caught.value, TypeError) and isinstance(caught.value, tonewood.Error)
        assert "supported" in str(caught.value)  # nanobind's list of the accepted signatures
    # The right types still work, and the wrapped methods keep their names and documentation.
    synth.note_on(60, 100)
    assert tempo.seconds(960) == pytest.approx(0.5)
    assert tonewood.Resonator.note_on.__name__ == "note_on" and "note" in tonewood.Resonator.note_on.__doc__


def test_a_misspelt_property_is_an_error_naming_the_close_ones_not_a_silent_new_attribute() -> None:
    engine = tonewood.Engine()
    song = tonewood.Timeline()
    track = song.add_track("drums")
    clip = track.add_clip(np.zeros((2, 480), np.float32))
    cases = [(tonewood.effects.Filter(), "cutoff", "cutoff_hz"), (engine.transport, "tempo", "tempo_bpm"),
             (engine, "outputs", "output"), (tonewood.nodes.Mixer(2), "gain", "gain_db"),
             (song, "tempo_bpm", "tempo"), (track, "volume", "volume_db"),
             (track.automate("pan"), "curve", None), (clip, "gain", None), (tonewood.Link(), "bpm", None)]
    for target, wrong, right in cases:
        with pytest.raises(tonewood.AttributeNotFoundError, match=f"has no attribute '{wrong}' to set") as raised:
            setattr(target, wrong, 1)
        assert isinstance(raised.value, AttributeError)
        if right:
            assert repr(right) in str(raised.value)
        assert not hasattr(target, wrong) or wrong in type(target).__dict__
    # What the classes do have still takes values; private names stay free.
    filt = tonewood.effects.Filter()
    filt.cutoff_hz = 500
    engine.transport.tempo_bpm = 96
    song.tempo = 100
    track.volume_db = -3
    assert (filt.cutoff_hz, engine.transport.tempo_bpm, song.tempo, track.volume_db) == (500, 96, 100, -3)
