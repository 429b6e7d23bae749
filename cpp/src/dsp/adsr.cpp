#include "tonewood/dsp/adsr.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood::dsp {

void Adsr::setParameters(double sampleRate, double attackS, double decayS, double sustain,
                         double releaseS) noexcept {
  sampleRate_ = sampleRate;
  attackS_ = std::max(0.0, attackS);
  decayS_ = std::max(0.0, decayS);
  releaseS_ = std::max(0.0, releaseS);
  sustain_ = static_cast<float>(std::clamp(sustain, 0.0, 1.0));
}

void Adsr::begin(Stage stage, float target, double fullScaleSeconds) noexcept {
  stage_ = stage;
  target_ = target;
  const double span = std::abs(static_cast<double>(target) - level_);
  remaining_ = static_cast<int>(std::lround(span * fullScaleSeconds * sampleRate_));
  if (remaining_ <= 0) {
    remaining_ = 0;
    finishSegment();
    return;
  }
  step_ = (target - level_) / static_cast<float>(remaining_);
}

void Adsr::finishSegment() noexcept {
  level_ = target_;  // land exactly
  switch (stage_) {
    case Stage::Attack:
      begin(Stage::Decay, sustain_, decayS_);
      break;
    case Stage::Decay:
      stage_ = Stage::Sustain;
      break;
    case Stage::Release:
      stage_ = Stage::Idle;
      break;
    case Stage::Idle:
    case Stage::Sustain:
      break;
  }
}

void Adsr::noteOn() noexcept {
  begin(Stage::Attack, 1.0f, attackS_);
}

void Adsr::noteOff() noexcept {
  if (stage_ != Stage::Idle) begin(Stage::Release, 0.0f, releaseS_);
}

}  // namespace tonewood::dsp
