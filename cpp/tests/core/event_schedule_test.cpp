#include <gtest/gtest.h>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/performance_event.hpp"

namespace tonewood {
namespace {

TEST(EventSchedule, KeepsFrameOrderAndArrivalOrderForEqualFrames) {
  EventSchedule s(8);
  s.push(makeNoteOn(60, 1.0f, 0, 50));
  s.push(makeNoteOn(61, 1.0f, 0, 10));
  s.push(makeNoteOff(62, 0.0f, 0, 10));
  EXPECT_EQ(s.front().number, 61);
  s.popFront();
  EXPECT_EQ(s.front().number, 62);
  s.popFront();
  EXPECT_EQ(s.front().frame, 50);
}

TEST(EventSchedule, AdvanceCarriesLaterEventsOver) {
  EventSchedule s(8);
  s.push(makeNoteOn(60, 1.0f, 0, 700));
  s.advance(512);
  EXPECT_EQ(s.front().frame, 188);
}

TEST(EventSchedule, PushFailsWhenFull) {
  EventSchedule s(2);
  EXPECT_TRUE(s.push(makeNoteOn(60, 1.0f, 0, 0)));
  EXPECT_TRUE(s.push(makeNoteOn(60, 1.0f, 0, 0)));
  EXPECT_FALSE(s.push(makeNoteOn(60, 1.0f, 0, 0)));
}

TEST(PerformanceEvent, BuildersValidateEveryField) {
  EXPECT_THROW(makeNoteOn(128, 1.0f, 0, 0), OutOfRangeError);
  EXPECT_THROW(makeNoteOn(60, 1.0f, 16, 0), OutOfRangeError);
  EXPECT_THROW(makeNoteOn(60, 1.0f, 0, -1), OutOfRangeError);
  EXPECT_THROW(velocityFromMidi(128), OutOfRangeError);
  EXPECT_THROW(velocityFromUnit(1.5), OutOfRangeError);
  EXPECT_FLOAT_EQ(velocityFromMidi(127), 1.0f);
  try {
    makeNoteOn(-1, 1.0f, 0, 0);
  } catch (const OutOfRangeError& e) {
    EXPECT_STREQ(e.what(), "note must be within [0, 127] (MIDI note number), got -1");
  }
}

}  // namespace
}  // namespace tonewood

namespace tonewood {
namespace {

TEST(PerformanceEvent, FourteenBitBendMapsToMinusOneZeroAndPlusOne) {
  EXPECT_EQ(pitchBendFrom14Bit(0), -1.0f);
  EXPECT_EQ(pitchBendFrom14Bit(8192), 0.0f);
  EXPECT_EQ(pitchBendFrom14Bit(16383), 1.0f);
  EXPECT_THROW(pitchBendFrom14Bit(16384), OutOfRangeError);
}

TEST(PerformanceEvent, BuildersNameTheBadField) {
  try {
    makeControlChange(128, 0.5f, 0, 0);
    FAIL();
  } catch (const OutOfRangeError& e) {
    EXPECT_STREQ(e.what(), "controller must be within [0, 127], got 128");
  }
  EXPECT_THROW(makePitchBend(1.5f, 0, 0), OutOfRangeError);
  EXPECT_THROW(makeChannelPressure(0.5f, 16, 0), OutOfRangeError);
  EXPECT_THROW(makeProgramChange(200, 0, 0), OutOfRangeError);
  EXPECT_EQ(makePolyPressure(60, 0.25f, 3, 9).number, 60);
}

}  // namespace
}  // namespace tonewood
