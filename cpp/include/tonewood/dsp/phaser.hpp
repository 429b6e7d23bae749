#pragma once

#include "tonewood/dsp/effect_settings.hpp"

namespace tonewood::dsp {

/// Stereo phaser: six first-order allpass stages per channel whose break frequency sweeps
/// around `centreHz` by up to three octaves each way at full depth (a sine LFO, the right channel
/// a quarter cycle behind), with feedback from the last stage; notches appear where the
/// stages' phase reaches odd multiples of pi. Audio thread unless stated.
class Phaser {
 public:
  static constexpr int kStages = 6;
  void prepare(double sampleRate) noexcept;
  void reset() noexcept;
  void configure(const PhaserSettings& s) noexcept { settings_ = s; }
  void process(float* left, float* right, int frames) noexcept;

 private:
  PhaserSettings settings_;
  double sampleRate_ = 44100.0, phase_ = 0.0;
  float state_[2][kStages] = {};
  float last_[2] = {};
  // The sweep is evaluated every kSweepStep samples of the phaser's own clock and interpolated,
  // which keeps the cost low and the result independent of how calls split the audio.
  static constexpr int kSweepStep = 16;
  int clock_ = 0;
  float coefficient_[2] = {}, coefficientStep_[2] = {};
  float allpassCoefficient(int channel, double phase) const noexcept;
};

}  // namespace tonewood::dsp
