#include "tonewood/synth/sequence_exciter.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/synth/modulators.hpp"

namespace tonewood::synth {

void SequenceExciter::configure(const SynthSnapshot& s, double sampleRate) noexcept {
  const auto& q = s.sequence;
  filter_.configure(q.filter, sampleRate);
  envelope_.configure(q.envelope, sampleRate);
  mode_ = std::clamp(q.mode, 0, 2);
  sampleRate_ = sampleRate;
  rateHz_ = q.rateHz;
  sync_ = q.sync;
  updatePeriod();
  impulseLength_ = std::clamp(q.impulseLength, 1, 10);
  density_ = static_cast<float>(q.staticDensity);
  level_ = static_cast<float>(q.level) * velocityGain_;
  if (!q.enabled) envelope_.stop();
}

void SequenceExciter::trigger(const SynthSnapshot& s, double sampleRate, float gain) noexcept {
  filter_.reset();
  random_.reseed(kSeed);
  velocityGain_ = gain;
  phase_ = 0;
  ramp_ = rampStep_ = 0.0f;
  envelope_.trigger(s.sequence.enabled, s.sequence.envelope, sampleRate);
  configure(s, sampleRate);
}

void SequenceExciter::setTempo(double bpm) noexcept {
  if (bpm == tempoBpm_) return;
  tempoBpm_ = bpm;
  if (sync_) updatePeriod();
}

void SequenceExciter::updatePeriod() noexcept {
  const double hz = sync_ ? nearestSyncedRateHz(rateHz_, tempoBpm_) : std::max(rateHz_, 0.1);
  period_ = std::max(1, static_cast<int>(std::lround(sampleRate_ / hz)));
  if (phase_ >= period_) phase_ = 0;
}

float SequenceExciter::nextValue() noexcept {
  float x = 0.0f;
  switch (mode_) {
    case kImpulses:
      x = phase_ < impulseLength_ ? -level_ / static_cast<float>(impulseLength_) : 0.0f;
      break;
    case kStatic:
      if (phase_ == 0 && 0.5f * (random_.next() + 1.0f) < 0.5f * density_)
        x = level_ * random_.next();
      break;
    case kTriangle:
      if (phase_ == 0) rampStep_ = (level_ * random_.next() - ramp_) / static_cast<float>(period_);
      ramp_ += rampStep_;
      x = ramp_;
      break;
  }
  if (++phase_ >= period_) phase_ = 0;
  return x;
}

void SequenceExciter::render(float* const* out, int numChannels, int frames) noexcept {
  for (int i = 0; i < frames && envelope_.isActive(); ++i) {
    const float level = envelope_.next();
    const float y = filter_.tick(level * nextValue());
    for (int c = 0; c < numChannels; ++c) out[c][i] += y;
  }
}

}  // namespace tonewood::synth
