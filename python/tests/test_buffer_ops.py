"""Buffer operations: pan laws and fades measured in dB, conversions exact at the boundaries,
dither measured, channel mixing, in-place behaviour and the buffer pool."""

from __future__ import annotations

import math

import numpy as np
import pytest

import tonewood
from tonewood import buffer


def db(x: float) -> float:
    return 20 * math.log10(x)


def noise(channels: int, frames: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-0.9, 0.9, (channels, frames)).astype(np.float32)


@pytest.mark.parametrize(("law", "centre_db"), [("linear", 0.0), ("-3dB", -3.01), ("-4.5dB", -4.52), ("-6dB", -6.02)])
def test_pan_law_centre_level_and_hard_sides(law: str, centre_db: float) -> None:
    mono = np.full((1, 1000), 0.5, np.float32)
    centred = buffer.pan(mono, 0.0, law)
    assert centred.shape == (2, 1000)
    assert db(centred[0, 0] / 0.5) == pytest.approx(centre_db, abs=0.01)
    assert db(centred[1, 0] / 0.5) == pytest.approx(centre_db, abs=0.01)
    left = buffer.pan(mono, -1.0, law)
    assert left[0, 0] == pytest.approx(0.5) and left[1, 0] == 0.0
    right = buffer.pan(mono, 1.0, law)
    assert right[1, 0] == pytest.approx(0.5) and right[0, 0] == pytest.approx(0.0, abs=1e-7)


def test_constant_power_law_keeps_power_everywhere() -> None:
    for position in np.linspace(-1, 1, 21):
        l, r = buffer.pan_gains(position, "-3dB")
        assert l * l + r * r == pytest.approx(1.0, abs=1e-6)
        l6, r6 = buffer.pan_gains(position, "-6dB")
        assert l6 + r6 == pytest.approx(1.0, abs=1e-6)


def test_balance_of_stereo_leaves_the_centre_untouched() -> None:
    x = noise(2, 100)
    np.testing.assert_array_equal(buffer.pan(x, 0.0, "-3dB"), x)
    hard_left = buffer.pan(x, -1.0, "-3dB")
    assert np.all(hard_left[1] == 0) and np.allclose(hard_left[0], x[0] * math.sqrt(2))


@pytest.mark.parametrize(("shape", "half_db"), [("linear", -6.02), ("exponential", -30.27), ("equal_power", -3.01), ("s_curve", -6.02)])
def test_fade_curves_measured_at_the_midpoint(shape: str, half_db: float) -> None:
    x = np.ones((2, 2000), np.float32)
    faded = buffer.fade_in(x, 1000, shape)
    assert faded[0, 0] == 0.0 and faded[1, 0] == 0.0
    assert db(faded[0, 500]) == pytest.approx(half_db, abs=0.05)
    assert np.all(faded[:, 1000:] == 1.0)
    assert np.all(np.diff(faded[0, :1000]) > 0)  # rising throughout
    out = buffer.fade_out(x, 1000, shape)
    np.testing.assert_array_equal(out[:, ::-1], faded)  # the time mirror


def test_equal_power_crossfade_keeps_power() -> None:
    ones = np.ones((1, 1000), np.float32)
    a = buffer.fade_out(ones, 1000, "equal_power")[0]
    b = buffer.fade_in(ones, 1000, "equal_power")[0]
    # Overlapped so the fade-out's frame i meets the fade-in's frame i.
    power = a**2 + b**2
    np.testing.assert_allclose(power[1:], 1.0, atol=0.01)


@pytest.mark.parametrize("bits", [8, 16, 24, 32])
def test_integer_conversion_is_exact_at_full_scale(bits: int) -> None:
    lsb = 2.0 ** (1 - bits)
    x = np.array([[-1.0, 1.0 - lsb, 0.0, 1.5, -1.5]], np.float64).astype(np.float32)
    top = 2 ** (bits - 1)
    ints = buffer.to_int(x, bits)
    assert ints.dtype == (np.int16 if bits <= 16 else np.int32)
    # float32 cannot hold 1 - 2^-31: it rounds to 1.0, which clips to the top code too.
    expected_top = top - 1
    assert list(ints[0]) == [-top, expected_top, 0, top - 1, -top]
    back = buffer.to_float(ints, bits)
    assert back[0, 0] == -1.0 and back.dtype == np.float32


