// A transport following MIDI beat clock coming in: it starts on the first tick after Start (or
// Continue, at the Song Position Pointer), and anything placed in beats lands on the frames of
// the ticks that carry those beats, through tempo changes and jittery ticks.
#include "tonewood/graph/midi_clock_follower.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

#include "support/test_processors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/beat_sequencer.hpp"

namespace tonewood::graph {
namespace {

using test::EventRecorder;

// An engine whose transport follows a clock the test sends, with a sequencer playing a note on
// every beat; run by hand, cycle by cycle, as a device would.
struct Rig {
  std::unique_ptr<Engine> engine = std::make_unique<Engine>(EngineOptions{48000.0, 256, 0, 1, 1});
  std::shared_ptr<MidiClockFollower> clock = std::make_shared<MidiClockFollower>();
  std::shared_ptr<BeatSequencer> sequencer = std::make_shared<BeatSequencer>();
  std::shared_ptr<EventRecorder> heard = std::make_shared<EventRecorder>();
  std::vector<std::pair<std::int64_t, std::uint8_t>> sent;  // (frame, status) to deliver
  std::int64_t frame = 0;
  AudioBuffer out{1, 256};

  Rig() {
    std::vector<BeatSequencer::Step> beats;
    for (int b = 0; b < 64; ++b) beats.push_back({static_cast<double>(b), {0x90, 60, 100}, 3});
    sequencer->setPattern(beats);
    const NodeId seq = engine->add(sequencer);
    const NodeId rec = engine->add(heard);
    engine->connectEvents(seq, rec);
    engine->connect(rec, Graph::kOutput);
    engine->transport().setTempoSource(clock);
  }
  void send(std::int64_t at, std::uint8_t status) { sent.emplace_back(at, status); }
  void songPosition(std::int64_t at, int sixteenths) {
    sent.emplace_back(at, 0xF2);
    position = sixteenths;
  }
  void run(std::int64_t until) {
    for (; frame < until; frame += 256) {
      for (const auto& [at, status] : sent)
        if (at >= frame && at < frame + 256) {
          const std::uint8_t bytes[3] = {status, static_cast<std::uint8_t>(position & 0x7F),
                                         static_cast<std::uint8_t>(position >> 7)};
          clock->receive(static_cast<int>(at - frame), bytes, status == 0xF2 ? 3 : 1);
        }
      CycleTiming timing;
      timing.known = true;
      timing.deviceFrame = static_cast<std::uint64_t>(frame);
      engine->process(AudioBlockView(nullptr, 0, 256), out.view(), true, timing);
    }
  }
  std::vector<std::int64_t> notes() const {
    std::vector<std::int64_t> got;
    for (const auto& h : heard->heard)
      if (h.status == 0x90) got.push_back(h.frame);  // (stopping also ends the note: 0x80)
    return got;
  }
  int position = 0;
};

TEST(MidiClockFollower, StartsOnTheFirstTickAfterStartAndPlaysEachBeatOnItsTick) {
  Rig rig;
  rig.send(5000, 0xFA);
  std::vector<std::int64_t> ticks;
  for (int k = 0; k < 24 * 6; ++k) ticks.push_back(5100 + 960 * k);  // 125 bpm
  for (std::int64_t t : ticks) rig.send(t, 0xF8);
  rig.run(ticks.back() + 500);  // (on, the next beat would come where the tempo puts it)
  const std::vector<std::int64_t> notes = rig.notes();
  ASSERT_EQ(notes.size(), 6u);
  for (std::size_t b = 0; b < notes.size(); ++b) EXPECT_EQ(notes[b], ticks[24 * b]) << b;
  EXPECT_NEAR(rig.clock->measuredTempo(), 125.0, 1e-9);
  EXPECT_TRUE(rig.clock->clockRunning());
}

TEST(MidiClockFollower, FollowsATempoChangeAndJitteryTicksOnTheTicksTheySend) {
  Rig rig;
  rig.send(0, 0xFA);
  std::mt19937 random(3);
  std::uniform_int_distribution<int> jitter(-40, 40);
  std::vector<std::int64_t> ticks;
  std::int64_t t = 300;
  for (int k = 0; k < 24 * 8; ++k) {
    ticks.push_back(t + (k > 0 ? jitter(random) : 0));
    t += k < 24 * 4 ? 1000 : 1250;  // 120 bpm, then 96 bpm from beat 4
  }
  for (std::int64_t at : ticks) rig.send(at, 0xF8);
  rig.run(ticks.back() + 500);
  const std::vector<std::int64_t> notes = rig.notes();
  ASSERT_EQ(notes.size(), 8u);
  for (std::size_t b = 0; b < notes.size(); ++b) EXPECT_EQ(notes[b], ticks[24 * b]) << b;
  EXPECT_NEAR(rig.clock->measuredTempo(), 96.0, 4.0);
}

TEST(MidiClockFollower, StopStopsAndContinueResumesFromTheSongPosition) {
  Rig rig;
  rig.send(0, 0xFA);
  std::int64_t t = 100;
  for (int k = 0; k < 24 * 2 + 6; ++k, t += 1000) rig.send(t, 0xF8);  // two beats and a quarter
  rig.send(t, 0xFC);
  rig.run(t + 5000);
  EXPECT_FALSE(rig.engine->transport().playing());
  EXPECT_EQ(rig.notes().size(), 3u);  // beats 0, 1, 2
  // From sixteenth 16 (beat 4): Continue, and the first tick after it is beat 4.
  rig.songPosition(t + 6000, 16);
  rig.send(t + 7000, 0xFB);
  const std::int64_t resume = t + 7100;
  for (int k = 0; k < 24 * 2 + 1; ++k) rig.send(resume + 1000 * k, 0xF8);
  rig.run(resume + 24 * 2 * 1000 + 500);
  const std::vector<std::int64_t> notes = rig.notes();
  ASSERT_EQ(notes.size(), 6u);  // then beats 4, 5, 6
  EXPECT_EQ(notes[3], resume);
  EXPECT_EQ(notes[4], resume + 24000);
  EXPECT_EQ(notes[5], resume + 48000);
  EXPECT_TRUE(rig.engine->transport().playing());
}

TEST(MidiClockFollower, PlayWaitsForTheClocksNextTick) {
  Rig rig;
  rig.send(0, 0xFA);
  rig.send(50, 0xFC);  // the clock starts and stops before the transport was asked
  std::int64_t t = 20000;
  rig.send(t - 100, 0xFB);
  for (int k = 0; k < 48; ++k) rig.send(t + 1000 * k, 0xF8);
  rig.run(10000);
  rig.engine->transport().play();
  EXPECT_FALSE(rig.engine->transport().playing());
  rig.run(t + 47 * 1000 + 100);
  ASSERT_FALSE(rig.notes().empty());
  EXPECT_EQ(rig.notes().front(), t);  // beat 0 of the song position (0) on the first tick
}

}  // namespace
}  // namespace tonewood::graph
