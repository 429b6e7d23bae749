#include "tonewood/io/pcm_decoding.hpp"

#include <bit>
#include <cstring>

#include "tonewood/core/simd_clones.hpp"

namespace tonewood::io {

namespace {

using Byte = unsigned char;

template <typename U>
U loadWord(const Byte* p, bool bigEndian) noexcept {
  U v;
  std::memcpy(&v, p, sizeof(U));
  if (bigEndian) {
    if constexpr (sizeof(U) == 2) v = __builtin_bswap16(v);
    if constexpr (sizeof(U) == 4) v = __builtin_bswap32(v);
    if constexpr (sizeof(U) == 8) v = __builtin_bswap64(v);
  }
  return v;
}

// One sample at `p` as T, the way libsndfile's normalising readers compute it: an integer
// converted to T, then scaled by a power of two (exact, so the order of the two never matters).
template <typename T, PcmEncoding E, bool BigEndian>
inline T loadSample(const Byte* p) noexcept {
  constexpr T k7 = T(1) / T(128);
  constexpr T k31 = T(1) / T(2147483648.0);
  if constexpr (E == PcmEncoding::UInt8) {
    return static_cast<T>(static_cast<int>(p[0]) - 128) * k7;
  } else if constexpr (E == PcmEncoding::Int8) {
    return static_cast<T>(static_cast<signed char>(p[0])) * k7;
  } else if constexpr (E == PcmEncoding::Int16) {
    return static_cast<T>(std::bit_cast<std::int16_t>(loadWord<std::uint16_t>(p, BigEndian))) *
           (T(1) / T(32768));
  } else if constexpr (E == PcmEncoding::Int24) {
    const std::uint32_t b0 = p[BigEndian ? 2 : 0], b1 = p[1], b2 = p[BigEndian ? 0 : 2];
    return static_cast<T>(std::bit_cast<std::int32_t>((b0 << 8) | (b1 << 16) | (b2 << 24))) * k31;
  } else if constexpr (E == PcmEncoding::Int32) {
    return static_cast<T>(std::bit_cast<std::int32_t>(loadWord<std::uint32_t>(p, BigEndian))) * k31;
  } else if constexpr (E == PcmEncoding::Float32) {
    return static_cast<T>(std::bit_cast<float>(loadWord<std::uint32_t>(p, BigEndian)));
  } else {
    return static_cast<T>(std::bit_cast<double>(loadWord<std::uint64_t>(p, BigEndian)));
  }
}

// Mono and stereo get loops with a fixed stride, which the compiler vectorises; wider files go
// a channel at a time.
template <typename T, PcmEncoding E, bool BigEndian, int Bytes>
inline void decodeRows(const Byte* in, int channels, std::int64_t frames, T* const* out) noexcept {
  if (channels == 1) {
    T* row = out[0];
    for (std::int64_t i = 0; i < frames; ++i) row[i] = loadSample<T, E, BigEndian>(in + i * Bytes);
  } else if (channels == 2) {
    T* left = out[0];
    T* right = out[1];
    for (std::int64_t i = 0; i < frames; ++i) {
      left[i] = loadSample<T, E, BigEndian>(in + 2 * i * Bytes);
      right[i] = loadSample<T, E, BigEndian>(in + (2 * i + 1) * Bytes);
    }
  } else {
    const std::int64_t stride = std::int64_t{channels} * Bytes;
    for (int c = 0; c < channels; ++c) {
      const Byte* p = in + c * Bytes;
      T* row = out[c];
      for (std::int64_t i = 0; i < frames; ++i)
        row[i] = loadSample<T, E, BigEndian>(p + i * stride);
    }
  }
}

template <typename T, bool BigEndian>
inline void decodeEndian(const Byte* in, PcmEncoding encoding, int channels, std::int64_t frames,
                         T* const* out) noexcept {
  switch (encoding) {
    case PcmEncoding::UInt8:
      return decodeRows<T, PcmEncoding::UInt8, BigEndian, 1>(in, channels, frames, out);
    case PcmEncoding::Int8:
      return decodeRows<T, PcmEncoding::Int8, BigEndian, 1>(in, channels, frames, out);
    case PcmEncoding::Int16:
      return decodeRows<T, PcmEncoding::Int16, BigEndian, 2>(in, channels, frames, out);
    case PcmEncoding::Int24:
      return decodeRows<T, PcmEncoding::Int24, BigEndian, 3>(in, channels, frames, out);
    case PcmEncoding::Int32:
      return decodeRows<T, PcmEncoding::Int32, BigEndian, 4>(in, channels, frames, out);
    case PcmEncoding::Float32:
      return decodeRows<T, PcmEncoding::Float32, BigEndian, 4>(in, channels, frames, out);
    case PcmEncoding::Float64:
      return decodeRows<T, PcmEncoding::Float64, BigEndian, 8>(in, channels, frames, out);
  }
}

}  // namespace

// A pure conversion: both SIMD clones give identical results.
TONEWOOD_SIMD_CLONES void decodePcm(const std::byte* source, const PcmLayout& layout,
                                    std::int64_t frames, float* const* out) noexcept {
  const auto* in = reinterpret_cast<const Byte*>(source);
  if (layout.bigEndian)
    decodeEndian<float, true>(in, layout.encoding, layout.channels, frames, out);
  else
    decodeEndian<float, false>(in, layout.encoding, layout.channels, frames, out);
}

TONEWOOD_SIMD_CLONES void decodePcm(const std::byte* source, const PcmLayout& layout,
                                    std::int64_t frames, double* const* out) noexcept {
  const auto* in = reinterpret_cast<const Byte*>(source);
  if (layout.bigEndian)
    decodeEndian<double, true>(in, layout.encoding, layout.channels, frames, out);
  else
    decodeEndian<double, false>(in, layout.encoding, layout.channels, frames, out);
}

}  // namespace tonewood::io
