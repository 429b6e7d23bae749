#pragma once

#include <cmath>

/// Small strong types for the units the DSP code passes around, so a cutoff cannot be confused
/// with a gain. They are plain aggregates: no overhead, explicit construction.
namespace tonewood {

struct Hertz {
  double value = 0.0;
};
struct Seconds {
  double value = 0.0;
};
struct Decibels {
  double value = 0.0;
  /// Linear amplitude factor, 10^(dB/20).
  double toGain() const noexcept { return std::pow(10.0, value / 20.0); }
};

inline namespace literals {
constexpr Hertz operator""_Hz(long double v) {
  return Hertz{static_cast<double>(v)};
}
constexpr Hertz operator""_Hz(unsigned long long v) {
  return Hertz{static_cast<double>(v)};
}
constexpr Seconds operator""_s(long double v) {
  return Seconds{static_cast<double>(v)};
}
constexpr Seconds operator""_s(unsigned long long v) {
  return Seconds{static_cast<double>(v)};
}
constexpr Decibels operator""_dB(long double v) {
  return Decibels{static_cast<double>(v)};
}
constexpr Decibels operator""_dB(unsigned long long v) {
  return Decibels{static_cast<double>(v)};
}
}  // namespace literals

/// Frequency of a (possibly fractional) MIDI note number, A4 = note 69 = 440 Hz.
inline double midiNoteToHz(double note) noexcept {
  return 440.0 * std::exp2((note - 69.0) / 12.0);
}

}  // namespace tonewood
