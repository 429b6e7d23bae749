#include "tonewood/synth/exciters.hpp"

#include <algorithm>

namespace tonewood::synth {

void ExciterFilter::configure(const ExciterFilterSnapshot& s, double sampleRate) noexcept {
  using R = dsp::SvfResponse;
  active_ = s.type >= 1 && s.type <= 5;
  if (!active_) return;
  static constexpr R kResponses[] = {R::Lowpass, R::Highpass, R::Bandpass, R::Notch, R::Allpass};
  coefficients_ = dsp::designSvf(kResponses[s.type - 1], s.frequencyHz, s.q, sampleRate);
}

void ImpulseExciter::configure(const SynthSnapshot& s, double sampleRate) noexcept {
  filter_.configure(s.impulse.filter, sampleRate);
}

void ImpulseExciter::trigger(const SynthSnapshot& s, double sampleRate) noexcept {
  filter_.reset();
  configure(s, sampleRate);
  if (!s.impulse.enabled) {
    remaining_ = filterTail_ = 0;
    return;
  }
  const int thickness = std::clamp(s.impulse.thickness, 1, 10);
  remaining_ = thickness;
  value_ = static_cast<float>(-s.impulse.level / thickness);
  // A resonant exciter filter rings on; one second of tail covers every setting that matters
  // (its state decays below float resolution long before).
  filterTail_ = static_cast<int>(sampleRate);
}

void ImpulseExciter::render(float* const* out, int numChannels, int frames) noexcept {
  for (int i = 0; i < frames && (remaining_ > 0 || filterTail_ > 0); ++i) {
    float x = 0.0f;
    if (remaining_ > 0) {
      x = value_;
      --remaining_;
    } else {
      --filterTail_;
    }
    const float y = filter_.tick(x);
    for (int c = 0; c < numChannels; ++c) out[c][i] += y;
  }
}

void NoiseExciter::configure(const SynthSnapshot& s, double sampleRate) noexcept {
  for (auto& f : filter_) f.configure(s.noise.filter, sampleRate);
  const AdsrSnapshot& e = s.noise.envelope;
  envelope_.setParameters(sampleRate, e.attackS, e.decayS, e.sustain, e.releaseS);
  gain_ = static_cast<float>(0.1 * s.noise.level);
  const bool enabled = s.noise.enabled;
  if (!enabled && active_) stop();
}

void NoiseExciter::trigger(const SynthSnapshot& s, double sampleRate) noexcept {
  for (int c = 0; c < 2; ++c) {
    filter_[c].reset();
    noise_[c].reseed(kSeeds[c]);
  }
  active_ = s.noise.enabled;
  held_ = true;
  useEnvelope_ = s.noise.envelope.enabled;
  configure(s, sampleRate);
  envelope_.reset();
  if (active_ && useEnvelope_) envelope_.noteOn();
}

void NoiseExciter::release() noexcept {
  held_ = false;
  if (useEnvelope_) {
    envelope_.noteOff();
  } else {
    active_ = false;
  }
}

void NoiseExciter::stop() noexcept {
  active_ = false;
  envelope_.reset();
}

void NoiseExciter::render(float* const* out, int numChannels, int frames) noexcept {
  if (!active_) return;
  for (int i = 0; i < frames; ++i) {
    const float level = gain_ * (useEnvelope_ ? envelope_.next() : 1.0f);
    for (int c = 0; c < numChannels; ++c) out[c][i] += filter_[c].tick(level * noise_[c].next());
    if (useEnvelope_ && !envelope_.isActive()) {  // ends on this sample, whatever the block size
      active_ = false;
      return;
    }
  }
}

}  // namespace tonewood::synth
