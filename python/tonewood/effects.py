"""The built-in effects as processors: put them in an engine, in a Chain, or call one on an array.

They run the same DSP as the synth's effects chain. Parameters are properties in natural units,
with the unit in the name (``cutoff_hz``, ``decay_s``, ``drive_db``)::

    from tonewood.effects import Compressor, Reverb
    wet = Reverb(decay_s=3.0, mix=0.3)(audio, 48000)

Every effect is stereo in and stereo out. A change takes effect at the start of the next block
(or at its exact frame, when scheduled through an engine).
"""

from __future__ import annotations

from tonewood import _tonewood
from tonewood.processors import Param, Processor

NOTE_VALUES = ("1/64", "1/32T", "1/32", "1/16T", "1/16", "1/8T", "1/8",
               "1/4T", "1/4", "1/2T", "1/2", "1/1T", "1/1", "2/1")


class Filter(Processor):
    """A resonant filter that morphs from low-pass (0) through band-pass (0.5) to high-pass (1)."""

    cutoff_hz: Param[float] = Param("cutoff_hz", "Cutoff, 10..20000 Hz.")
    resonance_q: Param[float] = Param("resonance_q", "Resonance as Q, 0.1..20 (0.7071: no peak).")
    morph: Param[float] = Param("morph", "0 low-pass, 0.5 band-pass, 1 high-pass.")

    def __init__(self, *, cutoff_hz: float | None = None, resonance_q: float | None = None,
                 morph: float | None = None) -> None:
        super().__init__(_tonewood.FilterEffect(), cutoff_hz=cutoff_hz, resonance_q=resonance_q,
                         morph=morph)


class Chorus(Processor):
    """Stereo chorus: swept delays around 7 ms plus ``delay_ms``, with feedback and a mix; with
    ``sync`` on it sweeps once per ``note_value`` at the transport's tempo."""

    rate_hz: Param[float] = Param("rate_hz", "Sweep rate, 0.01..20 Hz.")
    depth: Param[float] = Param("depth", "0..1 (up to 5 ms of sweep).")
    delay_ms: Param[float] = Param("delay_ms", "Added to the 7 ms centre, 0..100 ms.")
    feedback: Param[float] = Param("feedback", "-0.95..0.95.")
    mix: Param[float] = Param("mix", "Dry (0) to wet (1).")
    sync: Param[bool] = Param("sync", "Sweep once per note value at the tempo.")
    note_value: Param[str] = Param("note_value", "The synced note value, '1/64' .. '2/1'.")

    def __init__(self, *, rate_hz: float | None = None, depth: float | None = None,
                 delay_ms: float | None = None, feedback: float | None = None,
                 mix: float | None = None, sync: bool | None = None,
                 note_value: str | None = None) -> None:
        super().__init__(_tonewood.ChorusEffect(), rate_hz=rate_hz, depth=depth,
                         delay_ms=delay_ms, feedback=feedback, mix=mix, sync=sync,
                         note_value=note_value)


class Phaser(Processor):
    """Stereo phaser: six allpass stages swept around ``centre_hz`` (up to three octaves each way at
    full depth), with feedback and a mix; synced like the chorus."""

    rate_hz: Param[float] = Param("rate_hz", "Sweep rate, 0.01..20 Hz.")
    depth: Param[float] = Param("depth", "0..1.")
    centre_hz: Param[float] = Param("centre_hz", "Centre of the sweep, 10..20000 Hz.")
    feedback: Param[float] = Param("feedback", "-0.9..0.9.")
    mix: Param[float] = Param("mix", "Dry (0) to wet (1).")
    sync: Param[bool] = Param("sync", "Sweep once per note value at the tempo.")
    note_value: Param[str] = Param("note_value", "The synced note value, '1/64' .. '2/1'.")

    def __init__(self, *, rate_hz: float | None = None, depth: float | None = None,
                 centre_hz: float | None = None, feedback: float | None = None,
                 mix: float | None = None, sync: bool | None = None,
                 note_value: str | None = None) -> None:
        super().__init__(_tonewood.PhaserEffect(), rate_hz=rate_hz, depth=depth,
                         centre_hz=centre_hz, feedback=feedback, mix=mix, sync=sync,
                         note_value=note_value)


class Distortion(Processor):
    """Waveshaping: ``drive_db`` into a shaper (tanh, hard clip, linear fold, sine fold, bitcrush,
    downsample), ``output_db`` after it, a mix, and a morphing filter before or after."""

    type: Param[str] = Param("type", "'tanh', 'hard clip', 'linear fold', 'sine fold', "
                                     "'bitcrush' or 'downsample'.")
    drive_db: Param[float] = Param("drive_db", "-36..36 dB before the shaper.")
    output_db: Param[float] = Param("output_db", "-36..36 dB after it.")
    mix: Param[float] = Param("mix", "Dry (0) to wet (1).")
    filter: Param[str] = Param("filter", "'off', 'pre' or 'post' the shaper.")
    cutoff_hz: Param[float] = Param("cutoff_hz", "The filter's cutoff, 10..20000 Hz.")
    resonance_q: Param[float] = Param("resonance_q", "The filter's Q, 0.01..15.")
    filter_morph: Param[float] = Param("filter_morph", "0 low-pass, 0.5 band-pass, 1 high-pass.")

    def __init__(self, *, type: str | None = None, drive_db: float | None = None,
                 output_db: float | None = None, mix: float | None = None,
                 filter: str | None = None, cutoff_hz: float | None = None,
                 resonance_q: float | None = None, filter_morph: float | None = None) -> None:
        super().__init__(_tonewood.DistortionEffect(), type=type, drive_db=drive_db,
                         output_db=output_db, mix=mix, filter=filter, cutoff_hz=cutoff_hz,
                         resonance_q=resonance_q, filter_morph=filter_morph)


