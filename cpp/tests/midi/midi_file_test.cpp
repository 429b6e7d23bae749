// Standard MIDI Files: byte-exact round trips, preserved unknown chunks, SMPTE division, and
// malformed files reported with the byte offset.
#include "tonewood/midi/midi_file.hpp"

#include <gtest/gtest.h>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/note_list.hpp"

namespace tonewood::midi {
namespace {

using Bytes = std::vector<std::uint8_t>;

MidiFile songWithEverything() {
  MidiFile f = MidiFile::withTicksPerBeat(96);
  f.tracks.resize(2);
  MidiTrack& conductor = f.tracks[0];
  conductor.add(MidiEvent::text(0, meta::kTrackName, "conductor"));
  conductor.add(MidiEvent::tempo(0, 500000));
  conductor.add(MidiEvent::timeSignature(0, 6, 8));
  conductor.add(MidiEvent::keySignature(0, -3, true));
  conductor.add(MidiEvent::metaEvent(0, meta::kSmpteOffset, {96, 0, 3, 0, 0}));
  conductor.add(MidiEvent::tempo(384, 400000));
  conductor.add(MidiEvent::text(384, meta::kMarker, "chorus"));
  conductor.add(MidiEvent::metaEvent(400, meta::kSequencerSpecific, {0x00, 0x20, 0x29, 1}));
  MidiTrack& keys = f.tracks[1];
  keys.add(MidiEvent::sysEx(0, Message::sysEx({0x7E, 0x7F, 0x09, 0x01})));
  keys.add(MidiEvent::channel(0, Message::programChange(0, 5)));
  for (int i = 0; i < 8; ++i) {
    keys.add(MidiEvent::channel(i * 48, Message::noteOn(0, 60 + i, 100)));
    keys.add(MidiEvent::channel(i * 48 + 40, Message::noteOn(0, 60 + i, 0)));
  }
  keys.add(MidiEvent::text(100, meta::kLyric, "la"));
  keys.add(MidiEvent::channel(200, Message::pitchBend(0, -8192)));
  MidiEvent escape;
  escape.tick = 300;
  escape.kind = EventKind::Escape;
  escape.data = {0xF8};
  keys.add(escape);
  keys.endTick = 500;
  f.extraChunks.push_back({{'X', 'T', 'R', 'A'}, {1, 2, 3}, 1});
  return f;
}

TEST(MidiFile, CanonicalBytesSurviveAReadWriteRoundTrip) {
  const MidiFile song = songWithEverything();
  for (bool running : {true, false}) {
    const Bytes bytes = song.serialize(running);
    const MidiFile back = MidiFile::parse(bytes.data(), bytes.size(), "song.mid");
    EXPECT_EQ(back, song);
    EXPECT_EQ(back.serialize(running), bytes);
  }
  // Running status leaves out each channel status byte that repeats the previous one with no
  // meta or SysEx event between them.
  std::size_t repeats = 0;
  std::uint8_t running = 0;
  for (const MidiEvent& e : song.tracks[1].events) {
    const std::uint8_t status = e.status();
    repeats += status != 0 && status == running;
    running = status;
  }
  EXPECT_GT(repeats, 10u);
  EXPECT_EQ(song.serialize(false).size() - song.serialize(true).size(), repeats);
}

TEST(MidiFile, SmpteDivisionAndFormatZero) {
  MidiFile f = MidiFile::withSmpte(25, 40, 0);
  f.tracks.resize(1);
  f.tracks[0].add(MidiEvent::channel(1000, Message::noteOn(9, 36, 127)));
  const Bytes bytes = f.serialize();
  EXPECT_EQ(bytes[12], 0xE7);  // -25
  EXPECT_EQ(bytes[13], 40);
  const MidiFile back = MidiFile::parse(bytes.data(), bytes.size(), "x.mid");
  EXPECT_EQ(back.smpteFramesPerSecond(), 25);
  EXPECT_EQ(back.ticksPerFrame(), 40);
  f.tracks.resize(2);
  EXPECT_THROW(f.serialize(), MidiFileError);
}

void expectError(Bytes bytes, std::int64_t offset, const char* words) {
  try {
    MidiFile::parse(bytes.data(), bytes.size(), "bad.mid");
    ADD_FAILURE() << "no error; expected " << words;
  } catch (const MidiFileError& e) {
    EXPECT_EQ(e.offset(), offset) << e.what();
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'bad.mid'"), std::string::npos) << e.what();
  }
}

Bytes withTrack(const Bytes& body, std::uint32_t declaredLength = 0xFFFFFFFF) {
  Bytes b = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 'M', 'T', 'r', 'k'};
  const std::uint32_t n =
      declaredLength == 0xFFFFFFFF ? static_cast<std::uint32_t>(body.size()) : declaredLength;
  for (int i = 3; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  b.insert(b.end(), body.begin(), body.end());
  return b;
}

TEST(MidiFile, MalformedFilesNameTheByte) {
  expectError({'R', 'I', 'F', 'F', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, "not a Standard MIDI File");
  expectError(withTrack({0, 0x90, 60}, 3), 25, "truncated");  // the note needs a velocity
  expectError(withTrack({0, 60, 100}), 23, "no running status");
  expectError(withTrack({0x81, 0x81, 0x81, 0x81, 0x01, 0x90, 60, 1}), 22, "longer than 4 bytes");
  expectError(withTrack({0, 0xFF, 0x01, 0x7F, 'a'}), 26, "truncated");  // meta says 127 bytes
  expectError(withTrack({0, 0x90, 60, 100}, 1000), 18, "runs past the end");
  expectError(withTrack({0, 0xF8}), 23, "no place in a MIDI file track");
  expectError(withTrack({0, 0x90, 60, 0x90, 0}), 25, "cut short");
}

TEST(MidiFile, TheHeadersTrackCountRulesAsInMido) {
  // Fewer tracks than declared: what is there, with a warning.
  Bytes promisesTwo = withTrack({0, 0x90, 60, 100, 0, 0xFF, 0x2F, 0});
  promisesTwo[11] = 2;
  const MidiFile partial = MidiFile::parse(promisesTwo.data(), promisesTwo.size(), "x.mid");
  ASSERT_EQ(partial.tracks.size(), 1u);
  ASSERT_EQ(partial.warnings.size(), 1u);
  EXPECT_NE(partial.warnings[0].find("promises 2 tracks, the file holds 1"), std::string::npos);

  // A second SMF appended after the declared track: not read, kept byte for byte, and a format
  // 0 file still saves (it has the one track it declares).
  Bytes first = withTrack({0, 0x90, 60, 100, 0, 0xFF, 0x2F, 0});
  first[9] = 0;  // format 0
  const Bytes second = withTrack({0, 0x90, 64, 100, 0, 0xFF, 0x2F, 0});
  Bytes joined = first;
  joined.insert(joined.end(), second.begin(), second.end());
  const MidiFile song = MidiFile::parse(joined.data(), joined.size(), "joined.mid");
  ASSERT_EQ(song.tracks.size(), 1u);
  EXPECT_EQ(song.format, 0);
  EXPECT_EQ(song.trailingBytes, second);
  ASSERT_EQ(song.warnings.size(), 1u);
  EXPECT_NE(song.warnings[0].find(std::to_string(second.size()) +
                                  " bytes after the 1 declared "
                                  "track (from byte " +
                                  std::to_string(first.size()) + ", another MThd)"),
            std::string::npos)
      << song.warnings[0];
  EXPECT_EQ(song.serialize(), joined);

  // Found by fuzzing: a chunk of another kind after the last track, and a second header among
  // the tracks, both survive a save and a second read unchanged.
  Bytes chunkAfter = withTrack({0, 0xFF, 0x2F, 0});
  chunkAfter.insert(chunkAfter.end(), {'X', 'T', 'R', 'A', 0, 0, 0, 2, 7, 9});
  const MidiFile withChunk = MidiFile::parse(chunkAfter.data(), chunkAfter.size(), "x.mid");
  ASSERT_EQ(withChunk.extraChunks.size(), 1u);
  const Bytes saved = withChunk.serialize();
  EXPECT_EQ(MidiFile::parse(saved.data(), saved.size(), "again.mid"), withChunk);
  Bytes headerAmongTracks = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 2, 0, 96};
  headerAmongTracks.insert(headerAmongTracks.end(), second.begin(), second.end());
  const MidiFile early = MidiFile::parse(headerAmongTracks.data(), headerAmongTracks.size(), "e");
  EXPECT_TRUE(early.tracks.empty());
  EXPECT_EQ(early.trailingBytes, second);
  const Bytes resaved = early.serialize();
  EXPECT_EQ(MidiFile::parse(resaved.data(), resaved.size(), "again.mid"), early);

  // A format 0 header over two tracks reads as format 1, so that it can be written again.
  Bytes twoInZero = first;
  twoInZero[11] = 2;
  twoInZero.insert(twoInZero.end(), second.begin() + 14, second.end());  // its MTrk chunk only
  const MidiFile lifted = MidiFile::parse(twoInZero.data(), twoInZero.size(), "two.mid");
  EXPECT_EQ(lifted.tracks.size(), 2u);
  EXPECT_EQ(lifted.format, 1);
  EXPECT_NO_THROW(lifted.serialize());
}

TEST(NoteList, PairsOverlappingRepeatsFirstInFirstOut) {
  MidiFile f = MidiFile::withTicksPerBeat(480);
  f.tracks.resize(1);
  MidiTrack& t = f.tracks[0];
  t.add(MidiEvent::channel(0, Message::noteOn(0, 60, 100)));
  t.add(MidiEvent::channel(100, Message::noteOn(0, 60, 90)));   // same key again
  t.add(MidiEvent::channel(200, Message::noteOff(0, 60, 30)));  // ends the first
  t.add(MidiEvent::channel(300, Message::noteOn(0, 60, 0)));    // ends the second
  t.add(MidiEvent::channel(300, Message::noteOn(1, 64, 80)));   // never ends
  t.endTick = 960;
  const auto notes = notesOf(f);
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0], (Note{0, 200, 60, 100, 30, 0, 0}));
  EXPECT_EQ(notes[1], (Note{100, 300, 60, 90, 0, 0, 0}));
  EXPECT_EQ(notes[2], (Note{300, 960, 64, 80, 0, 1, 0}));
  MidiFile rebuilt = MidiFile::withTicksPerBeat(480);
  addNotes(rebuilt, notes);
  rebuilt.tracks[0].endTick = 960;
  EXPECT_EQ(notesOf(rebuilt), notes);
}

}  // namespace
}  // namespace tonewood::midi
