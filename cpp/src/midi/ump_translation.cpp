// MIDI 1.0 <-> MIDI 2.0 translation (the default translation of the UMP specification).
#include "tonewood/midi/ump_translation.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi::ump {

namespace {

Packet make(std::string_view name, std::initializer_list<std::int64_t> values) {
  return encode(specNamed(name), std::span<const std::int64_t>(values.begin(), values.size()));
}

// Controller numbers with a meaning for the translation.
enum Controller : int {
  kBankMsb = 0,
  kDataEntryMsb = 6,
  kBankLsb = 32,
  kDataEntryLsb = 38,
  kNrpnLsb = 98,
  kNrpnMsb = 99,
  kRpnLsb = 100,
  kRpnMsb = 101,
  kResetAllControllers = 121,
};

// A MIDI 1.0 message from the status and data bytes of a message type 1 or 2 packet, or an
// empty one when the status starts no short message.
Message shortMessageOf(std::uint32_t word) {
  const std::uint8_t bytes[3] = {static_cast<std::uint8_t>(word >> 16),
                                 static_cast<std::uint8_t>((word >> 8) & 0x7F),
                                 static_cast<std::uint8_t>(word & 0x7F)};
  const int data = dataBytesAfter(bytes[0]);
  if (data < 0 || bytes[0] < 0x80) return {};
  return Message::fromBytes(bytes, static_cast<std::size_t>(1 + data));
}

int checkedGroup(int group) {
  if (group < 0 || group > 15)
    throw OutOfRangeError("UMP group must be within [0, 15], got " + std::to_string(group));
  return group;
}

}  // namespace

std::uint32_t scaleUp(std::uint32_t value, int sourceBits, int targetBits) noexcept {
  const int grow = targetBits - sourceBits;
  if (grow <= 0) return value;
  const std::uint64_t shifted = std::uint64_t{value} << grow;
  const std::uint32_t centre = 1u << (sourceBits - 1);
  if (sourceBits == 1) return value ? static_cast<std::uint32_t>((1ull << targetBits) - 1) : 0;
  if (value <= centre) return static_cast<std::uint32_t>(shifted);
  // Above the centre, the bits below the top one repeat downwards to fill the new low bits,
  // so the largest value maps to the largest value.
  const int repeatBits = sourceBits - 1;
  std::uint64_t repeat = value & ((1u << repeatBits) - 1);
  repeat = grow > repeatBits ? repeat << (grow - repeatBits) : repeat >> (repeatBits - grow);
  std::uint64_t result = shifted;
  while (repeat) {
    result |= repeat;
    repeat >>= repeatBits;
  }
  return static_cast<std::uint32_t>(result);
}

std::uint32_t scaleDown(std::uint32_t value, int sourceBits, int targetBits) noexcept {
  return sourceBits > targetBits ? value >> (sourceBits - targetBits) : value;
}

std::vector<Packet> midi1ToUmp(const Message& m, int group) {
  checkedGroup(group);
  if (m.size() == 0) return {};
  if (m.type() == MessageType::SysEx) return sysEx7Packets(m.sysExPayload(), group);
  std::uint8_t bytes[3] = {0, 0, 0};
  m.copyTo(bytes);
  Packet p;
  p.size = 1;
  p.words[0] = (m.isChannelMessage() ? 0x20000000u : 0x10000000u) | std::uint32_t(group) << 24 |
               std::uint32_t{bytes[0]} << 16 | std::uint32_t{bytes[1]} << 8 | bytes[2];
  return {p};
}

Midi1ToMidi2::Midi1ToMidi2(int group) : group_(checkedGroup(group)) {}

void Midi1ToMidi2::reset() noexcept {
  channels_ = {};
}

