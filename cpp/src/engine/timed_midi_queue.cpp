#include "tonewood/engine/timed_midi_queue.hpp"

#include <jack/ringbuffer.h>

#include <cstring>
#include <new>
#include <vector>

#include "tonewood/core/errors.hpp"

namespace tonewood::engine {

namespace {

jack_ringbuffer_t* ring(void* r) {
  return static_cast<jack_ringbuffer_t*>(r);
}

// A record: the frame (8 bytes), the size (4 bytes), then the message's bytes.
constexpr std::size_t kHeader = sizeof(std::uint64_t) + sizeof(std::uint32_t);

}  // namespace

TimedMidiQueue::TimedMidiQueue(std::size_t capacityBytes)
    : ring_(jack_ringbuffer_create(capacityBytes)) {
  if (!ring_) throw std::bad_alloc();
  jack_ringbuffer_mlock(ring(ring_));  // keeps the audio thread off page faults where allowed
}

TimedMidiQueue::~TimedMidiQueue() {
  jack_ringbuffer_free(ring(ring_));
}

bool TimedMidiQueue::push(std::uint64_t frame, const std::uint8_t* bytes,
                          std::uint32_t size) noexcept {
  if (jack_ringbuffer_write_space(ring(ring_)) < kHeader + size) return false;
  char header[kHeader];
  std::memcpy(header, &frame, sizeof frame);
  std::memcpy(header + sizeof frame, &size, sizeof size);
  jack_ringbuffer_write(ring(ring_), header, kHeader);
  jack_ringbuffer_write(ring(ring_), reinterpret_cast<const char*>(bytes), size);
  return true;
}

bool TimedMidiQueue::peek(std::uint64_t& frame, std::uint32_t& size) const noexcept {
  const std::size_t available = jack_ringbuffer_read_space(ring(ring_));
  if (available < kHeader) return false;
  char header[kHeader];
  jack_ringbuffer_peek(ring(ring_), header, kHeader);
  std::memcpy(&frame, header, sizeof frame);
  std::memcpy(&size, header + sizeof frame, sizeof size);
  return available >= kHeader + size;  // the producer writes the bytes after the header
}

std::uint32_t TimedMidiQueue::pop(std::uint64_t& frame, std::uint8_t* out,
                                  std::uint32_t capacity) noexcept {
  std::uint32_t size = 0;
  if (!peek(frame, size)) return 0;
  jack_ringbuffer_read_advance(ring(ring_), kHeader);
  if (size > capacity) {
    jack_ringbuffer_read_advance(ring(ring_), size);
    return 0;
  }
  jack_ringbuffer_read(ring(ring_), reinterpret_cast<char*>(out), size);
  return size;
}

std::optional<TimedMidiMessage> TimedMidiQueue::popMessage() {
  std::uint64_t frame = 0;
  std::uint32_t size = 0;
  while (peek(frame, size)) {
    std::vector<std::uint8_t> bytes(size);
    pop(frame, bytes.data(), size);
    try {
      return TimedMidiMessage{frame, midi::Message::fromBytes(bytes.data(), bytes.size())};
    } catch (const Error&) {
      // Not one well-formed message (another client sent junk): skip it.
    }
  }
  return std::nullopt;
}

}  // namespace tonewood::engine
