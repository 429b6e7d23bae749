"""Renders a short phrase through an engine: a plucked line through a delay and a ringing chord,
each panned into a mixer, and a reverb on the mix. Offline; no audio device needed.

Run: .venv/bin/python examples/demo_phrase.py out/demo.wav
"""

from __future__ import annotations

import sys
from pathlib import Path

import tonewood
from tonewood import analysis
from tonewood.effects import Delay, Reverb
from tonewood.nodes import Mixer, Pan

SAMPLE_RATE = 48000
BEAT = int(0.25 * SAMPLE_RATE)


def plucked_string() -> tonewood.Resonator:
    synth = tonewood.Resonator(sample_rate=SAMPLE_RATE)
    settings = {
        # A short noise burst and a click excite the strings.
        "impExciter0 enabled": 1,
        "impExciter0 thickness": 3,
        "impExciter0 pickPosition": 0.18,  # plucked near the bridge: bright, all partials
        "noiseExciter0enabled": 1,
        "noiseExciter0level": 0.6,
        "noiseExciterEnv0enabled": 1,
        "noiseExciterEnv0decay": 0.03,
        "noiseExciterEnv0sustain": 0,
        "noiseExciter0filterType": 1,  # lowpass
        "noiseExciter0frequency": 4000,
        # Bank 0: a string with a slightly stretched second partial.
        "enabled wb0r0": 1,
        "decayTime wb0r0": 4.0,
        "decayFilterCutoff wb0r0": 6000,
        "enabled wb0r1": 1,
        "pitch wb0r1": 2.003,
        "decayTime wb0r1": 2.5,
        "gain wb0r1": -8,
        "dispersion wb0r1": 15,
        # Bank 1: a body resonance fed partly by bank 0.
        "enabled wb1r0": 1,
        "pitch wb1r0": 0.5,
        "decayTime wb1r0": 1.5,
        "inputMix wb1": 0.6,
        "outputGain wb1": -6,
        "masterGain": -1,
    }
    for param_id, value in settings.items():
        synth.set_param(param_id, value)
    return synth


def build_engine() -> tuple[tonewood.Engine, tonewood.Resonator, tonewood.Resonator]:
    engine = tonewood.Engine(sample_rate=SAMPLE_RATE, block_size=512)
    line, chord = plucked_string(), plucked_string()
    with engine.batch():  # compiled once, at the end
        mixer = engine.add(Mixer(2), "mix")
        echo = engine.add(Delay(time_left_s=0.375, time_right_s=0.5, feedback=0.3, mix=0.25))
        left, right = engine.add(Pan(-0.4)), engine.add(Pan(0.35))
        room = engine.add(Reverb(decay_s=2.2, mix=0.22, predelay_ms=18))
        engine.connect(engine.add(line, "line"), echo)
        engine.connect(echo, left)
        engine.connect(engine.add(chord, "chord"), right)
        engine.connect(left, mixer, source_channel=0, destination_channel=0)
        engine.connect(left, mixer, source_channel=1, destination_channel=1)
        engine.connect(right, mixer, source_channel=0, destination_channel=2)
        engine.connect(right, mixer, source_channel=1, destination_channel=3)
        engine.connect(mixer, room)
        engine.connect(room, engine.output)
    return engine, line, chord


def main(argv: list[str]) -> int:
    output = Path(argv[1] if len(argv) > 1 else "out/demo.wav")
    output.parent.mkdir(parents=True, exist_ok=True)
    engine, line, chord = build_engine()
    melody = [62, 65, 69, 72, 70, 69, 65, 67]
    for i, note in enumerate(melody):  # frames count from the start of the render
        line.note_on(note, velocity=96, frame=i * BEAT)
        line.note_off(note, frame=i * BEAT + BEAT - 200)
    for note in (50, 57, 62, 65, 69):
        chord.note_on(note, velocity=110, frame=len(melody) * BEAT)
        chord.note_off(note, frame=len(melody) * BEAT + 2 * SAMPLE_RATE)
    audio = engine.render(seconds=len(melody) * 0.25 + 3.5)
    tonewood.write(output, audio, SAMPLE_RATE, subtype="PCM_24")
    seconds = audio.shape[1] / SAMPLE_RATE
    print(f"rendered {output}: {seconds:.2f} s, {audio.shape[0]} channels, {SAMPLE_RATE} Hz, "
          f"through {len(engine.nodes)} nodes")
    print(f"peak {analysis.peak_dbfs(audio):.2f} dBFS, "
          f"loudness {analysis.integrated_loudness(audio, SAMPLE_RATE):.1f} LUFS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
