#include "tonewood/graph/event_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace tonewood::graph {

Event Event::midi(std::uint32_t frame, const std::uint8_t* data, std::size_t size) noexcept {
  Event e;
  e.frame = frame;
  e.kind = EventKind::Midi;
  e.size = static_cast<std::uint8_t>(std::min<std::size_t>(size, 3));
  std::memcpy(e.bytes, data, e.size);
  return e;
}

Event Event::midi(std::uint32_t frame, std::uint8_t status, std::uint8_t data1,
                  std::uint8_t data2) noexcept {
  const std::uint8_t bytes[3] = {status, data1, data2};
  // The message's length follows from its status byte.
  std::size_t size = 3;
  if ((status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 || status == 0xF1 || status == 0xF3)
    size = 2;
  else if (status >= 0xF4)
    size = 1;
  return midi(frame, bytes, size);
}

Event Event::ump(std::uint32_t frame, const std::uint32_t* words, std::size_t count) noexcept {
  Event e;
  e.frame = frame;
  e.kind = EventKind::Ump;
  e.size = static_cast<std::uint8_t>(std::min<std::size_t>(count, 4));
  std::memcpy(e.words, words, e.size * sizeof(std::uint32_t));
  return e;
}

Event Event::parameter(std::uint32_t frame, std::size_t index, float value) noexcept {
  Event e;
  e.frame = frame;
  e.kind = EventKind::Param;
  e.param = static_cast<std::uint16_t>(index);
  e.value = value;
  return e;
}

Event Event::automation(std::uint32_t frame, std::size_t index, float value) noexcept {
  Event e = parameter(frame, index, value);
  e.size = 1;  // unused by parameter changes otherwise
  return e;
}

EventBuffer::EventBuffer(std::size_t capacity, std::size_t sysExBytes)
    : events_(std::make_unique<Event[]>(capacity)),
      arena_(std::make_unique<std::uint8_t[]>(std::max<std::size_t>(1, sysExBytes))),
      capacity_(capacity),
      arenaCapacity_(sysExBytes) {}

bool EventBuffer::add(const Event& event) noexcept {
  if (count_ == capacity_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  // Events mostly arrive in order: walk back from the end past later ones only.
  std::size_t at = count_;
  while (at > 0 && events_[at - 1].frame > event.frame) {
    events_[at] = events_[at - 1];
    --at;
  }
  events_[at] = event;
  ++count_;
  return true;
}

bool EventBuffer::addSysEx(std::uint32_t frame, const std::uint8_t* data,
                           std::size_t size) noexcept {
  if (count_ == capacity_ || arenaCapacity_ - arenaUsed_ < size) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  Event e;
  e.frame = frame;
  e.kind = EventKind::SysEx;
  e.dataOffset = static_cast<std::uint32_t>(arenaUsed_);
  e.dataSize = static_cast<std::uint32_t>(size);
  std::memcpy(arena_.get() + arenaUsed_, data, size);
  arenaUsed_ += size;
  return add(e);
}

bool EventBuffer::addMidi(std::uint32_t frame, const std::uint8_t* data,
                          std::size_t size) noexcept {
  if (size == 0) return false;
  if (data[0] == 0xF0) return addSysEx(frame, data, size);
  return add(Event::midi(frame, data, size));
}

bool EventBuffer::addFrom(const EventBuffer& source, const Event& event,
                          std::uint32_t frame) noexcept {
  if (event.kind == EventKind::SysEx) {
    const auto bytes = source.midiBytes(event);
    return addSysEx(frame, bytes.data(), bytes.size());
  }
  Event copy = event;
  copy.frame = frame;
  return add(copy);
}

std::span<const std::uint8_t> EventBuffer::midiBytes(const Event& event) const noexcept {
  if (event.kind == EventKind::SysEx) return {arena_.get() + event.dataOffset, event.dataSize};
  if (event.kind == EventKind::Midi) return {event.bytes, event.size};
  return {};
}

}  // namespace tonewood::graph
