// MIDI clock follows the transport to the frame: a tick every 24th of a beat wherever the tempo
// puts it, Start, Song Position Pointer, Continue and Stop where playing starts, jumps and stops.
#include "tonewood/graph/nodes/midi_clock.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "support/test_processors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace tonewood::graph {
namespace {

using test::EventRecorder;

struct Clocked {
  std::unique_ptr<Engine> engine;
  std::shared_ptr<MidiClock> clock;
  std::shared_ptr<EventRecorder> heard;
};

Clocked clocked(int block) {
  Clocked c{std::make_unique<Engine>(EngineOptions{48000.0, block, 0, 1, 1}),
            std::make_shared<MidiClock>(), std::make_shared<EventRecorder>()};
  const NodeId clock = c.engine->add(c.clock);
  const NodeId rec = c.engine->add(c.heard);
  c.engine->connectEvents(clock, rec);
  c.engine->connect(rec, Graph::kOutput);
  return c;
}

std::vector<std::int64_t> ticks(const EventRecorder& r) {
  std::vector<std::int64_t> out;
  for (const EventRecorder::Heard& h : r.heard)
    if (h.status == 0xF8) out.push_back(h.frame);
  return out;
}

TEST(MidiClock, TicksEveryTwentyFourthOfABeatOnItsFrameWhateverTheBlockSize) {
  for (int block : {1, 7, 512, 4096}) {
    Clocked c = clocked(block);
    c.engine->transport().setTempo(120.0);  // 24000 frames a beat: a tick every 1000
    c.engine->render(48001);
    ASSERT_FALSE(c.heard->heard.empty());
    EXPECT_EQ(c.heard->heard.front().status, 0xFA) << "Start, from the song's start";
    EXPECT_EQ(c.heard->heard.front().frame, 0);
    std::vector<std::int64_t> want;
    for (int k = 0; k <= 48; ++k) want.push_back(1000 * k);
    EXPECT_EQ(ticks(*c.heard), want) << block;
  }
}

TEST(MidiClock, FollowsATempoChangeAndARampOnTheNextTick) {
  timeline::TempoMap map(120.0);
  map.setTempo(2.0, 90.0);                                // a step at beat 2
  map.setTempo(4.0, 90.0, timeline::TempoCurve::Linear);  // a ramp from beat 4...
  map.setTempo(8.0, 180.0);                               // ...to 180 at beat 8
  const auto shared = std::make_shared<timeline::TempoMap>(map);
  std::vector<std::int64_t> first;
  for (int block : {1, 64, 1000}) {
    Clocked c = clocked(block);
    c.engine->transport().setTempoSource(shared);
    c.engine->render(map.frameAt(10.0, 48000.0) + 1);
    const std::vector<std::int64_t> got = ticks(*c.heard);
    ASSERT_EQ(got.size(), 10u * 24 + 1) << block;
    // Every tick on the first frame at or after its 24th of a beat, through the step and the ramp.
    for (std::size_t k = 0; k < got.size(); ++k)
      ASSERT_EQ(got[k], map.frameAt(static_cast<double>(k) / 24.0, 48000.0)) << k << " " << block;
    if (first.empty()) first = got;
    EXPECT_EQ(got, first);
  }
}

TEST(MidiClock, ALocateWhilePlayingStopsPointsAndContinuesAndStoppingStops) {
  Clocked c = clocked(256);
  c.engine->transport().setTempo(120.0);
  c.engine->render(10000);
  c.heard->heard.clear();
  // To beat 3.5 (84000): Stop, Song Position 14 sixteenths, Continue, then a tick on that frame.
  c.engine->transport().locate(Frames{84000});
  c.engine->render(2048);
  const auto& h = c.heard->heard;
  ASSERT_GE(h.size(), 5u);
  EXPECT_EQ(h[0].status, 0xFC);
  EXPECT_EQ(h[1].status, 0xF2);
  EXPECT_EQ(h[1].data1 | (h[1].data2 << 7), 14);
  EXPECT_EQ(h[2].status, 0xFB);
  EXPECT_EQ(h[3].status, 0xF8);
  EXPECT_EQ(h[3].frame, h[0].frame);  // beat 3.5 is on a tick: sent at once
  EXPECT_EQ(h[4].frame - h[3].frame, 1000);
  // Between sixteenths (beat 3.51): the pointer names the next one, whose first tick comes first.
  c.heard->heard.clear();
  c.engine->transport().locate(Frames{84240});
  c.engine->render(8192);
  EXPECT_EQ(h[1].data1 | (h[1].data2 << 7), 15) << "84240 is past tick 84; tick 90 starts 15";
  EXPECT_EQ(ticks(*c.heard).front() - h[0].frame, 90000 - 84240);
  // Stopped (a block run as a device runs it: render() would start the transport again).
  c.heard->heard.clear();
  c.engine->transport().stop();
  AudioBuffer in(0, 256), out(1, 256);
  c.engine->process(in.view(), out.view(), false);
  c.engine->process(in.view(), out.view(), false);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].status, 0xFC);
}

TEST(MidiClock, AShiftSendsEverythingThatMuchEarlier) {
  Clocked c = clocked(100);
  c.clock->setParameter(MidiClock::kShiftMs, 10.0f);  // 480 frames
  c.engine->transport().setTempo(120.0);
  c.engine->render(5000);
  const std::vector<std::int64_t> got = ticks(*c.heard);
  // Start and the first tick at once, then every tick 480 frames before its beat's 24th.
  ASSERT_GE(got.size(), 4u);
  EXPECT_EQ(c.heard->heard.front().status, 0xFA);
  EXPECT_EQ(got[0], 0);
  EXPECT_EQ(got[1], 520);
  EXPECT_EQ(got[2], 1520);
}

}  // namespace
}  // namespace tonewood::graph
