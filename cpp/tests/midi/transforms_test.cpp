// MIDI transformations: the message pipeline (filters, maps, transpose, velocity) without
// allocation, and the file edits (quantize with swing, humanize, time, tracks, arpeggios).
#include <gtest/gtest.h>

#include "support/allocation_counter.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/midi/file_transforms.hpp"
#include "tonewood/midi/note_list.hpp"

namespace tonewood::midi {
namespace {

TEST(MessageTransform, FiltersMapsTransposesAndScales) {
  MessageTransform t;
  t.transpose = 12;
  t.channelMap[2] = 9;
  t.channelMap[3] = -1;
  t.controllerMap[1] = 74;
  t.velocityScale = 0.5;
  t.lowNote = 36;
  t.highNote = 120;
  // Sent to the drum channel (10), notes name drums: they are not transposed unless asked.
  EXPECT_EQ(*t.apply(Message::noteOn(2, 60, 100)), Message::noteOn(9, 60, 50));
  EXPECT_EQ(*t.apply(Message::noteOff(2, 60, 33)), Message::noteOff(9, 60, 33));
  t.transposedChannels = 0xFFFF;
  EXPECT_EQ(*t.apply(Message::noteOn(2, 60, 100)), Message::noteOn(9, 72, 50));
  t.transposedChannels = MessageTransform::kAllButDrums;
  EXPECT_EQ(*t.apply(Message::noteOn(1, 60, 100)), Message::noteOn(1, 72, 50));
  EXPECT_EQ(*t.apply(Message::noteOn(0, 60, 0)), Message::noteOn(0, 72, 0));  // stays a note-off
  EXPECT_EQ(*t.apply(Message::noteOn(0, 60, 1)), Message::noteOn(0, 72, 1));  // never 0
  EXPECT_FALSE(t.apply(Message::noteOn(3, 60, 100)));                         // channel dropped
  EXPECT_FALSE(t.apply(Message::noteOn(0, 121, 100)));                        // above the range
  EXPECT_FALSE(t.apply(Message::noteOn(0, 30, 100)));                         // below the range
  EXPECT_EQ(*t.apply(Message::controlChange(2, 1, 5)), Message::controlChange(9, 74, 5));
  t.transpose = 60;
  EXPECT_FALSE(t.apply(Message::noteOn(0, 100, 100)));  // pushed past 127
  t.types = typeBit(MessageType::ControlChange);
  EXPECT_FALSE(t.apply(Message::noteOn(0, 60, 100)));
  EXPECT_TRUE(t.apply(Message::controlChange(0, 7, 100)));
  t.velocityCurve = 2.0;
  t.velocityScale = 1.0;
  t.types = 0xFF;
  t.transpose = 0;
  // 127 * (64/127)^2 = 32.25 -> 32
  EXPECT_EQ(t.apply(Message::noteOn(0, 60, 64))->velocity(), 32);
  test::AllocationCounter counter;
  for (int i = 0; i < 1000; ++i) (void)t.apply(Message::noteOn(i % 16, 60, 90));
  EXPECT_EQ(counter.allocations(), 0u);
  t.channelMap[0] = 16;
  EXPECT_THROW(t.validate(), OutOfRangeError);
}

MidiFile notesAt(std::initializer_list<std::int64_t> starts, std::int64_t length = 50) {
  MidiFile f = MidiFile::withTicksPerBeat(480);
  std::vector<Note> notes;
  int key = 60;
  for (std::int64_t s : starts) notes.push_back({s, s + length, key++, 100, 0, 0, 0});
  addNotes(f, notes);
  return f;
}

std::vector<std::int64_t> starts(const MidiFile& f) {
  std::vector<std::int64_t> out;
  for (const Note& n : notesOf(f)) out.push_back(n.startTick);
  return out;
}

TEST(FileTransforms, QuantizeWithStrengthAndSwing) {
  MidiFile f = notesAt({5, 113, 250, 362});
  quantize(f, 120);
  EXPECT_EQ(starts(f), (std::vector<std::int64_t>{0, 120, 240, 360}));
  for (const Note& n : notesOf(f)) EXPECT_EQ(n.endTick - n.startTick, 50);
  MidiFile half = notesAt({10, 100});
  quantize(half, 120, 0.5);
  EXPECT_EQ(starts(half), (std::vector<std::int64_t>{5, 110}));
  MidiFile swung = notesAt({0, 120, 240, 360});
  quantize(swung, 120, 1.0, 2.0 / 3.0);  // triplet feel: odd points at 160
  EXPECT_EQ(starts(swung), (std::vector<std::int64_t>{0, 160, 240, 400}));
  EXPECT_THROW(quantize(swung, 0), OutOfRangeError);
}

TEST(FileTransforms, HumanizeIsSeededAndBounded) {
  MidiFile a = notesAt({480, 960, 1440, 1920});
  MidiFile b = a;
  humanize(a, 10, 20, 7);
  humanize(b, 10, 20, 7);
  EXPECT_EQ(a, b);
  const auto moved = notesOf(a);
  for (std::size_t i = 0; i < moved.size(); ++i) {
    EXPECT_LE(std::abs(moved[i].startTick - 480 * static_cast<std::int64_t>(i + 1)), 10);
    EXPECT_LE(std::abs(moved[i].velocity - 100), 20);
    EXPECT_EQ(moved[i].endTick - moved[i].startTick, 50);
  }
}

TEST(FileTransforms, TimeScaleShiftMergeAndSplit) {
  MidiFile f = MidiFile::withTicksPerBeat(480);
  f.tracks.resize(2);
  f.tracks[0].add(MidiEvent::tempo(0, 500000));
  f.tracks[0].add(MidiEvent::tempo(960, 400000));
  f.tracks[1].add(MidiEvent::channel(100, Message::noteOn(3, 60, 90)));
  f.tracks[1].add(MidiEvent::channel(200, Message::noteOn(5, 62, 90)));
  f.tracks[1].add(MidiEvent::channel(300, Message::noteOff(3, 60)));
  scaleTime(f, 2.0);
  EXPECT_EQ(f.tracks[0].events[1].tick, 1920);
  EXPECT_EQ(f.tracks[1].events[2].tick, 600);
  shiftTime(f, 200);
  EXPECT_EQ(f.tracks[1].events[0].tick, 400);
  EXPECT_THROW(shiftTime(f, -201), OutOfRangeError);  // the tempo would go before tick 0
  EXPECT_EQ(f.tracks[1].events[0].tick, 400);         // and nothing moved
  shiftTime(f, -200);
  const MidiFile merged = mergeTracks(f);
  EXPECT_EQ(merged.format, 0);
  ASSERT_EQ(merged.tracks.size(), 1u);
  EXPECT_EQ(merged.tracks[0].events.size(), 5u);
  const MidiFile split = splitByChannel(f);
  ASSERT_EQ(split.tracks.size(), 3u);  // conductor, channel 3, channel 5
  EXPECT_EQ(split.tracks[0].events.size(), 2u);
  EXPECT_EQ(split.tracks[1].events.size(), 2u);
  EXPECT_EQ(split.tracks[2].events[0].message(), Message::noteOn(5, 62, 90));
}

TEST(FileTransforms, ArpeggiosSpreadChords) {
  MidiFile f = MidiFile::withTicksPerBeat(480);
  addNotes(f, {{0, 960, 64, 100, 0, 0, 0}, {0, 960, 60, 100, 0, 0, 0}, {0, 960, 67, 100, 0, 0, 0}});
  MidiFile up = f, down = f, updown = f;
  arpeggiate(up, 120);
  arpeggiate(down, 120, ArpeggioOrder::Down);
  arpeggiate(updown, 120, ArpeggioOrder::UpDown);
  const auto keysAndStarts = [](const MidiFile& m) {
    std::vector<std::pair<std::int64_t, int>> out;
    for (const Note& n : notesOf(m)) out.emplace_back(n.startTick, n.note);
    return out;
  };
  using V = std::vector<std::pair<std::int64_t, int>>;
  EXPECT_EQ(keysAndStarts(up), (V{{0, 60}, {120, 64}, {240, 67}}));
  EXPECT_EQ(keysAndStarts(down), (V{{0, 67}, {120, 64}, {240, 60}}));
  EXPECT_EQ(keysAndStarts(updown), (V{{0, 60}, {120, 64}, {240, 67}, {360, 64}}));
  for (const Note& n : notesOf(up)) EXPECT_EQ(n.endTick, 960);
}

}  // namespace
}  // namespace tonewood::midi

namespace tonewood::midi {
namespace {

TEST(FileTransforms, NoteValuesInTicks) {
  EXPECT_EQ(noteValueTicks("1/16", 480), 120);
  EXPECT_EQ(noteValueTicks("1/8t", 480), 160);
  EXPECT_EQ(noteValueTicks("1/4.", 480), 720);
  EXPECT_EQ(noteValueTicks("3/8", 96), 144);
  EXPECT_EQ(noteValueTicks("100", 96), 100);
  EXPECT_EQ(noteValueTicks("1/64t", 96), 4);
  EXPECT_THROW(noteValueTicks("1/7", 96), InvalidArgumentError);  // 384/7 ticks
  EXPECT_THROW(noteValueTicks("quarter", 96), InvalidArgumentError);
  EXPECT_THROW(noteValueTicks("0/4", 96), InvalidArgumentError);
}

}  // namespace
}  // namespace tonewood::midi
