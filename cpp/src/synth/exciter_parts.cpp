#include "tonewood/synth/exciter_parts.hpp"

namespace tonewood::synth {

void ExciterFilter::configure(const ExciterFilterSnapshot& s, double sampleRate) noexcept {
  using R = dsp::SvfResponse;
  active_ = s.type >= 1 && s.type <= 5;
  if (!active_) return;
  static constexpr R kResponses[] = {R::Lowpass, R::Highpass, R::Bandpass, R::Notch, R::Allpass};
  coefficients_ = dsp::designSvf(kResponses[s.type - 1], s.frequencyHz, s.q, sampleRate);
}

void ExciterEnvelope::trigger(bool enabled, const AdsrSnapshot& s, double sampleRate) noexcept {
  active_ = enabled;
  useAdsr_ = s.enabled;
  configure(s, sampleRate);
  adsr_.reset();
  if (active_ && useAdsr_) adsr_.noteOn();
}

void ExciterEnvelope::configure(const AdsrSnapshot& s, double sampleRate) noexcept {
  adsr_.setParameters(sampleRate, s.attackS, s.decayS, s.sustain, s.releaseS);
}

void ExciterEnvelope::release() noexcept {
  if (useAdsr_)
    adsr_.noteOff();
  else
    active_ = false;
}

void ExciterEnvelope::stop() noexcept {
  active_ = false;
  adsr_.reset();
}

}  // namespace tonewood::synth
