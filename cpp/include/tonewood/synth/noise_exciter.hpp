#pragma once

#include <cstdint>

#include "tonewood/dsp/white_noise.hpp"
#include "tonewood/synth/exciter_parts.hpp"

namespace tonewood::synth {

/// White noise * 0.1 * level, shaped by its envelope (or gated by the key), reseeded at every
/// note so each note's excitation is the same. In stereo each channel gets its own noise stream
/// (same envelope and filter settings), which gives noise-excited sounds their width.
/// Audio thread.
class NoiseExciter {
 public:
  void trigger(const SynthSnapshot& s, double sampleRate, float gain) noexcept;
  void configure(const SynthSnapshot& s, double sampleRate) noexcept;
  void release() noexcept { envelope_.release(); }
  void stop() noexcept { envelope_.stop(); }
  bool isActive() const noexcept { return envelope_.isActive(); }
  /// Adds `frames` samples into each of `numChannels` (1 or 2) channels.
  void render(float* const* out, int numChannels, int frames) noexcept;

  static constexpr std::uint32_t kSeeds[2] = {0x6D2B79F5u, 0x1B873593u};

 private:
  ExciterFilter filter_[2];
  dsp::WhiteNoise noise_[2];
  ExciterEnvelope envelope_;
  float gain_ = 0.0f, velocityGain_ = 1.0f;
};

}  // namespace tonewood::synth
