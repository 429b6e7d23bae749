// The MIDI player and the metronome follow the transport to the frame: events and clicks land
// where the tempo puts them, loops wrap without hanging notes, stopping releases them.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "support/signal_measure.hpp"
#include "support/test_processors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/metronome.hpp"
#include "tonewood/graph/nodes/midi_player.hpp"

namespace tonewood::graph {
namespace {

using test::EventRecorder;

midi::MidiFile fourNotes() {
  // 480 ticks per beat at 120 BPM: a beat is 0.5 s, 24000 frames at 48 kHz.
  midi::MidiFile song = midi::MidiFile::withTicksPerBeat(480);
  song.tracks.resize(1);
  for (int i = 0; i < 4; ++i) {
    song.tracks[0].add(midi::MidiEvent::channel(i * 480, midi::Message::noteOn(0, 60 + i, 100)));
    song.tracks[0].add(midi::MidiEvent::channel(i * 480 + 240, midi::Message::noteOff(0, 60 + i)));
  }
  return song;
}

TEST(MidiPlayer, EventsLandOnTheFramesTheTempoMapGives) {
  for (int block : {1, 100, 4096}) {
    Engine engine({48000.0, block, 0, 1, 1});
    const NodeId player = engine.add(std::make_shared<MidiPlayer>(fourNotes()));
    auto recorder = std::make_shared<EventRecorder>();
    const NodeId rec = engine.add(recorder);
    engine.connectEvents(player, rec);
    engine.connect(rec, Graph::kOutput);
    engine.render(4 * 24000);
    ASSERT_EQ(recorder->heard.size(), 8u);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(recorder->heard[static_cast<std::size_t>(2 * i)].frame, i * 24000) << block;
      EXPECT_EQ(recorder->heard[static_cast<std::size_t>(2 * i + 1)].frame, i * 24000 + 12000);
    }
  }
}

TEST(MidiPlayer, ALoopWrapsOnItsFrameAndReleasesTheNoteItCut) {
  Engine engine({48000.0, 512, 0, 1, 1});
  const NodeId player = engine.add(std::make_shared<MidiPlayer>(fourNotes()));
  auto recorder = std::make_shared<EventRecorder>();
  const NodeId rec = engine.add(recorder);
  engine.connectEvents(player, rec);
  engine.connect(rec, Graph::kOutput);
  // Loop from beat 1 (frame 24000) to frame 54000: note 62 starts at 48000 and would sound
  // until 60000, so the wrap cuts it.
  engine.transport().setLoop(Frames{24000}, Frames{54000});
  engine.transport().setLooping(true);
  engine.render(24000 + 30000 + 30000);
  std::vector<EventRecorder::Heard> h = recorder->heard;
  // 60 on/off, then 61 on/off, 62 on at 48000, released at the wrap (54000), 61 again.
  ASSERT_GE(h.size(), 7u);
  EXPECT_EQ(h[4].frame, 48000);
  EXPECT_EQ(h[4].data1, 62);
  EXPECT_EQ(h[5].frame, 54000);
  EXPECT_EQ(h[5].status, 0x80);
  EXPECT_EQ(h[5].data1, 62);
  EXPECT_EQ(h[6].frame, 54000);  // beat 1 again: note 61 at the loop start
  EXPECT_EQ(h[6].status, 0x90);
  EXPECT_EQ(h[6].data1, 61);
}

TEST(MidiPlayer, StoppingReleasesHeldNotes) {
  Engine engine({48000.0, 512, 0, 1, 1});
  const NodeId player = engine.add(std::make_shared<MidiPlayer>(fourNotes()));
  auto recorder = std::make_shared<EventRecorder>();
  const NodeId rec = engine.add(recorder);
  engine.connectEvents(player, rec);
  engine.connect(rec, Graph::kOutput);
  engine.render(6000);  // note 60 is on
  engine.transport().stop();
  AudioBuffer out(1, 512);
  engine.process(AudioBlockView(), out.view(), false);
  ASSERT_EQ(recorder->heard.size(), 2u);
  EXPECT_EQ(recorder->heard[1].status, 0x80);
  EXPECT_EQ(recorder->heard[1].frame, 6000);
}

std::vector<std::int64_t> clickStarts(const AudioBuffer& b) {
  return test::soundStarts(b.channel(0), static_cast<std::size_t>(b.numFrames()));
}

TEST(Metronome, ClicksOnEveryBeatOfTheMeterWhateverTheBlockSize) {
  for (int block : {7, 512, 4096}) {
    Engine engine({48000.0, block, 0, 1, 1});
    engine.connect(engine.add(std::make_shared<Metronome>(1)), Graph::kOutput);
    engine.transport().setTempo(90.0);          // 32000 frames a beat
    engine.transport().setTimeSignature(6, 8);  // eighths: 16000 frames apart
    const AudioBuffer out = engine.render(16000 * 7 + 100);
    // The first sample of each click is sin(0) = 0, so sound starts one frame after the beat.
    std::vector<std::int64_t> expected;
    for (int k = 0; k < 8; ++k) expected.push_back(16000 * k + 1);
    EXPECT_EQ(clickStarts(out), expected) << block;
  }
}

}  // namespace
}  // namespace tonewood::graph
