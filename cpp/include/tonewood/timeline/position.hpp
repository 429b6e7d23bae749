#pragma once

#include <cstdint>
#include <string>

#include "tonewood/timeline/tempo_map.hpp"

namespace tonewood::timeline {

/// A place on a song's timeline, in beats (it moves with the tempo map, as a bar-aligned clip
/// should) or in seconds (it stays put whatever the tempo, as a sound effect on a video should).
struct Position {
  enum class Unit : std::uint8_t { Beats, Seconds };
  double value = 0.0;
  Unit unit = Unit::Seconds;

  static Position beats(double beats) noexcept { return {beats, Unit::Beats}; }
  static Position seconds(double seconds) noexcept { return {seconds, Unit::Seconds}; }

  double secondsOn(const TempoMap& map) const noexcept {
    return unit == Unit::Beats ? map.secondsAt(value) : value;
  }
  double beatsOn(const TempoMap& map) const noexcept {
    return unit == Unit::Beats ? value : map.beatAt(value);
  }
  /// The first frame at or after the position.
  std::int64_t frameOn(const TempoMap& map, double sampleRate) const noexcept {
    return unit == Unit::Beats ? map.frameAt(value, sampleRate) : frameAtSeconds(value, sampleRate);
  }
  /// "beat 4" or "2.5 s", for messages.
  std::string describe() const;

  friend bool operator==(const Position&, const Position&) = default;
};

/// OutOfRangeError naming `what` unless the position is finite and not negative.
void requirePosition(const std::string& what, Position position);

}  // namespace tonewood::timeline
