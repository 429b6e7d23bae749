// Encoding, decoding and checking UMP packets from the catalogue in ump_catalog.cpp.
#include "tonewood/midi/ump.hpp"

#include <algorithm>
#include <cstdio>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi::ump {

namespace {

std::uint64_t widthMask(int bits) {
  return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

// Packet byte `index` (0 = the top byte of word 0).
int byteShift(int index) {
  return 24 - 8 * (index % 4);
}

std::uint8_t packetByte(const Packet& p, int index) {
  return static_cast<std::uint8_t>(p.words[index / 4] >> byteShift(index));
}

void setPacketByte(Packet& p, int index, std::uint8_t value) {
  p.words[index / 4] |= std::uint32_t{value} << byteShift(index);
}

std::int64_t readField(const Packet& p, const FieldSpec& f) {
  const std::uint32_t w = p.words[f.word];
  switch (f.kind) {
    case FieldKind::Split14:
      return ((w & 0x7F) << 7) | ((w >> 8) & 0x7F);
    case FieldKind::Signed: {
      const auto raw = static_cast<std::int64_t>((w >> f.shift) & widthMask(f.bits));
      return raw >= (std::int64_t{1} << (f.bits - 1)) ? raw - (std::int64_t{1} << f.bits) : raw;
    }
    case FieldKind::Unsigned:
      break;
  }
  return static_cast<std::int64_t>((w >> f.shift) & widthMask(f.bits));
}

void writeField(Packet& p, const FieldSpec& f, std::int64_t value) {
  std::uint32_t& w = p.words[f.word];
  if (f.kind == FieldKind::Split14) {
    w |= static_cast<std::uint32_t>(((value & 0x7F) << 8) | ((value >> 7) & 0x7F));
    return;
  }
  w |= static_cast<std::uint32_t>((static_cast<std::uint64_t>(value) & widthMask(f.bits))
                                  << f.shift);
}

std::uint32_t fieldBits(const FieldSpec& f, int word) {
  if (f.word != word) return 0;
  if (f.kind == FieldKind::Split14) return 0x7F7F;
  return static_cast<std::uint32_t>(widthMask(f.bits) << f.shift);
}

int rawCount(const Packet& p) {
  return static_cast<int>((p.words[0] >> 16) & 0xF);
}

int payloadCount(const Packet& p, const PayloadSpec& payload) {
  switch (payload.length) {
    case PayloadLength::None:
      return 0;
    case PayloadLength::Fixed:
      return payload.maxBytes;
    case PayloadLength::CountField:
      return std::clamp(rawCount(p) - payload.countBias, 0, int{payload.maxBytes});
    case PayloadLength::ZeroPadded:
      break;
  }
  int n = 0;
  while (n < payload.maxBytes && packetByte(p, payload.firstByte + n) != 0) ++n;
  return n;
}

// Bits of word `word` that mean something for this spec and payload size.
std::uint32_t definedBits(const MessageSpec& spec, int word, int payloadBytes) {
  std::uint32_t bits = word == 0 ? spec.keyMask : 0;
  for (const auto& f : spec.fields) bits |= fieldBits(f, word);
  const auto& pl = spec.payload;
  if (pl.length == PayloadLength::CountField && word == 0) bits |= 0x000F0000;
  const int counted = pl.length == PayloadLength::CountField ? payloadBytes : pl.maxBytes;
  for (int i = 0; i < counted; ++i) {
    const int index = pl.firstByte + i;
    if (index / 4 == word) bits |= std::uint32_t(widthMask(pl.bitsPerByte)) << byteShift(index);
  }
  return bits;
}

std::string hex(std::uint64_t value, int digits) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%0*llX", digits, static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

int wordsForMessageType(unsigned messageType) noexcept {
  static constexpr int kWords[16] = {1, 1, 1, 2, 2, 4, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4};
  return kWords[messageType & 0xF];
}

Packet Packet::fromWords(std::span<const std::uint32_t> words) {
  if (words.empty()) throw InvalidArgumentError("a UMP packet needs at least one word, got none");
  const int wanted = wordsForMessageType(words[0] >> 28);
  if (static_cast<int>(words.size()) != wanted)
    throw InvalidArgumentError("message type " + hex(words[0] >> 28, 1) + " takes " +
                               std::to_string(wanted) + " words, got " +
                               std::to_string(words.size()));
  Packet p;
  std::copy(words.begin(), words.end(), p.words.begin());
  p.size = static_cast<std::uint8_t>(wanted);
  return p;
}

std::vector<Packet> splitPackets(std::span<const std::uint32_t> words) {
  std::vector<Packet> packets;
  for (std::size_t i = 0; i < words.size();) {
    const auto n = static_cast<std::size_t>(wordsForMessageType(words[i] >> 28));
    if (i + n > words.size())
      throw InvalidArgumentError("the packet starting at word " + std::to_string(i) + " needs " +
                                 std::to_string(n) + " words, only " +
                                 std::to_string(words.size() - i) + " remain");
    packets.push_back(Packet::fromWords(words.subspan(i, n)));
    i += n;
  }
  return packets;
}

std::int64_t FieldSpec::minimum() const noexcept {
  return kind == FieldKind::Signed ? -(std::int64_t{1} << (bits - 1)) : 0;
}

std::int64_t FieldSpec::maximum() const noexcept {
  if (maxValue >= 0) return maxValue;
  if (kind == FieldKind::Split14) return 16383;
  if (kind == FieldKind::Signed) return (std::int64_t{1} << (bits - 1)) - 1;
  return static_cast<std::int64_t>(widthMask(bits));
}

int MessageSpec::fieldIndex(std::string_view field) const noexcept {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field) return static_cast<int>(i);
  return -1;
}

std::int64_t DecodedMessage::value(std::string_view field) const {
  const int i = spec ? spec->fieldIndex(field) : -1;
  if (i < 0)
    throw InvalidArgumentError((spec ? std::string(spec->name) : std::string("an unknown packet")) +
                               " has no field '" + std::string(field) + "'");
  return values[static_cast<std::size_t>(i)];
}

Packet encode(const MessageSpec& spec, std::span<const std::int64_t> values,
              std::span<const std::uint8_t> payload) {
  if (values.size() > spec.fields.size())
    throw InvalidArgumentError(std::string(spec.name) + " has " +
                               std::to_string(spec.fields.size()) + " fields, got " +
                               std::to_string(values.size()) + " values");
  Packet p;
  p.size = static_cast<std::uint8_t>(spec.words());
  p.words[0] = spec.keyValue;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& f = spec.fields[i];
    if (values[i] < f.minimum() || values[i] > f.maximum())
      throw OutOfRangeError(std::string(spec.name) + " " + std::string(f.name) +
                            " must be within [" + std::to_string(f.minimum()) + ", " +
                            std::to_string(f.maximum()) + "], got " + std::to_string(values[i]));
    writeField(p, f, values[i]);
  }
  const auto& pl = spec.payload;
  if (pl.length == PayloadLength::None) {
    if (!payload.empty())
      throw InvalidArgumentError(std::string(spec.name) + " carries no data bytes, got " +
                                 std::to_string(payload.size()));
    return p;
  }
  if (payload.size() > pl.maxBytes)
    throw OutOfRangeError(std::string(spec.name) + " carries at most " +
                          std::to_string(pl.maxBytes) + " bytes a packet, got " +
                          std::to_string(payload.size()));
  for (std::size_t i = 0; i < payload.size(); ++i) {
    if (payload[i] > widthMask(pl.bitsPerByte))
      throw OutOfRangeError(std::string(spec.name) + " data byte " + std::to_string(i) +
                            " must be within [0, 127], got " + std::to_string(payload[i]));
    if (pl.length == PayloadLength::ZeroPadded && payload[i] == 0)
      throw InvalidArgumentError(std::string(spec.name) +
                                 " text must not contain a zero byte (byte " + std::to_string(i) +
                                 ")");
    setPacketByte(p, pl.firstByte + static_cast<int>(i), payload[i]);
  }
  if (pl.length == PayloadLength::CountField)
    p.words[0] |= static_cast<std::uint32_t>(payload.size() + pl.countBias) << 16;
  return p;
}

