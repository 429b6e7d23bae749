#pragma once

#include "tonewood/synth/exciter_parts.hpp"

namespace tonewood::synth {

/// Audio from outside (the caller's input) as an exciter: input * 0.05 * gain * sin(mix pi/2)
/// into the banks, shaped by its envelope (or key gate) and filter. The dry share,
/// input * cos(mix pi/2), is added once to the synth output, not per voice. A mono voice hears
/// the mean of the input channels. Audio thread.
class ExternalInputExciter {
 public:
  void trigger(const SynthSnapshot& s, double sampleRate) noexcept;
  void configure(const SynthSnapshot& s, double sampleRate) noexcept;
  void release() noexcept { envelope_.release(); }
  void stop() noexcept { envelope_.stop(); }
  bool isActive() const noexcept { return envelope_.isActive(); }
  /// Adds the wet input into `out`. `input` holds `inputChannels` (1 or 2) channels or is null.
  void render(float* const* out, int numChannels, const float* const* input, int inputChannels,
              int frames) noexcept;

 private:
  ExciterFilter filter_[2];
  ExciterEnvelope envelope_;
  float gain_ = 0.0f;
};

}  // namespace tonewood::synth
