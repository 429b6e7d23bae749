// MIDI bytes to ALSA sequencer events and back, through libasound's own coder (no sequencer
// device needed): every MIDI 1.0 message survives the round trip byte for byte, the events carry
// the fields other ALSA clients read, long SysEx travels in chunks and is joined again, events
// that stand for several control changes expand to all of them, and none of it allocates.
#include "tonewood/device/alsa/alsa_midi_codec.hpp"

#include <alsa/asoundlib.h>
#include <gtest/gtest.h>

#include <vector>

#include "support/allocation_counter.hpp"
#include "tonewood/midi/message.hpp"

namespace tonewood::device {
namespace {

using midi::Message;
using Bytes = std::vector<std::uint8_t>;

// An encoded event with its own copy of any SysEx data (the codec's is reused).
struct Captured {
  snd_seq_event_t event;
  Bytes data;
};

std::vector<Captured> encodeAll(AlsaMidiCodec& codec, const Bytes& message, bool* ok = nullptr) {
  std::vector<Captured> out;
  const bool done = codec.encode(
      message,
      [](const snd_seq_event_t& e, void* context) noexcept {
        auto& events = *static_cast<std::vector<Captured>*>(context);
        Captured c{e, {}};
        if (e.type == SND_SEQ_EVENT_SYSEX) {
          const auto* p = static_cast<const std::uint8_t*>(e.data.ext.ptr);
          c.data.assign(p, p + e.data.ext.len);
        }
        events.push_back(std::move(c));
        return true;
      },
      &out);
  if (ok) *ok = done;
  for (auto& c : out)
    if (c.event.type == SND_SEQ_EVENT_SYSEX) c.event.data.ext.ptr = c.data.data();
  return out;
}

Bytes decodeAll(AlsaMidiCodec& codec, const std::vector<Captured>& events,
                std::size_t* messages = nullptr) {
  Bytes out;
  std::size_t count = 0;
  for (const auto& c : events)
    for (const auto m : codec.decode(c.event)) {
      out.insert(out.end(), m.begin(), m.end());
      ++count;
    }
  if (messages) *messages = count;
  return out;
}

snd_seq_event_t controlEvent(unsigned char type, unsigned channel, unsigned param, int value) {
  snd_seq_event_t e;
  snd_seq_ev_clear(&e);
  e.type = type;
  e.data.control.channel = static_cast<unsigned char>(channel);
  e.data.control.param = param;
  e.data.control.value = value;
  return e;
}

TEST(AlsaMidiCodec, EveryMidi1MessageSurvivesTheRoundTripByteForByte) {
  AlsaMidiCodec codec;
  const std::vector<Message> messages = {
      Message::noteOn(0, 60, 100),
      Message::noteOn(15, 127, 1),
      Message::noteOn(3, 0, 0),
      Message::noteOff(2, 64, 0),
      Message::noteOff(9, 36, 90),
      Message::polyPressure(4, 61, 77),
      Message::controlChange(5, 0, 0),
      Message::controlChange(5, 74, 127),
      Message::controlChange(1, 123, 0),
      Message::programChange(6, 0),
      Message::programChange(6, 127),
      Message::channelPressure(7, 99),
      Message::pitchBend(8, -8192),
      Message::pitchBend(8, 0),
      Message::pitchBend(8, 8191),
      Message::timeCode(3, 9),
      Message::songPosition(0),
      Message::songPosition(16383),
      Message::songSelect(42),
      Message::simple(midi::MessageType::TuneRequest),
      Message::simple(midi::MessageType::Clock),
      Message::simple(midi::MessageType::Start),
      Message::simple(midi::MessageType::Continue),
      Message::simple(midi::MessageType::Stop),
      Message::simple(midi::MessageType::ActiveSensing),
      Message::simple(midi::MessageType::Reset),
      Message::sysEx({0x7E, 0x7F, 0x06, 0x01}),
      Message::sysEx({}),
  };
  for (const auto& m : messages) {
    const Bytes bytes = m.bytes();
    bool ok = false;
    const auto events = encodeAll(codec, bytes, &ok);
    ASSERT_TRUE(ok) << m.describe();
    ASSERT_EQ(events.size(), 1u) << m.describe();
    std::size_t count = 0;
    EXPECT_EQ(decodeAll(codec, events, &count), bytes) << m.describe();
    EXPECT_EQ(count, 1u) << m.describe();
  }
}

TEST(AlsaMidiCodec, EventsCarryTheFieldsOtherClientsRead) {
  AlsaMidiCodec codec;
  auto e = encodeAll(codec, Message::noteOn(3, 64, 101).bytes()).at(0).event;
  EXPECT_EQ(e.type, SND_SEQ_EVENT_NOTEON);
  EXPECT_EQ(e.data.note.channel, 3);
  EXPECT_EQ(e.data.note.note, 64);
  EXPECT_EQ(e.data.note.velocity, 101);
  e = encodeAll(codec, Message::controlChange(2, 74, 33).bytes()).at(0).event;
  EXPECT_EQ(e.type, SND_SEQ_EVENT_CONTROLLER);
  EXPECT_EQ(e.data.control.param, 74u);
  EXPECT_EQ(e.data.control.value, 33);
  // ALSA's pitch bend is signed around the centre, like ours.
  e = encodeAll(codec, Message::pitchBend(1, -8192).bytes()).at(0).event;
  EXPECT_EQ(e.type, SND_SEQ_EVENT_PITCHBEND);
  EXPECT_EQ(e.data.control.value, -8192);
  e = encodeAll(codec, Message::simple(midi::MessageType::Clock).bytes()).at(0).event;
  EXPECT_EQ(e.type, SND_SEQ_EVENT_CLOCK);
}

TEST(AlsaMidiCodec, LongSysExTravelsInChunksAndIsJoinedAgain) {
  AlsaMidiCodec sender(1 << 16, 256);
  AlsaMidiCodec receiver(1 << 16, 256);
  Bytes payload(1000);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = std::uint8_t(i % 128);
  const Bytes sysEx = Message::sysEx(payload).bytes();
  auto events = encodeAll(sender, sysEx);
  ASSERT_EQ(events.size(), 4u);  // 1002 bytes in pieces of at most 256
  for (const auto& c : events) {
    EXPECT_EQ(c.event.type, SND_SEQ_EVENT_SYSEX);
    EXPECT_LE(c.data.size(), 256u);
  }
  // A clock between two pieces comes out on its own and leaves the SysEx whole.
  auto clock = encodeAll(sender, Message::simple(midi::MessageType::Clock).bytes());
  events.insert(events.begin() + 2, clock.begin(), clock.end());
  std::vector<Bytes> got;
  for (const auto& c : events)
    for (const auto m : receiver.decode(c.event)) got.emplace_back(m.begin(), m.end());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], Bytes{0xF8});
  EXPECT_EQ(got[1], sysEx);
  EXPECT_EQ(receiver.droppedSysEx(), 0u);
}

