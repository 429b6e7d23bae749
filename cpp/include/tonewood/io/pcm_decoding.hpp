#pragma once

#include <cstddef>
#include <cstdint>

#include "tonewood/io/pcm_layout.hpp"

/// Turning interleaved PCM bytes into planar floating-point rows, scaled exactly as libsndfile
/// scales them (integers divided by 2^(bits-1), 8-bit WAV offset by 128), so the memory-mapped
/// reader and libsndfile agree bit for bit. Any thread; no allocation.
namespace tonewood::io {

/// Decodes `frames` frames starting at `source` (laid out as `layout` says) into
/// out[c][0..frames) for every channel c.
void decodePcm(const std::byte* source, const PcmLayout& layout, std::int64_t frames,
               float* const* out) noexcept;
void decodePcm(const std::byte* source, const PcmLayout& layout, std::int64_t frames,
               double* const* out) noexcept;

}  // namespace tonewood::io
