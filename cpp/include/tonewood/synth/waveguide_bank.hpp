#pragma once

#include <array>

#include "tonewood/dsp/dc_blocker.hpp"
#include "tonewood/dsp/linear_ramp.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"
#include "tonewood/synth/resonator_lanes.hpp"
#include "tonewood/synth/synth_snapshot.hpp"
#include "tonewood/synth/waveguide_resonator.hpp"

/// A bank of eight resonators sharing one input
///   x = (excitation * (1 - inputMix) + previousBank * inputMix * 0.5) * inputGain
/// coupled in one of three ways (`couplingMode`), where o_j is resonator j's loop output:
/// - Parallel: each loop is fed x; out = sum(post_j(o_j) g_j) / sum(g_j) * outputGain.
/// - Interlinked (a bridge, after J. O. Smith's coupled-string model): every loop is fed
///   o_j + fb + x with fb = -2 sum(o_j g_j) / sum(g_j); out = sum(post_j(o_j) g_j) * outputGain.
/// - Cascade: loop j is fed o_j + SVF_j(DCblock_j(o_{j-1}) * cascadeAmount) + x, within the same
///   sample and over enabled resonators only; out = sum(post_j(o_j) g_j) * outputGain.
/// Disabled resonators are skipped entirely. Audio thread unless stated.
namespace tonewood::synth {

class WaveguideBank {
 public:
  /// Longest block `start` accepts; the synth never asks for more (its control interval).
  static constexpr int kMaxFrames = LanePass::kMaxFrames;  // its lanes run in such passes

  /// `memory` holds kResonatorsPerBank * WaveguideResonator::kChannels * lineSize floats.
  /// Control thread.
  void attach(float* memory, int lineSize, double sampleRate) noexcept;
  WaveguideResonator& resonator(int index) noexcept { return resonators_[index]; }

  /// Clears the cascade links (resonators are reset one by one by the voice).
  void reset() noexcept;
  /// Takes the snapshot's bank settings: gains ramp over `rampSamples`, the cascade filter's
  /// coefficients change at once (the TPT structure tolerates it).
  void configure(const BankSnapshot& s, int rampSamples) noexcept;

  /// Starts a block of `frames` (<= kMaxFrames) samples: prepares the input, then queues the
  /// enabled resonators on `batch` when it is given and has room (they run with `batch.run()`);
  /// otherwise `finish` runs them on the scalar path.
  void start(const BankSnapshot& s, const float* const* excitation, const float* const* previous,
             int numChannels, int frames, LaneBatch* batch) noexcept;
  /// Overwrites `out` with this bank's output for the block `start` began.
  void finish(float* const* out) noexcept;

 private:
  void prepareInput(const float* const* excitation, const float* const* previous) noexcept;
  bool queue(LaneBatch& batch) noexcept;
  void collect(float* const* out) noexcept;
  void processParallel(float* const* out) noexcept;
  void processCoupled(float* const* out) noexcept;

  std::array<WaveguideResonator, kResonatorsPerBank> resonators_;
  // One cascade link (DC blocker, then filter) into each resonator, per channel.
  dsp::DcBlocker cascadeDc_[kResonatorsPerBank][WaveguideResonator::kChannels];
  dsp::SvfState cascadeFilter_[kResonatorsPerBank][WaveguideResonator::kChannels];
  dsp::SvfCoefficients cascadeCoefficients_;
  std::array<double, 4> cascadeDesigned_{-1.0, -1.0, -1.0,
                                         -1.0};  ///< morph, cutoff, Q, law designed for
  double sampleRate_ = 44100.0;
  dsp::LinearRamp inputGain_, inputMix_, outputScale_, cascadeAmount_;
  alignas(64) float input_[WaveguideResonator::kChannels][kMaxFrames] = {};
  alignas(64) float outScale_[kMaxFrames] = {};
  alignas(64) float amount_[kMaxFrames] = {};  ///< the cascade amount, per sample (coupled)
  // This block: what start() found, and where the lanes went when queued.
  Coupling coupling_ = Coupling::Parallel;
  int active_[kResonatorsPerBank] = {};
  int count_ = 0, numChannels_ = 1, frames_ = 0;
  LaneSpot spots_[WaveguideResonator::kChannels];
  bool queued_ = false;
};

}  // namespace tonewood::synth
