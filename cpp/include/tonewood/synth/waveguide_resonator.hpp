#pragma once

#include <array>

#include "tonewood/dsp/dc_blocker.hpp"
#include "tonewood/dsp/first_order_allpass.hpp"
#include "tonewood/dsp/lagrange_delay.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"
#include "tonewood/synth/loop_tuning.hpp"

/// One waveguide resonator ("string model"): a stereo pair of mono feedback loops with
/// independent state. Per sample and channel:
///   d = delay.read(D);  y = g * allpass(loopFilter(d));  delay.write(x + y);  out += gain *
///   post(d)
/// Source: K. Karplus, A. Strong, "Digital Synthesis of Plucked-String and Drum Timbres" (1983);
/// D. Jaffe, J. O. Smith, "Extensions of the Karplus-Strong Plucked-String Algorithm" (1983).
namespace tonewood::synth {

class WaveguideResonator {
 public:
  static constexpr int kChannels = 2;

  /// Uses `memory` (kChannels * lineSize floats, owned by the caller) for the delay lines.
  /// Control thread.
  void attach(float* memory, int lineSize) noexcept;
  /// Longest loop delay the lines hold, in samples.
  double maxDelaySamples() const noexcept { return lineSize_ - 8.0; }

  /// Clears delay lines and filter state; keeps coefficients. Audio thread (cost: the lines).
  void reset() noexcept;

  /// Moves to new coefficients over `rampSamples` samples (linear in every coefficient, which
  /// keeps the TPT filters stable), or at once when 0. Audio thread.
  void setCoefficients(const ResonatorCoefficients& target, int rampSamples) noexcept;

  /// Adds this resonator's output for `frames` samples of `in` into `out`, channels
  /// 0..numChannels-1 (1 for a mono excitation, 2 for stereo). Audio thread.
  void process(const float* const* in, float* const* out, int numChannels, int frames) noexcept;

 private:
  // Every coefficient that ramps, as one flat vector so a ramp is one loop.
  enum Index {
    kDelay,
    kLoopGain,
    kAllpass,
    kGain,
    kLoopA1,
    kLoopA2,
    kLoopA3,
    kLoopM0,
    kLoopM1,
    kLoopM2,
    kPostA1,
    kPostA2,
    kPostA3,
    kPostM0,
    kPostM1,
    kPostM2,
    kCount
  };
  using Vector = std::array<float, kCount>;
  static Vector flatten(const ResonatorCoefficients& c) noexcept;
  static dsp::SvfCoefficients loopFilterOf(const Vector& v) noexcept;
  static dsp::SvfCoefficients postFilterOf(const Vector& v) noexcept;

  void processSteady(const float* const* in, float* const* out, int numChannels,
                     int frames) noexcept;
  void processRamp(const float* const* in, float* const* out, int numChannels, int frames) noexcept;

  std::array<dsp::DelayLine, kChannels> lines_;
  std::array<dsp::SvfState, kChannels> loopFilter_;
  std::array<dsp::FirstOrderAllpass, kChannels> allpass_;
  std::array<dsp::SvfState, kChannels> postFilter_;
  Vector current_{}, target_{}, step_{};
  dsp::LagrangeTaps taps_;
  int rampRemaining_ = 0;
  bool bypass_ = false;
  int lineSize_ = 0;
};

}  // namespace tonewood::synth
