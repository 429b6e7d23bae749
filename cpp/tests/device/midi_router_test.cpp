// The MIDI thread's cycle without a server: routed events keep their frame offsets through the
// transform, scheduled sends land on their frames (late ones at the cycle start), outputs come
// out in frame order, listeners get every input event with its absolute frame, and the cycle
// allocates nothing.
#include "tonewood/device/midi_router.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/allocation_counter.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::device {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Received {
  std::uint32_t offset;
  Bytes bytes;
  bool operator==(const Received&) const = default;
};

std::vector<Received> eventsOf(const MidiOutputPort& port) {
  std::vector<Received> out;
  for (const auto& e : port.events()) out.push_back({e.offset, Bytes(e.data, e.data + e.size)});
  return out;
}

// The port points into `events`, which must outlive the cycle.
void setInput(MidiInputPort& port, const std::vector<Received>& events) {
  auto slots = port.eventSlots();
  for (std::size_t i = 0; i < events.size(); ++i)
    slots[i] = {events[i].offset, static_cast<std::uint32_t>(events[i].bytes.size()),
                events[i].bytes.data(), static_cast<std::uint32_t>(i)};
  port.setEventCount(events.size());
}

TEST(MidiRouter, RoutesTransformAndKeepFrameOffsetsWithoutAllocating) {
  MidiRouter router([] { return false; });
  auto input = std::make_shared<MidiInputPort>("in", nullptr, MidiPortLimits{});
  auto thru = std::make_shared<MidiOutputPort>("thru", nullptr, MidiPortLimits{});
  auto other = std::make_shared<MidiOutputPort>("other", nullptr, MidiPortLimits{});
  router.addInput(input);
  router.addOutput(thru);
  router.addOutput(other);
  midi::MessageTransform up;
  up.transpose = 12;
  up.channelMap[0] = 3;
  router.addRoute(input, thru, up);
  midi::MessageTransform drums;
  drums.channels = 1 << 9;  // only channel 10 goes to the other output
  router.addRoute(input, other, drums);

  const std::vector<Received> arriving = {{5, {0x90, 60, 100}},
                                          {5, {0x99, 36, 90}},
                                          {70, {0xF0, 0x7E, 0x01, 0xF7}},
                                          {200, {0x80, 60, 0}},
                                          {255, {0xB0, 74, 10}}};
  setInput(*input, arriving);
  // Scheduled sends: one already late, one inside this cycle, one for the next cycle.
  thru->send(midi::Message::controlChange(0, 7, 99), 990);
  thru->send(midi::Message::noteOn(1, 40, 1), 1000 + 100);
  thru->send(midi::Message::noteOn(1, 41, 1), 1000 + 300);

  std::size_t allocations = 0;
  {
    test::AllocationCounter counter;
    const auto* setup = router.beginCycle();
    router.process(*setup, 1000, 256);
    allocations = counter.allocations();
  }
  EXPECT_EQ(allocations, 0u);
  EXPECT_EQ(eventsOf(*thru), (std::vector<Received>{{0, {0xB0, 7, 99}},
                                                    {5, {0x93, 72, 100}},
                                                    {5, {0x99, 36, 90}},  // drums stay
                                                    {70, {0xF0, 0x7E, 0x01, 0xF7}},
                                                    {100, {0x91, 40, 1}},
                                                    {200, {0x83, 72, 0}},
                                                    {255, {0xB3, 74, 10}}}));
  // The channel filter keeps only channel 10; SysEx has no channel and passes.
  EXPECT_EQ(eventsOf(*other),
            (std::vector<Received>{{5, {0x99, 36, 90}}, {70, {0xF0, 0x7E, 0x01, 0xF7}}}));
  // Every arriving event reaches listeners with its absolute frame.
  for (const auto& e : arriving) {
    const auto got = input->receive();
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->frame, 1000 + e.offset);
    EXPECT_EQ(got->message.bytes(), e.bytes);
  }
  EXPECT_FALSE(input->receive().has_value());

  // The next cycle: the event for frame 1300 goes out at offset 44; nothing else repeats.
  setInput(*input, {});
  router.process(*router.beginCycle(), 1256, 256);
  EXPECT_EQ(eventsOf(*thru), (std::vector<Received>{{44, {0x91, 41, 1}}}));
  EXPECT_TRUE(eventsOf(*other).empty());
}

TEST(MidiRouter, FullBuffersWaitOrDropAndCountInsteadOfGrowing) {
  MidiRouter router([] { return false; });
  MidiPortLimits small;
  small.eventsPerCycle = 2;
  small.queueBytes = 64;
  auto input = std::make_shared<MidiInputPort>("in", nullptr, small);
  auto output = std::make_shared<MidiOutputPort>("out", nullptr, small);
  router.addInput(input);
  router.addOutput(output);
  router.addRoute(input, output, {});
  const std::vector<Received> two = {{0, {0x90, 60, 1}}, {1, {0x90, 61, 1}}};
  setInput(*input, two);
  output->send(midi::Message::noteOn(0, 1, 1), 0);  // waits: the cycle is full of routed events
  router.process(*router.beginCycle(), 0, 64);
  EXPECT_EQ(eventsOf(*output).size(), 2u);
  EXPECT_EQ(output->dropped(), 0u);
  setInput(*input, {});
  router.process(*router.beginCycle(), 64, 64);
  EXPECT_EQ(eventsOf(*output), (std::vector<Received>{{0, {0x90, 1, 1}}}));
  // A send queue that cannot take more says so.
  const auto flood = [&] {
    for (int i = 0; i < 100; ++i) output->send(midi::Message::noteOn(0, 1, 1), 1000);
  };
  EXPECT_THROW(flood(), CapacityError);
  // Nobody reading the input: its queue fills, later events are dropped and counted.
  for (int cycle = 0; cycle < 10; ++cycle) {
    setInput(*input, two);
    router.process(*router.beginCycle(), 128 + 64 * std::uint64_t(cycle), 64);
  }
  EXPECT_GT(input->dropped(), 0u);
}

TEST(MidiRouter, RemovingAPortRemovesItsRoutes) {
  MidiRouter router([] { return false; });
  auto input = std::make_shared<MidiInputPort>("in", nullptr, MidiPortLimits{});
  auto output = std::make_shared<MidiOutputPort>("out", nullptr, MidiPortLimits{});
  router.addInput(input);
  router.addOutput(output);
  const int id = router.addRoute(input, output, {});
  EXPECT_EQ(router.setup().routes.size(), 1u);
  router.remove(output.get());
  EXPECT_TRUE(router.setup().routes.empty());
  EXPECT_TRUE(router.setup().outputs.empty());
  EXPECT_FALSE(router.removeRoute(id));
  midi::MessageTransform bad;
  bad.transpose = 200;
  EXPECT_THROW(router.addRoute(input, output, bad), OutOfRangeError);
}

}  // namespace
}  // namespace tonewood::device
