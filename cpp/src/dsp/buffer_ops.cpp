#include "tonewood/dsp/buffer_ops.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/simd_clones.hpp"

namespace tonewood::dsp {

namespace {

TONEWOOD_SIMD_CLONES void scale(float* __restrict x, int n, float gain) noexcept {
  for (int i = 0; i < n; ++i) x[i] *= gain;
}

TONEWOOD_SIMD_CLONES void accumulate(float* __restrict dst, const float* __restrict src, int n,
                                     float gain) noexcept {
  for (int i = 0; i < n; ++i) dst[i] += src[i] * gain;
}

TONEWOOD_SIMD_CLONES float absMax(const float* __restrict x, int n) noexcept {
  float m = 0.0f;
  // NaN compares false, so it never wins.
  for (int i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  return m;
}

}  // namespace

void applyGain(const AudioBlockView& audio, float gain) noexcept {
  for (int c = 0; c < audio.numChannels(); ++c) scale(audio.channel(c), audio.numFrames(), gain);
}

float dbToGain(double db) noexcept {
  return std::isinf(db) && db < 0 ? 0.0f : static_cast<float>(std::pow(10.0, db / 20.0));
}

void mixInto(const AudioBlockView& dst, const AudioBlockView& src, float gain) noexcept {
  const int n = std::min(dst.numFrames(), src.numFrames());
  const int channels = std::min(dst.numChannels(), src.numChannels());
  for (int c = 0; c < channels; ++c) accumulate(dst.channel(c), src.channel(c), n, gain);
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
    double sum = 0.0;
    for (int i = 0; i < audio.numFrames(); ++i) sum += x[i];
    const auto mean = static_cast<float>(sum / audio.numFrames());
    for (int i = 0; i < audio.numFrames(); ++i) x[i] -= mean;
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
