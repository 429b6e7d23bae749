#include "tonewood/dsp/fades.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/core/errors.hpp"

namespace tonewood::dsp {

FadeShape fadeShapeFromName(const std::string& name) {
  if (name == "linear") return FadeShape::Linear;
  if (name == "exponential") return FadeShape::Exponential;
  if (name == "equal_power") return FadeShape::EqualPower;
  throw InvalidArgumentError("unknown fade shape '" + name +
                             "'; use linear, exponential or equal_power");
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
    case FadeShape::Linear:
      break;
  }
  return t;
}

void fadeIn(const AudioBlockView& audio, int frames, FadeShape shape) noexcept {
  if (frames <= 0) return;
  const int n = std::min(frames, audio.numFrames());
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
  for (int j = 0; j < n; ++j) {
    const auto g = static_cast<float>(fadeGain(shape, static_cast<double>(j) / frames));
    for (int c = 0; c < audio.numChannels(); ++c) audio.channel(c)[last - j] *= g;
  }
}

}  // namespace tonewood::dsp
