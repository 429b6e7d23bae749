#pragma once

#include <cstdint>
#include <vector>

#include "tonewood/midi/midi_file.hpp"

/// Exact conversion between MIDI ticks, seconds and sample frames across any number of tempo
/// changes. Positions are computed from the map, never by adding up rounded deltas: the time
/// of tick t is sum(ticks x tempo) over the segments before it, kept as an exact integer
/// (microseconds x ticks per beat), so nothing drifts however many changes there are. Any
/// thread (read-only after construction).
namespace tonewood::midi {

// 128-bit integers keep products of long times and tempos exact (a GCC/Clang extension).
__extension__ typedef __int128 WideInt;

class TempoMap {
 public:
  static constexpr std::int64_t kDefaultTempo = 500000;  ///< 120 BPM, the SMF default

  /// PPQ timing with tempo changes (tick, microseconds per quarter); unsorted input is sorted,
  /// and of several changes at one tick the last wins.
  explicit TempoMap(int ticksPerBeat,
                    std::vector<std::pair<std::int64_t, std::int64_t>> changes = {});
  /// SMPTE timing: a fixed number of ticks per second (tempo events do not apply).
  static TempoMap smpte(int framesPerSecond, int ticksPerFrame);
  /// The file's map: tempo events from every track (format 0/1: the conductor applies to all).
  static TempoMap of(const MidiFile& file);

  double seconds(std::int64_t tick) const noexcept;
  /// The sample frame at `sampleRate` nearest to tick's time (halves round up), exact for
  /// whole-number rates.
  std::int64_t sample(std::int64_t tick, double sampleRate) const noexcept;
  /// The last tick at or before `seconds`.
  std::int64_t tick(double seconds) const noexcept;
  /// Tempo in force at `tick`, microseconds per quarter note.
  std::int64_t tempoAt(std::int64_t tick) const noexcept;

  struct Segment {
    std::int64_t tick;    ///< where this tempo starts
    std::int64_t tempo;   ///< microseconds per quarter
    std::int64_t before;  ///< exact time of `tick`: microseconds x ticks per beat
  };
  const std::vector<Segment>& segments() const noexcept { return segments_; }
  int ticksPerBeat() const noexcept { return ticksPerBeat_; }

 private:
  TempoMap() = default;
  const Segment& segmentAt(std::int64_t tick) const noexcept;
  // Exact time of `tick` as an integer; seconds = scaledTime / scale. PPQ: microseconds x
  // ticks per beat over ticks per beat x 10^6; SMPTE: tick x denominator over ticks per second.
  WideInt scaledTime(std::int64_t tick) const noexcept;
  WideInt scale() const noexcept;

  int ticksPerBeat_ = 480;
  std::int64_t smpteTicksPerSecond_ = 0, smpteDenominator_ = 1;  // SMPTE only
  std::vector<Segment> segments_;
};

}  // namespace tonewood::midi
