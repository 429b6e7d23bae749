#pragma once

#include <array>
#include <cstdint>

/// The 48-bit linear congruential generator of JUCE's `Random` (multiplier 0x5DEECE66D,
/// increment 11, as in POSIX drand48), which gin's LFO draws its sample-and-hold and noise points
/// from. Reproducing it makes those LFO shapes the same sequence the original plays.
namespace tonewood::dsp {

class Lcg48 {
 public:
  constexpr explicit Lcg48(std::int64_t seed) noexcept : state_(static_cast<std::uint64_t>(seed)) {}

  constexpr std::int32_t nextInt() noexcept {
    state_ = (state_ * 0x5DEECE66DULL + 11ULL) & 0xFFFFFFFFFFFFULL;
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(state_ >> 16));
  }
  /// Uniform in [0, 1).
  constexpr float nextFloat() noexcept {
    const float x = static_cast<float>(static_cast<std::uint32_t>(nextInt())) / 4294967296.0f;
    return x < 1.0f ? x : 0.99999994f;
  }

 private:
  std::uint64_t state_;
};

/// gin's LFO table: 1000 points in [-1, 1), drawn from seed 1.
inline constexpr std::array<float, 1000> kLfoRandomPoints = [] {
  std::array<float, 1000> points{};
  Lcg48 random(1);
  for (float& p : points) p = random.nextFloat() * 2.0f - 1.0f;
  return points;
}();

}  // namespace tonewood::dsp
