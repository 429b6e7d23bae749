#pragma once

#include "tonewood/dsp/reverb.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// Stereo reverb (an 8-line feedback delay network): `decay_s` is the T60 below the damping
/// frequency (higher partials die sooner), `size` scales the room, `density` the diffusion,
/// `bandwidth_hz` low-passes the input, `damping_hz` the tail, `predelay_ms` delays it,
/// `early_mix` weighs early reflections against the tail, `mix` is dry/wet.
class Reverb final : public StereoEffect<dsp::Reverb> {
 public:
  static constexpr std::size_t kDecayS = 0, kSize = 1, kDensity = 2, kBandwidthHz = 3,
                               kDampingHz = 4, kPredelayMs = 5, kEarlyMix = 6, kMix = 7;
  Reverb();

 private:
  void configure(double tempoBpm) noexcept override;
};

}  // namespace tonewood::effects