class Amp(Processor):
    """A guitar-amp stage: ``gain_db`` into one of six characters, bass and treble shelves, and
    the output ``level_db``."""

    mode: Param[str] = Param("mode", "'clean', 'warm', 'crunch', 'fuzz', 'bass' or 'radio'.")
    gain_db: Param[float] = Param("gain_db", "0..30 dB into the stage.")
    bass_db: Param[float] = Param("bass_db", "-12..12 dB shelf below about 250 Hz.")
    treble_db: Param[float] = Param("treble_db", "-12..12 dB shelf above about 2.5 kHz.")
    level_db: Param[float] = Param("level_db", "-24..6 dB out.")

    def __init__(self, *, mode: str | None = None, gain_db: float | None = None,
                 bass_db: float | None = None, treble_db: float | None = None,
                 level_db: float | None = None) -> None:
        super().__init__(_tonewood.AmpEffect(), mode=mode, gain_db=gain_db, bass_db=bass_db,
                         treble_db=treble_db, level_db=level_db)


class Delay(Processor):
    """Stereo feedback delay with a time per side (up to 4 s, gliding when changed), feedback, a
    mix, ping-pong, a stereo lock, and per-side sync to note values at the tempo."""

    time_left_s: Param[float] = Param("time_left_s", "0.001..4 s.")
    time_right_s: Param[float] = Param("time_right_s", "0.001..4 s.")
    feedback: Param[float] = Param("feedback", "0..0.99.")
    mix: Param[float] = Param("mix", "Dry (0) to wet (1).")
    ping_pong: Param[bool] = Param("ping_pong", "Echoes alternate sides.")
    lock: Param[bool] = Param("lock", "The right side takes the left side's time.")
    sync_left: Param[bool] = Param("sync_left", "The left time is a note value at the tempo.")
    sync_right: Param[bool] = Param("sync_right", "The right time is a note value at the tempo.")
    note_value_left: Param[str] = Param("note_value_left", "'1/64' .. '2/1'.")
    note_value_right: Param[str] = Param("note_value_right", "'1/64' .. '2/1'.")

    def __init__(self, *, time_left_s: float | None = None, time_right_s: float | None = None,
                 feedback: float | None = None, mix: float | None = None,
                 ping_pong: bool | None = None, lock: bool | None = None,
                 sync_left: bool | None = None, sync_right: bool | None = None,
                 note_value_left: str | None = None, note_value_right: str | None = None) -> None:
        super().__init__(_tonewood.DelayEffect(), time_left_s=time_left_s,
                         time_right_s=time_right_s, feedback=feedback, mix=mix,
                         ping_pong=ping_pong, lock=lock, sync_left=sync_left,
                         sync_right=sync_right, note_value_left=note_value_left,
                         note_value_right=note_value_right)


class Compressor(Processor):
    """Feed-forward compressor with a hard knee: above ``threshold_db`` the level rises
    1/``ratio`` dB per dB (a stereo-linked peak detector)."""

    threshold_db: Param[float] = Param("threshold_db", "-60..12 dB.")
    ratio: Param[float] = Param("ratio", "1..20 (to one).")
    attack_ms: Param[float] = Param("attack_ms", "0.1..1000 ms.")
    release_ms: Param[float] = Param("release_ms", "1..5000 ms.")

    def __init__(self, *, threshold_db: float | None = None, ratio: float | None = None,
                 attack_ms: float | None = None, release_ms: float | None = None) -> None:
        super().__init__(_tonewood.CompressorEffect(), threshold_db=threshold_db, ratio=ratio,
                         attack_ms=attack_ms, release_ms=release_ms)


class Reverb(Processor):
    """Stereo reverb (an 8-line feedback delay network). ``decay_s`` is the T60 below the damping
    frequency; higher partials die sooner."""

    decay_s: Param[float] = Param("decay_s", "T60, 0.2..20 s.")
    size: Param[float] = Param("size", "0..1: the room, 0.5x..1.5x.")
    density: Param[float] = Param("density", "0..1: diffusion of the input.")
    bandwidth_hz: Param[float] = Param("bandwidth_hz", "Input low-pass, 1000..20000 Hz.")
    damping_hz: Param[float] = Param("damping_hz", "Tail low-pass, 1000..20000 Hz.")
    predelay_ms: Param[float] = Param("predelay_ms", "0..250 ms.")
    early_mix: Param[float] = Param("early_mix", "Early reflections (1) against the tail (0).")
    mix: Param[float] = Param("mix", "Dry (0) to wet (1).")

    def __init__(self, *, decay_s: float | None = None, size: float | None = None,
                 density: float | None = None, bandwidth_hz: float | None = None,
                 damping_hz: float | None = None, predelay_ms: float | None = None,
                 early_mix: float | None = None, mix: float | None = None) -> None:
        super().__init__(_tonewood.ReverbEffect(), decay_s=decay_s, size=size, density=density,
                         bandwidth_hz=bandwidth_hz, damping_hz=damping_hz,
                         predelay_ms=predelay_ms, early_mix=early_mix, mix=mix)


EFFECTS: tuple[type[Processor], ...] = (Filter, Chorus, Phaser, Distortion, Amp, Delay,
                                        Compressor, Reverb)

__all__ = ["Amp", "Chorus", "Compressor", "Delay", "Distortion", "EFFECTS", "Filter",
           "NOTE_VALUES", "Phaser", "Reverb"]
