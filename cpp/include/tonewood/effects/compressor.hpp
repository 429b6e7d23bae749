#pragma once

#include "tonewood/dsp/stereo_delay.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// A feed-forward compressor with a hard knee: above `threshold_db` the level rises 1/`ratio` dB
/// per dB, from a stereo-linked peak detector with attack and release times.
class Compressor final : public StereoEffect<dsp::Compressor> {
 public:
  static constexpr std::size_t kThresholdDb = 0, kRatio = 1, kAttackMs = 2, kReleaseMs = 3;
  Compressor();

 private:
  void configure(double tempoBpm) noexcept override;
};

}  // namespace tonewood::effects
