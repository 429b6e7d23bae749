#pragma once

#include <cmath>
#include <compare>
#include <cstdint>

#include "tonewood/core/units.hpp"

/// Strong time types, so a count of frames, a time in seconds and a musical position in beats
/// cannot be mixed up (after tracktion_core's TimePosition / BeatPosition). Seconds lives in
/// units.hpp. Conversions that need a sample rate or a tempo take it explicitly.
namespace tonewood {

/// A position or a length in sample frames.
struct Frames {
  std::int64_t value = 0;
  friend constexpr auto operator<=>(Frames, Frames) = default;
  friend constexpr Frames operator+(Frames a, Frames b) { return {a.value + b.value}; }
  friend constexpr Frames operator-(Frames a, Frames b) { return {a.value - b.value}; }
};

/// A musical position or length in beats (quarter notes).
struct Beats {
  double value = 0.0;
  friend constexpr auto operator<=>(Beats, Beats) = default;
  friend constexpr Beats operator+(Beats a, Beats b) { return {a.value + b.value}; }
  friend constexpr Beats operator-(Beats a, Beats b) { return {a.value - b.value}; }
};

/// Seconds of `frames` at `sampleRate`.
constexpr Seconds toSeconds(Frames frames, double sampleRate) noexcept {
  return {static_cast<double>(frames.value) / sampleRate};
}
/// The frame nearest to `seconds` at `sampleRate`.
inline Frames toFrames(Seconds seconds, double sampleRate) noexcept {
  return {std::llround(seconds.value * sampleRate)};
}
/// Beats in `seconds` at a steady `bpm`.
constexpr Beats toBeats(Seconds seconds, double bpm) noexcept {
  return {seconds.value * bpm / 60.0};
}
/// Seconds that `beats` last at a steady `bpm`.
constexpr Seconds toSeconds(Beats beats, double bpm) noexcept {
  return {beats.value * 60.0 / bpm};
}

}  // namespace tonewood
