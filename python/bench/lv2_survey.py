"""Every installed LV2 plugin through tonewood, each in its own child process with a timeout:
instantiate at 48 kHz, run one second of noise (a chord for instruments) in varying block sizes,
check the output is finite. Prints one line per plugin that does not pass, with the reason, and
the totals. A crashing or hanging plugin costs only its child.

Run: .venv/bin/python python/bench/lv2_survey.py [--timeout SECONDS] [--name TEXT]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import tonewood

CHILD = r"""
import sys, numpy as np, tonewood
plugin = tonewood.LV2Plugin(sys.argv[1])
info = plugin.info
if info.audio_outputs == 0:
    print("no audio output"); sys.exit(3)
rng = np.random.default_rng(1)
out = []
for block in (64, 333, 512):
    engine = tonewood.Engine(48000, block, inputs=info.audio_inputs, outputs=info.audio_outputs)
    node = engine.add(tonewood.LV2Plugin(sys.argv[1]))
    if info.audio_inputs:
        engine.connect(engine.input, node)
    engine.connect(node, engine.output)
    if info.midi_inputs:
        for note in (60, 64, 67):
            node.send(bytes([0x90, note, 100]), frame=100)
    x = (0.1 * rng.standard_normal((info.audio_inputs, 48000))).astype(np.float32) if info.audio_inputs else None
    out.append(engine.render(48000, input=x) if x is not None else engine.render(48000))
if not all(np.isfinite(y).all() for y in out):
    print("output not finite"); sys.exit(4)
print("ok")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--name", default=None)
    args = parser.parse_args()
    plugins = tonewood.plugins.list(name=args.name)
    passed, failures = 0, []
    start = time.perf_counter()
    for info in plugins:
        if info.missing_features:
            failures.append((info.uri, "needs " + ", ".join(info.missing_features)))
            continue
        try:
            run = subprocess.run([sys.executable, "-c", CHILD, info.uri], capture_output=True, text=True,
                                 timeout=args.timeout)
        except subprocess.TimeoutExpired:
            failures.append((info.uri, f"hung (over {args.timeout:g} s)"))
            continue
        if run.returncode == 0:
            passed += 1
        elif run.returncode < 0:
            failures.append((info.uri, f"crashed (signal {-run.returncode})"))
        else:
            reason = (run.stdout.strip() or run.stderr.strip().splitlines()[-1:] or ["?"])
            failures.append((info.uri, reason if isinstance(reason, str) else reason[0]))
    for uri, reason in failures:
        print(f"{uri}: {reason}")
    print(f"{passed} of {len(plugins)} plugins run ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
