#include "tonewood/synth/loop_tuning.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "tonewood/dsp/first_order_allpass.hpp"
#include "tonewood/dsp/lagrange_delay.hpp"

namespace tonewood::synth {

double compensatedLoopDelay(double periodSamples, const dsp::SvfCoefficients& loopFilter,
                            double allpass, double loopGain, double maxDelaySamples) noexcept {
  const double omega = 2.0 * std::numbers::pi / periodSamples;
  const std::complex<double> turn = std::polar(1.0, omega);
  double r = 1.0;
  double delay = periodSamples;
  // The map contracts fast (the phase terms change slowly with D and r): four rounds reach
  // float precision.
  for (int i = 0; i < 4; ++i) {
    const std::complex<double> z = r * turn;
    const std::complex<double> filters =
        dsp::svfTransfer(loopFilter, z) * dsp::firstOrderAllpassTransfer(allpass, z);
    const std::complex<double> deviation = dsp::lagrangeDeviation(delay, r, omega);
    // Phase condition: arg(filters) + arg(deviation) - omega * D = -2 pi.
    delay = periodSamples + (std::arg(filters) + std::arg(deviation)) / omega;
    // A filter whose phase leads (highpass, strong dispersion) can ask for less than the shortest
    // delay; one more period satisfies the same condition.
    while (delay < dsp::kMinLagrangeDelay) delay += periodSamples;
    // Magnitude condition: r^-D * g * |filters| * |deviation| = 1.
    const double gain = loopGain * std::sqrt(std::norm(filters * deviation));
    r = gain > 1e-6 ? std::clamp(std::pow(gain, 1.0 / delay), 0.5, 1.0) : 0.5;
  }
  return std::min(delay, maxDelaySamples);
}

namespace {
// Resonarium's own tuning rule: the period minus a fixed 1.03 samples (its measured latency of the
// interpolator, which with the allpass's unit delay at no dispersion is what the loop adds) minus
// the loop filter's phase delay at f, taken as zero for a band-pass loop. It is not exact (the
// fundamental sits a few hundredths of a sample off, more at high notes), and presets whose
// coupled resonators share partials are voiced with those offsets.
double resonariumLoopDelay(double f, double sampleRate, const dsp::SvfCoefficients& loopFilter,
                           dsp::SvfResponse response, double maxDelaySamples) {
  const double omega = 2.0 * std::numbers::pi * f / sampleRate;
  const double phaseDelay =
      response == dsp::SvfResponse::Bandpass
          ? 0.0
          : -std::arg(dsp::svfTransfer(loopFilter, std::polar(1.0, omega))) / omega;
  const float delay = static_cast<float>(sampleRate / f) - 1.03f - static_cast<float>(phaseDelay);
  return std::min(std::max(static_cast<double>(delay), dsp::kMinLagrangeDelay), maxDelaySamples);
}

dsp::SvfCoefficients designPost(const ResonatorSettings& s, double sampleRate) {
  return dsp::designSvfMorph(
      s.postMorph, s.postCutoffHz, s.postQ, sampleRate,
      s.resonariumCompatibility ? dsp::SvfMorphLaw::ResonantBand : dsp::SvfMorphLaw::UnityBand);
}
}  // namespace

ResonatorCoefficients designResonator(const ResonatorSettings& s, double sampleRate,
                                      double lowestHz, double maxDelaySamples) {
  ResonatorCoefficients c;
  const double f = std::clamp(s.frequencyHz, lowestHz, 0.45 * sampleRate);
  c.gain = static_cast<float>(s.gain);
  c.bypass = s.decayTimeS < kBypassDecayS;
  c.loopGain =
      s.decayTimeS >= kInfiniteDecayS
          ? 1.0f
          : static_cast<float>(std::pow(0.001, 1.0 / (std::max(s.decayTimeS, kBypassDecayS) * f)));
  c.allpass =
      static_cast<float>(-std::sin(std::clamp(s.dispersion, 0.0, 1.0) * std::numbers::pi / 2.0));
  const auto response = s.loopType == LoopFilterType::Bandpass   ? dsp::SvfResponse::Bandpass
                        : s.loopType == LoopFilterType::Highpass ? dsp::SvfResponse::Highpass
                                                                 : dsp::SvfResponse::Lowpass;
  const double loopCutoffHz =
      s.loopCutoffIsPeak ? dsp::svfCutoffForPeak(response, s.loopCutoffHz, s.loopQ, sampleRate)
                         : s.loopCutoffHz;
  c.loopFilter = dsp::designSvf(response, loopCutoffHz, s.loopQ, sampleRate, true);
  c.postFilter = designPost(s, sampleRate);
  c.delaySamples = static_cast<float>(
      s.resonariumCompatibility
          ? resonariumLoopDelay(f, sampleRate, c.loopFilter, response, maxDelaySamples)
          : compensatedLoopDelay(sampleRate / f, c.loopFilter, c.allpass, c.loopGain,
                                 maxDelaySamples));
  return c;
}

void redesignResonator(ResonatorCoefficients& c, const ResonatorSettings& before,
                       const ResonatorSettings& s, double sampleRate, double lowestHz,
                       double maxDelaySamples) {
  ResonatorSettings loopOnly = s;  // s with before's post filter and gain
  loopOnly.postMorph = before.postMorph;
  loopOnly.postCutoffHz = before.postCutoffHz;
  loopOnly.postQ = before.postQ;
  loopOnly.gain = before.gain;
  if (!(loopOnly == before)) {
    c = designResonator(s, sampleRate, lowestHz, maxDelaySamples);
    return;
  }
  c.gain = static_cast<float>(s.gain);
  c.postFilter = designPost(s, sampleRate);
}

}  // namespace tonewood::synth