DecodedMessage decode(const Packet& packet) noexcept {
  DecodedMessage d;
  d.spec = specOf(packet);
  if (!d.spec) return d;
  for (std::size_t i = 0; i < d.spec->fields.size(); ++i)
    d.values[i] = readField(packet, d.spec->fields[i]);
  const auto& pl = d.spec->payload;
  d.payloadSize = static_cast<std::uint8_t>(payloadCount(packet, pl));
  for (int i = 0; i < d.payloadSize; ++i) d.payload[i] = packetByte(packet, pl.firstByte + i);
  return d;
}

std::optional<std::string> problemWith(const Packet& packet) {
  const unsigned mt = packet.messageType();
  if (packet.size != wordsForMessageType(mt))
    return "message type " + hex(mt, 1) + " takes " + std::to_string(wordsForMessageType(mt)) +
           " words, the packet has " + std::to_string(packet.size);
  const MessageSpec* spec = specOf(packet);
  if (!spec) {
    const bool known = mt <= 5 || mt == 0xD || mt == 0xF;
    if (!known) return "message type " + hex(mt, 1) + " is reserved";
    return "word 0 " + hex(packet.words[0], 8) + " has a status that message type " + hex(mt, 1) +
           " does not define";
  }
  const auto& pl = spec->payload;
  if (pl.length == PayloadLength::CountField) {
    const int count = rawCount(packet);
    if (count < pl.countBias || count > pl.maxBytes + pl.countBias)
      return std::string(spec->name) + " byte count " + std::to_string(count) + " outside [" +
             std::to_string(pl.countBias) + ", " + std::to_string(pl.maxBytes + pl.countBias) + "]";
  }
  for (const auto& f : spec->fields) {
    const auto v = readField(packet, f);
    if (v > f.maximum())
      return std::string(spec->name) + " " + std::string(f.name) + " " + std::to_string(v) +
             " outside [" + std::to_string(f.minimum()) + ", " + std::to_string(f.maximum()) + "]";
  }
  const int bytes = payloadCount(packet, pl);
  if (pl.length == PayloadLength::ZeroPadded)
    for (int i = bytes + 1; i < pl.maxBytes; ++i)
      if (packetByte(packet, pl.firstByte + i) != 0)  // decoding would lose it: refuse
        return std::string(spec->name) + " text has byte " + std::to_string(i) + " (" +
               hex(packetByte(packet, pl.firstByte + i), 2) + ") after its terminating zero";
  for (int word = 0; word < packet.size; ++word) {
    const std::uint32_t stray = packet.words[word] & ~definedBits(*spec, word, bytes);
    if (stray)
      return std::string(spec->name) + ": reserved bits " + hex(stray, 8) + " set in word " +
             std::to_string(word);
  }
  return std::nullopt;
}

