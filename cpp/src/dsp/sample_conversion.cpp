#include "tonewood/dsp/sample_conversion.hpp"

#include <string>

#include "tonewood/core/errors.hpp"

namespace tonewood::dsp {

void requireIntegerBits(int bits) {
  if (bits != 8 && bits != 16 && bits != 24 && bits != 32)
    throw OutOfRangeError("integer sample width " + std::to_string(bits) +
                          " bits is not supported; use 8, 16, 24 or 32");
}

template <typename T>
void floatToInt(const AudioBlockView& audio, int bits, bool dither, std::uint32_t seed,
                T* const* out) {
  requireIntegerBits(bits);
  if (static_cast<int>(sizeof(T)) * 8 < bits)
    throw OutOfRangeError(std::to_string(bits) + "-bit samples do not fit a " +
                          std::to_string(sizeof(T) * 8) + "-bit integer");
  Quantiser quantise(bits, dither, seed);
  if (!dither) {
    // Without dither each sample stands alone: channel by channel runs in order in memory.
    for (int c = 0; c < audio.numChannels(); ++c) {
      const float* in = audio.channel(c);
      for (int i = 0; i < audio.numFrames(); ++i) out[c][i] = static_cast<T>(quantise(in[i]));
    }
    return;
  }
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
