#pragma once

#include <array>

#include "tonewood/dsp/dc_blocker.hpp"
#include "tonewood/dsp/linear_ramp.hpp"
#include "tonewood/synth/synth_snapshot.hpp"
#include "tonewood/synth/waveguide_resonator.hpp"

/// A bank of eight resonators sharing one input, in parallel coupling:
///   input  = (excitation * (1 - inputMix) + previousBank * inputMix * 0.5) * inputGain
///   output = DCblock(sum(post_j * g_j) / sum(g_j) * outputGain)
/// Disabled resonators are skipped entirely. Audio thread unless stated.
namespace tonewood::synth {

class WaveguideBank {
 public:
  /// Longest block `process` accepts; the synth never asks for more (its control interval).
  static constexpr int kMaxFrames = 32;

  /// `memory` holds kResonatorsPerBank * WaveguideResonator::kChannels * lineSize floats.
  /// Control thread.
  void attach(float* memory, int lineSize) noexcept;
  WaveguideResonator& resonator(int index) noexcept { return resonators_[index]; }

  /// Clears the DC blockers and the gain ramps (resonators are reset one by one by the voice).
  void reset() noexcept;
  /// Moves the bank gains to the snapshot's values over `rampSamples`.
  void setGains(const BankSnapshot& s, int rampSamples) noexcept;

  /// Overwrites `out` with this bank's output for `frames` (<= kMaxFrames) samples.
  void process(const BankSnapshot& s, const float* const* excitation, const float* const* previous,
               float* const* out, int numChannels, int frames) noexcept;

 private:
  std::array<WaveguideResonator, kResonatorsPerBank> resonators_;
  std::array<dsp::DcBlocker, WaveguideResonator::kChannels> dcBlockers_;
  dsp::LinearRamp inputGain_, inputMix_, outputScale_;
  alignas(64) float input_[WaveguideResonator::kChannels][kMaxFrames] = {};
  alignas(64) float sum_[WaveguideResonator::kChannels][kMaxFrames] = {};
};

}  // namespace tonewood::synth
