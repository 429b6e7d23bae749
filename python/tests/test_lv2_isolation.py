"""Plugins run isolated (LV2Plugin(..., isolated=True)): the same sound as in-process, and a
plugin that crashes or hangs raises PluginCrashedError while this interpreter goes on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import tonewood

AMP = "http://lv2plug.in/plugins/eg-amp"
MISBEHAVING = "urn:tonewood:test:misbehaving"
SOURCE = Path(__file__).resolve().parents[2] / "cpp" / "tests" / "support" / "misbehaving_lv2"

needs_examples = pytest.mark.skipif(
    not Path("/usr/lib/lv2/eg-amp.lv2").exists(),
    reason="the LV2 example plugins are not installed (Debian package lv2-examples, which scripts/install-deps installs)",
)


def build_misbehaving(folder: Path, uri: str = MISBEHAVING, default_mode: int = 0) -> str:
    """The test plugin that crashes, hangs or exits on demand, built into a bundle of its own."""
    compiler = shutil.which("c++")
    if compiler is None or not Path("/usr/include/lv2/core/lv2.h").exists():
        pytest.skip("building the test plugin needs a C++ compiler and the LV2 headers (lv2-dev)")
    bundle = folder / (uri.rsplit(":", 1)[-1] + ".lv2")
    bundle.mkdir()
    manifest = (SOURCE / "manifest.ttl").read_text()
    (bundle / "manifest.ttl").write_text(manifest.replace(MISBEHAVING, uri)
                                         .replace("lv2:default 0", f"lv2:default {default_mode}"))
    subprocess.run([compiler, "-shared", "-fPIC", "-O1", f'-DMISBEHAVING_URI="{uri}"', "-o",
                    str(bundle / "misbehaving.so"), str(SOURCE / "misbehaving_plugin.cpp")], check=True)
    return str(bundle)


@pytest.fixture(scope="module")
def misbehaving(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_misbehaving(tmp_path_factory.mktemp("plugins"))


def noise(frames: int = 48000) -> np.ndarray:
    return (0.1 * np.random.default_rng(7).standard_normal((1, frames))).astype(np.float32)


@needs_examples
def test_an_isolated_plugin_sounds_exactly_as_in_process() -> None:
    local = tonewood.LV2Plugin(AMP, gain=-6)
    isolated = tonewood.LV2Plugin(AMP, isolated=True, gain=-6)
    assert isolated.isolated and not local.isolated
    assert isolated.failure is None
    assert "isolated=True" in repr(isolated) and "gain=-6" in repr(isolated)
    x = noise()
    expected = local(x, 48000)
    assert np.array_equal(isolated(x, 48000, block_size=64), expected)
    assert np.array_equal(isolated(x, 48000, block_size=333), expected)
    assert 20 * np.log10(np.abs(expected).max() / np.abs(x).max()) == pytest.approx(-6.0, abs=1e-4)
    # Its state is an ordinary LV2 state: in-process and isolated restore each other's.
    local.restore_state(tonewood.LV2Plugin(AMP, isolated=True, gain=-20).save_state())
    assert local.get_param("gain") == -20


def test_a_crashing_plugin_raises_and_python_goes_on(misbehaving: str) -> None:
    plugin = tonewood.LV2Plugin(misbehaving, isolated=True)
    x = noise(4800)
    assert np.array_equal(plugin(x, 48000), x)  # mode 0 passes the audio through
    plugin.set_param("mode", 1)  # a segmentation fault inside run()
    with pytest.raises(tonewood.PluginCrashedError, match=r"crashed .*Segmentation fault, signal 11") as error:
        plugin(x, 48000)
    assert isinstance(error.value, tonewood.Error)
    assert MISBEHAVING in str(error.value)
    assert plugin.failure is not None and "signal 11" in plugin.failure
    with pytest.raises(tonewood.PluginCrashedError):
        plugin.save_state()
    # The next render prepares it again: a fresh child, parameters kept.
    plugin.set_param("mode", 0)
    assert np.array_equal(plugin(x, 48000), x)
    assert plugin.failure is None


def test_a_hanging_plugin_is_stopped_after_its_timeout(misbehaving: str) -> None:
    plugin = tonewood.LV2Plugin(misbehaving, isolated=True, timeout=0.5, mode=2)
    start = time.perf_counter()
    with pytest.raises(tonewood.PluginCrashedError, match=r"stopped answering for more than 0\.5 s"):
        plugin(noise(4800), 48000)
    assert 0.45 < time.perf_counter() - start < 5.0


def test_the_same_crash_in_process_would_kill_the_interpreter(misbehaving: str) -> None:
    """What isolation saves: the same plugin run in-process takes its Python down."""
    code = ("import numpy as np, tonewood\n"
            f"p = tonewood.LV2Plugin({misbehaving!r}, mode=1)\n"
            "p(np.zeros((1, 480), np.float32), 48000)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                         env={**os.environ, "PYTHONFAULTHANDLER": ""})
    assert run.returncode == -11


@needs_examples
def test_an_isolated_instrument_plays_midi_and_runs_in_an_engine() -> None:
    sampler = tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-sampler", isolated=True)
    audio = sampler.process([(0.1, [0x90, 60, 100])], 0.5, 48000)
    assert int(np.argmax(np.abs(audio[0]) > 1e-4)) == 4800
    local = tonewood.LV2Plugin("http://lv2plug.in/plugins/eg-sampler")
    assert np.array_equal(audio, local.process([(0.1, [0x90, 60, 100])], 0.5, 48000))


@needs_examples
def test_checking_the_installed_examples_finds_only_the_two_plugins_broken_in_debian() -> None:
    """A sample of python/bench/lv2_survey.py: the plugins scripts/install-deps installs."""
    ours = [p.uri for p in tonewood.plugins.list() if "lv2plug.in/plugins" in p.uri or "swh-plugins" in p.uri]
    assert len(ours) >= 100
    results = [tonewood.plugins.check(uri, seconds=0.3) for uri in ours]
    failed = {r.plugin: r.reason for r in results if not r.passed}
    # swh's mbeq and pitchScaleHQ are built without FFTW in Debian 12: their libraries do not load.
    assert set(failed) <= {"http://plugin.org.uk/swh-plugins/mbeq", "http://plugin.org.uk/swh-plugins/pitchScaleHQ"}, failed
    for reason in failed.values():
        assert "undefined symbol: fftwf_execute" in reason


def test_a_check_reports_a_crash_as_a_failed_check(misbehaving: str, tmp_path: Path) -> None:
    assert tonewood.plugins.check(misbehaving).passed
    # The same plugin with its mode defaulting to "crash": the check fails, this process goes on.
    bundle = build_misbehaving(tmp_path, MISBEHAVING + "-crashing", default_mode=1)
    result = tonewood.plugins.check(bundle)
    assert not result.passed
    assert "Segmentation fault, signal 11" in result.reason
    cli = str(Path(sys.executable).parent / "tonewood")
    if Path(cli).exists():
        run = subprocess.run([cli, "plugins", "check", misbehaving, bundle], capture_output=True, text=True)
        assert run.returncode == 1
        assert run.stdout.splitlines()[0].startswith("ok    " + misbehaving)
        assert "FAIL" in run.stdout.splitlines()[1] and "signal 11" in run.stdout
        assert run.stdout.splitlines()[-1] == "1 of 2 plugins pass"


def test_the_command_line_runs_a_plugin_isolated_and_reports_its_crash(misbehaving: str, tmp_path: Path) -> None:
    cli = str(Path(sys.executable).parent / "tonewood")
    if not Path(cli).exists():
        pytest.skip("the tonewood command is not installed beside this Python")
    tonewood.write(tmp_path / "in.wav", noise(4800), 48000)
    passed = subprocess.run([cli, "plugins", "process", misbehaving, str(tmp_path / "in.wav"),
                             str(tmp_path / "out.wav"), "--isolated", "-q"], capture_output=True, text=True)
    assert passed.returncode == 0, passed.stderr
    assert np.array_equal(tonewood.read(tmp_path / "out.wav")[0], tonewood.read(tmp_path / "in.wav")[0])
    crashed = subprocess.run([cli, "plugins", "process", misbehaving, str(tmp_path / "in.wav"),
                              str(tmp_path / "crash.wav"), "--isolated", "--set", "mode=1", "-q"],
                             capture_output=True, text=True)
    assert crashed.returncode == 2  # an error the command reports, not a death by signal
    assert "crashed in its own process (Segmentation fault, signal 11)" in crashed.stderr
    assert not (tmp_path / "crash.wav").exists()  # nothing half-written
