#include "tonewood/midi/timed_midi_queue.hpp"

#include <cstring>
#include <vector>

#include "tonewood/core/errors.hpp"

namespace tonewood::midi {

namespace {

// A record: the frame (8 bytes), the size (4 bytes), then the message's bytes.
constexpr std::size_t kHeader = sizeof(std::uint64_t) + sizeof(std::uint32_t);

}  // namespace

bool TimedMidiQueue::push(std::uint64_t frame, const std::uint8_t* bytes,
                          std::uint32_t size) noexcept {
  std::uint8_t header[kHeader];
  std::memcpy(header, &frame, sizeof frame);
  std::memcpy(header + sizeof frame, &size, sizeof size);
  return ring_.write2(header, kHeader, bytes, size);
}

bool TimedMidiQueue::peek(std::uint64_t& frame, std::uint32_t& size) const noexcept {
  std::uint8_t header[kHeader];
  if (!ring_.peek(header, kHeader)) return false;
  std::memcpy(&frame, header, sizeof frame);
  std::memcpy(&size, header + sizeof frame, sizeof size);
  return ring_.readSpace() >= kHeader + size;  // a record is published whole
}

std::uint32_t TimedMidiQueue::pop(std::uint64_t& frame, std::uint8_t* out,
                                  std::uint32_t capacity) noexcept {
  std::uint32_t size = 0;
  if (!peek(frame, size)) return 0;
  ring_.skip(kHeader);
  if (size > capacity) {
    ring_.skip(size);
    return 0;
  }
  ring_.read(out, size);
  return size;
}

std::optional<TimedMidiMessage> TimedMidiQueue::popMessage() {
  std::uint64_t frame = 0;
  std::uint32_t size = 0;
  while (peek(frame, size)) {
    std::vector<std::uint8_t> bytes(size);
    pop(frame, bytes.data(), size);
    try {
      return TimedMidiMessage{frame, Message::fromBytes(bytes.data(), bytes.size())};
    } catch (const Error&) {
      // Not one well-formed message (another client sent junk): skip it.
    }
  }
  return std::nullopt;
}

}  // namespace tonewood::midi
