"""Paths users get wrong: every reader says "it is a directory" for a folder, MIDI files come
from file objects and bytes as audio files do, and writes through a symlink or over an existing
file keep what the user had."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tonewood
from tonewood.midi import MidiFile

TOOL = str(Path(sys.executable).parent / "tonewood")


def test_every_reader_says_a_folder_is_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "songs.wav"
    folder.mkdir()
    readers = [
        lambda: tonewood.AudioFile(folder),
        lambda: tonewood.read(folder),
        lambda: tonewood.MappedAudioFile(folder),
        lambda: MidiFile(folder),
        lambda: tonewood.Resonator().load_preset(folder),
    ]
    for reader in readers:
        with pytest.raises(tonewood.Error, match=f"'{folder}'.*it is a directory"):
            reader()
    for args in (["info", str(folder)], ["render", str(folder), "-o", str(tmp_path / "x.wav")]):
        result = subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=60)
        assert result.returncode != 0 and "it is a directory" in result.stderr, result.stderr
    with pytest.raises(tonewood.Error, match="it is a directory"):
        tonewood.write(folder, np.zeros((1, 10), np.float32), 48000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["songs.wav"]


def test_midi_files_read_from_file_objects_and_bytes_and_save_to_them(tmp_path: Path) -> None:
    song = MidiFile(ticks_per_beat=96)
    track = song.add_track()
    track.add(0, tonewood.midi.Message.note_on(0, 60, 100))
    track.add(96, tonewood.midi.Message.note_off(0, 60, 0))
    buffer = io.BytesIO()
    song.save(buffer)
    path = tmp_path / "song.mid"
    path.write_bytes(buffer.getvalue())
    with open(path, "rb") as handle:
        from_handle = MidiFile(handle)
    assert from_handle == song == MidiFile(buffer.getvalue()) == MidiFile(path)
    assert from_handle.name == str(path)
    with pytest.raises(tonewood.InvalidArgumentError, match="'rb'"):
        with open(path, encoding="latin-1") as text:
            MidiFile(text)


def test_writes_follow_symlinks_and_keep_permissions(tmp_path: Path) -> None:
    real = tmp_path / "real.wav"
    tonewood.write(real, np.zeros((1, 100), np.float32), 48000)
    real.chmod(0o640)
    link = tmp_path / "link.wav"
    link.symlink_to(real)
    tonewood.write(link, np.ones((1, 50), np.float32) * 0.5, 48000)
    assert link.is_symlink()
    assert real.stat().st_mode & 0o777 == 0o640
    assert tonewood.read(real)[0].shape == (1, 50)
    before = os.umask(0o077)
    try:
        tonewood.write(tmp_path / "private.wav", np.zeros((1, 10), np.float32), 48000)
    finally:
        os.umask(before)
    assert (tmp_path / "private.wav").stat().st_mode & 0o777 == 0o600
