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

/// Zeroes both rows.
inline void silence(float* left, float* right, int frames) noexcept {
  std::fill_n(left, frames, 0.0f);
  std::fill_n(right, frames, 0.0f);
}

/// Copies `frames` samples with anything not finite replaced by silence.
inline void copyFinite(const float* in, float* out, int frames) noexcept {
  for (int i = 0; i < frames; ++i) out[i] = std::abs(in[i]) <= 3.4e38f ? in[i] : 0.0f;
}

}  // namespace tonewood::dsp
