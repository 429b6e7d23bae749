"""MIDI messages and files against mido (PyPI): the same bytes, the same events at the same
ticks and seconds, byte-identical round trips, clear errors with byte offsets; notes and
exact tempo maps."""

from __future__ import annotations

import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import mido
import numpy as np
import pytest

import tonewood
from tonewood.midi import Message, MidiFile, Note, TempoMap


def test_messages_have_the_bytes_mido_gives() -> None:
    pairs = [
        (Message.note_on(channel=3, note=60, velocity=100), mido.Message("note_on", channel=3, note=60, velocity=100)),
        (Message.note_off(channel=15, note=0, velocity=64), mido.Message("note_off", channel=15, note=0, velocity=64)),
        (Message.control_change(channel=1, control=74, value=127), mido.Message("control_change", channel=1, control=74, value=127)),
        (Message.program_change(channel=9, program=0), mido.Message("program_change", channel=9, program=0)),
        (Message.channel_pressure(channel=2, pressure=5), mido.Message("aftertouch", channel=2, value=5)),
        (Message.poly_pressure(channel=2, note=61, pressure=9), mido.Message("polytouch", channel=2, note=61, value=9)),
        (Message.pitch_bend(channel=0, value=-8192), mido.Message("pitchwheel", channel=0, pitch=-8192)),
        (Message.pitch_bend(channel=0, value=8191), mido.Message("pitchwheel", channel=0, pitch=8191)),
        (Message.sysex(b"\x7e\x7f\x09\x01"), mido.Message("sysex", data=[0x7E, 0x7F, 0x09, 0x01])),
        (Message.song_position(16383), mido.Message("songpos", pos=16383)),
        (Message.time_code(3, 9), mido.Message("quarter_frame", frame_type=3, frame_value=9)),
        (Message.clock(), mido.Message("clock")),
        (Message.reset(), mido.Message("reset")),
    ]
    for ours, theirs in pairs:
        assert ours.bytes() == bytes(theirs.bytes()), ours
        assert Message.from_bytes(bytes(theirs.bytes())) == ours
    bend = Message.from_bytes(b"\xe4\x00\x40")
    assert (bend.type, bend.channel, bend.value) == ("pitch_bend", 4, 0)
    with pytest.raises(AttributeError, match="program_change has no note"):
        Message.program_change(program=1).note


def test_bad_messages_name_the_value_and_range() -> None:
    with pytest.raises(tonewood.OutOfRangeError, match=r"note number must be within \[0, 127\], got 128"):
        Message.note_on(note=128)
    with pytest.raises(tonewood.OutOfRangeError, match=r"MIDI channel must be within \[0, 15\]"):
        Message.control_change(channel=16)
    with pytest.raises(tonewood.InvalidArgumentError, match="takes 2 data bytes, got 1"):
        Message.from_bytes(b"\x90\x3c")


def random_song(seed: int, tracks: int = 4, events: int = 300) -> mido.MidiFile:
    rng = random.Random(seed)
    song = mido.MidiFile(type=1, ticks_per_beat=rng.choice([96, 480, 960]))
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("track_name", name="conductor", time=0))
    conductor.append(mido.MetaMessage("time_signature", numerator=7, denominator=8, time=0))
    conductor.append(mido.MetaMessage("key_signature", key="Eb", time=0))
    for _ in range(40):
        conductor.append(mido.MetaMessage("set_tempo", tempo=rng.randint(200_000, 1_500_000), time=rng.randint(0, 500)))
    conductor.append(mido.MetaMessage("marker", text="end", time=10))
    song.tracks.append(conductor)
    for t in range(tracks - 1):
        track = mido.MidiTrack()
        track.append(mido.Message("sysex", data=[0x7D, t, 1, 2], time=0))
        for _ in range(events):
            kind = rng.random()
            channel, delta = rng.randint(0, 15), rng.choice([0, 0, 1, 7, 120, 481, 20000])
            if kind < 0.6:
                track.append(mido.Message("note_on", channel=channel, note=rng.randint(0, 127), velocity=rng.randint(0, 127), time=delta))
            elif kind < 0.8:
                track.append(mido.Message("control_change", channel=channel, control=rng.randint(0, 127), value=rng.randint(0, 127), time=delta))
            elif kind < 0.9:
                track.append(mido.Message("pitchwheel", channel=channel, pitch=rng.randint(-8192, 8191), time=delta))
            else:
                track.append(mido.MetaMessage("lyrics", text=f"w{rng.randint(0, 99)}", time=delta))
        song.tracks.append(track)
    return song


