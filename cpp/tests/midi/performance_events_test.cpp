// MIDI 1.0 channel messages as instrument events.
#include "tonewood/midi/performance_events.hpp"

#include <gtest/gtest.h>

namespace tonewood::midi {
namespace {

TEST(PerformanceEvents, MessagesBecomeTheMatchingSynthEvents) {
  const auto bend = performanceEventFor(Message::pitchBend(3, 8191), 7);
  ASSERT_TRUE(bend.has_value());
  EXPECT_EQ(bend->type, PerformanceEventType::PitchBend);
  EXPECT_FLOAT_EQ(bend->value, 1.0f);
  EXPECT_EQ(bend->channel, 3);
  EXPECT_EQ(bend->frame, 7);
  EXPECT_EQ(performanceEventFor(Message::noteOn(0, 60, 0), 0)->type, PerformanceEventType::NoteOff);
  EXPECT_FALSE(performanceEventFor(Message::simple(MessageType::Clock), 0));
}

TEST(PerformanceEvents, BendsSpanMinusOneToOneWithTheCentreAtZero) {
  EXPECT_FLOAT_EQ(performanceEventFor(Message::pitchBend(0, -8192), 0)->value, -1.0f);
  EXPECT_FLOAT_EQ(performanceEventFor(Message::pitchBend(0, 0), 0)->value, 0.0f);
  EXPECT_FLOAT_EQ(performanceEventFor(Message::controlChange(2, 74, 127), 0)->value, 1.0f);
  EXPECT_EQ(performanceEventFor(Message::controlChange(2, 74, 127), 0)->number, 74);
  EXPECT_FLOAT_EQ(performanceEventFor(Message::noteOn(0, 60, 127), 5)->value, 1.0f);
}

}  // namespace
}  // namespace tonewood::midi
