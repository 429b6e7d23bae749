"""An independent Link peer for the tests: aalink (PyPI, its own build of Link), driven by lines
on stdin and answering each with its state as JSON on stdout. Runs inside the test's network
namespace.

Commands: `enable`, `disable`, `tempo BPM`, `sync ON` (start/stop sync), `play ON`, `state`.
Each answer holds the tempo, peers, playing, beat, and the phase (quantum 4) at `time`, Link's
clock in microseconds.
"""

import asyncio
import json
import sys
from datetime import timedelta

from aalink import Link


async def main() -> None:
    loop = asyncio.get_running_loop()
    link = Link(float(sys.argv[1]))
    link.quantum = 4
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        command, *args = line.split()
        if command == "enable":
            link.enabled = True
        elif command == "disable":
            link.enabled = False
        elif command == "tempo":
            link.tempo = float(args[0])
        elif command == "sync":
            link.start_stop_sync_enabled = args[0] == "1"
        elif command == "play":
            link.playing = args[0] == "1"
        # Link's time (microseconds) read on both sides of the phase: where the phase was taken.
        before = link.time / timedelta(microseconds=1)
        phase = link.phase
        after = link.time / timedelta(microseconds=1)
        print(json.dumps({"tempo": link.tempo, "peers": link.num_peers, "playing": link.playing,
                          "beat": link.beat, "phase": phase, "time": (before + after) / 2}), flush=True)
    link.enabled = False


asyncio.run(main())
