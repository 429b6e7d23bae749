"""Every example in the README runs as written."""

from __future__ import annotations

import re
import shutil
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text()
BIN = Path(sys.executable).parent


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


@pytest.mark.parametrize("code", blocks("python"), ids=lambda c: c.splitlines()[0][:40])
def test_python_examples_run(code: str, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "example.py").write_text(code)
    result = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_cli_tour_runs(tmp_path: Path) -> None:
    tour = README.split("## Command-line tour", 1)[1]
    commands = re.findall(r"```sh\n(.*?)```", tour, re.S)[0]
    joined = commands.replace("\\\n", " ")
    (tmp_path / "out").mkdir()
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    ran = 0
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip()  # drop trailing comments
        if not line.startswith("tonewood"):
            continue
        args = shlex.split(line)
        result = subprocess.run([str(BIN / args[0]), *args[1:]], cwd=tmp_path, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        ran += 1
    assert ran == 9
    assert (tmp_path / "out" / "note.wav").exists()
    assert (tmp_path / "out" / "note.png").read_bytes()[:4] == b"\x89PNG"
