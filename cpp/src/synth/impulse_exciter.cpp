#include "tonewood/synth/impulse_exciter.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood::synth {

void ImpulseExciter::configure(const SynthSnapshot& s, double sampleRate) noexcept {
  filter_.configure(s.impulse.filter, sampleRate);
}

void ImpulseExciter::trigger(const SynthSnapshot& s, double sampleRate, double noteHz,
                             float gain) noexcept {
  filter_.reset();
  configure(s, sampleRate);
  clock_ = 0;
  if (!s.impulse.enabled) {
    end_ = 0;
    return;
  }
  thickness_ = std::clamp(s.impulse.thickness, 1, 10);
  value_ = static_cast<float>(-s.impulse.level / thickness_) * gain;
  combDelay_ = 0;
  if (!s.resonariumCompatibility && s.impulse.pickPosition > 0.0) {
    const double position = std::clamp(s.impulse.pickPosition, 0.02, 0.98);
    combDelay_ = static_cast<int>(std::lround(position * sampleRate / noteHz));
  }
  // A resonant exciter filter rings on; one second of tail covers every setting that matters
  // (its state decays below float resolution long before).
  end_ = combDelay_ + thickness_ + static_cast<int>(sampleRate);
}

void ImpulseExciter::render(float* const* out, int numChannels, int frames) noexcept {
  for (int i = 0; i < frames && clock_ < end_; ++i, ++clock_) {
    float x = clock_ < thickness_ ? value_ : 0.0f;
    if (combDelay_ > 0 && clock_ >= combDelay_ && clock_ < combDelay_ + thickness_) x -= value_;
    const float y = filter_.tick(x);
    for (int c = 0; c < numChannels; ++c) out[c][i] += y;
  }
}

}  // namespace tonewood::synth
