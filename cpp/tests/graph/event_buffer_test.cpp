// Events of a block: kept in frame order, ties in arrival order, SysEx in the arena, and a full
// buffer drops and counts instead of growing.
#include "tonewood/graph/event_buffer.hpp"

#include <gtest/gtest.h>

namespace tonewood::graph {
namespace {

TEST(EventBuffer, KeepsFrameOrderAndArrivalOrderForTies) {
  EventBuffer events(16, 64);
  events.add(Event::midi(10, 0x90, 60, 100));
  events.add(Event::midi(3, 0x90, 61, 100));
  events.add(Event::parameter(10, 2, 0.5f));
  events.add(Event::midi(0, 0xB0, 7, 1));
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].frame, 0u);
  EXPECT_EQ(events[1].bytes[1], 61);
  EXPECT_EQ(events[2].bytes[1], 60);  // first at frame 10
  EXPECT_EQ(events[3].kind, EventKind::Param);
  EXPECT_FLOAT_EQ(events[3].value, 0.5f);
  EXPECT_EQ(events[2].size, 3);
  EXPECT_EQ(Event::midi(0, 0xC0, 5).size, 2);
  EXPECT_EQ(Event::midi(0, 0xF8).size, 1);
}

TEST(EventBuffer, CarriesSysExAndDropsWhatDoesNotFit) {
  EventBuffer a(2, 8), b(4, 64);
  const std::uint8_t sysex[] = {0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7};
  ASSERT_TRUE(a.addMidi(5, sysex, sizeof sysex));
  EXPECT_FALSE(a.addSysEx(6, sysex, sizeof sysex));  // arena full
  ASSERT_TRUE(a.add(Event::midi(1, 0x80, 60, 0)));
  EXPECT_FALSE(a.add(Event::midi(2, 0x80, 61, 0)));  // events full
  EXPECT_EQ(a.dropped(), 2u);
  for (const Event& e : a) b.addFrom(a, e, e.frame + 100);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].kind, EventKind::SysEx);
  EXPECT_EQ(b[1].frame, 105u);
  const auto bytes = b.midiBytes(b[1]);
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.end()),
            std::vector<std::uint8_t>(std::begin(sysex), std::end(sysex)));
}

}  // namespace
}  // namespace tonewood::graph
