#pragma once

#include <cstdint>
#include <memory>

/// Sample-accurate performance events (what a player does: notes, bends, pressure, controllers)
/// and the fixed-capacity schedule that holds them until the frame they are due.
namespace tonewood {

enum class PerformanceEventType : std::uint8_t {
  NoteOn,
  NoteOff,
  AllNotesOff,
  PitchBend,        ///< value: -1..1 (14-bit 0..16383 with 8192 at the centre)
  ChannelPressure,  ///< value: 0..1
  PolyPressure,     ///< number: note, value: 0..1
  ControlChange,    ///< number: controller 0..127, value: 0..1 (7-bit / 127)
  ProgramChange,    ///< number: program; accepted and ignored by instruments without programs
};

/// One event. `frame` counts from the start of the next `process` call.
struct PerformanceEvent {
  std::int64_t frame = 0;
  PerformanceEventType type = PerformanceEventType::NoteOn;
  std::uint8_t channel = 0;  ///< 0..15
  std::uint8_t number = 0;   ///< note (notes, poly pressure), controller or program
  float value = 0.0f;        ///< velocity 0..1, pressure 0..1, controller 0..1, bend -1..1
};

/// MIDI-style velocity 0..127 -> 0..1. Throws OutOfRangeError outside 0..127.
float velocityFromMidi(int velocity);
/// Unit velocity 0..1, checked. Throws OutOfRangeError outside 0..1.
float velocityFromUnit(double velocity);
/// 14-bit pitch bend 0..16383 (8192 = centre) -> -1..1 (8191 above the centre reaches +1).
/// Throws OutOfRangeError outside 0..16383.
float pitchBendFrom14Bit(int value);

/// Builders that validate every field (note, controller and program 0..127, channel 0..15,
/// frame >= 0, value in its range) and throw OutOfRangeError naming the bad one.
PerformanceEvent makeNoteOn(int note, float velocity, int channel, std::int64_t frame);
PerformanceEvent makeNoteOff(int note, float velocity, int channel, std::int64_t frame);
PerformanceEvent makeAllNotesOff(std::int64_t frame);
PerformanceEvent makePitchBend(float bend, int channel, std::int64_t frame);
PerformanceEvent makeChannelPressure(float pressure, int channel, std::int64_t frame);
PerformanceEvent makePolyPressure(int note, float pressure, int channel, std::int64_t frame);
PerformanceEvent makeControlChange(int controller, float value, int channel, std::int64_t frame);
PerformanceEvent makeProgramChange(int program, int channel, std::int64_t frame);

/// Events waiting to be played, kept in frame order (stable for equal frames). Capacity is fixed
/// at construction; `push` never allocates. Not thread-safe: the thread that calls `process`
/// owns it (a live engine feeds it from a lock-free FIFO).
class EventSchedule {
 public:
  explicit EventSchedule(std::size_t capacity = 4096);

  /// Inserts in frame order; returns false when full. Real-time safe.
  bool push(const PerformanceEvent& event) noexcept;
  bool empty() const noexcept { return count_ == 0; }
  std::size_t size() const noexcept { return count_; }
  std::size_t capacity() const noexcept { return capacity_; }
  /// The earliest pending event. Precondition: !empty().
  const PerformanceEvent& front() const noexcept { return events_[0]; }
  void popFront() noexcept;
  /// Moves the time origin forward by `frames` (after a block of that length was processed).
  void advance(std::int64_t frames) noexcept;
  void clear() noexcept { count_ = 0; }

 private:
  std::unique_ptr<PerformanceEvent[]> events_;
  std::size_t capacity_ = 0;
  std::size_t count_ = 0;
};

}  // namespace tonewood
