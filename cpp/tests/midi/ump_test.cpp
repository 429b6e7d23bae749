// Universal MIDI Packets: the wire words of known messages, every catalogued message surviving
// encode -> decode at its field limits, validation naming what is wrong, the min-centre-max
// scaling table at its boundaries, and MIDI 1.0 <-> 2.0 translation that gives 7- and 14-bit
// values back exactly.
#include "tonewood/midi/ump.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/midi/ump_translation.hpp"

namespace tonewood::midi::ump {
namespace {

using Words = std::vector<std::uint32_t>;

Packet build(std::string_view name, std::vector<std::int64_t> values,
             std::vector<std::uint8_t> payload = {}) {
  return encode(specNamed(name), values, payload);
}

Words wordsOf(const Packet& p) {
  return {p.view().begin(), p.view().end()};
}

TEST(Ump, KnownMessagesHaveTheSpecifiedWords) {
  EXPECT_EQ(wordsOf(build("note_on", {0, 0, 60, 0, 0xC000, 0})), (Words{0x40903C00, 0xC0000000}));
  EXPECT_EQ(wordsOf(build("note_off", {3, 15, 127, 3, 0xFFFF, 0x1234})),
            (Words{0x438F7F03, 0xFFFF1234}));
  EXPECT_EQ(wordsOf(build("midi1_note_on", {1, 2, 60, 100})), (Words{0x21923C64}));
  EXPECT_EQ(wordsOf(build("midi1_pitch_bend", {0, 0, 8192})), (Words{0x20E00040}));
  EXPECT_EQ(wordsOf(build("song_position", {0, 16383})), (Words{0x10F27F7F}));
  EXPECT_EQ(wordsOf(build("jr_timestamp", {0x1234})), (Words{0x00201234}));
  EXPECT_EQ(wordsOf(build("delta_clockstamp", {0xFFFFF})), (Words{0x004FFFFF}));
  EXPECT_EQ(wordsOf(build("control_change", {0, 1, 74, 0x80000000})),
            (Words{0x40B14A00, 0x80000000}));
  EXPECT_EQ(wordsOf(build("program_change", {0, 0, 1, 5, 1, 2})), (Words{0x40C00001, 0x05000102}));
  EXPECT_EQ(wordsOf(build("registered_controller", {0, 0, 0, 0, 0x10000000})),
            (Words{0x40200000, 0x10000000}));
  EXPECT_EQ(wordsOf(build("relative_registered_controller", {0, 0, 0, 1, -1})),
            (Words{0x40400001, 0xFFFFFFFF}));
  EXPECT_EQ(wordsOf(build("per_note_management", {0, 0, 60, 1, 1})), (Words{0x40F03C03, 0}));
  EXPECT_EQ(wordsOf(build("sysex7", {0, 0}, {1, 2, 3})), (Words{0x30030102, 0x03000000}));
  EXPECT_EQ(wordsOf(build("sysex8", {2, 0, 9}, {0xFF})), (Words{0x520209FF, 0, 0, 0}));
  // 120 BPM: 500 000 us per quarter = 50 000 000 units of 10 ns.
  EXPECT_EQ(wordsOf(build("set_tempo", {0, 0, 1, 0, 50'000'000})),
            (Words{0xD0100000, 50'000'000, 0, 0}));
  EXPECT_EQ(wordsOf(build("set_key_signature", {0, 0, 1, 0, -3, 3})),
            (Words{0xD0100005, 0xD3000000, 0, 0}));
  const std::string name = "tonewood";
  EXPECT_EQ(wordsOf(build("endpoint_name", {0}, {name.begin(), name.end()})),
            (Words{0xF003746F, 0x6E65776F, 0x6F640000, 0}));
  EXPECT_EQ(wordsOf(build("metadata_text", {0, 0, 1, 0, 5}, {'B', 'a', 'c', 'h'})),
            (Words{0xD0100105, 0x42616368, 0, 0}));
}

TEST(Ump, EveryCatalogedMessageRoundTripsAtItsLimits) {
  std::mt19937 random(5);
  for (const auto& spec : messageSpecs()) {
    SCOPED_TRACE(std::string(spec.name));
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<std::int64_t> values;
      for (const auto& f : spec.fields) {
        std::uniform_int_distribution<std::int64_t> any(f.minimum(), f.maximum());
        values.push_back(trial == 0 ? f.minimum() : trial == 1 ? f.maximum() : any(random));
      }
      std::vector<std::uint8_t> payload;
      const auto& pl = spec.payload;
      if (pl.length != PayloadLength::None) {
        const int n =
            trial == 1 ? pl.maxBytes : std::uniform_int_distribution<int>(0, pl.maxBytes)(random);
        const int top = pl.bitsPerByte == 7 ? 127 : 255;
        for (int i = 0; i < n; ++i)
          payload.push_back(std::uint8_t(std::uniform_int_distribution<int>(1, top)(random)));
        if (pl.length == PayloadLength::Fixed) payload.resize(pl.maxBytes, 0);
      }
      const Packet p = encode(spec, values, payload);
      EXPECT_EQ(p.size, spec.words());
      EXPECT_EQ(problemWith(p), std::nullopt) << describe(p);
      const auto d = decode(p);
      ASSERT_EQ(d.spec, &spec) << describe(p);
      for (std::size_t i = 0; i < values.size(); ++i)
        EXPECT_EQ(d.values[i], values[i]) << spec.fields[i].name;
      EXPECT_EQ(std::vector<std::uint8_t>(d.payloadBytes().begin(), d.payloadBytes().end()),
                payload);
      EXPECT_EQ(Packet::fromWords(p.view()), p);
    }
  }
}

TEST(Ump, CatalogueCoversEveryMessageTypeOfTheSpecification) {
  std::set<unsigned> types;
  for (const auto& spec : messageSpecs()) types.insert(spec.messageType);
  EXPECT_EQ(types, (std::set<unsigned>{0x0, 0x1, 0x2, 0x3, 0x4, 0x5, 0xD, 0xF}));
  EXPECT_GE(messageSpecs().size(), 60u);
  // No two rows claim the same packet.
  for (const auto& a : messageSpecs())
    for (const auto& b : messageSpecs())
      if (&a != &b) {
        const auto common = a.keyMask & b.keyMask;
        EXPECT_NE(a.keyValue & common, b.keyValue & common) << a.name << " / " << b.name;
      }
}

TEST(Ump, EncodingRefusesValuesOutsideTheirFields) {
  try {
    build("note_on", {0, 0, 128, 0, 0, 0});
    FAIL() << "note 128 accepted";
  } catch (const OutOfRangeError& e) {
    EXPECT_STREQ(e.what(), "note_on note must be within [0, 127], got 128");
  }
  EXPECT_THROW(build("note_on", {16, 0, 60, 0, 0, 0}), OutOfRangeError);
  EXPECT_THROW(build("note_on", {0, 0, 60, 0, 0x10000, 0}), OutOfRangeError);
  EXPECT_THROW(build("sysex7", {0, 0}, {1, 2, 3, 4, 5, 6, 7}), OutOfRangeError);
  EXPECT_THROW(build("sysex7", {0, 0}, {0x80}), OutOfRangeError);
  EXPECT_THROW(build("sysex7", {0, 4}), OutOfRangeError);
  EXPECT_THROW(build("set_tempo", {0, 1, 1, 0, 1}), OutOfRangeError);  // single-packet only
  EXPECT_THROW(build("endpoint_name", {0}, {'a', 0, 'b'}), InvalidArgumentError);
  EXPECT_THROW(build("clock", {0}, {1}), InvalidArgumentError);
  EXPECT_THROW(specNamed("note_onn"), InvalidArgumentError);
  EXPECT_THROW(Packet::fromWords(Words{0x40903C00}), InvalidArgumentError);
  EXPECT_THROW(splitPackets(Words{0x20903C64, 0x40903C00}), InvalidArgumentError);
}

TEST(Ump, ValidationNamesTheProblem) {
  const auto problem = [](Words words) {
    return problemWith(Packet::fromWords(words)).value_or("valid");
  };
  EXPECT_EQ(problem({0x60000000}), "message type 0x6 is reserved");
  EXPECT_EQ(problem({0xB0000000, 0, 0}), "message type 0xB is reserved");
  EXPECT_EQ(problem({0x40708000, 0}),
            "word 0 0x40708000 has a status that message type 0x4 does not define");
  EXPECT_EQ(problem({0x4090BC00, 0}), "note_on: reserved bits 0x00008000 set in word 0");
  EXPECT_EQ(problem({0x30070102, 0x03040506}), "sysex7 byte count 7 outside [0, 6]");
  EXPECT_EQ(problem({0x30520102, 0}), "sysex7 format 5 outside [0, 3]");
  EXPECT_EQ(problem({0x30010180, 0}), "sysex7: reserved bits 0x00000080 set in word 0");
  EXPECT_EQ(problem({0x01000000}), "noop: reserved bits 0x01000000 set in word 0");
  EXPECT_EQ(problem({0x00201234}), "valid");
  EXPECT_EQ(problem({0x10F40000}),
            "word 0 0x10F40000 has a status that message type 0x1 does not define");
  EXPECT_EQ(describe(Packet::fromWords(Words{0x40903C00, 0xC0000000})),
            "note_on group=0 channel=0 note=60 attribute_type=0 velocity=49152 attribute=0");
  EXPECT_EQ(splitPackets(Words{0x20903C64, 0x40903C00, 0xC0000000, 0x00000000}).size(), 3u);
  // Text ends at its first zero byte; anything after it would be lost on decoding.
  const auto& text = specNamed("metadata_text");
  Words words = wordsOf(encode(text, std::vector<std::int64_t>(text.fields.size(), 0),
                               std::vector<std::uint8_t>{'A', 'B'}));
  EXPECT_EQ(problem(words), "valid");
  words[1] |= 0x43;  // payload byte 3: after 'A', 'B' and the terminating zero
  EXPECT_EQ(problem(words), "metadata_text text has byte 3 (0x43) after its terminating zero");
}

TEST(UmpScaling, MinCentreMaxTableAtTheBoundaries) {
  struct Row {
    std::uint32_t value;
    int from, to;
    std::uint32_t expected;
  };
  for (const Row& r : {Row{0, 7, 16, 0x0000},
                       Row{1, 7, 16, 0x0200},
                       Row{63, 7, 16, 0x7E00},
                       Row{64, 7, 16, 0x8000},
                       Row{65, 7, 16, 0x8208},
                       Row{126, 7, 16, 0xFDF7},
                       Row{127, 7, 16, 0xFFFF},
                       Row{0, 7, 32, 0},
                       Row{64, 7, 32, 0x80000000},
                       Row{65, 7, 32, 0x82082082},
                       Row{126, 7, 32, 0xFDF7DF7D},
                       Row{127, 7, 32, 0xFFFFFFFF},
                       Row{1, 14, 32, 0x40000},
                       Row{8191, 14, 32, 0x7FFC0000},
                       Row{8192, 14, 32, 0x80000000},
                       Row{8193, 14, 32, 0x80040020},
                       Row{16382, 14, 32, 0xFFFBFFDF},
                       Row{16383, 14, 32, 0xFFFFFFFF},
                       Row{0, 1, 32, 0},
                       Row{1, 1, 32, 0xFFFFFFFF}}) {
    EXPECT_EQ(scaleUp(r.value, r.from, r.to), r.expected)
        << r.value << " " << r.from << "->" << r.to;
  }
  // Every 7- and 14-bit value comes back exactly, and the scale never goes down.
  for (int bits : {7, 14}) {
    for (int target : {16, 32}) {
      std::uint32_t previous = 0;
      for (std::uint32_t v = 0; v < (1u << bits); ++v) {
        const auto up = scaleUp(v, bits, target);
        ASSERT_EQ(scaleDown(up, target, bits), v);
        ASSERT_GE(up, previous);
        previous = up;
      }
    }
  }
}

std::vector<Message> roundTrip(const std::vector<Message>& in) {
  Midi1ToMidi2 up;
  Midi2ToMidi1 down;
  std::vector<Packet> packets;
  for (const auto& m : in) up.translate(m, packets);
  std::vector<Message> out;
  for (const auto& p : packets) {
    EXPECT_EQ(problemWith(p), std::nullopt) << describe(p);
    down.translate(p, out);
  }
  return out;
}

TEST(UmpTranslation, SevenAndFourteenBitValuesComeBackExactly) {
  for (int v = 0; v < 128; ++v) {
    for (const auto& m : {Message::noteOff(3, v, v), Message::controlChange(1, 7, v),
                          Message::polyPressure(2, 60, v), Message::channelPressure(0, v)}) {
      ASSERT_EQ(roundTrip({m}), std::vector<Message>{m}) << m.describe();
    }
    if (v > 0) {
      ASSERT_EQ(roundTrip({Message::noteOn(0, 60, v)}),
                std::vector<Message>{Message::noteOn(0, 60, v)});
    }
  }
  for (int bend = -8192; bend < 8192; ++bend) {
    ASSERT_EQ(roundTrip({Message::pitchBend(5, bend)}),
              std::vector<Message>{Message::pitchBend(5, bend)});
  }
  // System messages and SysEx of any length pass through.
  std::vector<std::uint8_t> long_sysex(20);
  for (std::size_t i = 0; i < long_sysex.size(); ++i) long_sysex[i] = std::uint8_t(i * 5);
  for (const auto& m :
       {Message::simple(MessageType::Clock), Message::songPosition(1234), Message::timeCode(3, 9),
        Message::sysEx({}), Message::sysEx({1, 2, 3, 4, 5, 6}), Message::sysEx(long_sysex)}) {
    EXPECT_EQ(roundTrip({m}), std::vector<Message>{m}) << m.describe();
  }
}

TEST(UmpTranslation, MidiOneIdiomsBecomeMidiTwoMessages) {
  Midi1ToMidi2 up(2);
  std::vector<Packet> out;
  up.translate(Message::noteOn(0, 60, 0), out);  // a MIDI 1.0 note off
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(wordsOf(out[0]), (Words{0x42803C00, 0}));
  out.clear();
  // Bank select then program change: one program change carrying the bank.
  for (const auto& m : {Message::controlChange(1, 0, 3), Message::controlChange(1, 32, 4),
                        Message::programChange(1, 9)})
    up.translate(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(describe(out[0]),
            "program_change group=2 channel=1 bank_valid=1 program=9 bank_msb=3 bank_lsb=4");
  out.clear();
  // RPN 0 (pitch-bend range) = 48 semitones: the data entry MSB already sends the controller.
  for (const auto& m : {Message::controlChange(0, 101, 0), Message::controlChange(0, 100, 0),
                        Message::controlChange(0, 6, 48)})
    up.translate(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(describe(out[0]), "registered_controller group=2 channel=0 bank=0 index=0 value=" +
                                  std::to_string(scaleUp(48u << 7, 14, 32)));
  out.clear();
  up.translate(Message::controlChange(0, 38, 0x7F), out);  // the LSB refines it
  EXPECT_EQ(decode(out.at(0)).value("value"), scaleUp(48u << 7 | 0x7F, 14, 32));
  // After the null RPN, data entry is a plain controller again.
  out.clear();
  for (const auto& m : {Message::controlChange(0, 101, 127), Message::controlChange(0, 100, 127),
                        Message::controlChange(0, 6, 1)})
    up.translate(m, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(decode(out[0]).spec->name, "control_change");
  // NRPN back to MIDI 1.0 is four controllers with the exact 14-bit value.
  const std::vector<Message> nrpn = {
      Message::controlChange(4, 99, 1), Message::controlChange(4, 98, 2),
      Message::controlChange(4, 6, 100), Message::controlChange(4, 38, 27)};
  const auto back = roundTrip(nrpn);
  ASSERT_EQ(back.size(), 8u);  // the MSB and the LSB each send the controller
  EXPECT_EQ(std::vector<Message>(back.begin() + 4, back.end()), nrpn);
}

TEST(UmpTranslation, MidiTwoOnlyMessagesAndVelocityEdges) {
  Midi2ToMidi1 down;
  std::vector<Message> out;
  down.translate(build("note_on", {0, 0, 60, 0, 1, 0}), out);  // quietest MIDI 2.0 note on
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], Message::noteOn(0, 60, 1));
  out.clear();
  for (const char* name :
       {"per_note_pitch_bend", "registered_per_note_controller", "relative_assignable_controller",
        "per_note_management", "set_tempo", "endpoint_discovery", "jr_timestamp", "sysex8"}) {
    const auto& spec = specNamed(name);
    down.translate(encode(spec, std::vector<std::int64_t>(spec.fields.size(), 0)), out);
  }
  EXPECT_TRUE(out.empty());
  // A continue without a start is dropped and counted.
  down.translate(build("sysex7", {0, 2}, {1}), out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(down.droppedSysEx(), 1u);
  // A complete SysEx7 packet whose second data byte has its top bit set is dropped and counted.
  down.translate(Packet::fromWords(Words{0x30020180, 0}), out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(down.droppedSysEx(), 2u);
  down.translate(build("sysex7", {0, 0}, {1, 2}), out);  // and the next good one still passes
  EXPECT_EQ(out, std::vector<Message>{Message::sysEx({1, 2})});
  out.clear();
  down.translate(build("program_change", {0, 3, 1, 7, 8, 9}), out);
  EXPECT_EQ(out,
            (std::vector<Message>{Message::controlChange(3, 0, 8), Message::controlChange(3, 32, 9),
                                  Message::programChange(3, 7)}));
}

}  // namespace
}  // namespace tonewood::midi::ump
