#pragma once

#include "tonewood/synth/exciter_parts.hpp"

namespace tonewood::synth {

/// At note-on, `thickness` samples of `-level / thickness`, then silence (through its filter,
/// which may ring).
///
/// Pick position (an improvement; off in Resonarium-compatibility mode, where the original left
/// the parameter unused): a string plucked at fraction p of its length has no partials at
/// multiples of 1/p. We shape the excitation with the comb 1 - z^-round(p P), P the note's period,
/// which puts those zeros in the spectrum (J. O. Smith, "Physical Audio Signal Processing",
/// plucked-string excitation). p is kept within [0.02, 0.98] (at the very ends a string is
/// silent); p = 0 turns the comb off, for an ideal impulse.
/// Audio thread.
class ImpulseExciter {
 public:
  /// `noteHz` places the pick-position comb; `gain` scales the level (velocity).
  void trigger(const SynthSnapshot& s, double sampleRate, double noteHz, float gain) noexcept;
  void configure(const SynthSnapshot& s, double sampleRate) noexcept;
  void stop() noexcept { clock_ = end_; }
  /// Adds `frames` samples into each of `numChannels` (1 or 2) channels (the same signal).
  void render(float* const* out, int numChannels, int frames) noexcept;

 private:
  ExciterFilter filter_;
  float value_ = 0.0f;
  int thickness_ = 0;
  int combDelay_ = 0;  ///< 0: no comb
  int clock_ = 0;      ///< samples since note-on
  int end_ = 0;        ///< clock at which the exciter (and its filter's ring) is done
};

}  // namespace tonewood::synth
