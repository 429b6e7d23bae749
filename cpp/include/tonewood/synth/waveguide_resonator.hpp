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
/// Two scalar ways to run it: `process` for a whole block when the resonator's input does not
/// depend on the other resonators (parallel coupling), or the per-sample steps `advance`, `pop`,
/// `push` and `output` when a bank couples resonators within each sample. Vector kernels take
/// `lane`s instead and reproduce both bit for bit (resonator_lanes.hpp).
namespace tonewood::synth {

/// A resonator's coefficients, one flat vector so a ramp is one loop, on their way from
/// `current` to `target` in `remaining` equal steps. The scalar reference for the lane kernel.
struct ResonatorRamp {
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

  Vector current{}, target{}, step{};
  int remaining = 0;
  bool delayMoves = false;
  dsp::LagrangeTaps taps;        ///< for `current`; single precision while the delay ramps
  dsp::LagrangeTaps targetTaps;  ///< for `target`, where the ramp lands

  /// One sample further: every coefficient moves by its step and lands exactly on the target.
  void advance() noexcept {
    for (int k = 0; k < kCount; ++k) current[k] += step[k];
    if (--remaining == 0) {
      current = target;  // no float drift
      taps = targetTaps;
    } else if (delayMoves) {
      taps = dsp::lagrangeTapsFast(current[kDelay]);
    }
  }
  /// Takes the state a vector kernel reached after `frames` samples of `advance`.
  void commit(const float* reached, int frames) noexcept;

  /// A filter's coefficients starting at `first` (kLoopA1 or kPostA1).
  dsp::SvfCoefficients svf(int first) const noexcept {
    dsp::SvfCoefficients c;
    c.a1 = current[first], c.a2 = current[first + 1], c.a3 = current[first + 2];
    c.m0 = current[first + 3], c.m1 = current[first + 4], c.m2 = current[first + 5];
    return c;
  }
};

/// One channel of a resonator as a vectorised kernel sees it: its delay line, filter states and
/// coefficients (which the kernel reads and never writes: the bank commits the ramps).
struct ResonatorLane {
  dsp::DelayLine* line;
  dsp::SvfState* loopState;
  dsp::FirstOrderAllpass* allpass;
  dsp::SvfState* postState;
  const ResonatorRamp* ramp;
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
  /// Gives each channel coefficients of its own (on: the right channel starts from where the
  /// shared ones are, then takes `setCoefficients(..., 1)`) or one set for both (off).
  void splitChannels(bool split) noexcept;
  /// Moves `channel`'s coefficients (both channels' unless split) to `target` over
  /// `rampSamples` samples (linear in every coefficient, which keeps the TPT filters stable),
  /// or at once when 0. Audio thread.
  void setCoefficients(const ResonatorCoefficients& target, int rampSamples,
                       int channel = 0) noexcept;
  bool isBypassed(int c) const noexcept { return bypass_[at(c)]; }
  ResonatorLane lane(int c) noexcept {
    return {&lines_[c],      &loopFilter_[c], &allpass_[c],
            &postFilter_[c], &ramps_[at(c)],  bypass_[at(c)]};
  }
  /// Takes what a vector kernel computed for channel `c`'s coefficients over `frames` (only
  /// channel 0's count unless split: the channels share them).
  void commitRamp(int c, const float* reached, int frames) noexcept {
    if (c == at(c) && ramps_[c].remaining > 0) ramps_[c].commit(reached, frames);
  }
  float gain(int c) const noexcept { return ramps_[at(c)].current[ResonatorRamp::kGain]; }

  /// Adds this resonator's output for `frames` samples of `in` into `out`, channels
  /// 0..numChannels-1 (1 for a mono excitation, 2 for stereo). Audio thread.
  void process(const float* const* in, float* const* out, int numChannels, int frames) noexcept;

  /// Per-sample steps for coupled banks; call `advance` once per sample before the others.
  void advance() noexcept {
    if (ramps_[0].remaining > 0) ramps_[0].advance();
    if (split_ && ramps_[1].remaining > 0) ramps_[1].advance();
  }
  /// The loop's output this sample: g * allpass(loopFilter(delay out)); 0 when bypassed.
  float pop(int c) noexcept {
    const int k = at(c);
    if (bypass_[k]) return 0.0f;
    using R = ResonatorRamp;
    const ResonatorRamp& r = ramps_[k];
    const float d = lines_[c].read(r.taps);
    return r.current[R::kLoopGain] *
           allpass_[c].tick(r.current[R::kAllpass], loopFilter_[c].tick(r.svf(R::kLoopA1), d));
  }
  /// Writes the loop's next input (the popped sample plus whatever feeds the resonator).
  void push(int c, float x) noexcept {
    if (!bypass_[at(c)]) lines_[c].push(x);
  }
  /// gain * post(y): what the resonator contributes to the bank output for loop output `y`.
  float output(int c, float y) noexcept {
    return gain(c) * postFilter_[c].tick(ramps_[at(c)].svf(ResonatorRamp::kPostA1), y);
  }

 private:
  static ResonatorRamp::Vector flatten(const ResonatorCoefficients& c) noexcept;
  /// Whose coefficients channel `c` uses.
  int at(int c) const noexcept { return split_ ? c : 0; }
  /// One channel on its own coefficients (mono, or split channels).
  void processChannel(int c, const float* in, float* out, int frames) noexcept;

  std::array<dsp::DelayLine, kChannels> lines_;
  std::array<dsp::SvfState, kChannels> loopFilter_;
  std::array<dsp::FirstOrderAllpass, kChannels> allpass_;
  std::array<dsp::SvfState, kChannels> postFilter_;
  std::array<ResonatorRamp, kChannels> ramps_;  ///< [1] only used while split
  bool bypass_[kChannels] = {false, false};
  bool split_ = false;
  int lineSize_ = 0;
};

}  // namespace tonewood::synth
