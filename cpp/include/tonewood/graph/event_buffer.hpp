#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

/// The events a processor receives or produces in one block: MIDI 1.0 messages (SysEx too),
/// MIDI 2.0 Universal MIDI Packets and parameter changes, each at a frame offset into the block.
namespace tonewood::graph {

enum class EventKind : std::uint8_t {
  Midi,   ///< a MIDI 1.0 channel or system message of 1..3 bytes, in `bytes`
  SysEx,  ///< a MIDI 1.0 SysEx (0xF0 ... 0xF7), its bytes in the buffer's arena
  Ump,    ///< a Universal MIDI Packet of 1..4 words, in `words`
  Param,  ///< parameter `param` of the receiving processor set to `value` (natural units)
};

/// One event. Plain data (32 bytes), copied freely; SysEx bytes live in the EventBuffer that
/// holds the event (EventBuffer::sysEx).
struct Event {
  std::uint32_t frame = 0;  ///< offset from the start of the block
  EventKind kind = EventKind::Midi;
  std::uint8_t size = 0;                       ///< Midi: bytes (1..3); Ump: words (1..4)
  std::uint16_t param = 0;                     ///< Param: index in the processor's parameters
  std::uint32_t dataOffset = 0, dataSize = 0;  ///< SysEx: where its bytes are in the arena
  union {
    std::uint8_t bytes[16];
    std::uint32_t words[4];
    float value;
  };

  Event() noexcept : words{0, 0, 0, 0} {}
  /// A MIDI 1.0 short message (1..3 bytes; longer input is cut to 3). Real-time safe.
  static Event midi(std::uint32_t frame, const std::uint8_t* data, std::size_t size) noexcept;
  static Event midi(std::uint32_t frame, std::uint8_t status, std::uint8_t data1 = 0,
                    std::uint8_t data2 = 0) noexcept;
  /// A Universal MIDI Packet of `count` (1..4) words.
  static Event ump(std::uint32_t frame, const std::uint32_t* words, std::size_t count) noexcept;
  /// A parameter change.
  static Event parameter(std::uint32_t frame, std::size_t index, float value) noexcept;
  /// A parameter change that is a step of an automation lane: the processor applies it at once
  /// (Processor::changeIsAutomation), as the lane gives every step of its curve.
  static Event automation(std::uint32_t frame, std::size_t index, float value) noexcept;
  bool isAutomation() const noexcept { return kind == EventKind::Param && size == 1; }
};
static_assert(sizeof(Event) == 32);

/// A block's events in frame order (events at the same frame stay in the order they were
/// added), with an arena for SysEx bytes. Capacities are fixed at construction; adding to a
/// full buffer fails and counts the loss. Not thread-safe: one thread fills it, then readers
/// read it.
class EventBuffer {
 public:
  /// Room for `capacity` events and `sysExBytes` bytes of SysEx. Control thread (allocates).
  explicit EventBuffer(std::size_t capacity = 1024, std::size_t sysExBytes = 1 << 14);

  /// Inserts in frame order. False (and counted in dropped()) when full. Real-time safe.
  bool add(const Event& event) noexcept;
  /// Adds a SysEx message (its bytes framed by 0xF0 ... 0xF7).
  bool addSysEx(std::uint32_t frame, const std::uint8_t* data, std::size_t size) noexcept;
  /// Adds a MIDI 1.0 message of any length: SysEx when it starts with 0xF0, else short.
  bool addMidi(std::uint32_t frame, const std::uint8_t* data, std::size_t size) noexcept;
  /// Adds `event` from `source` (copying SysEx bytes across) at `frame`.
  bool addFrom(const EventBuffer& source, const Event& event, std::uint32_t frame) noexcept;

  /// The bytes of a MIDI or SysEx event held by this buffer.
  std::span<const std::uint8_t> midiBytes(const Event& event) const noexcept;

  void clear() noexcept {
    count_ = 0;
    arenaUsed_ = 0;
  }
  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  std::size_t capacity() const noexcept { return capacity_; }
  const Event& operator[](std::size_t i) const noexcept { return events_[i]; }
  const Event* begin() const noexcept { return events_.get(); }
  const Event* end() const noexcept { return events_.get() + count_; }
  /// Events that did not fit since construction. Any thread (relaxed).
  std::size_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  std::unique_ptr<Event[]> events_;
  std::unique_ptr<std::uint8_t[]> arena_;
  std::size_t capacity_, arenaCapacity_;
  std::size_t count_ = 0, arenaUsed_ = 0;
  std::atomic<std::size_t> dropped_{0};
};

}  // namespace tonewood::graph
