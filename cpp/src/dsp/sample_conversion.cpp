#include "tonewood/dsp/sample_conversion.hpp"

#include <cmath>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/simd_clones.hpp"

namespace tonewood::dsp {

void requireIntegerBits(int bits) {
  if (bits != 8 && bits != 16 && bits != 24 && bits != 32)
    throw OutOfRangeError("integer sample width " + std::to_string(bits) +
                          " bits is not supported; use 8, 16, 24 or 32");
}

namespace {

// The undithered Quantiser written so the compiler can vectorise it: NaN to 0, clamp, round
// to nearest even (the current rounding mode), all branch-free; the same results.
template <typename T>
inline void quantiseRow(const float* __restrict in, int n, double steps, T* __restrict out) {
  const double low = -steps, high = steps - 1.0;
  for (int i = 0; i < n; ++i) {
    double v = static_cast<double>(in[i]) * steps;
    v = v == v ? v : 0.0;
    v = v < low ? low : v;
    v = v > high ? high : v;
    out[i] = static_cast<T>(static_cast<std::int32_t>(__builtin_nearbyint(v)));
  }
}

TONEWOOD_SIMD_CLONES void quantiseRow16(const float* in, int n, double steps, std::int16_t* out) {
  quantiseRow(in, n, steps, out);
}
TONEWOOD_SIMD_CLONES void quantiseRow32(const float* in, int n, double steps, std::int32_t* out) {
  quantiseRow(in, n, steps, out);
}

}  // namespace

template <typename T>
void floatToInt(const AudioBlockView& audio, int bits, bool dither, std::uint32_t seed,
                T* const* out) {
  requireIntegerBits(bits);
  if (static_cast<int>(sizeof(T)) * 8 < bits)
    throw OutOfRangeError(std::to_string(bits) + "-bit samples do not fit a " +
                          std::to_string(sizeof(T) * 8) + "-bit integer");
  if (!dither) {
    // Without dither each sample stands alone: channel by channel runs in order in memory.
    const double steps = std::ldexp(1.0, bits - 1);
    for (int c = 0; c < audio.numChannels(); ++c) {
      if constexpr (sizeof(T) == 2)
        quantiseRow16(audio.channel(c), audio.numFrames(), steps, out[c]);
      else
        quantiseRow32(audio.channel(c), audio.numFrames(), steps, out[c]);
    }
    return;
  }
  Quantiser quantise(bits, dither, seed);
  for (int i = 0; i < audio.numFrames(); ++i)
    for (int c = 0; c < audio.numChannels(); ++c)
      out[c][i] = static_cast<T>(quantise(audio.channel(c)[i]));
}

template <typename T>
void intToFloat(const T* const* in, int bits, const AudioBlockView& out) noexcept {
  const double scale = std::ldexp(1.0, 1 - bits);
  for (int c = 0; c < out.numChannels(); ++c) {
    float* o = out.channel(c);
    for (int i = 0; i < out.numFrames(); ++i)
      o[i] = static_cast<float>(static_cast<double>(in[c][i]) * scale);
  }
}

template void floatToInt<std::int16_t>(const AudioBlockView&, int, bool, std::uint32_t,
                                       std::int16_t* const*);
template void floatToInt<std::int32_t>(const AudioBlockView&, int, bool, std::uint32_t,
                                       std::int32_t* const*);
template void intToFloat<std::int16_t>(const std::int16_t* const*, int,
                                       const AudioBlockView&) noexcept;
template void intToFloat<std::int32_t>(const std::int32_t* const*, int,
                                       const AudioBlockView&) noexcept;

}  // namespace tonewood::dsp
