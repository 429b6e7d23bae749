#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

/// Universal MIDI Packets (MIDI 2.0): one to four 32-bit words whose top nibble, the message
/// type, fixes the size. Every defined message (utility with JR timestamps, system, MIDI 1.0
/// and MIDI 2.0 channel voice, SysEx7, SysEx8 and mixed data sets, flex data, UMP stream) is
/// one row of a catalogue: where each field sits, its width and range, and where the bytes of
/// a SysEx or text payload go. Encoding, decoding and validation all read that one table, so
/// they cannot disagree. Values are the wire's: unsigned, with the centre of pitch bends at
/// half range (0x2000 for 14-bit, 0x80000000 for 32-bit).
namespace tonewood::midi::ump {

/// Words in a packet of message type `messageType` (0..15), reserved types included.
int wordsForMessageType(unsigned messageType) noexcept;

/// One packet as it travels: `size` words used, the rest zero.
struct Packet {
  std::array<std::uint32_t, 4> words{};
  std::uint8_t size = 0;

  /// The packet that starts with these words; throws InvalidArgumentError when the count does
  /// not match the size the first word's message type demands.
  static Packet fromWords(std::span<const std::uint32_t> words);
  unsigned messageType() const noexcept { return words[0] >> 28; }
  std::span<const std::uint32_t> view() const noexcept { return {words.data(), size}; }
  bool operator==(const Packet&) const = default;
};

/// Splits a stream of words into packets; throws InvalidArgumentError naming the word index
/// where a packet is cut off.
std::vector<Packet> splitPackets(std::span<const std::uint32_t> words);

enum class FieldKind : std::uint8_t {
  Unsigned,
  Signed,  ///< two's complement in `bits`
  Split14  ///< MIDI 1.0 14-bit value: LSB in bits 14..8 of word 0, MSB in bits 6..0
};

struct FieldSpec {
  std::string_view name;
  std::uint8_t word = 0, shift = 0, bits = 0;
  FieldKind kind = FieldKind::Unsigned;
  std::int64_t maxValue = -1;  ///< below the width's own limit for some fields; -1: width's

  std::int64_t minimum() const noexcept;
  std::int64_t maximum() const noexcept;
};

/// How many payload bytes a packet carries.
enum class PayloadLength : std::uint8_t {
  None,
  CountField,  ///< bits 19..16 of word 0 (SysEx8 counts its stream ID byte too)
  ZeroPadded,  ///< text: up to the first zero byte
  Fixed        ///< always every byte (mixed data set payloads)
};

struct PayloadSpec {
  std::uint8_t firstByte = 0;  ///< packet byte index, byte 0 = top byte of word 0
  std::uint8_t maxBytes = 0;
  std::uint8_t bitsPerByte = 8;  ///< 7 for SysEx7
  PayloadLength length = PayloadLength::None;
  std::uint8_t countBias = 0;  ///< count field minus payload bytes
};

struct MessageSpec {
  std::string_view name;     ///< "note_on", "jr_timestamp", "sysex7", "endpoint_name", ...
  std::string_view summary;  ///< one line for help texts
  std::uint8_t messageType = 0;
  std::uint32_t keyMask = 0, keyValue = 0;  ///< word 0 & keyMask == keyValue identifies it
  std::vector<FieldSpec> fields;
  PayloadSpec payload;

  int words() const noexcept { return wordsForMessageType(messageType); }
  /// Index of the field called `field`, or -1.
  int fieldIndex(std::string_view field) const noexcept;
};

/// The catalogue, in the specification's order (by message type, then status).
std::span<const MessageSpec> messageSpecs();
/// Throws InvalidArgumentError listing close names when `name` is unknown.
const MessageSpec& specNamed(std::string_view name);
/// The row that describes `packet`, or nullptr (reserved message types, unknown statuses).
const MessageSpec* specOf(const Packet& packet) noexcept;

inline constexpr std::size_t kMaxFields = 24;
inline constexpr std::size_t kMaxPayload = 14;

/// A packet taken apart: each field's value (in the spec's field order) and the payload.
struct DecodedMessage {
  const MessageSpec* spec = nullptr;  ///< nullptr: not a defined message
  std::array<std::int64_t, kMaxFields> values{};
  std::array<std::uint8_t, kMaxPayload> payload{};
  std::uint8_t payloadSize = 0;

  std::int64_t value(std::string_view field) const;  ///< throws InvalidArgumentError if absent
  std::span<const std::uint8_t> payloadBytes() const noexcept {
    return {payload.data(), payloadSize};
  }
};

/// Builds a packet; `values` is in the spec's field order (missing trailing values are 0).
/// Throws OutOfRangeError naming the message, field, value and range, or a payload too long
/// or with bytes above 127 for SysEx7.
Packet encode(const MessageSpec& spec, std::span<const std::int64_t> values,
              std::span<const std::uint8_t> payload = {});
/// Never throws; allocation-free. Unknown packets give spec == nullptr.
DecodedMessage decode(const Packet& packet) noexcept;
/// What is wrong with the packet ("reserved message type 0x6", "reserved bits 0x00008000 set in
/// word 0", "format 5 outside [0, 3]", ...), or nullopt when it is a valid message.
std::optional<std::string> problemWith(const Packet& packet);
/// "note_on group=0 channel=0 note=60 velocity=49152 attribute_type=0 attribute=0".
std::string describe(const Packet& packet);

/// Splits a SysEx payload (no 0xF0/0xF7) into SysEx7 packets: one "complete" packet up to six
/// bytes, otherwise start, continue..., end. Bytes above 127 throw OutOfRangeError.
std::vector<Packet> sysEx7Packets(std::span<const std::uint8_t> payload, int group = 0);

}  // namespace tonewood::midi::ump
