#include "tonewood/dsp/phaser.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tonewood::dsp {

void Phaser::prepare(double sampleRate) noexcept {
  sampleRate_ = sampleRate;
  reset();
}

void Phaser::reset() noexcept {
  for (auto& channel : state_)
    for (float& s : channel) s = 0.0f;
  last_[0] = last_[1] = 0.0f;
  phase_ = 0.0;
  clock_ = 0;
}

float Phaser::allpassCoefficient(int channel, double phase) const noexcept {
  const double lfo = std::sin(2.0 * std::numbers::pi * (phase + 0.25 * channel));
  // The sweep lives on a log scale from 20 Hz to 20 kHz (or just under Nyquist): the centre sits
  // at its place on that scale and full depth swings half the scale either way, as in
  // Resonarium's phaser, so presets sweep the same band.
  const double top = std::min(20000.0, 0.45 * sampleRate_);
  const double span = std::log(top / 20.0);
  const double place = std::log(std::clamp(settings_.centreHz, 20.0, top) / 20.0) / span;
  const double hz =
      20.0 * std::exp(span * std::clamp(place + 0.5 * settings_.depth * lfo, 0.0, 1.0));
  // First-order TPT allpass: g = tan(pi f / fs), a = (g - 1) / (g + 1).
  const double g = std::tan(std::numbers::pi * hz / sampleRate_);
  return static_cast<float>((g - 1.0) / (g + 1.0));
}

void Phaser::process(float* left, float* right, int frames) noexcept {
  const double step = settings_.rateHz / sampleRate_;
  const auto mix = static_cast<float>(settings_.mix);
  const auto feedback = static_cast<float>(std::clamp(settings_.feedback, -0.9, 0.9));
  float* io[] = {left, right};
  for (int i = 0; i < frames; ++i) {
    if (clock_ == 0) {
      for (int c = 0; c < 2; ++c) {
        const float now = allpassCoefficient(c, phase_);
        const float next = allpassCoefficient(c, phase_ + kSweepStep * step);
        coefficient_[c] = now;
        coefficientStep_[c] = (next - now) / kSweepStep;
      }
    }
    for (int c = 0; c < 2; ++c) {
      const float a = coefficient_[c];
      float x = io[c][i] + feedback * last_[c];
      for (float& s : state_[c]) {
        const float y = a * x + s;
        s = x - a * y;
        x = y;
      }
      last_[c] = x;
      io[c][i] = (1.0f - mix) * io[c][i] + mix * x;
      coefficient_[c] += coefficientStep_[c];
    }
    phase_ += step;
    phase_ -= std::floor(phase_);
    if (++clock_ == kSweepStep) clock_ = 0;
  }
}

}  // namespace tonewood::dsp
