#pragma once

#include <array>

#include "tonewood/dsp/dc_blocker.hpp"
#include "tonewood/dsp/first_order_allpass.hpp"
#include "tonewood/dsp/lagrange_delay.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"
#include "tonewood/synth/loop_tuning.hpp"

/// One waveguide resonator ("string model"): a stereo pair of mono feedback loops with
/// independent state. Per sample and channel:
///   y = g * allpass(loopFilter(delay.read(D)));  delay.write(x + y);  out = gain * post(y)
/// Source: K. Karplus, A. Strong, "Digital Synthesis of Plucked-String and Drum Timbres" (1983);
/// D. Jaffe, J. O. Smith, "Extensions of the Karplus-Strong Plucked-String Algorithm" (1983).
///
/// Two ways to run it: `process` for a whole block when the resonator's input does not depend on
/// the other resonators (parallel coupling, the fast path), or the per-sample steps `advance`,
/// `pop`, `push` and `output` when a bank couples resonators within each sample.
namespace tonewood::synth {

/// One channel of a resonator as a vectorised kernel sees it: its delay line and the state and
/// coefficients of its filters, in the steady state (no ramp, loop not bypassed).
struct ResonatorLane {
  dsp::DelayLine* line;
  const dsp::LagrangeTaps* taps;
  dsp::SvfState* loopState;
  dsp::FirstOrderAllpass* allpass;
  dsp::SvfState* postState;
  const dsp::SvfCoefficients* loop;
  const dsp::SvfCoefficients* post;
  float loopGain, allpassCoefficient, gain;
  bool bypass;  ///< loop bypassed: the input goes straight to the post filter
};

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

  bool isBypassed() const noexcept { return bypass_; }
  /// True when a vectorised kernel may run it: coefficients steady.
  bool laneReady() const noexcept { return rampRemaining_ == 0; }
  ResonatorLane lane(int c) noexcept {
    return {&lines_[c],         &taps_,          &loopFilter_[c], &allpass_[c],
            &postFilter_[c],    &loop_,          &post_,          current_[kLoopGain],
            current_[kAllpass], current_[kGain], bypass_};
  }
  float gain() const noexcept { return current_[kGain]; }

  /// Adds this resonator's output for `frames` samples of `in` into `out`, channels
  /// 0..numChannels-1 (1 for a mono excitation, 2 for stereo). Audio thread.
  void process(const float* const* in, float* const* out, int numChannels, int frames) noexcept;

  /// Per-sample steps for coupled banks; call `advance` once per sample before the others.
  void advance() noexcept {
    if (rampRemaining_ > 0) stepRamp();
  }
  /// The loop's output this sample: g * allpass(loopFilter(delay out)); 0 when bypassed.
  float pop(int c) noexcept {
    if (bypass_) return 0.0f;
    const float d = lines_[c].read(taps_);
    return current_[kLoopGain] *
           allpass_[c].tick(current_[kAllpass], loopFilter_[c].tick(loop_, d));
  }
  /// Writes the loop's next input (the popped sample plus whatever feeds the resonator).
  void push(int c, float x) noexcept {
    if (!bypass_) lines_[c].push(x);
  }
  /// gain * post(y): what the resonator contributes to the bank output for loop output `y`.
  float output(int c, float y) noexcept { return current_[kGain] * postFilter_[c].tick(post_, y); }

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
  void refreshDerived() noexcept;  ///< loop_, post_ and taps_ from current_
  void stepRamp() noexcept;

  std::array<dsp::DelayLine, kChannels> lines_;
  std::array<dsp::SvfState, kChannels> loopFilter_;
  std::array<dsp::FirstOrderAllpass, kChannels> allpass_;
  std::array<dsp::SvfState, kChannels> postFilter_;
  Vector current_{}, target_{}, step_{};
  dsp::SvfCoefficients loop_, post_;
  dsp::LagrangeTaps taps_;
  int rampRemaining_ = 0;
  bool rampDelay_ = false, rampLoop_ = false, rampPost_ = false;  ///< which parts move
  bool bypass_ = false;
  int lineSize_ = 0;
};

}  // namespace tonewood::synth
