"""The tonewood command as the tests run it: the one installed beside this Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOL = str(Path(sys.executable).parent / "tonewood")


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Runs `tonewood ARGS` in `cwd`, capturing its text output (and failing on an error exit
    unless `check` is off)."""
    return subprocess.run([TOOL, *args], cwd=cwd, check=check, capture_output=True, text=True, timeout=300)
