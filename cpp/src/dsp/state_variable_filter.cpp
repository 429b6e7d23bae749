#include "tonewood/dsp/state_variable_filter.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tonewood/dsp/complex_reciprocal.hpp"

namespace tonewood::dsp {

namespace {
SvfCoefficients structure(double cutoffHz, double q, double sampleRate) {
  SvfCoefficients c;
  const double fc = std::clamp(cutoffHz, 1.0, 0.49 * sampleRate);
  c.g = std::tan(std::numbers::pi * fc / sampleRate);
  c.k = 1.0 / std::clamp(q, 0.01, 1000.0);
  const double a1 = 1.0 / (1.0 + c.g * (c.g + c.k));
  c.a1 = static_cast<float>(a1);
  c.a2 = static_cast<float>(c.g * a1);
  c.a3 = static_cast<float>(c.g * c.g * a1);
  return c;
}

// Largest gain of the 2nd-order lowpass/highpass: 1 up to Q = 1/sqrt(2), then
// Q / sqrt(1 - 1/(4 Q^2)). The bilinear transform maps gains one to one, so this is exact for the
// digital filter too.
double lowpassPeakGain(double k) {
  const double q = 1.0 / k;
  if (q <= std::numbers::sqrt2 / 2.0) return 1.0;
  return q / std::sqrt(1.0 - 1.0 / (4.0 * q * q));
}

void setMix(SvfCoefficients& c, double m0, double m1, double m2) {
  c.m0 = static_cast<float>(m0);
  c.m1 = static_cast<float>(m1);
  c.m2 = static_cast<float>(m2);
}
}  // namespace

SvfCoefficients designSvf(SvfResponse response, double cutoffHz, double q, double sampleRate,
                          bool peakNormalised) {
  SvfCoefficients c = structure(cutoffHz, q, sampleRate);
  const double k = c.k;
  const double scale = peakNormalised ? 1.0 / lowpassPeakGain(k) : 1.0;
  switch (response) {
    case SvfResponse::Lowpass:
      setMix(c, 0.0, 0.0, scale);
      break;
    case SvfResponse::Bandpass:
      setMix(c, 0.0, k, 0.0);
      break;
    case SvfResponse::Highpass:
      setMix(c, scale, -k * scale, -scale);
      break;
    case SvfResponse::Notch:
      setMix(c, 1.0, -k, 0.0);
      break;
    case SvfResponse::Allpass:
      setMix(c, 1.0, -2.0 * k, 0.0);
      break;
  }
  return c;
}

double svfCutoffForPeak(SvfResponse response, double peakHz, double q, double sampleRate) noexcept {
  if (q <= std::numbers::sqrt2 / 2.0 ||
      (response != SvfResponse::Lowpass && response != SvfResponse::Highpass))
    return peakHz;
  // The analog peak sits at w_c * sqrt(1 - 1/(2 Q^2)); the bilinear transform maps analog
  // frequency tan(pi f / sr) to digital f, so the factor applies to the prewarped values.
  const double factor = std::sqrt(1.0 - 1.0 / (2.0 * q * q));
  const double warped =
      std::tan(std::numbers::pi * std::min(peakHz, 0.49 * sampleRate) / sampleRate);
  const double cutoff = response == SvfResponse::Lowpass ? warped / factor : warped * factor;
  return std::atan(cutoff) * sampleRate / std::numbers::pi;
}

SvfCoefficients designSvfMorph(double morph, double cutoffHz, double q, double sampleRate,
                               SvfMorphLaw law) {
  SvfCoefficients c = structure(cutoffHz, q, sampleRate);
  const double k = c.k;
  const double m = std::clamp(morph, 0.0, 1.0);
  // Shares of the three responses: linear crossfades between neighbours.
  const double low = 1.0 - 2.0 * std::min(0.5, m);
  double band = 1.0 - std::abs(2.0 * m - 1.0);
  const double high = 2.0 * std::max(0.5, m) - 1.0;
  if (law == SvfMorphLaw::UnityBand) band *= k;  // the raw band-pass output peaks at Q = 1 / k
  // y = low * LP + band * BP + high * HP, with HP = input - k * BP - LP.
  setMix(c, high, band - high * k, low - high);
  return c;
}

std::complex<double> svfResponse(const SvfCoefficients& c, double omega) noexcept {
  return svfTransfer(c, std::polar(1.0, omega));
}

std::complex<double> svfTransfer(const SvfCoefficients& c, std::complex<double> z) noexcept {
  // The TPT SVF is the bilinear transform of s^2 + k s + 1 with s = (1 - z^-1) / (g (1 + z^-1)).
  // Divisions written as multiplications by conj / norm: the values are well scaled, and the
  // library's careful complex division dominated the cost of designing a resonator.
  const std::complex<double> zInv = reciprocal(z);
  const std::complex<double> s = (1.0 - zInv) * reciprocal(c.g * (1.0 + zInv));
  const std::complex<double> lowpass = reciprocal(s * s + c.k * s + 1.0);
  const std::complex<double> bandpass = s * lowpass;
  return static_cast<double>(c.m0) + static_cast<double>(c.m1) * bandpass +
         static_cast<double>(c.m2) * lowpass;
}

}  // namespace tonewood::dsp
