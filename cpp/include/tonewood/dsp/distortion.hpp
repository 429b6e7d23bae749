#pragma once

#include "tonewood/dsp/effect_settings.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"

namespace tonewood::dsp {

/// Waveshaping distortion with Resonarium's laws: drive (dB, before the shaper), output level
/// (dB, after it), a dry/wet mix and an optional morphing SVF (mixed like chowdsp's multi-mode
/// SVF, as the original's) before or after the shaper. Types: 0 tanh, 1 hard clip at +-1,
/// 2 linear fold (a triangle of period 4), 3 sine fold (a sine of period 4), 4 bitcrush and
/// 5 downsample, where the drive knob's dB figure is read as a count, as the original does: the
/// number of quantisation levels over -1..1 (1..32) and the hold period in samples (>= 1,
/// fractional periods alternate). Audio thread unless stated.
class Distortion {
 public:
  void prepare(double sampleRate) noexcept;
  void reset() noexcept;
  void configure(const DistortionSettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;
  /// The static shaper of types 0..3 (no state). Any thread.
  static float shape(int type, float x, bool resonariumFold = false) noexcept;

 private:
  DistortionSettings settings_;
  SvfCoefficients filter_;
  SvfState filterState_[2];
  double sampleRate_ = 44100.0;
  float drive_ = 1.0f, output_ = 1.0f, quantum_ = 2.0f;
  float holdPeriod_ = 1.0f, holdCount_ = 0.0f;
  float held_[2] = {};
};

/// A guitar-amp style stage with six characters (`ampMode`): 0 clean, 1 warm (asymmetric tube),
/// 2 crunch, 3 fuzz, 4 bass, 5 radio. Knobs: A gain (0..1 -> 0..+30 dB before the stage),
/// B bass and C treble (shelving, -12..+12 dB around 0.5), D level (0..1 -> -24..+6 dB).
class AmpSimulator {
 public:
  void prepare(double sampleRate) noexcept;
  void reset() noexcept;
  void configure(const AmpSettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;

 private:
  AmpSettings settings_;
  double sampleRate_ = 44100.0;
  float gain_ = 1.0f, level_ = 1.0f, bass_ = 1.0f, treble_ = 1.0f;
  float lowCoefficient_ = 0.0f, highCoefficient_ = 0.0f, bandLimit_ = 0.0f;
  float low_[2] = {}, high_[2] = {}, limit_[2] = {}, dc_[2] = {};
};

}  // namespace tonewood::dsp
