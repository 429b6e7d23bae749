#include "tonewood/core/performance_event.hpp"

#include <algorithm>

#include "tonewood/core/errors.hpp"

namespace tonewood {

float velocityFromMidi(int velocity) {
  requireInRange("velocity", velocity, 0, 127, "(MIDI, integer)");
  return static_cast<float>(velocity) / 127.0f;
}

float velocityFromUnit(double velocity) {
  requireInRange("velocity", velocity, 0.0, 1.0, "(float)");
  return static_cast<float>(velocity);
}

float pitchBendFrom14Bit(int value) {
  requireInRange("pitch bend", value, 0, 16383, "(14-bit, 8192 = centre)");
  // Asymmetric like the MIDI range itself: 0 -> -1, 8192 -> 0, 16383 -> +1.
  const float offset = static_cast<float>(value - 8192);
  return offset / (value >= 8192 ? 8191.0f : 8192.0f);
}

namespace {
PerformanceEvent make(PerformanceEventType type, int number, const char* numberName, float value,
                      double minValue, double maxValue, const char* valueName, int channel,
                      std::int64_t frame, const char* numberUnit = "") {
  requireInRange(numberName, number, 0, 127, numberUnit);
  requireInRange(valueName, value, minValue, maxValue, "");
  requireInRange("channel", channel, 0, 15, "(MIDI channel, 0-based)");
  if (frame < 0) requireInRange("frame", static_cast<double>(frame), 0, 9.2e18, "frames");
  return PerformanceEvent{frame, type, static_cast<std::uint8_t>(channel),
                          static_cast<std::uint8_t>(number), value};
}
}  // namespace

PerformanceEvent makeNoteOn(int note, float velocity, int channel, std::int64_t frame) {
  return make(PerformanceEventType::NoteOn, note, "note", velocity, 0.0, 1.0, "velocity", channel,
              frame, "(MIDI note number)");
}

PerformanceEvent makeNoteOff(int note, float velocity, int channel, std::int64_t frame) {
  return make(PerformanceEventType::NoteOff, note, "note", velocity, 0.0, 1.0, "velocity", channel,
              frame, "(MIDI note number)");
}

PerformanceEvent makeAllNotesOff(std::int64_t frame) {
  return make(PerformanceEventType::AllNotesOff, 0, "number", 0.0f, 0.0, 1.0, "value", 0, frame);
}

PerformanceEvent makePitchBend(float bend, int channel, std::int64_t frame) {
  return make(PerformanceEventType::PitchBend, 0, "number", bend, -1.0, 1.0, "pitch bend", channel,
              frame);
}

PerformanceEvent makeChannelPressure(float pressure, int channel, std::int64_t frame) {
  return make(PerformanceEventType::ChannelPressure, 0, "number", pressure, 0.0, 1.0, "pressure",
              channel, frame);
}

PerformanceEvent makePolyPressure(int note, float pressure, int channel, std::int64_t frame) {
  return make(PerformanceEventType::PolyPressure, note, "note", pressure, 0.0, 1.0, "pressure",
              channel, frame, "(MIDI note number)");
}

PerformanceEvent makeControlChange(int controller, float value, int channel, std::int64_t frame) {
  return make(PerformanceEventType::ControlChange, controller, "controller", value, 0.0, 1.0,
              "controller value", channel, frame);
}

PerformanceEvent makeProgramChange(int program, int channel, std::int64_t frame) {
  return make(PerformanceEventType::ProgramChange, program, "program", 0.0f, 0.0, 1.0, "value",
              channel, frame);
}

EventSchedule::EventSchedule(std::size_t capacity)
    : events_(std::make_unique<PerformanceEvent[]>(capacity)), capacity_(capacity) {}

bool EventSchedule::push(const PerformanceEvent& event) noexcept {
  if (count_ == capacity_) return false;
  // Insert after every event with frame <= event.frame, so equal frames keep arrival order.
  std::size_t pos = count_;
  while (pos > 0 && events_[pos - 1].frame > event.frame) {
    events_[pos] = events_[pos - 1];
    --pos;
  }
  events_[pos] = event;
  ++count_;
  return true;
}

void EventSchedule::popFront() noexcept {
  std::move(events_.get() + 1, events_.get() + count_, events_.get());
  --count_;
}

void EventSchedule::advance(std::int64_t frames) noexcept {
  for (std::size_t i = 0; i < count_; ++i)
    events_[i].frame = std::max<std::int64_t>(0, events_[i].frame - frames);
}

}  // namespace tonewood
