#pragma once

#include "tonewood/dsp/chorus.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// Stereo chorus: delays of 7 ms plus `delay_ms` swept by a sine (the right channel a quarter
/// cycle behind) by up to 5 ms at full depth, with feedback and a dry/wet mix. With `sync` on it
/// sweeps once per `note_value` at the transport's tempo.
class Chorus final : public StereoEffect<dsp::Chorus> {
 public:
  static constexpr std::size_t kRateHz = 0, kDepth = 1, kDelayMs = 2, kFeedback = 3, kMix = 4,
                               kSync = 5, kNoteValue = 6;
  Chorus();

 private:
  void configure(double tempoBpm) noexcept override;
  bool followsTempo() const noexcept override;
};

}  // namespace tonewood::effects
