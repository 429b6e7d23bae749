#pragma once

#include "tonewood/dsp/phaser.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// Stereo phaser: six allpass stages per channel swept around `centre_hz` by up to three octaves
/// each way at full depth, with feedback and a dry/wet mix; synced like the chorus.
class Phaser final : public StereoEffect<dsp::Phaser> {
 public:
  static constexpr std::size_t kRateHz = 0, kDepth = 1, kCentreHz = 2, kFeedback = 3, kMix = 4,
                               kSync = 5, kNoteValue = 6;
  Phaser();

 private:
  void configure(double tempoBpm) noexcept override;
  bool followsTempo() const noexcept override;
};

}  // namespace tonewood::effects
