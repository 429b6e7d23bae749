"""LV2 hosting overhead: the same plugin, block size and length through lilv's own `lv2bench`
and through tonewood (an LV2Plugin called on an array, in blocks), seconds for 10 s of audio.
A cheap plugin (eg-amp: one multiply a sample) shows the host's own cost; a reverb shows a
plugin that does real work. The same plugins run isolated (in a child process) show what the
isolation costs per block.
Run: .venv/bin/python python/bench/bench_lv2.py   (needs lilv-utils, lv2-examples, swh-lv2)
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
from timing import best_of

import tonewood

PLUGINS = ["http://lv2plug.in/plugins/eg-amp", "http://plugin.org.uk/swh-plugins/plate"]
FRAMES = 480_000  # 10 s at 48 kHz


def lv2bench_seconds(uri: str, block: int) -> float:
    run = subprocess.run(["lv2bench", "-b", str(block), "-n", str(FRAMES), uri], capture_output=True,
                         text=True, check=True)
    return min(float(line.split()[0]) for line in run.stdout.splitlines() if uri in line)


def main() -> None:
    if shutil.which("lv2bench") is None:
        print("needs lv2bench (Debian package lilv-utils)")
        return
    for uri in PLUGINS:
        plugin = tonewood.LV2Plugin(uri)
        isolated = tonewood.LV2Plugin(uri, isolated=True)
        audio = (0.1 * np.random.default_rng(1).standard_normal((plugin.num_inputs, FRAMES))).astype(np.float32)
        for block in (64, 512):
            theirs = min(lv2bench_seconds(uri, block) for _ in range(3))
            ours = best_of(lambda: plugin(audio, 48000, block_size=block), 3)
            apart = best_of(lambda: isolated(audio, 48000, block_size=block), 3)
            per_block = (apart - ours) / (FRAMES / block) * 1e6
            print(f"{plugin.info.name:18s} {block:4d}-frame blocks, 10 s: lv2bench {theirs * 1e3:7.2f} ms, "
                  f"tonewood {ours * 1e3:7.2f} ms ({ours / theirs:4.2f}x its time), "
                  f"isolated {apart * 1e3:7.2f} ms ({per_block:4.1f} us more a block)")


if __name__ == "__main__":
    main()
