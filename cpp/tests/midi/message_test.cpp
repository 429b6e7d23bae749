// MIDI 1.0 messages: exact bytes at the value boundaries, clear errors, and a stream parser that
// handles running status, real-time bytes inside other messages, and SysEx, without allocating
// for short messages.
#include "tonewood/midi/message.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/allocation_counter.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/midi/message_parser.hpp"

namespace tonewood::midi {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(MidiMessage, FactoriesGiveTheWireBytes) {
  EXPECT_EQ(Message::noteOn(0, 60, 100).bytes(), (Bytes{0x90, 60, 100}));
  EXPECT_EQ(Message::noteOff(15, 127, 64).bytes(), (Bytes{0x8F, 127, 64}));
  EXPECT_EQ(Message::controlChange(3, 74, 0).bytes(), (Bytes{0xB3, 74, 0}));
  EXPECT_EQ(Message::programChange(9, 127).bytes(), (Bytes{0xC9, 127}));
  EXPECT_EQ(Message::channelPressure(1, 5).bytes(), (Bytes{0xD1, 5}));
  EXPECT_EQ(Message::polyPressure(2, 61, 7).bytes(), (Bytes{0xA2, 61, 7}));
  EXPECT_EQ(Message::pitchBend(0, -8192).bytes(), (Bytes{0xE0, 0x00, 0x00}));
  EXPECT_EQ(Message::pitchBend(0, 0).bytes(), (Bytes{0xE0, 0x00, 0x40}));
  EXPECT_EQ(Message::pitchBend(0, 8191).bytes(), (Bytes{0xE0, 0x7F, 0x7F}));
  EXPECT_EQ(Message::songPosition(16383).bytes(), (Bytes{0xF2, 0x7F, 0x7F}));
  EXPECT_EQ(Message::timeCode(7, 15).bytes(), (Bytes{0xF1, 0x7F}));
  EXPECT_EQ(Message::sysEx({0x7E, 0x7F, 0x09, 0x01}).bytes(),
            (Bytes{0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7}));
  EXPECT_EQ(Message::simple(MessageType::Clock).bytes(), (Bytes{0xF8}));
  for (int v : {-8192, -1, 0, 1, 8191}) EXPECT_EQ(Message::pitchBend(4, v).value(), v);
}

TEST(MidiMessage, FromBytesRoundTripsAndRejectsWhatIsNotAMessage) {
  for (const Bytes& b : {Bytes{0x90, 60, 0}, Bytes{0xC0, 5}, Bytes{0xF0, 1, 2, 0xF7}, Bytes{0xFF},
                         Bytes{0xF3, 9}, Bytes{0xE5, 0x12, 0x34}}) {
    EXPECT_EQ(Message::fromBytes(b.data(), b.size()).bytes(), b);
  }
  const auto fails = [](Bytes b, const char* words) {
    try {
      Message::fromBytes(b.data(), b.size());
      ADD_FAILURE() << "no error for " << b.size() << " bytes";
    } catch (const InvalidArgumentError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  fails({}, "empty");
  fails({60, 100}, "status byte");
  fails({0x90, 60}, "takes 2 data bytes, got 1");
  fails({0x90, 60, 128}, "data bytes are 0..127");
  fails({0xF0, 1, 2}, "end with 0xF7");
  fails({0xF4}, "not a MIDI message status");
  EXPECT_THROW(Message::noteOn(16, 60, 1), OutOfRangeError);
  EXPECT_THROW(Message::pitchBend(0, 8192), OutOfRangeError);
  EXPECT_THROW(Message::sysEx({0x80}), OutOfRangeError);
  EXPECT_TRUE(Message::noteOn(0, 60, 0).isNoteOff());
}

TEST(MidiMessageParser, RunningStatusRealtimeAndSysEx) {
  const Bytes stream = {
      0x03,                             // stray data byte: skipped
      0x90, 60,   100,  62,   90,       // note on, then one more by running status
      0xF8,                             // clock between messages
      64,   0xF8, 80,                   // running status again, with a clock in the middle
      0xF0, 0x7D, 0xF8, 0x01, 0xF7,     // SysEx with a clock inside
      0xF0, 0x01, 0x02, 0x80, 60,   0,  // SysEx cut short by a note-off
      0xF6,                             // tune request ends running status
      61,                               // so this data byte is stray
  };
  MessageParser parser;
  const std::vector<Message> got = parser.parse(stream.data(), stream.size());
  const std::vector<Message> want = {Message::noteOn(0, 60, 100),
                                     Message::noteOn(0, 62, 90),
                                     Message::simple(MessageType::Clock),
                                     Message::simple(MessageType::Clock),
                                     Message::noteOn(0, 64, 80),
                                     Message::simple(MessageType::Clock),
                                     Message::sysEx({0x7D, 0x01}),
                                     Message::noteOff(0, 60, 0),
                                     Message::simple(MessageType::TuneRequest)};
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(got[i], want[i]) << i << ": " << got[i].describe();
  EXPECT_EQ(parser.skippedBytes(), 1u + 3u + 1u);
}

TEST(MidiMessageParser, ShortMessagesNeverAllocate) {
  MessageParser parser;
  Bytes stream;
  for (int i = 0; i < 1000; ++i) stream.insert(stream.end(), {0x91, 60, 100, 0xF8, 0xB1, 7, 90});
  int count = 0;
  test::AllocationCounter counter;
  parser.feed(stream.data(), stream.size(), [&count](const Message&) { ++count; });
  EXPECT_EQ(counter.allocations(), 0u);
  EXPECT_EQ(count, 3000);
}

}  // namespace
}  // namespace tonewood::midi