@pytest.mark.parametrize("bits", [8, 16, 24, 32])
def test_integer_conversion_matches_round_half_even_and_clip(bits: int) -> None:
    # Long enough for the vectorised loop; specials placed inside it, not only in the tail.
    x = noise(2, 10_000, seed=9) * np.float32(1.2)
    lsb = 2.0 ** (1 - bits)
    specials = [np.nan, np.inf, -np.inf, 0.5 * lsb, 1.5 * lsb, -2.5 * lsb, 1.0, -1.0]
    x[0, 100 : 100 + len(specials)] = np.array(specials, np.float64).astype(np.float32)
    top = 2.0 ** (bits - 1)
    scaled = np.nan_to_num(x.astype(np.float64) * top, nan=0.0, posinf=top, neginf=-top)
    expected = np.clip(np.rint(scaled), -top, top - 1).astype(np.int64)
    np.testing.assert_array_equal(buffer.to_int(x, bits).astype(np.int64), expected)
    assert list(expected[0, 100:108]) == [0, top - 1, -top, 0, 2, -2, top - 1, -top]


@pytest.mark.parametrize("bits", [16, 24])
def test_int_float_int_round_trip_is_the_identity(bits: int) -> None:
    top = 2 ** (bits - 1)
    values = np.arange(-top, top, max(1, top // 5000), dtype=np.int32)[None, :]
    values = values.astype(np.int16) if bits == 16 else values
    np.testing.assert_array_equal(buffer.to_int(buffer.to_float(values, bits), bits), values)


def test_tpdf_dither_is_measured_and_seeded() -> None:
    x = noise(1, 200000, seed=5)
    plain = buffer.to_int(x, 16).astype(np.float64) / 32768
    dithered = buffer.to_int(x, 16, dither=True, seed=9).astype(np.float64) / 32768
    lsb = 1 / 32768
    assert np.sqrt(np.mean((plain - x) ** 2)) / lsb == pytest.approx(math.sqrt(1 / 12), rel=0.05)
    # TPDF: dither variance 2/12 plus rounding 1/12 -> error RMS 0.5 LSB, mean zero.
    error = dithered - x
    assert np.sqrt(np.mean(error**2)) / lsb == pytest.approx(0.5, rel=0.05)
    assert abs(np.mean(error)) / lsb < 0.01
    np.testing.assert_array_equal(buffer.to_int(x, 16, dither=True, seed=9), buffer.to_int(x, 16, dither=True, seed=9))
    # A tone of 0.3 LSB disappears without dither and survives (on average) with it.
    t = np.arange(48000)
    faint = (0.3 * lsb * np.sin(2 * np.pi * 1000 * t / 48000)).astype(np.float32)[None, :]
    assert not np.any(buffer.to_int(faint, 16))
    spectrum = np.abs(np.fft.rfft(buffer.to_int(faint, 16, dither=True)[0].astype(np.float64)))
    assert spectrum[1000] > 8 * np.median(spectrum)


def test_gain_mix_and_polarity_match_numpy_exactly() -> None:
    a, b = noise(2, 1001, 1), noise(2, 777, 2)
    np.testing.assert_array_equal(buffer.gain(a, 0.25), a * np.float32(0.25))
    mixed = buffer.mix([a, b], [0.5, 2.0])
    expected = a * np.float32(0.5)
    expected[:, :777] += b * np.float32(2.0)
    np.testing.assert_array_equal(mixed, expected)
    np.testing.assert_array_equal(buffer.invert_polarity(a), -a)
    np.testing.assert_array_equal(buffer.reverse(a), a[:, ::-1])
    assert buffer.gain_db(a, -6.0206)[0, 0] == pytest.approx(a[0, 0] / 2, rel=1e-4)


def test_in_place_changes_the_given_array_and_the_default_does_not() -> None:
    a = noise(2, 100)
    original = a.copy()
    buffer.gain(a, 2.0)
    np.testing.assert_array_equal(a, original)
    result = buffer.gain(a, 2.0, in_place=True)
    assert result is a
    np.testing.assert_array_equal(a, original * 2)
    frozen = original.copy()
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        buffer.reverse(frozen, in_place=True)


def test_normalize_to_peak_and_to_loudness() -> None:
    x = noise(2, 96000) * 0.1
    peaked = buffer.normalize(x, -3.0)
    assert tonewood.analysis.peak_dbfs(peaked) == pytest.approx(-3.0, abs=1e-4)
    loud = buffer.normalize(x, lufs=-20.0, sample_rate=48000)
    assert tonewood.analysis.integrated_loudness(loud, 48000) == pytest.approx(-20.0, abs=0.01)
    silent = np.zeros((1, 100), np.float32)
    np.testing.assert_array_equal(buffer.normalize(silent), silent)


def test_dc_removal_and_silence_trimming() -> None:
    x = noise(2, 1000) + np.float32(0.25)
    assert abs(np.mean(buffer.remove_dc(x))) < 1e-6
    padded = np.zeros((2, 1000), np.float32)
    padded[1, 300:700] = 0.5
    assert buffer.silence_bounds(padded, -60) == (300, 700)
    assert buffer.trim_silence(padded, -60, pad=10).shape == (2, 420)
    assert buffer.trim_silence(np.zeros((1, 10), np.float32)).shape == (1, 0)


def test_interleave_round_trip_and_channel_mixing() -> None:
    x = noise(3, 50)
    inter = buffer.interleave(x)
    np.testing.assert_array_equal(inter, x.T)
    np.testing.assert_array_equal(buffer.deinterleave(inter), x)
    np.testing.assert_allclose(buffer.remix(x, 1)[0], x.mean(axis=0), atol=1e-6)
    mono = noise(1, 10)
    np.testing.assert_array_equal(buffer.remix(mono, 2), np.vstack([mono, mono]))
    swapped = buffer.map_channels(x, [2, -1, 0])
    np.testing.assert_array_equal(swapped[0], x[2])
    assert not np.any(swapped[1])
    # 5.1 to stereo: centre at -3 dB relative to the fronts, LFE dropped.
    surround = np.zeros((6, 10), np.float32)
    surround[2] = 1.0
    surround[3] = 1.0
    stereo = buffer.remix(surround, 2)
    front = buffer.remix(np.eye(6, dtype=np.float32)[:, :1].repeat(10, axis=1).copy(), 2)
    assert db(stereo[0, 0] / front[0, 0]) == pytest.approx(-3.01, abs=0.01)
    with pytest.raises(tonewood.OutOfRangeError, match="source channel of output 0"):
        buffer.map_channels(x, [3])


def test_bad_names_list_the_choices() -> None:
    with pytest.raises(tonewood.InvalidArgumentError, match="-4.5dB"):
        buffer.pan(noise(1, 10), 0, "-9dB")
    with pytest.raises(tonewood.InvalidArgumentError, match="equal_power"):
        buffer.fade_in(noise(1, 10), 5, "cosine")
    with pytest.raises(tonewood.OutOfRangeError, match="8, 16, 24 or 32"):
        buffer.to_int(noise(1, 10), 12)


def test_buffer_pool_lends_and_takes_back() -> None:
    pool = buffer.BufferPool(2, 4096, 2)
    assert pool.shape == (2, 4096) and pool.available == 2
    with pool.buffer() as first, pool.buffer() as second:
        assert pool.available == 0
        first[:] = 1.0
        second[:] = 2.0
        assert first.shape == (2, 4096) and np.all(first == 1.0)
        with pytest.raises(tonewood.CapacityError, match="all 2 pool buffers"):
            with pool.buffer():
                pass
    assert pool.available == 2
    with pool.buffer() as again:  # a returned buffer keeps what its last user left
        assert np.all((again == 1.0) | (again == 2.0))