TEST(AlsaMidiCodec, OversizedAndUnfinishedSysExAreDroppedAndCounted) {
  AlsaMidiCodec sender(1 << 16, 64);
  AlsaMidiCodec receiver(100, 64);
  const auto tooLong = encodeAll(sender, Message::sysEx(Bytes(150, 1)).bytes());
  std::size_t count = 0;
  EXPECT_TRUE(decodeAll(receiver, tooLong, &count).empty());
  EXPECT_EQ(receiver.droppedSysEx(), 1u);
  // A SysEx that starts but is followed by a new start: the first is lost, the second arrives.
  const auto first = encodeAll(sender, Message::sysEx(Bytes(80, 2)).bytes());
  const Bytes second = Message::sysEx({1, 2, 3}).bytes();
  std::vector<Captured> events{first.front()};
  const auto rest = encodeAll(sender, second);
  events.insert(events.end(), rest.begin(), rest.end());
  EXPECT_EQ(decodeAll(receiver, events), second);
  EXPECT_EQ(receiver.droppedSysEx(), 2u);
  // A tail whose start never came is ignored.
  EXPECT_TRUE(decodeAll(receiver, {first.back()}).empty());
}

TEST(AlsaMidiCodec, FourteenBitAndParameterEventsExpandToEveryControlChange) {
  AlsaMidiCodec codec;
  std::vector<Bytes> got;
  const auto decodeOne = [&](const snd_seq_event_t& e) {
    got.clear();
    for (const auto m : codec.decode(e)) got.emplace_back(m.begin(), m.end());
  };
  decodeOne(controlEvent(SND_SEQ_EVENT_CONTROL14, 2, 7, 1000));  // 1000 = 7 * 128 + 104
  EXPECT_EQ(got, (std::vector<Bytes>{{0xB2, 7, 7}, {0xB2, 39, 104}}));
  decodeOne(controlEvent(SND_SEQ_EVENT_NONREGPARAM, 2, 300, 1000));  // 300 = 2 * 128 + 44
  EXPECT_EQ(got,
            (std::vector<Bytes>{{0xB2, 99, 2}, {0xB2, 98, 44}, {0xB2, 6, 7}, {0xB2, 38, 104}}));
  decodeOne(controlEvent(SND_SEQ_EVENT_REGPARAM, 0, 0, 48 * 128));  // pitch bend range 48
  EXPECT_EQ(got,
            (std::vector<Bytes>{{0xB0, 101, 0}, {0xB0, 100, 0}, {0xB0, 6, 48}, {0xB0, 38, 0}}));
  snd_seq_event_t notice;
  snd_seq_ev_clear(&notice);
  notice.type = SND_SEQ_EVENT_PORT_SUBSCRIBED;
  decodeOne(notice);
  EXPECT_TRUE(got.empty());
}

