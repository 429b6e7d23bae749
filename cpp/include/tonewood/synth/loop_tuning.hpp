#pragma once

#include "tonewood/dsp/state_variable_filter.hpp"

/// Design of one waveguide resonator: from musical settings (frequency, T60, filters) to the
/// coefficients its loop runs with, including the tuning compensation that keeps the loop's
/// fundamental exactly at the requested frequency.
namespace tonewood::synth {

/// Loop-filter responses, as `svfType` numbers them.
enum class LoopFilterType { Lowpass = 0, Bandpass = 1, Highpass = 2 };

/// What a resonator should do, in natural units. Compared by value to skip redundant designs.
struct ResonatorSettings {
  double frequencyHz = 440.0;
  double decayTimeS = 3.0;  ///< T60; >= 60 means no decay, < 0.03 bypasses the loop
  double dispersion = 0.0;  ///< 0..1
  LoopFilterType loopType = LoopFilterType::Lowpass;
  double loopCutoffHz = 3000.0;
  /// The loop filter's resonant peak, not its cutoff, sits at loopCutoffHz (keytracked loop
  /// filters, as in Resonarium: the resonance follows the note).
  bool loopCutoffIsPeak = false;
  double loopQ = 0.7071;
  double postMorph = 0.0;  ///< 0 lowpass, 0.5 bandpass, 1 highpass
  double postCutoffHz = 9000.0;
  double postQ = 0.7071;
  double gain = 1.0;  ///< linear output gain
  /// As Resonarium builds it: the loop is tuned by the original's rule (period - 1.03 samples -
  /// the loop filter's phase delay at f), not for the dispersion allpass's phase (so dispersion
  /// detunes; a fully dispersive loop sounds an octave down), and the post filter's
  /// band-pass share is not normalised (its peak gain is Q).
  bool resonariumCompatibility = false;

  friend bool operator==(const ResonatorSettings&, const ResonatorSettings&) = default;
};

/// Decay times at or above this are infinite sustain (loop gain exactly 1).
inline constexpr double kInfiniteDecayS = 60.0;
/// Decay times below this bypass the loop: the input goes straight to the post filter.
inline constexpr double kBypassDecayS = 0.03;

struct ResonatorCoefficients {
  float delaySamples = 2.0f;  ///< compensated loop delay
  float loopGain = 0.0f;      ///< per-period gain 0.001^(1 / (T60 f))
  float allpass = 0.0f;       ///< dispersion allpass coefficient s = -sin(d pi / 2)
  float gain = 1.0f;
  dsp::SvfCoefficients loopFilter;
  dsp::SvfCoefficients postFilter;
  bool bypass = false;
};

/// Loop delay in samples that puts the fundamental at `periodSamples` (= sampleRate / f): the
/// period minus the phase delays of the loop filter, the dispersion allpass and the Lagrange
/// interpolator's own deviation from its nominal delay.
///
/// A lossy loop's pole lies inside the unit circle, at z = r e^{j w} with r^D = loop gain, and a
/// filter whose gain slopes around f shifts the pole's angle away from the unit-circle phase
/// crossing (by Cauchy-Riemann, the phase off the circle depends on the slope of the log gain).
/// So the phase condition is solved at the pole itself: D and r are refined together by fixed-point
/// iteration. Result within [2, maxDelaySamples].
double compensatedLoopDelay(double periodSamples, const dsp::SvfCoefficients& loopFilter,
                            double allpass, double loopGain, double maxDelaySamples) noexcept;

/// Full design. `frequencyHz` is clamped to [lowestHz, 0.45 * sampleRate].
ResonatorCoefficients designResonator(const ResonatorSettings& settings, double sampleRate,
                                      double lowestHz, double maxDelaySamples);

/// Moves `c`, designed from `before`, to `settings`. When only the post filter or the gain
/// changed, the loop (and its costly tuning) is kept: the result equals a full design.
void redesignResonator(ResonatorCoefficients& c, const ResonatorSettings& before,
                       const ResonatorSettings& settings, double sampleRate, double lowestHz,
                       double maxDelaySamples);

}  // namespace tonewood::synth
