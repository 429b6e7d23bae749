#include "tonewood/synth/noise_exciter.hpp"

namespace tonewood::synth {

void NoiseExciter::configure(const SynthSnapshot& s, double sampleRate) noexcept {
  for (auto& f : filter_) f.configure(s.noise.filter, sampleRate);
  envelope_.configure(s.noise.envelope, sampleRate);
  gain_ = static_cast<float>(0.1 * s.noise.level) * velocityGain_;
  if (!s.noise.enabled) envelope_.stop();
}

void NoiseExciter::trigger(const SynthSnapshot& s, double sampleRate, float gain) noexcept {
  for (int c = 0; c < 2; ++c) {
    filter_[c].reset();
    noise_[c].reseed(kSeeds[c]);
  }
  velocityGain_ = gain;
  envelope_.trigger(s.noise.enabled, s.noise.envelope, sampleRate);
  configure(s, sampleRate);
}

void NoiseExciter::render(float* const* out, int numChannels, int frames) noexcept {
  for (int i = 0; i < frames && envelope_.isActive(); ++i) {
    const float level = gain_ * envelope_.next();
    for (int c = 0; c < numChannels; ++c) out[c][i] += filter_[c].tick(level * noise_[c].next());
  }
}

}  // namespace tonewood::synth
