#include "tonewood/dsp/chorus.hpp"

#include <cmath>
#include <numbers>

namespace tonewood::dsp {

void Chorus::prepare(double sampleRate) {
  sampleRate_ = sampleRate;
  for (auto& line : lines_) line.prepare(static_cast<int>(0.125 * sampleRate));
  reset();
}

void Chorus::reset() noexcept {
  for (auto& line : lines_) line.reset();
  phase_ = 0.0;
  feedback_[0] = feedback_[1] = 0.0f;
}

void Chorus::process(float* left, float* right, int frames) noexcept {
  const double centre = (0.007 + settings_.delayS) * sampleRate_;
  const double sweep = 0.005 * settings_.depth * sampleRate_;
  const double step = settings_.rateHz / sampleRate_;
  const auto mix = static_cast<float>(settings_.mix);
  const auto feedback = static_cast<float>(std::clamp(settings_.feedback, -0.95, 0.95));
  float* io[] = {left, right};
  for (int i = 0; i < frames; ++i) {
    for (int c = 0; c < 2; ++c) {
      const double lfo = std::sin(2.0 * std::numbers::pi * (phase_ + 0.25 * c));
      const float wet = lines_[c].read(static_cast<float>(centre + sweep * lfo));
      lines_[c].push(io[c][i] + feedback * wet);
      io[c][i] = (1.0f - mix) * io[c][i] + mix * wet;
    }
    phase_ += step;
    phase_ -= std::floor(phase_);
  }
}

}  // namespace tonewood::dsp
