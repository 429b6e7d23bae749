#pragma once

#include "tonewood/dsp/adsr.hpp"
#include "tonewood/dsp/state_variable_filter.hpp"
#include "tonewood/synth/synth_snapshot.hpp"

/// Pieces every exciter is built from: its filter, and its envelope (or key gate).
/// Audio thread throughout.
namespace tonewood::synth {

/// An exciter's filter: an SVF whose response is picked by the `filterType` parameter
/// (0 none, 1 lowpass, 2 highpass, 3 bandpass, 4 notch, 5 allpass).
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

/// The level an exciter plays at over a note: its ADSR when the envelope is switched on,
/// otherwise a gate (full level while the key is held, nothing after release).
class ExciterEnvelope {
 public:
  /// Starts a note. `enabled` is the exciter's own on switch.
  void trigger(bool enabled, const AdsrSnapshot& s, double sampleRate) noexcept;
  /// New ADSR times and sustain (the envelope on/off choice is kept until the next note).
  void configure(const AdsrSnapshot& s, double sampleRate) noexcept;
  void release() noexcept;
  void stop() noexcept;
  bool isActive() const noexcept { return active_; }

  /// The next sample's level. After it returns, isActive() may have become false: the exciter
  /// has ended on exactly this sample.
  float next() noexcept {
    if (!useAdsr_) return 1.0f;
    const float level = adsr_.next();
    if (!adsr_.isActive()) active_ = false;
    return level;
  }

 private:
  dsp::Adsr adsr_;
  bool useAdsr_ = false;
  bool active_ = false;
};

}  // namespace tonewood::synth
