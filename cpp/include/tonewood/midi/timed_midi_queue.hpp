#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "tonewood/core/spsc_ring.hpp"
#include "tonewood/midi/message.hpp"

/// A single-producer, single-consumer queue of MIDI events stamped with a frame time, on the
/// core's lock-free byte ring. One side is the audio thread (push or peek/pop without
/// allocating), the other a control thread. Records are variable-sized, so a SysEx takes only
/// its bytes.
namespace tonewood::midi {

/// A message and the frame it happens at (a device's frame clock, e.g. JACK frame time).
struct TimedMidiMessage {
  std::uint64_t frame = 0;
  Message message;
};

class TimedMidiQueue {
 public:
  /// `capacityBytes` of ring (each record takes 12 bytes plus the message). Control thread.
  explicit TimedMidiQueue(std::size_t capacityBytes) : ring_(capacityBytes) {}

  /// Producer. False (and nothing written) when the record does not fit.
  bool push(std::uint64_t frame, const std::uint8_t* bytes, std::uint32_t size) noexcept;
  /// Consumer: the frame and size of the oldest complete record, without taking it.
  bool peek(std::uint64_t& frame, std::uint32_t& size) const noexcept;
  /// Consumer: takes the oldest record, copying at most `capacity` bytes to `out` (a record
  /// larger than that is discarded). Returns the record's size, 0 when empty.
  std::uint32_t pop(std::uint64_t& frame, std::uint8_t* out, std::uint32_t capacity) noexcept;
  /// Consumer, control thread: the oldest record as a message (allocates for SysEx); records
  /// that are not one valid message are skipped.
  std::optional<TimedMidiMessage> popMessage();

 private:
  SpscByteRing ring_;
};

}  // namespace tonewood::midi
