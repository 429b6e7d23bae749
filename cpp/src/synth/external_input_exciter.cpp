#include "tonewood/synth/external_input_exciter.hpp"

#include <cmath>
#include <numbers>

namespace tonewood::synth {

void ExternalInputExciter::configure(const SynthSnapshot& s, double sampleRate) noexcept {
  for (auto& f : filter_) f.configure(s.externalInput.filter, sampleRate);
  envelope_.configure(s.externalInput.envelope, sampleRate);
  gain_ = static_cast<float>(0.05 * s.externalInput.gain *
                             std::sin(s.externalInput.mix * std::numbers::pi / 2.0));
  if (!s.externalInput.enabled) envelope_.stop();
}

void ExternalInputExciter::trigger(const SynthSnapshot& s, double sampleRate) noexcept {
  for (auto& f : filter_) f.reset();
  envelope_.trigger(s.externalInput.enabled, s.externalInput.envelope, sampleRate);
  configure(s, sampleRate);
}

void ExternalInputExciter::render(float* const* out, int numChannels, const float* const* input,
                                  int inputChannels, int frames) noexcept {
  if (!input || inputChannels <= 0) {
    // No input this block: the envelope still runs, so timing does not depend on the input.
    for (int i = 0; i < frames && envelope_.isActive(); ++i) envelope_.next();
    return;
  }
  for (int i = 0; i < frames && envelope_.isActive(); ++i) {
    const float level = gain_ * envelope_.next();
    if (numChannels == 1) {
      float x = input[0][i];
      if (inputChannels > 1) x = 0.5f * (x + input[1][i]);
      out[0][i] += filter_[0].tick(level * x);
    } else {
      for (int c = 0; c < 2; ++c)
        out[c][i] += filter_[c].tick(level * input[inputChannels > 1 ? c : 0][i]);
    }
  }
}

}  // namespace tonewood::synth
