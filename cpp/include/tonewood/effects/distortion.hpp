#pragma once

#include "tonewood/dsp/distortion.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// Waveshaping distortion: `drive_db` into one of six shapers (tanh, hard clip, linear fold, sine
/// fold, bitcrush, downsample), `output_db` after, a dry/wet mix, and a morphing filter before or
/// after the shaper.
class Distortion final : public StereoEffect<dsp::Distortion> {
 public:
  static constexpr std::size_t kType = 0, kDriveDb = 1, kOutputDb = 2, kMix = 3, kFilter = 4,
                               kCutoffHz = 5, kResonanceQ = 6, kFilterMorph = 7;
  Distortion();

 private:
  void configure(double tempoBpm) noexcept override;
};

}  // namespace tonewood::effects