TEST(AlsaMidiCodec, RefusesBytesThatAreNotExactlyOneMessage) {
  AlsaMidiCodec codec;
  for (const Bytes& bad :
       {Bytes{}, Bytes{0x90, 60}, Bytes{0x90, 60, 100, 0x80, 60, 0}, Bytes{60, 100},
        Bytes{0xF0, 1, 2}, Bytes{0xF0, 1, 0x90, 0xF7}, Bytes{0xF4}}) {
    bool ok = true;
    EXPECT_TRUE(encodeAll(codec, bad, &ok).empty());
    EXPECT_FALSE(ok) << bad.size();
  }
}

TEST(AlsaMidiCodec, EncodingAndDecodingDoNotAllocate) {
  AlsaMidiCodec sender(1 << 16, 64);
  AlsaMidiCodec receiver(1 << 16, 64);
  const Bytes note = Message::noteOn(0, 60, 100).bytes();
  const Bytes sysEx = Message::sysEx(Bytes(500, 5)).bytes();
  snd_seq_event_t events[16];
  struct Sink {
    snd_seq_event_t* events;
    std::size_t count;
    AlsaMidiCodec* receiver;
    std::size_t messages;
  } sink{events, 0, &receiver, 0};
  // Each event is decoded as soon as it is made, while its SysEx bytes are still there.
  const auto relay = [](const snd_seq_event_t& e, void* context) noexcept {
    auto& s = *static_cast<Sink*>(context);
    s.messages += s.receiver->decode(e).count;
    s.events[s.count++ % 16] = e;
    return true;
  };
  test::AllocationCounter counter;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(sender.encode(note, relay, &sink));
    ASSERT_TRUE(sender.encode(sysEx, relay, &sink));
  }
  EXPECT_EQ(counter.allocations(), 0u);
  EXPECT_EQ(sink.messages, 200u);
}

}  // namespace
}  // namespace tonewood::device
