#pragma once

#include <cstdint>

#include "tonewood/dsp/adsr.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"
#include "tonewood/dsp/white_noise.hpp"
#include "tonewood/synth/synth_snapshot.hpp"

/// The exciters that start the resonators: signals summed into one mono excitation per voice.
/// Each has its own filter (none / LP / HP / BP / notch / allpass). Audio thread throughout.
namespace tonewood::synth {

/// An exciter's filter: an SVF whose response is picked by the `filterType` parameter.
class ExciterFilter {
 public:
  void configure(const ExciterFilterSnapshot& s, double sampleRate) noexcept;
  void reset() noexcept { state_.reset(); }
  float tick(float x) noexcept { return active_ ? state_.tick(coefficients_, x) : x; }

 private:
  dsp::SvfCoefficients coefficients_;
  dsp::SvfState state_;
  bool active_ = false;
};

/// At note-on, `thickness` samples of `-level / thickness`, then silence (through its filter,
/// which may ring).
class ImpulseExciter {
 public:
  void trigger(const SynthSnapshot& s, double sampleRate) noexcept;
  void configure(const SynthSnapshot& s, double sampleRate) noexcept;
  void stop() noexcept { remaining_ = 0; }
  /// Adds `frames` samples into each of `numChannels` (1 or 2) channels (the same signal).
  void render(float* const* out, int numChannels, int frames) noexcept;

 private:
  ExciterFilter filter_;
  float value_ = 0.0f;
  int remaining_ = 0;
  int filterTail_ = 0;  ///< samples the filter keeps running after the impulse ends
};

/// White noise * 0.1 * level, shaped by its ADSR, reseeded at every note so each note's
/// excitation is the same. With the envelope switched off the noise is gated: full level while
/// the key is held, nothing after release. In stereo each channel gets its own noise stream
/// (same envelope and filter settings), which gives noise-excited sounds their width.
class NoiseExciter {
 public:
  void trigger(const SynthSnapshot& s, double sampleRate) noexcept;
  void configure(const SynthSnapshot& s, double sampleRate) noexcept;
  void release() noexcept;
  void stop() noexcept;
  bool isActive() const noexcept { return active_; }
  /// Adds `frames` samples into each of `numChannels` (1 or 2) channels.
  void render(float* const* out, int numChannels, int frames) noexcept;

  static constexpr std::uint32_t kSeeds[2] = {0x6D2B79F5u, 0x1B873593u};

 private:
  ExciterFilter filter_[2];
  dsp::WhiteNoise noise_[2];
  dsp::Adsr envelope_;
  bool useEnvelope_ = false;
  bool held_ = false;
  bool active_ = false;
  float gain_ = 0.0f;
};

}  // namespace tonewood::synth