def mido_events(track: mido.MidiTrack) -> list[tuple[int, bytes]]:
    tick, out = 0, []
    for msg in track:
        tick += msg.time
        if msg.type != "end_of_track":
            out.append((tick, bytes(msg.bytes())))
    return out


def our_events(track: tonewood.midi.MidiTrack) -> list[tuple[int, bytes]]:
    out = []
    for e in track:
        if e.kind == "meta":
            length = mido.midifiles.midifiles.encode_variable_int(len(e.data))
            out.append((e.tick, bytes([0xFF, e.meta_type, *length]) + e.data))
        elif e.kind == "sysex":
            out.append((e.tick, b"\xf0" + e.data))
        else:
            out.append((e.tick, e.bytes()))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_files_mido_writes_read_the_same_and_write_back_byte_for_byte(tmp_path: Path, seed: int) -> None:
    song = random_song(seed)
    path = tmp_path / "song.mid"
    song.save(path)
    ours = MidiFile(path)
    assert (ours.format, ours.ticks_per_beat, len(ours.tracks)) == (1, song.ticks_per_beat, len(song.tracks))
    for theirs, mine in zip(song.tracks, ours.tracks):
        assert our_events(mine) == mido_events(theirs)
    assert ours.to_bytes() == path.read_bytes()
    ours.save(tmp_path / "again.mid")
    assert (tmp_path / "again.mid").read_bytes() == path.read_bytes()
    assert MidiFile(path.read_bytes()) == ours


@pytest.mark.parametrize("seed", [4, 5])
def test_event_times_in_seconds_match_mido(tmp_path: Path, seed: int) -> None:
    song = random_song(seed, tracks=3, events=200)
    path = tmp_path / "song.mid"
    song.save(path)
    theirs, now = [], 0.0
    for msg in mido.MidiFile(path):  # merged tracks, times in seconds through the tempo changes
        now += msg.time
        if not msg.is_meta and msg.type != "sysex":
            theirs.append((now, bytes(msg.bytes())))
    ours = MidiFile(path)
    tempo = ours.tempo_map
    mine = sorted(
        ((tempo.seconds(e.tick), e.bytes()) for t in ours.tracks for e in t if e.kind == "message"),
        key=lambda pair: pair[0],
    )
    assert len(mine) == len(theirs)
    np.testing.assert_allclose([s for s, _ in mine], [s for s, _ in theirs], rtol=0, atol=1e-6)
    assert sorted(b for _, b in mine) == sorted(b for _, b in theirs)
    assert ours.duration == pytest.approx(mido.MidiFile(path).length, abs=1e-6)


def test_files_we_write_read_the_same_in_mido(tmp_path: Path) -> None:
    f = MidiFile(ticks_per_beat=240)
    conductor = f.add_track("conductor")
    conductor.add_tempo(0, 90)
    conductor.add_time_signature(0, 3, 4)
    conductor.add_key_signature(0, 2, minor=True)
    conductor.add_tempo(720, microseconds=400000)
    keys = f.add_track("keys")
    keys.add(0, Message.program_change(channel=1, program=4))
    keys.add(0, Message.sysex(b"\x7e\x7f\x09\x01"))
    for i in range(16):
        keys.add(i * 120, Message.note_on(channel=1, note=48 + i, velocity=90))
        keys.add(i * 120 + 100, Message.note_off(channel=1, note=48 + i))
    keys.add_meta(960, "marker", "B section")
    path = tmp_path / "ours.mid"
    f.save(path)
    theirs = mido.MidiFile(path)
    assert theirs.ticks_per_beat == 240
    for mine, track in zip(f.tracks, theirs.tracks):
        assert our_events(mine) == mido_events(track)
    meta = [m for m in theirs.tracks[0] if m.is_meta]
    assert meta[1].tempo == 666667 and meta[2].numerator == 3 and meta[3].key == "Bm"
    assert theirs.tracks[1].name == "keys"


def test_notes_view_and_back(tmp_path: Path) -> None:
    f = MidiFile(ticks_per_beat=480)
    f.add_track("tempo").add_tempo(0, 120)
    t = f.add_track("piano")
    t.add(0, Message.note_on(note=60, velocity=100))
    t.add(240, Message.note_on(note=64, velocity=80))
    t.add(480, Message.note_on(note=60, velocity=0))
    t.add(960, Message.note_off(note=64, velocity=20))
    notes = f.notes()
    assert [(n.note, n.start, n.end, n.velocity, n.release_velocity, n.track) for n in notes] == [
        (60, 0.0, 0.5, 100, 0, 1),
        (64, 0.25, 1.0, 80, 20, 1),
    ]
    again = MidiFile.from_notes([Note(n.start_tick, n.end_tick, n.note, n.velocity, n.release_velocity, n.channel, 0) for n in notes])
    assert [(n.note, n.start, n.end) for n in again.notes()] == [(n.note, n.start, n.end) for n in notes]
    assert f.duration == 1.0


