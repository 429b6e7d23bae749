#include "tonewood/midi/message.hpp"

#include <algorithm>
#include <cstring>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi {

namespace {

struct TypeName {
  MessageType type;
  const char* name;
};

constexpr TypeName kTypeNames[] = {
    {MessageType::NoteOff, "note_off"},
    {MessageType::NoteOn, "note_on"},
    {MessageType::PolyPressure, "poly_pressure"},
    {MessageType::ControlChange, "control_change"},
    {MessageType::ProgramChange, "program_change"},
    {MessageType::ChannelPressure, "channel_pressure"},
    {MessageType::PitchBend, "pitch_bend"},
    {MessageType::SysEx, "sysex"},
    {MessageType::TimeCode, "time_code"},
    {MessageType::SongPosition, "song_position"},
    {MessageType::SongSelect, "song_select"},
    {MessageType::TuneRequest, "tune_request"},
    {MessageType::Clock, "clock"},
    {MessageType::Start, "start"},
    {MessageType::Continue, "continue"},
    {MessageType::Stop, "stop"},
    {MessageType::ActiveSensing, "active_sensing"},
    {MessageType::Reset, "reset"},
};

void requireChannel(int channel) {
  requireInRange("MIDI channel", channel, 0, 15, "(0-based)");
}

void require7Bit(const char* what, int value) {
  requireInRange(what, value, 0, 127, "");
}

std::string hex(std::uint8_t b) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

}  // namespace

const char* messageTypeName(MessageType type) noexcept {
  for (const auto& t : kTypeNames)
    if (t.type == type) return t.name;
  return "unknown";
}

MessageType messageTypeFromName(const std::string& name) {
  std::string known;
  for (const auto& t : kTypeNames) {
    if (name == t.name) return t.type;
    known += (known.empty() ? "" : ", ") + std::string(t.name);
  }
  throw InvalidArgumentError("unknown MIDI message type '" + name + "'; use one of " + known);
}

int dataBytesAfter(std::uint8_t status) noexcept {
  if (status < 0x80) return -1;
  if (status < 0xF0) {
    const int kind = status & 0xF0;
    return kind == 0xC0 || kind == 0xD0 ? 1 : 2;
  }
  switch (status) {
    case 0xF1:
    case 0xF3:
      return 1;
    case 0xF2:
      return 2;
    case 0xF6:
    case 0xF8:
    case 0xFA:
    case 0xFB:
    case 0xFC:
    case 0xFE:
    case 0xFF:
      return 0;
    default:
      return -1;  // 0xF0 (SysEx, variable), 0xF7, and the undefined 0xF4 0xF5 0xF9 0xFD
  }
}

Message Message::shortMessage(std::uint8_t status, int size, int data1, int data2) {
  Message m;
  m.bytes_[0] = status;
  m.bytes_[1] = static_cast<std::uint8_t>(data1);
  m.bytes_[2] = static_cast<std::uint8_t>(data2);
  m.size_ = static_cast<std::uint8_t>(size);
  return m;
}

Message Message::noteOn(int channel, int note, int velocity) {
  requireChannel(channel);
  require7Bit("note number", note);
  require7Bit("velocity", velocity);
  return shortMessage(static_cast<std::uint8_t>(0x90 | channel), 3, note, velocity);
}

Message Message::noteOff(int channel, int note, int velocity) {
  requireChannel(channel);
  require7Bit("note number", note);
  require7Bit("release velocity", velocity);
  return shortMessage(static_cast<std::uint8_t>(0x80 | channel), 3, note, velocity);
}

Message Message::polyPressure(int channel, int note, int pressure) {
  requireChannel(channel);
  require7Bit("note number", note);
  require7Bit("pressure", pressure);
  return shortMessage(static_cast<std::uint8_t>(0xA0 | channel), 3, note, pressure);
}

Message Message::controlChange(int channel, int controller, int value) {
  requireChannel(channel);
  require7Bit("controller number", controller);
  require7Bit("controller value", value);
  return shortMessage(static_cast<std::uint8_t>(0xB0 | channel), 3, controller, value);
}

Message Message::programChange(int channel, int program) {
  requireChannel(channel);
  require7Bit("program number", program);
  return shortMessage(static_cast<std::uint8_t>(0xC0 | channel), 2, program, 0);
}

Message Message::channelPressure(int channel, int pressure) {
  requireChannel(channel);
  require7Bit("pressure", pressure);
  return shortMessage(static_cast<std::uint8_t>(0xD0 | channel), 2, pressure, 0);
}

Message Message::pitchBend(int channel, int value) {
  requireChannel(channel);
  requireInRange("pitch bend", value, -8192, 8191, "(14-bit, centre 0)");
  const int raw = value + 8192;
  return shortMessage(static_cast<std::uint8_t>(0xE0 | channel), 3, raw & 0x7F, raw >> 7);
}

Message Message::sysEx(std::vector<std::uint8_t> payload) {
  for (std::size_t i = 0; i < payload.size(); ++i)
    if (payload[i] > 0x7F)
      throw OutOfRangeError("SysEx data must be 7-bit (0..127); byte " + std::to_string(i) +
                            " is " + std::to_string(payload[i]));
  Message m;
  m.bytes_[0] = 0xF0;
  m.sysEx_ = true;
  m.payload_ = std::move(payload);
  return m;
}

Message Message::timeCode(int piece, int value) {
  requireInRange("time code piece", piece, 0, 7, "");
  requireInRange("time code value", value, 0, 15, "");
  return shortMessage(0xF1, 2, piece << 4 | value, 0);
}

