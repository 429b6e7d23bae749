"""Every installed LV2 plugin through tonewood.plugins.check: each runs isolated in its own child
process with a timeout, is played for a second in blocks of 64, 333 and 512 frames (a note for
instruments), must give finite output, and must round-trip its state. Prints each plugin that
does not pass with the reason, then the totals. A crashing or hanging plugin costs only its child.

Run: .venv/bin/python python/bench/lv2_survey.py [--install] [--timeout SECONDS] [--name TEXT]
--install first installs the Debian packages of the survey (the plugin collections listed in
the engine-and-hosting spec, about 665 plugins) with apt-get.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

PACKAGES = (
    "lv2-examples swh-lv2 x42-plugins lsp-plugins-lv2 calf-plugins dpf-plugins-lv2 zam-plugins "
    "mda-lv2 guitarix-lv2 dragonfly-reverb-lv2 fomp invada-studio-plugins-lv2 blop-lv2 "
    "ardour-lv2-plugins synthv1-lv2 padthv1-lv2 samplv1-lv2 drumkv1-lv2 so-synth-lv2 eq10q "
    "rubberband-lv2 ir.lv2 abgate amsynth vocproc lv2vocoder setbfree lilv-utils"
).split()


def install() -> None:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES],
                   check=True, env=env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--install", action="store_true")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--name", default=None)
    args = parser.parse_args()
    if args.install:
        install()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no plugin UI is loaded; belt and braces
    import tonewood

    plugins = tonewood.plugins.list(name=args.name)
    start = time.perf_counter()
    results = [tonewood.plugins.check(p.uri, timeout=args.timeout) for p in plugins]
    misses = [r for r in results if not r.passed]
    for r in misses:
        print(f"{r.plugin}: {r.reason}")
    slowest = max(results, key=lambda r: r.seconds, default=None)
    print(f"{len(results) - len(misses)} of {len(results)} plugins pass "
          f"({time.perf_counter() - start:.0f} s"
          + (f"; slowest {slowest.plugin} {slowest.seconds:.1f} s" if slowest else "") + ")")


if __name__ == "__main__":
    main()
