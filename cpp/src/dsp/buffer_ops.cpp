#include "tonewood/dsp/buffer_ops.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/simd_clones.hpp"
#include "tonewood/dsp/vector_ops.hpp"

namespace tonewood::dsp {

namespace {

// Reductions keep kLanes running results side by side, so the compiler can fill a vector
// register with them without reassociating anything (no -ffast-math needed).
constexpr int kLanes = 16;

TONEWOOD_SIMD_CLONES float absMax(const float* __restrict x, int n) noexcept {
  float lanes[kLanes] = {};
  int i = 0;
  // NaN compares false, so it never wins.
  for (; i + kLanes <= n; i += kLanes)
    for (int k = 0; k < kLanes; ++k) {
      const float a = std::fabs(x[i + k]);
      lanes[k] = a > lanes[k] ? a : lanes[k];
    }
  float m = 0.0f;
  for (; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  for (float lane : lanes) m = std::max(m, lane);
  return m;
}

TONEWOOD_SIMD_CLONES double sumOf(const float* __restrict x, int n) noexcept {
  double lanes[kLanes] = {};
  int i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int k = 0; k < kLanes; ++k) lanes[k] += x[i + k];
  double sum = 0.0;
  for (; i < n; ++i) sum += x[i];
  for (double lane : lanes) sum += lane;
  return sum;
}

TONEWOOD_SIMD_CLONES void subtract(float* __restrict x, int n, float amount) noexcept {
  for (int i = 0; i < n; ++i) x[i] -= amount;
}

}  // namespace

void applyGain(const AudioBlockView& audio, float gain) noexcept {
  for (int c = 0; c < audio.numChannels(); ++c)
    scaleInPlace(audio.channel(c), gain, audio.numFrames());
}

float dbToGain(double db) noexcept {
  return std::isinf(db) && db < 0 ? 0.0f : static_cast<float>(std::pow(10.0, db / 20.0));
}

void mixInto(const AudioBlockView& dst, const AudioBlockView& src, float gain) noexcept {
  const int n = std::min(dst.numFrames(), src.numFrames());
  const int channels = std::min(dst.numChannels(), src.numChannels());
  for (int c = 0; c < channels; ++c) addScaled(src.channel(c), gain, dst.channel(c), n);
}

void invertPolarity(const AudioBlockView& audio) noexcept {
  applyGain(audio, -1.0f);
}

void reverse(const AudioBlockView& audio) noexcept {
  for (int c = 0; c < audio.numChannels(); ++c)
    std::reverse(audio.channel(c), audio.channel(c) + audio.numFrames());
}

void removeDc(const AudioBlockView& audio) noexcept {
  if (audio.numFrames() == 0) return;
  for (int c = 0; c < audio.numChannels(); ++c) {
    float* x = audio.channel(c);
    const auto mean = static_cast<float>(sumOf(x, audio.numFrames()) / audio.numFrames());
    subtract(x, audio.numFrames(), mean);
  }
}

float peakOf(const AudioBlockView& audio) noexcept {
  float peak = 0.0f;
  for (int c = 0; c < audio.numChannels(); ++c)
    peak = std::max(peak, absMax(audio.channel(c), audio.numFrames()));
  return peak;
}

FrameRange nonSilentRange(const AudioBlockView& audio, float threshold) noexcept {
  const auto loud = [&](int i) {
    for (int c = 0; c < audio.numChannels(); ++c)
      if (std::fabs(audio.channel(c)[i]) > threshold) return true;
    return false;
  };
  int start = 0;
  while (start < audio.numFrames() && !loud(start)) ++start;
  if (start == audio.numFrames()) return {};
  int end = audio.numFrames();
  while (end > start && !loud(end - 1)) --end;
  return {start, end};
}

}  // namespace tonewood::dsp
