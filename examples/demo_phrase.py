"""Renders a short phrase on the resonator synth: a plucked line, then a chord that rings out.

Run: .venv/bin/python examples/demo_phrase.py out/demo.wav
"""

from __future__ import annotations

import sys
from pathlib import Path

import tonewood
from tonewood import analysis

SAMPLE_RATE = 48000


def build_instrument() -> tonewood.Resonator:
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


def render_phrase(synth: tonewood.Resonator) -> "tonewood.analysis.np.ndarray":  # type: ignore[name-defined]
    beat = int(0.25 * SAMPLE_RATE)
    line = [62, 65, 69, 72, 70, 69, 65, 67]
    for i, note in enumerate(line):
        synth.note_on(note, velocity=96, frame=i * beat)
        synth.note_off(note, frame=i * beat + beat - 200)
    chord_start = len(line) * beat
    for note in (50, 57, 62, 65, 69):
        synth.note_on(note, velocity=110, frame=chord_start)
        synth.note_off(note, frame=chord_start + 2 * SAMPLE_RATE)
    return synth.render(seconds=len(line) * 0.25 + 3.5)


def main(argv: list[str]) -> int:
    output = Path(argv[1] if len(argv) > 1 else "out/demo.wav")
    output.parent.mkdir(parents=True, exist_ok=True)
    audio = render_phrase(build_instrument())
    tonewood.write(output, audio, SAMPLE_RATE, subtype="PCM_24")
    seconds = audio.shape[1] / SAMPLE_RATE
    print(f"rendered {output}: {seconds:.2f} s, {audio.shape[0]} channels, {SAMPLE_RATE} Hz")
    print(f"peak {analysis.peak_dbfs(audio):.2f} dBFS, "
          f"loudness {analysis.integrated_loudness(audio, SAMPLE_RATE):.1f} LUFS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
