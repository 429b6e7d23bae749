#include "tonewood/core/note_event.hpp"

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

namespace {
NoteEvent makeNoteEvent(NoteEventType type, int note, float velocity, int channel,
                        std::int64_t frame) {
  requireInRange("note", note, 0, 127, "(MIDI note number)");
  requireInRange("channel", channel, 0, 15, "(MIDI channel, 0-based)");
  requireInRange("velocity", velocity, 0.0, 1.0, "");
  if (frame < 0) requireInRange("frame", static_cast<double>(frame), 0, 9.2e18, "frames");
  return NoteEvent{frame, type, static_cast<std::uint8_t>(channel), static_cast<std::uint8_t>(note),
                   velocity};
}
}  // namespace

NoteEvent makeNoteOn(int note, float velocity, int channel, std::int64_t frame) {
  return makeNoteEvent(NoteEventType::NoteOn, note, velocity, channel, frame);
}

NoteEvent makeNoteOff(int note, float velocity, int channel, std::int64_t frame) {
  return makeNoteEvent(NoteEventType::NoteOff, note, velocity, channel, frame);
}

EventSchedule::EventSchedule(std::size_t capacity)
    : events_(std::make_unique<NoteEvent[]>(capacity)), capacity_(capacity) {}

bool EventSchedule::push(const NoteEvent& event) noexcept {
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
