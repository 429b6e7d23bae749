#pragma once

#include "tonewood/dsp/delay_buffer.hpp"
#include "tonewood/dsp/effect_settings.hpp"

namespace tonewood::dsp {

/// Stereo chorus: each channel reads a delay swept by a sine LFO (the right channel a quarter
/// cycle behind), around a centre of 7 ms plus `delayS`, by up to 5 ms at full depth; feedback
/// from the delayed signal; dry/wet `mix`. Audio thread unless stated.
class Chorus {
 public:
  void prepare(double sampleRate);  ///< control thread
  void reset() noexcept;
  void configure(const ChorusSettings& s) noexcept { settings_ = s; }
  void process(float* left, float* right, int frames) noexcept;

 private:
  ChorusSettings settings_;
  DelayBuffer lines_[2];
  double sampleRate_ = 44100.0, phase_ = 0.0;
  float feedback_[2] = {};
};

}  // namespace tonewood::dsp
