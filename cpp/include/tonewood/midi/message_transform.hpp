#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "tonewood/midi/message.hpp"

/// A per-message transformation for files and live streams: filter by channel, type and note
/// range, remap channels and controllers, transpose, scale and curve velocities. The steps run
/// in that fixed order, so one value is the whole pipeline. `apply` is real-time safe (no
/// allocation for short messages, no locks, no throws), for use on a MIDI thread.
namespace tonewood::midi {

struct MessageTransform {
  /// Channels that pass (bit c for channel c); others are dropped.
  std::uint16_t channels = 0xFFFF;
  /// Message types that pass, by MessageType value (bit (status >> 4) - 8 for channel
  /// messages: note off = bit 0 ... pitch bend = bit 6; bit 7 for every system message).
  std::uint8_t types = 0xFF;
  /// Notes outside [lowNote, highNote] (before transposing) are dropped, with their
  /// note-offs and poly pressure.
  int lowNote = 0, highNote = 127;
  /// Where each channel goes (-1 drops it).
  std::array<std::int8_t, 16> channelMap = identityChannels();
  /// Semitones; notes pushed outside 0..127 are dropped.
  int transpose = 0;
  /// Channels whose notes `transpose` moves (bit c for channel c). General MIDI's drum channel
  /// (10, index 9) is left out by default: its notes name drums, not pitches.
  std::uint16_t transposedChannels = kAllButDrums;
  static constexpr std::uint16_t kAllButDrums = 0xFFFF & ~(1u << 9);
  /// Note-on velocity: round(127 * (v / 127) ^ curve * scale), clamped to 1..127 (a note-on
  /// never turns into a note-off).
  double velocityScale = 1.0, velocityCurve = 1.0;
  /// Controller numbers mapped to others (-1 drops that controller).
  std::array<std::int8_t, 128> controllerMap = identityControllers();

  static std::array<std::int8_t, 16> identityChannels() noexcept;
  static std::array<std::int8_t, 128> identityControllers() noexcept;

  /// Checks every field; throws OutOfRangeError naming the bad one. Control thread.
  void validate() const;
  /// The transformed message, or nullopt when it is filtered out. Real-time safe.
  std::optional<Message> apply(const Message& message) const noexcept;
};

/// The bit of `types` a message type belongs to.
std::uint8_t typeBit(MessageType type) noexcept;

}  // namespace tonewood::midi
