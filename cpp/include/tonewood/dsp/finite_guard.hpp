#pragma once

#include <algorithm>
#include <cmath>

/// Keeps one bad sample from poisoning state that feeds back (delay lines, allpasses, filter
/// memories): whatever enters, NaN or infinity costs at most the block it arrived in. Audio
/// thread, real-time safe.
namespace tonewood::dsp {

/// Whether every sample of both rows is finite. Written as a comparison that vectorises.
inline bool allFinite(const float* left, const float* right, int frames) noexcept {
  bool finite = true;
  for (int i = 0; i < frames; ++i)
    finite &= std::abs(left[i]) <= 3.4e38f && std::abs(right[i]) <= 3.4e38f;
  return finite;
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