void Midi1ToMidi2::translate(const Message& m, std::vector<Packet>& out) {
  if (m.size() == 0) return;
  if (!m.isChannelMessage()) {
    for (const auto& p : midi1ToUmp(m, group_)) out.push_back(p);
    return;
  }
  const std::int64_t g = group_, ch = m.channel();
  ChannelState& s = channels_[static_cast<std::size_t>(m.channel())];
  const auto parameter = [&](int lsb) {
    const std::uint32_t value14 = std::uint32_t(s.dataMsb) << 7 | std::uint32_t(lsb);
    out.push_back(make(s.registered ? "registered_controller" : "assignable_controller",
                       {g, ch, s.parameterMsb, s.parameterLsb, scaleUp(value14, 14, 32)}));
  };
  switch (m.type()) {
    case MessageType::NoteOn:
      if (m.velocity() == 0)
        out.push_back(make("note_off", {g, ch, m.note(), 0, 0, 0}));
      else
        out.push_back(
            make("note_on", {g, ch, m.note(), 0, scaleUp(std::uint32_t(m.velocity()), 7, 16), 0}));
      return;
    case MessageType::NoteOff:
      out.push_back(
          make("note_off", {g, ch, m.note(), 0, scaleUp(std::uint32_t(m.velocity()), 7, 16), 0}));
      return;
    case MessageType::PolyPressure:
      out.push_back(
          make("poly_pressure", {g, ch, m.note(), scaleUp(std::uint32_t(m.data2()), 7, 32)}));
      return;
    case MessageType::ChannelPressure:
      out.push_back(make("channel_pressure", {g, ch, scaleUp(std::uint32_t(m.data1()), 7, 32)}));
      return;
    case MessageType::PitchBend:
      out.push_back(make("pitch_bend", {g, ch, scaleUp(std::uint32_t(m.value() + 8192), 14, 32)}));
      return;
    case MessageType::ProgramChange: {
      const bool bank = s.bankMsb >= 0 || s.bankLsb >= 0;
      out.push_back(
          make("program_change", {g, ch, bank ? 1 : 0, m.data1(), bank ? std::max(s.bankMsb, 0) : 0,
                                  bank ? std::max(s.bankLsb, 0) : 0}));
      return;
    }
    case MessageType::ControlChange:
      break;
    default:
      return;
  }
  const int cc = m.controller(), v = m.data2();
  const bool selected = s.parameterMsb >= 0 && s.parameterLsb >= 0;
  switch (cc) {
    case kBankMsb:
      s.bankMsb = v;
      return;
    case kBankLsb:
      s.bankLsb = v;
      return;
    case kRpnMsb:
    case kNrpnMsb:
      s.registered = cc == kRpnMsb;
      s.parameterMsb = v;
      s.dataMsb = -1;
      return;
    case kRpnLsb:
    case kNrpnLsb:
      s.registered = cc == kRpnLsb;
      s.parameterLsb = v;
      s.dataMsb = -1;
      // RPN 127/127 is the "null" parameter: data entry is off until the next selection.
      if (s.registered && s.parameterMsb == 127 && v == 127) s.parameterMsb = s.parameterLsb = -1;
      return;
    case kDataEntryMsb:
      if (!selected) break;
      s.dataMsb = v;
      parameter(0);
      return;
    case kDataEntryLsb:
      if (!selected || s.dataMsb < 0) break;
      parameter(v);
      return;
    case kResetAllControllers:
      s.parameterMsb = s.parameterLsb = s.dataMsb = -1;
      break;
    default:
      break;
  }
  out.push_back(make("control_change", {g, ch, cc, scaleUp(std::uint32_t(v), 7, 32)}));
}

Midi2ToMidi1::Midi2ToMidi1(std::size_t maxSysExBytes) : maxSysEx_(maxSysExBytes) {}

void Midi2ToMidi1::translate(const Packet& p, std::vector<Message>& out) {
  const unsigned mt = p.messageType();
  if (mt == 1 || mt == 2) {
    if (auto m = shortMessageOf(p.words[0]); m.size() > 0) out.push_back(m);
    return;
  }
  const auto d = decode(p);
  if (!d.spec) return;
  if (mt == 3) {
    const auto format = d.value("format");
    const auto bytes = d.payloadBytes();
    if (format == 0 || format == 1) {
      if (inSysEx_) ++dropped_;  // a start while another is open: the open one is broken
      sysEx_.assign(bytes.begin(), bytes.end());
      inSysEx_ = format == 1;
    } else if (!inSysEx_) {
      ++dropped_;
      return;
    } else if (sysEx_.size() + bytes.size() > maxSysEx_) {
      ++dropped_;
      inSysEx_ = false;
      return;
    } else {
      sysEx_.insert(sysEx_.end(), bytes.begin(), bytes.end());
      inSysEx_ = format == 2;
    }
    if (inSysEx_) return;
    // A SysEx7 packet's data bytes are 7-bit; one with the top bit set breaks the message.
    if (std::any_of(sysEx_.begin(), sysEx_.end(), [](std::uint8_t b) { return b > 0x7F; }))
      ++dropped_;
    else
      out.push_back(Message::sysEx(sysEx_));
    return;
  }
  if (mt != 4) return;
  const int ch = static_cast<int>(d.value("channel"));
  const auto down = [&](const char* field, int from, int to) {
    return static_cast<int>(scaleDown(static_cast<std::uint32_t>(d.value(field)), from, to));
  };
  const std::string_view name = d.spec->name;
  if (name == "note_on") {
    out.push_back(Message::noteOn(ch, int(d.value("note")), std::max(1, down("velocity", 16, 7))));
  } else if (name == "note_off") {
    out.push_back(Message::noteOff(ch, int(d.value("note")), down("velocity", 16, 7)));
  } else if (name == "poly_pressure") {
    out.push_back(Message::polyPressure(ch, int(d.value("note")), down("value", 32, 7)));
  } else if (name == "control_change") {
    out.push_back(Message::controlChange(ch, int(d.value("controller")), down("value", 32, 7)));
  } else if (name == "channel_pressure") {
    out.push_back(Message::channelPressure(ch, down("value", 32, 7)));
  } else if (name == "pitch_bend") {
    out.push_back(Message::pitchBend(ch, down("value", 32, 14) - 8192));
  } else if (name == "program_change") {
    if (d.value("bank_valid")) {
      out.push_back(Message::controlChange(ch, kBankMsb, int(d.value("bank_msb"))));
      out.push_back(Message::controlChange(ch, kBankLsb, int(d.value("bank_lsb"))));
    }
    out.push_back(Message::programChange(ch, int(d.value("program"))));
  } else if (name == "registered_controller" || name == "assignable_controller") {
    const bool registered = name == "registered_controller";
    const int value14 = down("value", 32, 14);
    out.push_back(
        Message::controlChange(ch, registered ? kRpnMsb : kNrpnMsb, int(d.value("bank"))));
    out.push_back(
        Message::controlChange(ch, registered ? kRpnLsb : kNrpnLsb, int(d.value("index"))));
    out.push_back(Message::controlChange(ch, kDataEntryMsb, value14 >> 7));
    out.push_back(Message::controlChange(ch, kDataEntryLsb, value14 & 0x7F));
  }
}

}  // namespace tonewood::midi::ump
