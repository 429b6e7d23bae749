#pragma once

#include <complex>

/// The trapezoidal (TPT / zero-delay-feedback) state-variable filter.
/// Source: V. Zavalishin, "The Art of VA Filter Design" (2012), ch. 4; A. Simper, "Linear
/// Trapezoidal Integrated SVF" (Cytomic, 2013). It stays stable when its coefficients move
/// every sample, which is why the resonators use it inside their feedback loops.
namespace tonewood::dsp {

enum class SvfResponse { Lowpass, Bandpass, Highpass, Notch, Allpass };

/// Coefficients of one SVF setting: the structure's a1..a3 plus an output mix
/// y = m0 * input + m1 * bandpass + m2 * lowpass. g and k are kept for analysis.
struct SvfCoefficients {
  float a1 = 1.0f, a2 = 0.0f, a3 = 0.0f;
  float m0 = 1.0f, m1 = 0.0f, m2 = 0.0f;
  double g = 0.0;  ///< tan(pi * cutoff / sampleRate)
  double k = 1.0;  ///< 1 / Q
};

/// Designs one response. Cutoff is clamped to [1 Hz, 0.49 * sampleRate], Q to [0.01, 1000].
/// Bandpass is scaled to unity gain at the cutoff (k * bandpass). With `peakNormalised`, lowpass
/// and highpass are scaled so their largest gain at any frequency is exactly 1 (used in feedback
/// loops, where a resonant peak above unity would make the loop grow).
SvfCoefficients designSvf(SvfResponse response, double cutoffHz, double q, double sampleRate,
                          bool peakNormalised = false);

/// The cutoff that puts the response's resonant peak at `peakHz`. A lowpass with Q > 1/sqrt(2)
/// peaks below its cutoff, a highpass above it (by the factor sqrt(1 - 1/(2 Q^2)), applied to
/// the prewarped frequency so the digital peak lands exactly); a bandpass peaks at its cutoff.
/// Without a resonant peak (Q <= 1/sqrt(2)) the cutoff is `peakHz` itself.
double svfCutoffForPeak(SvfResponse response, double peakHz, double q, double sampleRate) noexcept;

/// How a morphing SVF mixes its outputs.
enum class SvfMorphLaw {
  /// Linear crossfades between neighbours; the band-pass scaled to peak at 1.
  UnityBand,
  /// Linear crossfades; the plain band output, which peaks at Q. This is chowdsp's multi-mode SVF
  /// without unity gain as Resonarium builds it (its fork leaves the equal-power mix switched
  /// off), used there by the resonators' post filters, the cascade links and the distortion filter.
  ResonantBand,
};

/// A continuous morph lowpass (0) -> bandpass (0.5) -> highpass (1) mixed by `law`.
SvfCoefficients designSvfMorph(double morph, double cutoffHz, double q, double sampleRate,
                               SvfMorphLaw law = SvfMorphLaw::UnityBand);

/// The exact frequency response of the digital filter at `omega` (radians per sample).
std::complex<double> svfResponse(const SvfCoefficients& c, double omega) noexcept;
/// The transfer function H(z) at any point of the z plane (off the unit circle too).
std::complex<double> svfTransfer(const SvfCoefficients& c, std::complex<double> z) noexcept;

/// Filter state (two integrator memories). `tick` runs one sample. Audio thread.
struct SvfState {
  float ic1 = 0.0f, ic2 = 0.0f;

  [[gnu::always_inline]] float tick(const SvfCoefficients& c, float v0) noexcept {
    const float v3 = v0 - ic2;
    const float v1 = c.a1 * ic1 + c.a2 * v3;
    const float v2 = ic2 + c.a2 * ic1 + c.a3 * v3;
    ic1 = 2.0f * v1 - ic1;
    ic2 = 2.0f * v2 - ic2;
    return c.m0 * v0 + c.m1 * v1 + c.m2 * v2;
  }
  void reset() noexcept { ic1 = ic2 = 0.0f; }
};

}  // namespace tonewood::dsp
