#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

/// Keeps one bad sample from poisoning state that feeds back (delay lines, allpasses, filter
/// memories): whatever enters, NaN or infinity costs at most the block it arrived in. Audio
/// thread, real-time safe.
namespace tonewood::dsp {

/// Whether every sample of both rows is finite: no magnitude's bits reach the all-ones exponent
/// of infinity and NaN. Written as an integer maximum, which vectorises (a chain of float
/// comparisons folded into a bool does not).
inline bool allFinite(const float* left, const float* right, int frames) noexcept {
  std::int32_t largest = 0;
  for (int i = 0; i < frames; ++i) {
    largest = std::max(largest, std::bit_cast<std::int32_t>(left[i]) & 0x7fffffff);
    largest = std::max(largest, std::bit_cast<std::int32_t>(right[i]) & 0x7fffffff);
  }
  return largest < 0x7f800000;
}

/// Silences the block when anything in it is not finite (a bad input sample got through an
/// effect); returns true then, so the caller clears the effect's memory before the next block.
inline bool silenceIfNotFinite(float* left, float* right, int frames) noexcept {
  if (allFinite(left, right, frames)) return false;
  std::fill_n(left, frames, 0.0f);
  std::fill_n(right, frames, 0.0f);
  return true;
}

/// Copies `frames` samples with anything not finite replaced by silence.
inline void copyFinite(const float* in, float* out, int frames) noexcept {
  for (int i = 0; i < frames; ++i) out[i] = std::abs(in[i]) <= 3.4e38f ? in[i] : 0.0f;
}

}  // namespace tonewood::dsp
