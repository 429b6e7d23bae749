#include "tonewood/midi/performance_events.hpp"

namespace tonewood::midi {

namespace {

// A channel voice message from its status and data bytes.
std::optional<PerformanceEvent> fromChannelMessage(std::uint8_t status, std::uint8_t data1,
                                                   std::uint8_t data2,
                                                   std::int64_t frame) noexcept {
  if (status < 0x80 || status >= 0xF0) return std::nullopt;
  const auto ch = static_cast<std::uint8_t>(status & 0x0F);
  auto event = [&](PerformanceEventType type, std::uint8_t number, float value) {
    return PerformanceEvent{frame, type, ch, number, value};
  };
  const float seven = static_cast<float>(data2) / 127.0f;
  switch (status & 0xF0) {
    case 0x90:
      if (data2 == 0) return event(PerformanceEventType::NoteOff, data1, 0.0f);
      return event(PerformanceEventType::NoteOn, data1, seven);
    case 0x80:
      return event(PerformanceEventType::NoteOff, data1, seven);
    case 0xE0: {
      // Asymmetric like the MIDI range itself: -8192 -> -1, 0 -> 0, 8191 -> +1.
      const int value = ((data2 << 7) | data1) - 8192;
      return event(PerformanceEventType::PitchBend, 0,
                   static_cast<float>(value) / (value >= 0 ? 8191.0f : 8192.0f));
    }
    case 0xD0:
      return event(PerformanceEventType::ChannelPressure, 0, static_cast<float>(data1) / 127.0f);
    case 0xA0:
      return event(PerformanceEventType::PolyPressure, data1, seven);
    case 0xB0:
      return event(PerformanceEventType::ControlChange, data1, seven);
    case 0xC0:
      return event(PerformanceEventType::ProgramChange, data1, 0.0f);
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<PerformanceEvent> performanceEventFor(const Message& m, std::int64_t frame) noexcept {
  if (!m.isChannelMessage()) return std::nullopt;
  return fromChannelMessage(m.status(), static_cast<std::uint8_t>(m.data1()),
                            static_cast<std::uint8_t>(m.data2()), frame);
}

std::optional<PerformanceEvent> performanceEventFor(const std::uint8_t* data, std::size_t size,
                                                    std::int64_t frame) noexcept {
  if (size == 0 || dataBytesAfter(data[0]) < 0 ||
      size < static_cast<std::size_t>(dataBytesAfter(data[0])) + 1)
    return std::nullopt;
  return fromChannelMessage(data[0], size > 1 ? data[1] : 0, size > 2 ? data[2] : 0, frame);
}

std::optional<PerformanceEvent> performanceEventForUmp(const std::uint32_t* words,
                                                       std::size_t count,
                                                       std::int64_t frame) noexcept {
  if (count == 0) return std::nullopt;
  const std::uint32_t w0 = words[0];
  const unsigned type = w0 >> 28;
  const auto status = static_cast<std::uint8_t>((w0 >> 16) & 0xFF);
  const auto data1 = static_cast<std::uint8_t>((w0 >> 8) & 0x7F);
  const auto data2 = static_cast<std::uint8_t>(w0 & 0x7F);
  if (type == 0x2) {
    return fromChannelMessage(status, data1, data2, frame);
  }
  if (type != 0x4 || count < 2) return std::nullopt;
  const std::uint32_t w1 = words[1];
  const auto channel = static_cast<std::uint8_t>(status & 0x0F);
  constexpr float k16 = 1.0f / 65535.0f;
  constexpr double k32 = 1.0 / 4294967295.0;
  auto event = [&](PerformanceEventType t, std::uint8_t number, float value) {
    return PerformanceEvent{frame, t, channel, number, value};
  };
  switch (status & 0xF0) {
    case 0x80:
      return event(PerformanceEventType::NoteOff, data1, static_cast<float>(w1 >> 16) * k16);
    case 0x90:
      // MIDI 2.0 keeps velocity 0 a note-on; it sounds as quietly as velocity allows.
      return event(PerformanceEventType::NoteOn, data1, static_cast<float>(w1 >> 16) * k16);
    case 0xA0:
      return event(PerformanceEventType::PolyPressure, data1, static_cast<float>(w1 * k32));
    case 0xB0:
      return event(PerformanceEventType::ControlChange, data1, static_cast<float>(w1 * k32));
    case 0xC0:
      return event(PerformanceEventType::ProgramChange,
                   static_cast<std::uint8_t>((w1 >> 24) & 0x7F), 0.0f);
    case 0xD0:
      return event(PerformanceEventType::ChannelPressure, 0, static_cast<float>(w1 * k32));
    case 0xE0: {
      // 0x80000000 is the centre; scale each side to reach -1 and +1 at the ends.
      const double offset = static_cast<double>(w1) - 2147483648.0;
      return event(PerformanceEventType::PitchBend, 0,
                   static_cast<float>(offset / (offset >= 0 ? 2147483647.0 : 2147483648.0)));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace tonewood::midi
