#include "tonewood/dsp/fades.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/simd_clones.hpp"

namespace tonewood::dsp {

FadeShape fadeShapeFromName(const std::string& name) {
  if (name == "linear") return FadeShape::Linear;
  if (name == "exponential") return FadeShape::Exponential;
  if (name == "equal_power") return FadeShape::EqualPower;
  if (name == "s_curve") return FadeShape::SCurve;
  throw InvalidArgumentError("unknown fade shape '" + name +
                             "'; use linear, exponential, equal_power or s_curve");
}

const char* fadeShapeName(FadeShape shape) noexcept {
  switch (shape) {
    case FadeShape::Exponential:
      return "exponential";
    case FadeShape::EqualPower:
      return "equal_power";
    case FadeShape::SCurve:
      return "s_curve";
    case FadeShape::Linear:
      break;
  }
  return "linear";
}

double fadeGain(FadeShape shape, double t) noexcept {
  t = std::clamp(t, 0.0, 1.0);
  switch (shape) {
    case FadeShape::Exponential: {
      constexpr double kFloor = 1e-3;  // -60 dB
      return (std::pow(kFloor, 1.0 - t) - kFloor) / (1.0 - kFloor);
    }
    case FadeShape::EqualPower:
      return std::sin(t * std::numbers::pi / 2.0);
    case FadeShape::SCurve:
      return 0.5 - 0.5 * std::cos(t * std::numbers::pi);
    case FadeShape::Linear:
      break;
  }
  return t;
}

namespace {

// Linear fades, the common case, as loops the compiler vectorises; the gains are exactly
// fadeGain(Linear, i / frames).
TONEWOOD_SIMD_CLONES void rampUp(float* __restrict x, int n, double frames) noexcept {
  for (int i = 0; i < n; ++i) x[i] *= static_cast<float>(static_cast<double>(i) / frames);
}

TONEWOOD_SIMD_CLONES void rampDown(float* __restrict last, int n, double frames) noexcept {
  for (int j = 0; j < n; ++j) last[-j] *= static_cast<float>(static_cast<double>(j) / frames);
}

}  // namespace

void fadeIn(const AudioBlockView& audio, int frames, FadeShape shape) noexcept {
  if (frames <= 0) return;
  const int n = std::min(frames, audio.numFrames());
  if (shape == FadeShape::Linear) {
    for (int c = 0; c < audio.numChannels(); ++c) rampUp(audio.channel(c), n, frames);
    return;
  }
  for (int i = 0; i < n; ++i) {
    const auto g = static_cast<float>(fadeGain(shape, static_cast<double>(i) / frames));
    for (int c = 0; c < audio.numChannels(); ++c) audio.channel(c)[i] *= g;
  }
}

void fadeOut(const AudioBlockView& audio, int frames, FadeShape shape) noexcept {
  if (frames <= 0) return;
  const int n = std::min(frames, audio.numFrames());
  const int last = audio.numFrames() - 1;
  // The time mirror of fadeIn: the last frame is silent, j frames before it get fadeGain(j / n).
  if (shape == FadeShape::Linear) {
    for (int c = 0; c < audio.numChannels(); ++c) rampDown(audio.channel(c) + last, n, frames);
    return;
  }
  for (int j = 0; j < n; ++j) {
    const auto g = static_cast<float>(fadeGain(shape, static_cast<double>(j) / frames));
    for (int c = 0; c < audio.numChannels(); ++c) audio.channel(c)[last - j] *= g;
  }
}

}  // namespace tonewood::dsp
