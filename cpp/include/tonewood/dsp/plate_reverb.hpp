#pragma once

#include <array>
#include <vector>

#include "tonewood/dsp/effect_settings.hpp"

namespace tonewood::dsp {

/// The figure-of-eight plate reverb Resonarium runs (Martin Eastwood's MVerb, after J. Dattorro,
/// "Effect Design, Part 1", JAES 1997): an input band-limit, a predelay, four series allpass
/// diffusers, two cross-fed tank halves (modulation-free allpass, delay, damping low-pass,
/// allpass, delay), output taps summed at 0.6 each, and eight-tap early reflections. Controls
/// are the original's 0..1 knobs, read as it reads them:
/// - bandwidth: input low-pass at 100 + 18400 * bandwidth Hz; damping: tank low-pass at
///   100 + 18400 * (1 - damping) Hz (both 4x-oversampled Chamberlin state-variable filters);
/// - decay: tank feedback 0.005 + 0.7995 * decay; density: the first tank allpasses' feedback;
/// - size: every tank length scaled by 0.05 + 0.95 * size (changing it clears the tank);
/// - predelay: 0..200 ms; earlyMix: tank against early reflections; mix: dry/wet.
/// Settings glide to new values over each control interval (32 samples), so the output does not
/// depend on the block size; a configuration made before the first sample after a reset
/// applies at once. Audio thread unless stated.
class PlateReverb {
 public:
  void prepare(double sampleRate);  ///< control thread (allocates)
  void reset() noexcept;
  void configure(const ReverbSettings& s) noexcept;
  void process(float* left, float* right, int frames) noexcept;

  /// A circular line; `tap(offset)` reads the slot `offset` ahead of the write position, which
  /// after a push holds the sample written `length - offset` pushes ago.
  struct Line {
    std::vector<float> data;
    int length = 1, position = 0;
    float push(float x) noexcept;
    float tap(int offset) const noexcept;
    float allpass(float x, float feedback) noexcept;
    void clear() noexcept;
  };
  /// Chamberlin state-variable low-pass run four times per sample.
  struct Lowpass {
    float f = 0.0f, low = 0.0f, band = 0.0f;
    void tune(double hz, double sampleRate) noexcept;
    float operator()(float x) noexcept;
  };

 private:
  void resize(double size) noexcept;
  /// The glided values the settings ask for, in the order of `now_`.
  std::array<float, 6> targets() const noexcept;
  /// Sets the glided values to their targets at once (after a reset, before any sound).
  void jumpToTargets() noexcept;
  /// One interval's glide: the per-sample steps toward the configured targets.
  void startGlide() noexcept;

  static constexpr int kGlide = 32;
  double sampleRate_ = 44100.0;
  ReverbSettings settings_;
  double size_ = -1.0;  ///< the length factor in use
  Line predelay_;
  std::array<Line, 4> diffusers_, tankAllpasses_, tankDelays_;
  std::array<Line, 2> early_;
  std::array<Lowpass, 2> bandwidth_, damping_;
  std::array<std::array<int, 3>, 4> tankTaps_{};     ///< offsets of the tank delays' taps
  std::array<std::array<int, 2>, 2> allpassTaps_{};  ///< of the second allpasses of each half
  std::array<std::array<int, 6>, 2> earlyTaps_{};
  float previousLeft_ = 0.0f, previousRight_ = 0.0f;
  // Glided values and their steps: mix, early mix, decay, predelay (samples), bandwidth and
  // damping cutoffs (Hz).
  std::array<float, 6> now_{}, step_{};
  int glideLeft_ = 0;
  bool fresh_ = true;  ///< reset and not processed since: a new configuration applies at once
};

}  // namespace tonewood::dsp