def test_tempo_map_is_exact_over_a_thousand_changes() -> None:
    rng = random.Random(9)
    ppq = 960
    changes = sorted({(rng.randint(0, 5_000_000), rng.randint(100_000, 2_000_000)) for _ in range(1000)})
    tempo = TempoMap(ppq, changes)
    ticks = np.array(sorted(rng.randint(0, 6_000_000) for _ in range(100_000)), dtype=np.int64)

    # The same times as exact fractions, the way a careful person would do it by hand.
    segments = [(0, 500_000)] + [c for c in changes if c[0] > 0]
    if changes and changes[0][0] == 0:
        segments[0] = (0, changes[0][1])
    starts = [Fraction(0)]
    for (t0, us), (t1, _) in zip(segments, segments[1:]):
        starts.append(starts[-1] + Fraction((t1 - t0) * us, ppq * 1_000_000))
    boundaries = [s[0] for s in segments]
    check = ticks[::997]
    index = np.searchsorted(boundaries, check, side="right") - 1
    exact = [starts[i] + Fraction((int(t) - segments[i][0]) * segments[i][1], ppq * 1_000_000) for t, i in zip(check, index)]
    seconds = tempo.seconds_of(check)
    samples = tempo.samples_of(check, 48000)
    for t, e, s, n in zip(check, exact, seconds, samples):
        assert s == pytest.approx(float(e), rel=1e-15)
        assert n == int((e * 48000 + Fraction(1, 2)) // 1), t  # nearest sample, halves up
    all_seconds = tempo.seconds_of(ticks)
    assert np.all(np.diff(all_seconds) >= 0)


def test_malformed_files_raise_with_the_byte_offset(tmp_path: Path) -> None:
    song = random_song(7, tracks=2, events=50)
    path = tmp_path / "song.mid"
    song.save(path)
    data = path.read_bytes()
    cut = tmp_path / "cut.mid"
    cut.write_bytes(data[: len(data) - 20])
    with pytest.raises(tonewood.MidiFileError, match=r"cut\.mid': byte \d+: .*runs past the end") as info:
        MidiFile(cut)
    assert info.value.offset > 0
    with pytest.raises(tonewood.MidiFileError, match="not a Standard MIDI File"):
        MidiFile(b"RIFF0000WAVEfmt ")
    huge = bytearray(data[:14]) + b"MTrk\x7f\xff\xff\xff"
    with pytest.raises(tonewood.MidiFileError, match="byte 18: chunk length 2147483647 runs past the end"):
        MidiFile(bytes(huge))
    with pytest.raises(tonewood.MidiFileError, match="cannot read: No such file"):
        MidiFile(tmp_path / "missing.mid")
    f = MidiFile(ticks_per_beat=96, format=0)
    f.add_track()
    f.add_track()
    with pytest.raises(tonewood.MidiFileError, match="format 0 file holds one track"):
        f.save(tmp_path / "two.mid")
    assert not (tmp_path / "two.mid").exists()


def test_midi_info_and_dump_commands(tmp_path: Path) -> None:
    import subprocess
    import sys

    f = MidiFile(ticks_per_beat=480)
    f.add_track("conductor").add_tempo(0, 96)
    piano = f.add_track("piano")
    piano.add(0, Message.note_on(note=60, velocity=90))
    piano.add(400, Message.note_off(note=60))
    path = tmp_path / "a.mid"
    f.save(path)
    tool = str(Path(sys.executable).parent / "tonewood")
    info = subprocess.run([tool, "midi", "info", str(path)], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    assert "format 1, 480 ticks per beat, 2 tracks, 0.521 s (400 ticks)" in info.stdout
    assert '"piano"' in info.stdout and "1 notes" in info.stdout
    dump = subprocess.run([tool, "midi", "dump", str(path)], capture_output=True, text=True)
    assert "set_tempo tempo=625000 (96.00 BPM)" in dump.stdout
    assert "400      0.5208 s  note_off channel=0 note=60 velocity=0" in dump.stdout
    bad = subprocess.run([tool, "midi", "info", str(tmp_path / "none.mid")], capture_output=True, text=True)
    assert bad.returncode == 2 and "none.mid': cannot read: No such file or directory" in bad.stderr


def test_transformations_chain_and_work_on_streams(tmp_path: Path) -> None:
    from tonewood.midi import MessageTransform

    f = MidiFile(ticks_per_beat=480)
    t = f.add_track("keys")
    for i, start in enumerate([7, 118, 250, 355]):
        t.add(start, Message.note_on(channel=i % 2, note=60 + i, velocity=100))
        t.add(start + 200, Message.note_off(channel=i % 2, note=60 + i))
    t.add(0, Message.control_change(channel=0, control=1, value=64))
    edited = f.copy().transform(transpose=-12, channel_map={1: 8}, controller_map={1: 74}).quantize("1/8")
    assert [(n.start_tick, n.note, n.channel) for n in edited.notes()] == [
        (0, 48, 0), (0, 49, 8), (240, 50, 0), (240, 51, 8)
    ]  # fmt: skip  (118 is nearer 0 than 240; 355 nearer 240 than 480)
    assert [n.end_tick - n.start_tick for n in edited.notes()] == [200] * 4
    assert [n.start_tick for n in f.notes()] == [7, 118, 250, 355]  # the original is untouched
    ccs = [e.message for e in edited.tracks[0] if e.kind == "message" and e.message.type == "control_change"]
    assert [(m.control, m.value) for m in ccs] == [(74, 64)]
    swung = f.copy().quantize("1/8", swing=2 / 3)
    assert [n.start_tick for n in swung.notes()] == [0, 0, 320, 320]
    arp = MidiFile(ticks_per_beat=96)
    chord = arp.add_track()
    for key in (67, 60, 64):
        chord.add(0, Message.note_on(note=key, velocity=90))
        chord.add(384, Message.note_off(note=key))
    assert [(n.start_tick, n.note) for n in arp.arpeggiate("1/16", "down").notes()] == [(0, 67), (24, 64), (48, 60)]
    one = f.copy().merged()
    assert one.format == 0 and len(one.tracks) == 1
    split = f.copy().split_by_channel()
    assert [len(tr.events) for tr in split.tracks] == [1, 4 + 1, 4]  # the name; channel 0 with its CC; channel 1

    live = MessageTransform(transpose=12, velocity_scale=0.5, channels=[0, 1], types=["note_on", "note_off"])
    stream = [Message.note_on(channel=0, note=60, velocity=100), Message.note_on(channel=2, note=60),
              Message.control_change(), Message.note_off(channel=1, note=127)]
    assert [live.apply(m) for m in stream] == [Message.note_on(channel=0, note=72, velocity=50), None, None, None]
    with pytest.raises(tonewood.InvalidArgumentError, match='"1/7" is not a whole number of ticks'):
        f.copy().quantize("1/7")
    with pytest.raises(tonewood.OutOfRangeError, match="channel map target"):
        MessageTransform(channel_map={0: 16})


def test_midi_transform_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    f = MidiFile(ticks_per_beat=480)
    t = f.add_track()
    for i, start in enumerate([7, 250]):
        t.add(start, Message.note_on(note=60 + i, velocity=100))
        t.add(start + 100, Message.note_off(note=60 + i))
    source, target = tmp_path / "in.mid", tmp_path / "out.mid"
    f.save(source)
    tool = str(Path(sys.executable).parent / "tonewood")
    done = subprocess.run([tool, "midi", "transform", str(source), str(target), "--transpose", "12",
                           "--quantize", "1/16", "--channel-map", "0:3"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [(n.start_tick, n.note, n.channel) for n in MidiFile(target).notes()] == [(0, 72, 3), (240, 73, 3)]
    assert MidiFile(target) == f.copy().transform(transpose=12, channel_map={0: 3}).quantize("1/16")
    for bad, words in (("0:300", "must be within [0, 15]"), ("x:1", "expects FROM:TO"), ("3", "expects FROM:TO")):
        done = subprocess.run([tool, "midi", "transform", str(source), str(tmp_path / "bad.mid"), "--channel-map", bad],
                              capture_output=True, text=True)
        assert done.returncode == 2 and words in done.stderr, done.stderr
    assert not (tmp_path / "bad.mid").exists()


def test_the_header_track_count_rules_as_in_mido(tmp_path: Path) -> None:
    song = MidiFile(ticks_per_beat=96, format=0)
    song.add_track().add(0, Message.note_on(0, 60, 100))
    one = song.to_bytes()
    joined = tmp_path / "joined.mid"
    joined.write_bytes(one + one)  # a second SMF appended, as some tools leave them
    with pytest.warns(tonewood.MidiFileWarning, match="bytes after the 1 declared track .*another MThd"):
        read = MidiFile(joined)
    assert len(read.tracks) == len(mido.MidiFile(joined).tracks) == 1
    assert read.trailing_bytes == one
    read.save(tmp_path / "again.mid")
    assert (tmp_path / "again.mid").read_bytes() == one + one
    promises_two = bytearray(one)
    promises_two[11] = 2
    with pytest.warns(tonewood.MidiFileWarning, match="promises 2 tracks, the file holds 1"):
        assert len(MidiFile(bytes(promises_two)).tracks) == 1
    result = subprocess.run([str(Path(sys.executable).parent / "tonewood"), "midi", "info", str(joined)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "warning:" in result.stderr and "another MThd" in result.stderr


def test_meta_fields_tempo_and_mido_round_trips_read_as_mido_reads_them() -> None:
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track("lead")
    track.add_tempo(0, bpm=90)
    track.add_time_signature(0, 6, 8)
    for sharps, minor in ((-3, True), (2, False), (0, True), (-7, False), (7, True)):
        track.add_key_signature(0, sharps, minor)
    track.add_meta(10, "marker", "verse")
    theirs = song.to_mido()
    assert isinstance(theirs, mido.MidiFile)
    ours_meta = [e for e in song.tracks[0] if e.kind == "meta"]
    their_meta = [m for m in theirs.tracks[0] if m.is_meta and m.type != "end_of_track"]
    assert len(ours_meta) == len(their_meta)
    for ours, msg in zip(ours_meta, their_meta):
        assert ours.type == msg.type
        for field, value in ours.fields.items():
            assert getattr(msg, field) == value, (msg, field)
    tempo = next(e for e in song.tracks[0] if e.type == "set_tempo")
    assert tempo.bpm == pytest.approx(mido.tempo2bpm(tempo.tempo)) and round(tempo.bpm, 3) == 90.0
    assert MidiFile.from_mido(theirs) == song
    with pytest.raises(AttributeError, match="has no field 'bpmm'"):
        tempo.bpmm  # noqa: B018


def test_notes_are_placed_in_beats_seconds_or_ticks() -> None:
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track()
    track.add_tempo(0, bpm=90)
    track.add_note(60, 1.0, 0.5)                      # beats
    track.add_note(64, 2.0, 1.0, unit="seconds")      # at 90 bpm a beat is 2/3 s
    track.add_note(67, 100, 50, channel=3, unit="ticks")
    notes = sorted(song.notes(), key=lambda n: n.start_tick)
    assert [(n.note, n.start_tick, n.end_tick, n.channel) for n in notes] == [
        (67, 100, 150, 3), (60, 480, 720, 0), (64, 1440, 2160, 0)]
    assert notes[2].start == pytest.approx(2.0) and notes[2].duration == pytest.approx(1.0)
    with pytest.raises(tonewood.InvalidArgumentError, match="unit must be"):
        track.add_note(60, 0, 1, unit="bars")
    with pytest.raises(tonewood.OutOfRangeError, match="start and duration >= 0"):
        track.add_note(60, -1, 1)


def test_the_drum_channel_is_left_alone_unless_asked() -> None:
    song = MidiFile(ticks_per_beat=480)
    track = song.add_track()
    for channel in (0, 9):
        track.add(0, Message.note_on(channel, 36, 100))
        track.add(480, Message.note_off(channel, 36, 0))
    moved = MidiFile(song.to_bytes()).transform(transpose=12)
    assert sorted((n.channel, n.note) for n in moved.notes()) == [(0, 48), (9, 36)]
    all_moved = MidiFile(song.to_bytes()).transform(transpose=12, transpose_drums=True)
    assert sorted((n.channel, n.note) for n in all_moved.notes()) == [(0, 48), (9, 48)]
    drums_only = MidiFile(ticks_per_beat=480)
    drum_track = drums_only.add_track()
    drum_track.add(0, Message.note_on(9, 36, 100))
    drum_track.add(480, Message.note_off(9, 36, 0))
    assert np.max(np.abs(tonewood.render_midi(drums_only, tail=0.5))) == 0.0  # no pitched kick
    assert np.max(np.abs(tonewood.render_midi(drums_only, tail=0.5, drums=True))) > 0.01
