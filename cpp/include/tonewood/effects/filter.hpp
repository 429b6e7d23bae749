#pragma once

#include "tonewood/dsp/stereo_filter.hpp"
#include "tonewood/effects/stereo_effect.hpp"

namespace tonewood::effects {

/// A resonant morphing filter: low-pass at morph 0, band-pass at 0.5, high-pass at 1, with its
/// cutoff in Hz and resonance as Q (a TPT state-variable filter).
class Filter final : public StereoEffect<dsp::StereoFilter> {
 public:
  static constexpr std::size_t kCutoffHz = 0, kResonanceQ = 1, kMorph = 2;
  Filter();

 private:
  void configure(double tempoBpm) noexcept override;
};

}  // namespace tonewood::effects
