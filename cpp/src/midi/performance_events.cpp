#include "tonewood/midi/performance_events.hpp"

namespace tonewood::midi {

std::optional<PerformanceEvent> performanceEventFor(const Message& m, std::int64_t frame) noexcept {
  if (!m.isChannelMessage()) return std::nullopt;
  const auto ch = static_cast<std::uint8_t>(m.channel());
  const auto data1 = static_cast<std::uint8_t>(m.data1());
  auto event = [&](PerformanceEventType type, std::uint8_t number, float value) {
    return PerformanceEvent{frame, type, ch, number, value};
  };
  switch (m.type()) {
    case MessageType::NoteOn:
      if (m.velocity() == 0) return event(PerformanceEventType::NoteOff, data1, 0.0f);
      return event(PerformanceEventType::NoteOn, data1, static_cast<float>(m.velocity()) / 127.0f);
    case MessageType::NoteOff:
      return event(PerformanceEventType::NoteOff, data1, static_cast<float>(m.velocity()) / 127.0f);
    case MessageType::PitchBend: {
      // Asymmetric like the MIDI range itself: -8192 -> -1, 0 -> 0, 8191 -> +1.
      const int value = m.value();
      return event(PerformanceEventType::PitchBend, 0,
                   static_cast<float>(value) / (value >= 0 ? 8191.0f : 8192.0f));
    }
    case MessageType::ChannelPressure:
      return event(PerformanceEventType::ChannelPressure, 0,
                   static_cast<float>(m.value()) / 127.0f);
    case MessageType::PolyPressure:
      return event(PerformanceEventType::PolyPressure, data1,
                   static_cast<float>(m.value()) / 127.0f);
    case MessageType::ControlChange:
      return event(PerformanceEventType::ControlChange, data1,
                   static_cast<float>(m.value()) / 127.0f);
    case MessageType::ProgramChange:
      return event(PerformanceEventType::ProgramChange, static_cast<std::uint8_t>(m.value()), 0.0f);
    default:
      return std::nullopt;
  }
}

}  // namespace tonewood::midi
