#include "tonewood/timeline/automation_pass.hpp"

#include <gtest/gtest.h>

#include "tonewood/core/errors.hpp"

namespace tonewood::timeline {
namespace {

constexpr double kRate = 48000.0;
constexpr double kFrame = 1.0 / kRate;

AutomationLane volume() {
  return AutomationLane("volume_db", -120.0, 24.0, "dB");
}

// The lane's value on `frame`, as the audio thread reads it.
double at(const AutomationLane& lane, const TempoMap& map, std::int64_t frame) {
  ScheduledLane scheduled(lane, map, kRate);
  return scheduled.valueAt(frame);
}

TEST(AutomationPass, MovesHoldUntilTheNextAndAnEmptyLaneKeepsItsSteadyValueAround) {
  const TempoMap map;
  AutomationPass pass(volume(), map, kRate, 1.0, -20.0, -3.0);
  pass.move(2.0, -6.0);
  pass.move(2.0, -7.0);  // a second move on the same time replaces the first
  // While it goes on, the last move holds for ever.
  const AutomationLane live = pass.live();
  EXPECT_EQ(at(live, map, 47999), -3.0);
  EXPECT_EQ(at(live, map, 48000), -20.0);
  EXPECT_EQ(at(live, map, 95999), -20.0);
  EXPECT_EQ(at(live, map, 96000), -7.0);
  EXPECT_EQ(at(live, map, 10 * 48000), -7.0);
  // Ended at 3 s, the steady value comes back there.
  const AutomationLane done = pass.finish(3.0);
  ASSERT_EQ(done.points().size(), 4u);
  EXPECT_EQ(done.points().front().time, Position::seconds(1.0 - kFrame));
  EXPECT_EQ(at(done, map, 143999), -7.0);
  EXPECT_EQ(at(done, map, 144000), -3.0);
  EXPECT_EQ(at(done, map, 0), -3.0);
}

TEST(AutomationPass, ThePassReplacesItsRangeAndKeepsTheCurveAroundIt) {
  const TempoMap map(120.0);
  AutomationLane lane = volume();
  // In beats: 0 dB at beat 0 falling linearly to -24 dB at beat 8 (4 s).
  lane.addPoint({Position::beats(0.0), 0.0});
  lane.addPoint({Position::beats(2.0), -6.0});  // on the line; inside the pass: replaced
  lane.addPoint({Position::beats(8.0), -24.0});
  AutomationPass pass(lane, map, kRate, 1.0, -40.0, 0.0);
  pass.move(1.5, -30.0);
  const AutomationLane done = pass.finish(3.0);
  for (const AutomationPoint& p : done.points()) EXPECT_EQ(p.time.unit, Position::Unit::Beats);
  // Before and after the pass, the original line (-6 dB a second).
  EXPECT_NEAR(at(done, map, 24000), -3.0, 1e-9);
  EXPECT_NEAR(at(done, map, 47000), -6.0 * 47000 / kRate, 1e-6);
  EXPECT_NEAR(at(done, map, 168000), -21.0, 1e-9);
  EXPECT_NEAR(at(done, map, 144000), -18.0, 1e-9);
  // Inside, the moves.
  EXPECT_EQ(at(done, map, 48000), -40.0);
  EXPECT_EQ(at(done, map, 71999), -40.0);
  EXPECT_EQ(at(done, map, 72000), -30.0);
  EXPECT_EQ(at(done, map, 143999), -30.0);
  // The original is untouched.
  EXPECT_EQ(pass.original(), lane);
}

TEST(AutomationPass, RefusesMovesOutOfRangeOrBackInTime) {
  const TempoMap map;
  EXPECT_THROW(AutomationPass(volume(), map, kRate, 1.0, 30.0, 0.0), OutOfRangeError);
  EXPECT_THROW(AutomationPass(volume(), map, kRate, -1.0, 0.0, 0.0), OutOfRangeError);
  AutomationPass pass(volume(), map, kRate, 1.0, -6.0, 0.0);
  EXPECT_THROW(pass.move(0.5, -6.0), OutOfRangeError);
  EXPECT_THROW(pass.move(1.5, -121.0), OutOfRangeError);
  EXPECT_THROW(pass.finish(0.9), OutOfRangeError);
  EXPECT_EQ(automationModeFromName("latch"), AutomationMode::Latch);
  EXPECT_STREQ(automationModeName(AutomationMode::Touch), "touch");
  EXPECT_THROW(automationModeFromName("trim"), InvalidArgumentError);
}

}  // namespace
}  // namespace tonewood::timeline
