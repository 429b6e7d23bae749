#pragma once

#include <cmath>
#include <numbers>

namespace tonewood::dsp {

/// Coefficient a of the one-pole smoother y += a (x - y) with a -3 dB corner near `hz`
/// (impulse-invariant: a = 1 - e^(-2 pi f / fs)).
inline float onePoleCoefficient(double hz, double sampleRate) noexcept {
  return static_cast<float>(1.0 - std::exp(-2.0 * std::numbers::pi * hz / sampleRate));
}

}  // namespace tonewood::dsp
