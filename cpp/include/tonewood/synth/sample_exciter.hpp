#pragma once

#include <memory>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/synth/exciter_parts.hpp"

namespace tonewood::synth {

/// Audio for the sample exciter, already at the synth's sample rate (1 or 2 channels).
struct SampleData {
  AudioBuffer audio;
  std::string path;
};

/// Plays the loaded sample from `sampleStart` to `sampleEnd` (percent of its length), once or
/// looping (`sampleLoop`), at `sampleGain`, shaped by its envelope (or key gate) and filter.
/// `sampleMix` splits it with an equal-power law: sin(mix pi/2) into the banks, cos(mix pi/2)
/// straight to the voice output. Playback speed is 1, or 2^((note - root)/12) with key tracking
/// (an improvement; off in compatibility mode). Audio thread.
class SampleExciter {
 public:
  void trigger(const SynthSnapshot& s, const SampleData* data, double speed,
               double sampleRate) noexcept;
  void configure(const SynthSnapshot& s, double sampleRate) noexcept;
  void release() noexcept { envelope_.release(); }
  void stop() noexcept {
    envelope_.stop();
    data_ = nullptr;
  }
  bool isActive() const noexcept { return envelope_.isActive() && data_ != nullptr; }
  /// Adds into the excitation (`wet`) and the voice's direct output (`dry`).
  void render(float* const* wet, float* const* dry, int numChannels, int frames) noexcept;

 private:
  const SampleData* data_ = nullptr;
  ExciterFilter filter_[2];
  ExciterEnvelope envelope_;
  double position_ = 0.0, speed_ = 1.0, start_ = 0.0, end_ = 0.0;
  bool loop_ = false;
  float wet_ = 0.0f, dry_ = 0.0f;
};

}  // namespace tonewood::synth
