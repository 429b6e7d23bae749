#pragma once

/// DC blocker H(z) = (1 - z^-1) / (1 - R z^-1), R = 0.995 (a -3 dB corner near 35 Hz at 44.1 kHz,
/// as the resonator spec requires).
namespace tonewood::dsp {

struct DcBlocker {
  static constexpr float kPole = 0.995f;
  float x1 = 0.0f, y1 = 0.0f;

  float tick(float x) noexcept {
    const float y = x - x1 + kPole * y1;
    x1 = x;
    y1 = y;
    return y;
  }
  void reset() noexcept { x1 = y1 = 0.0f; }
};

}  // namespace tonewood::dsp
