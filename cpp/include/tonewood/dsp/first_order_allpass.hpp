#pragma once

#include <complex>

/// First-order allpass H(z) = (s + z^-1) / (1 + s z^-1), |s| <= 1. Used as the dispersion stage
/// of the waveguide loop: its phase delay falls with frequency, so upper partials are stretched.
/// Source: J. O. Smith, "Physical Audio Signal Processing", allpass-based dispersion filters.
namespace tonewood::dsp {

struct FirstOrderAllpass {
  float z = 0.0f;

  float tick(float s, float x) noexcept {
    const float y = s * x + z;
    z = x - s * y;
    return y;
  }
  void reset() noexcept { z = 0.0f; }
};

/// Frequency response at `omega` (radians per sample).
std::complex<double> firstOrderAllpassResponse(double s, double omega) noexcept;
/// H(z) at any point of the z plane.
std::complex<double> firstOrderAllpassTransfer(double s, std::complex<double> z) noexcept;

}  // namespace tonewood::dsp
