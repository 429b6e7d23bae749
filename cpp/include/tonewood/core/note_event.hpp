#pragma once

#include <cstdint>
#include <memory>

/// Sample-accurate performance events and the fixed-capacity schedule that holds them until the
/// frame they are due.
namespace tonewood {

enum class NoteEventType : std::uint8_t { NoteOn, NoteOff, AllNotesOff };

/// One event. `frame` counts from the start of the next `process` call.
struct NoteEvent {
  std::int64_t frame = 0;
  NoteEventType type = NoteEventType::NoteOn;
  std::uint8_t channel = 0;  ///< 0..15
  std::uint8_t note = 0;     ///< 0..127
  float velocity = 0.0f;     ///< 0..1 (MIDI velocity / 127)
};

/// MIDI-style velocity 0..127 -> 0..1. Throws OutOfRangeError outside 0..127.
float velocityFromMidi(int velocity);
/// Unit velocity 0..1, checked. Throws OutOfRangeError outside 0..1.
float velocityFromUnit(double velocity);
/// Builders that validate note 0..127, channel 0..15 and frame >= 0 (OutOfRangeError otherwise).
NoteEvent makeNoteOn(int note, float velocity, int channel, std::int64_t frame);
NoteEvent makeNoteOff(int note, float velocity, int channel, std::int64_t frame);

/// Events waiting to be played, kept in frame order (stable for equal frames). Capacity is fixed
/// at construction; `push` never allocates. Not thread-safe: the thread that calls `process`
/// owns it (a live engine feeds it from a lock-free FIFO).
class EventSchedule {
 public:
  explicit EventSchedule(std::size_t capacity = 4096);

  /// Inserts in frame order; returns false when full. Real-time safe.
  bool push(const NoteEvent& event) noexcept;
  bool empty() const noexcept { return count_ == 0; }
  std::size_t size() const noexcept { return count_; }
  std::size_t capacity() const noexcept { return capacity_; }
  /// The earliest pending event. Precondition: !empty().
  const NoteEvent& front() const noexcept { return events_[0]; }
  void popFront() noexcept;
  /// Moves the time origin forward by `frames` (after a block of that length was processed).
  void advance(std::int64_t frames) noexcept;
  void clear() noexcept { count_ = 0; }

 private:
  std::unique_ptr<NoteEvent[]> events_;
  std::size_t capacity_ = 0;
  std::size_t count_ = 0;
};

}  // namespace tonewood
