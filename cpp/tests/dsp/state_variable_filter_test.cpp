#include "tonewood/dsp/state_variable_filter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace tonewood::dsp {
namespace {

double gainDb(std::complex<double> h) {
  return 20.0 * std::log10(std::abs(h));
}
double omegaOf(double hz, double sr) {
  return 2.0 * std::numbers::pi * hz / sr;
}

// Gain of the running filter for a sine, measured on the signal (not the formula).
double measuredGainDb(const SvfCoefficients& c, double hz, double sr) {
  SvfState s;
  double in = 0, out = 0;
  for (int i = 0; i < 48000; ++i) {
    const float x = static_cast<float>(std::sin(omegaOf(hz, sr) * i));
    const float y = s.tick(c, x);
    if (i >= 24000) in += x * x, out += y * y;
  }
  return 10.0 * std::log10(out / in);
}

TEST(StateVariableFilter, ButterworthLowpassIsMinus3dBAtCutoff) {
  const auto c = designSvf(SvfResponse::Lowpass, 1000, std::numbers::sqrt2 / 2, 48000);
  EXPECT_NEAR(measuredGainDb(c, 1000, 48000), -3.01, 0.05);
  EXPECT_NEAR(gainDb(svfResponse(c, omegaOf(1000, 48000))), -3.01, 0.01);
  EXPECT_NEAR(measuredGainDb(c, 100, 48000), 0.0, 0.05);
}

TEST(StateVariableFilter, BandpassHasUnityGainAtCentre) {
  const auto c = designSvf(SvfResponse::Bandpass, 2000, 10, 48000);
  EXPECT_NEAR(measuredGainDb(c, 2000, 48000), 0.0, 0.05);
}

TEST(StateVariableFilter, PeakNormalisedResponsesNeverExceedUnity) {
  for (auto type : {SvfResponse::Lowpass, SvfResponse::Highpass, SvfResponse::Bandpass}) {
    for (double q : {0.7071, 2.0, 30.0, 100.7}) {
      const auto c = designSvf(type, 3000, q, 44100, true);
      double peak = -300;
      for (double hz = 10; hz < 22050; hz *= 1.002)
        peak = std::max(peak, gainDb(svfResponse(c, omegaOf(hz, 44100))));
      EXPECT_LE(peak, 0.001) << "q " << q;
      EXPECT_GT(peak, -0.1) << "q " << q;  // normalised, not just attenuated
    }
  }
}

TEST(StateVariableFilter, CutoffForPeakPutsTheResonantPeakOnTheRequestedFrequency) {
  const double sr = 44100;
  for (auto type : {SvfResponse::Lowpass, SvfResponse::Highpass}) {
    for (double q : {0.75, 1.2, 5.0, 40.0}) {
      for (double want : {65.4, 440.0, 6000.0}) {
        const auto c = designSvf(type, svfCutoffForPeak(type, want, q, sr), q, sr);
        // Scan a third of an octave either side in steps of 0.05 cent.
        double bestHz = 0, best = -300;
        for (double hz = want * 0.8; hz < want * 1.25; hz *= std::exp2(0.05 / 1200)) {
          const double g = gainDb(svfResponse(c, omegaOf(hz, sr)));
          if (g > best) best = g, bestHz = hz;
        }
        EXPECT_NEAR(1200 * std::log2(bestHz / want), 0.0, 0.5)
            << "type " << static_cast<int>(type) << " q " << q << " at " << want << " Hz";
      }
    }
  }
  // No resonant peak to place, and a bandpass peaks at its cutoff: the frequency is the cutoff.
  EXPECT_EQ(svfCutoffForPeak(SvfResponse::Lowpass, 500, 0.7071, sr), 500);
  EXPECT_EQ(svfCutoffForPeak(SvfResponse::Bandpass, 500, 10, sr), 500);
  // A peak that would need a cutoff past Nyquist lands on the highest cutoff instead.
  EXPECT_LT(svfCutoffForPeak(SvfResponse::Lowpass, 15000, 0.72, sr), sr / 2);
}

TEST(StateVariableFilter, MorphGoesFromLowpassThroughBandpassToHighpass) {
  const double sr = 48000;
  const auto lp = designSvfMorph(0.0, 1000, 0.7071, sr);
  const auto bp = designSvfMorph(0.5, 1000, 0.7071, sr);
  const auto hp = designSvfMorph(1.0, 1000, 0.7071, sr);
  EXPECT_NEAR(gainDb(svfResponse(lp, omegaOf(50, sr))), 0.0, 0.01);
  EXPECT_LT(gainDb(svfResponse(lp, omegaOf(10000, sr))), -35.0);
  EXPECT_NEAR(gainDb(svfResponse(bp, omegaOf(1000, sr))), 0.0, 0.01);
  EXPECT_NEAR(gainDb(svfResponse(hp, omegaOf(15000, sr))), 0.0, 0.1);
  EXPECT_LT(gainDb(svfResponse(hp, omegaOf(100, sr))), -35.0);
}

TEST(StateVariableFilter, RawMorphBandPeaksAtQ) {
  const double sr = 48000;
  const auto raw = designSvfMorph(0.5, 1000, 50.0, sr, SvfMorphLaw::ResonantBand);
  const auto unity = designSvfMorph(0.5, 1000, 50.0, sr);
  EXPECT_NEAR(gainDb(svfResponse(raw, omegaOf(1000, sr))), 20.0 * std::log10(50.0), 0.01);
  EXPECT_NEAR(gainDb(svfResponse(unity, omegaOf(1000, sr))), 0.0, 0.01);
  // Between band-pass and high-pass the shares stay linear: half of each at 0.75.
  const auto mixed = designSvfMorph(0.75, 1000, 50.0, sr, SvfMorphLaw::ResonantBand);
  EXPECT_NEAR(gainDb(svfResponse(mixed, omegaOf(20000, sr))), 20.0 * std::log10(0.5), 0.1);
}

}  // namespace
}  // namespace tonewood::dsp
