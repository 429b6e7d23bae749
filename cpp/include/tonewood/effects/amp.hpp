#pragma once

#include "tonewood/dsp/distortion.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// A guitar-amp stage with six characters (clean, warm, crunch, fuzz, bass, radio): `gain_db`
/// before it, bass and treble shelves, and the output `level_db`.
class Amp final : public StereoEffect<dsp::AmpSimulator> {
 public:
  static constexpr std::size_t kMode = 0, kGainDb = 1, kBassDb = 2, kTrebleDb = 3, kLevelDb = 4;
  Amp();

 private:
  void configure(double tempoBpm) noexcept override;
};

}  // namespace tonewood::effects