Message Message::songPosition(int beats) {
  requireInRange("song position", beats, 0, 16383, "MIDI beats");
  return shortMessage(0xF2, 3, beats & 0x7F, beats >> 7);
}

Message Message::songSelect(int song) {
  require7Bit("song number", song);
  return shortMessage(0xF3, 2, song, 0);
}

Message Message::simple(MessageType type) {
  const auto status = static_cast<std::uint8_t>(type);
  if (dataBytesAfter(status) != 0)
    throw InvalidArgumentError(std::string("'") + messageTypeName(type) +
                               "' carries data; use its own factory");
  return shortMessage(status, 1, 0, 0);
}

Message Message::fromBytes(const std::uint8_t* data, std::size_t size) {
  if (size == 0) throw InvalidArgumentError("an empty byte string is not a MIDI message");
  const std::uint8_t status = data[0];
  if (status < 0x80)
    throw InvalidArgumentError("a MIDI message starts with a status byte (0x80..0xFF), got " +
                               hex(status));
  for (std::size_t i = 1; i < size; ++i)
    if (data[i] > 0x7F && !(status == 0xF0 && i == size - 1 && data[i] == 0xF7))
      throw InvalidArgumentError("byte " + std::to_string(i) + " of the message is " +
                                 hex(data[i]) + "; data bytes are 0..127");
  if (status == 0xF0) {
    if (size < 2 || data[size - 1] != 0xF7)
      throw InvalidArgumentError("a SysEx message must end with 0xF7");
    return sysEx(std::vector<std::uint8_t>(data + 1, data + size - 1));
  }
  const int needed = dataBytesAfter(status);
  if (needed < 0) throw InvalidArgumentError(hex(status) + " is not a MIDI message status");
  if (static_cast<int>(size) != needed + 1)
    throw InvalidArgumentError(
        std::string("'") + messageTypeName(Message::shortMessage(status, 1, 0, 0).type()) +
        "' takes " + std::to_string(needed) + " data bytes, got " + std::to_string(size - 1));
  return shortMessage(status, needed + 1, needed > 0 ? data[1] : 0, needed > 1 ? data[2] : 0);
}

MessageType Message::type() const noexcept {
  const std::uint8_t s = bytes_[0];
  return static_cast<MessageType>(s < 0xF0 ? s & 0xF0 : s);
}

int Message::value() const noexcept {
  switch (type()) {
    case MessageType::ControlChange:
    case MessageType::PolyPressure:
      return bytes_[2];
    case MessageType::ProgramChange:
    case MessageType::ChannelPressure:
    case MessageType::SongSelect:
      return bytes_[1];
    case MessageType::PitchBend:
      return (bytes_[1] | bytes_[2] << 7) - 8192;
    case MessageType::SongPosition:
      return bytes_[1] | bytes_[2] << 7;
    case MessageType::TimeCode:
      return bytes_[1] & 0x0F;
    default:
      return bytes_[2];
  }
}

std::size_t Message::size() const noexcept {
  return sysEx_ ? payload_.size() + 2 : size_;
}

void Message::copyTo(std::uint8_t* out) const noexcept {
  if (sysEx_) {
    out[0] = 0xF0;
    std::copy(payload_.begin(), payload_.end(), out + 1);
    out[payload_.size() + 1] = 0xF7;
  } else {
    std::memcpy(out, bytes_, size_);
  }
}

std::vector<std::uint8_t> Message::bytes() const {
  std::vector<std::uint8_t> out(size());
  if (!out.empty()) copyTo(out.data());
  return out;
}

Message Message::withChannel(int channel) const {
  if (!isChannelMessage()) throw InvalidArgumentError(describe() + " has no channel");
  requireChannel(channel);
  Message m = *this;
  m.bytes_[0] = static_cast<std::uint8_t>((bytes_[0] & 0xF0) | channel);
  return m;
}

std::string Message::describe() const {
  if (size() == 0) return "empty";
  std::string s = messageTypeName(type());
  const auto field = [&s](const char* name, int v) {
    s += std::string(" ") + name + "=" + std::to_string(v);
  };
  switch (type()) {
    case MessageType::NoteOn:
    case MessageType::NoteOff:
      field("channel", channel());
      field("note", note());
      field("velocity", velocity());
      break;
    case MessageType::PolyPressure:
      field("channel", channel());
      field("note", note());
      field("pressure", value());
      break;
    case MessageType::ControlChange:
      field("channel", channel());
      field("control", controller());
      field("value", value());
      break;
    case MessageType::ProgramChange:
      field("channel", channel());
      field("program", value());
      break;
    case MessageType::ChannelPressure:
      field("channel", channel());
      field("pressure", value());
      break;
    case MessageType::PitchBend:
      field("channel", channel());
      field("value", value());
      break;
    case MessageType::SysEx:
      s += " data=(";
      for (std::size_t i = 0; i < payload_.size(); ++i)
        s += (i ? "," : "") + std::to_string(payload_[i]);
      s += ")";
      break;
    case MessageType::TimeCode:
      field("piece", bytes_[1] >> 4);
      field("value", value());
      break;
    case MessageType::SongPosition:
      field("beats", value());
      break;
    case MessageType::SongSelect:
      field("song", value());
      break;
    default:
      break;
  }
  return s;
}

bool Message::operator==(const Message& other) const noexcept {
  if (sysEx_ != other.sysEx_) return false;
  if (sysEx_) return payload_ == other.payload_;
  return size_ == other.size_ && std::memcmp(bytes_, other.bytes_, size_) == 0;
}

}  // namespace tonewood::midi