std::string describe(const Packet& packet) {
  const auto d = decode(packet);
  if (!d.spec) {
    std::string text = "unknown";
    for (int i = 0; i < packet.size; ++i) text += " " + hex(packet.words[i], 8);
    return text;
  }
  std::string text(d.spec->name);
  for (std::size_t i = 0; i < d.spec->fields.size(); ++i)
    text += " " + std::string(d.spec->fields[i].name) + "=" + std::to_string(d.values[i]);
  if (d.spec->payload.length == PayloadLength::ZeroPadded) {
    text += " text='";
    for (auto b : d.payloadBytes()) text += static_cast<char>(b);
    text += "'";
  } else if (d.spec->payload.length != PayloadLength::None) {
    text += " data=[";
    for (std::size_t i = 0; i < d.payloadSize; ++i) text += (i ? " " : "") + hex(d.payload[i], 2);
    text += "]";
  }
  return text;
}

std::vector<Packet> sysEx7Packets(std::span<const std::uint8_t> payload, int group) {
  const auto& spec = specNamed("sysex7");
  std::vector<Packet> packets;
  const std::size_t n = payload.size();
  for (std::size_t at = 0; at == 0 || at < n; at += 6) {
    const std::size_t chunk = std::min<std::size_t>(6, n - at);
    const bool first = at == 0, last = at + chunk >= n;
    const std::int64_t format = first && last ? 0 : first ? 1 : last ? 3 : 2;
    const std::int64_t values[] = {group, format};
    packets.push_back(encode(spec, values, payload.subspan(at, chunk)));
  }
  return packets;
}

}  // namespace tonewood::midi::ump
