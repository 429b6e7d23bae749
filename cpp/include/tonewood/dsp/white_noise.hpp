#pragma once

#include <cstdint>

/// Deterministic white noise, uniform in [-1, 1): xorshift32 (G. Marsaglia, "Xorshift RNGs",
/// J. Statistical Software 8(14), 2003). Same seed, same sequence, on every machine.
namespace tonewood::dsp {

class WhiteNoise {
 public:
  explicit WhiteNoise(std::uint32_t seed = 0x2545F491u) noexcept { reseed(seed); }
  void reseed(std::uint32_t seed) noexcept { state_ = seed != 0 ? seed : 0x2545F491u; }

  float next() noexcept {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    // Top 24 bits -> [0, 1) exactly representable, then to [-1, 1).
    return static_cast<float>(state_ >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }

 private:
  std::uint32_t state_;
};

}  // namespace tonewood::dsp
