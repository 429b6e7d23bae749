#include "tonewood/midi/message_transform.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi {

std::array<std::int8_t, 16> MessageTransform::identityChannels() noexcept {
  std::array<std::int8_t, 16> map{};
  for (int c = 0; c < 16; ++c) map[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c);
  return map;
}

std::array<std::int8_t, 128> MessageTransform::identityControllers() noexcept {
  std::array<std::int8_t, 128> map{};
  for (int c = 0; c < 128; ++c) map[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c);
  return map;
}

std::uint8_t typeBit(MessageType type) noexcept {
  const auto status = static_cast<unsigned>(type);
  return status < 0xF0 ? static_cast<std::uint8_t>(1u << ((status >> 4) - 8)) : 0x80;
}

void MessageTransform::validate() const {
  requireInRange("lowest note", lowNote, 0, 127, "");
  requireInRange("highest note", highNote, lowNote, 127, "");
  requireInRange("transpose", transpose, -127, 127, "semitones");
  requireInRange("velocity scale", velocityScale, 0.0, 127.0, "");
  requireInRange("velocity curve", velocityCurve, 0.01, 100.0, "(exponent)");
  for (int to : channelMap) requireInRange("channel map target", to, -1, 15, "(-1 drops)");
  for (int to : controllerMap) requireInRange("controller map target", to, -1, 127, "(-1 drops)");
}

std::optional<Message> MessageTransform::apply(const Message& m) const noexcept {
  if (!(types & typeBit(m.type()))) return std::nullopt;
  if (!m.isChannelMessage()) return m;
  if (!(channels & (1u << m.channel()))) return std::nullopt;
  const int channel = channelMap[static_cast<std::size_t>(m.channel())];
  if (channel < 0) return std::nullopt;
  std::uint8_t bytes[3] = {static_cast<std::uint8_t>((m.status() & 0xF0) | channel),
                           static_cast<std::uint8_t>(m.data1()),
                           static_cast<std::uint8_t>(m.data2())};
  const MessageType type = m.type();
  if (type == MessageType::NoteOn || type == MessageType::NoteOff ||
      type == MessageType::PolyPressure) {
    if (m.note() < lowNote || m.note() > highNote) return std::nullopt;
    // Whether a note is a drum depends on the channel it goes out on.
    const int shift = (transposedChannels >> channel) & 1u ? transpose : 0;
    const int note = m.note() + shift;
    if (note < 0 || note > 127) return std::nullopt;
    bytes[1] = static_cast<std::uint8_t>(note);
    if (type == MessageType::NoteOn && m.velocity() > 0 &&
        (velocityScale != 1.0 || velocityCurve != 1.0)) {
      const double v = 127.0 * std::pow(m.velocity() / 127.0, velocityCurve) * velocityScale;
      bytes[2] = static_cast<std::uint8_t>(std::clamp(std::lround(v), 1L, 127L));
    }
  } else if (type == MessageType::ControlChange) {
    const int controller = controllerMap[static_cast<std::size_t>(m.controller())];
    if (controller < 0) return std::nullopt;
    bytes[1] = static_cast<std::uint8_t>(controller);
  }
  // The bytes are valid by construction (7-bit data, a channel status).
  return Message::fromBytes(bytes, m.size());
}

}  // namespace tonewood::midi
