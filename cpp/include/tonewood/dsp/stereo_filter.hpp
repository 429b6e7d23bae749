#pragma once

#include "tonewood/dsp/effect_settings.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"

namespace tonewood::dsp {

/// A morphing state-variable filter on two channels: low-pass (morph 0) through band-pass (0.5)
/// to high-pass (1) at `cutoffHz` with resonance `q` (designSvfMorph). Audio thread unless
/// stated.
class StereoFilter {
 public:
  void prepare(double sampleRate) noexcept {
    sampleRate_ = sampleRate;
    reset();
  }
  void reset() noexcept {
    state_[0].reset();
    state_[1].reset();
  }
  void configure(const FilterSettings& s) noexcept {
    coefficients_ = designSvfMorph(s.morph, s.cutoffHz, s.q, sampleRate_);
  }
  void process(float* left, float* right, int frames) noexcept {
    // State and coefficients in locals (registers), the two sides' chains side by side.
    SvfState l = state_[0], r = state_[1];
    const SvfCoefficients c = coefficients_;
    for (int i = 0; i < frames; ++i) {
      left[i] = l.tick(c, left[i]);
      right[i] = r.tick(c, right[i]);
    }
    state_[0] = l;
    state_[1] = r;
  }

 private:
  double sampleRate_ = 44100.0;
  SvfCoefficients coefficients_;
  SvfState state_[2];
};

}  // namespace tonewood::dsp
