#pragma once

#include "tonewood/dsp/effect_settings.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"

namespace tonewood::dsp {

/// A morphing state-variable filter on two channels: low-pass (morph 0) through band-pass (0.5)
/// to high-pass (1) at `cutoffHz` with resonance `q` (designSvfMorph). Audio thread unless
/// stated.
///
/// It runs four frames at a time. One SVF step is a linear map of its two memories and the
/// input, so four steps are one map too: the four outputs come from the memories at the group's
/// start and its four inputs (computed side by side, as a vector), and only the memories carry
/// from group to group. That turns a chain of four dependent steps into one, about three times
/// faster. Groups run from the last reset or change of setting, whatever the caller's block
/// sizes: a group cut by a block's end keeps its inputs and finishes in the next call by the
/// same arithmetic, so the output does not depend on how the audio is cut into blocks.
class StereoFilter {
 public:
  void prepare(double sampleRate) noexcept {
    sampleRate_ = sampleRate;
    coefficients_.g = -1.0;  // the next configure builds the map at this rate
    reset();
  }
  void reset() noexcept;
  /// A setting that differs from the current one ends the current group (its memories advance
  /// over the inputs it took) and starts the next with the new map.
  void configure(const FilterSettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;

 private:
  static constexpr int kGroup = 4;
  static constexpr int kTerms = 2 + kGroup;  // the two memories, then the group's inputs

  /// The map of one setting. Output j of a group is the sum over terms t of out[t][j] * term t
  /// (0 for inputs after j). After p inputs the memories are s + advance[p - 1] applied to the
  /// terms (as an increment, which keeps small coefficients exact at low cutoffs).
  struct Map {
    alignas(16) float out[kTerms][kGroup] = {};
    float advance[kGroup][2][kTerms] = {};
  };
  /// One channel: its memories at the group's start and the group's inputs so far.
  struct Side {
    float memory[2] = {0.0f, 0.0f};
    alignas(16) float input[kGroup] = {};
  };

  static float output(const Map& map, const Side& side, int j) noexcept;
  static void advance(const Map& map, Side& side, int taken) noexcept;
  void processGroups(float* left, float* right, int groups) noexcept;
  void processFrame(float& left, float& right) noexcept;

  double sampleRate_ = 44100.0;
  SvfCoefficients coefficients_;
  Map map_;
  Side side_[2];
  int taken_ = 0;  // inputs of the current group taken so far, 0..3
};

}  // namespace tonewood::dsp
