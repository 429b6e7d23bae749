#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "tonewood/core/audio_buffer.hpp"

/// Float <-> integer sample conversion. Full scale is 2^(bits-1) both ways, so -1.0 and
/// 1 - 1 LSB are exact and a round trip int -> float -> int is the identity.
namespace tonewood::dsp {

/// Rounds floats (full scale 1.0) to `bits`-bit integers, clipping, with optional TPDF dither
/// (two uniform variables of +-0.5 LSB each, from a seeded xorshift, so results repeat).
/// Real-time safe.
class Quantiser {
 public:
  explicit Quantiser(int bits, bool dither = false, std::uint32_t seed = 1) noexcept
      : steps_(std::ldexp(1.0, bits - 1)), dither_(dither), random_(seed == 0 ? 1u : seed) {}

  std::int32_t operator()(double x) noexcept {
    double v = x * steps_;
    if (dither_) v += uniform() + uniform();
    v = std::nearbyint(std::clamp(v, -steps_, steps_ - 1.0));
    return std::isnan(v) ? 0 : static_cast<std::int32_t>(v);
  }

 private:
  double uniform() noexcept {  // xorshift32 -> [-0.5, 0.5)
    random_ ^= random_ << 13;
    random_ ^= random_ >> 17;
    random_ ^= random_ << 5;
    return static_cast<double>(random_ >> 8) * (1.0 / 16777216.0) - 0.5;
  }

  double steps_;
  bool dither_;
  std::uint32_t random_;
};

/// Integer widths the conversions accept: 8, 16, 24 and 32 bits.
/// Throws OutOfRangeError for anything else.
void requireIntegerBits(int bits);

/// Planar float audio to planar integers of `bits` bits (stored in T: int16_t for 8/16 bits,
/// int32_t for up to 32; 24-bit values sit in the low 24 bits of an int32_t). `out[c]` holds
/// numFrames() values. One Quantiser runs over the channels frame by frame.
template <typename T>
void floatToInt(const AudioBlockView& audio, int bits, bool dither, std::uint32_t seed,
                T* const* out);

/// Planar `bits`-bit integers back to floats (value / 2^(bits-1)).
template <typename T>
void intToFloat(const T* const* in, int bits, const AudioBlockView& out) noexcept;

}  // namespace tonewood::dsp
