// The loop's fundamental must sit within one cent of the equal-tempered note, whatever the sample
// rate, dispersion or loop-filter phase.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/core/units.hpp"
#include "tonewood/synth/loop_tuning.hpp"

namespace tonewood::test {
namespace {

struct LoopSetup {
  const char* name;
  std::initializer_list<std::pair<const char*, float>> params;
};

// Loop filters and dispersion whose phase delay at f would detune an uncompensated loop.
const LoopSetup kSetups[] = {
    {"flat loop", {{"decayFilterCutoff wb0r0", 20000}}},
    {"dispersion 60 %", {{"decayFilterCutoff wb0r0", 20000}, {"dispersion wb0r0", 60}}},
    {"resonant keytracked lowpass",
     {{"decayFilterKeytrack wb0r0", 1},
      {"decayFilterPitch wb0r0", 19},
      {"decayFilterResonance wb0r0", 0.5f}}},
    {"keytracked bandpass",
     {{"svfType wb0r0", 1},
      {"decayFilterKeytrack wb0r0", 1},
      {"decayFilterPitch wb0r0", 2},
      {"decayFilterResonance wb0r0", 0.3f}}},
    {"lowpass near f plus dispersion",
     {{"decayFilterKeytrack wb0r0", 1}, {"decayFilterPitch wb0r0", 12}, {"dispersion wb0r0", 30}}},
};

class Tuning : public ::testing::TestWithParam<double> {};

TEST_P(Tuning, FundamentalIsWithinOneCentOfTheNoteFromNote24To108) {
  const double sampleRate = GetParam();
  for (const LoopSetup& setup : kSetups) {
    SynthHarness h(sampleRate);
    h.useSingleResonator();
    h.set({{"decayTime wb0r0", 30}});
    h.set(setup.params);
    double worst = 0.0;
    for (int note = 24; note <= 108; ++note) {
      h.synth().reset();
      const double expected = midiNoteToHz(note);
      const double period = sampleRate / expected;
      h.noteOn(note);
      const auto settle = static_cast<std::size_t>(20 * period);
      const auto r = h.render(settle + static_cast<std::size_t>(26 * period));
      const double measured = measurePartialHz(isolatePartial(r.left, sampleRate, expected),
                                               sampleRate, expected, settle);
      const double cents = 1200.0 * std::log2(measured / expected);
      EXPECT_LT(std::abs(cents), 1.0) << setup.name << ", note " << note << " at " << sampleRate
                                      << " Hz: " << measured << " Hz, " << cents << " cents";
      worst = std::max(worst, std::abs(cents));
    }
    std::printf("  %-32s at %6.0f Hz: worst %.3f cents\n", setup.name, sampleRate, worst);
  }
}

INSTANTIATE_TEST_SUITE_P(SampleRates, Tuning, ::testing::Values(44100.0, 48000.0, 96000.0));

TEST(Tuning, AbsoluteFrequencyIgnoresTheNote) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"resonatorKeytrack wb0r0", 0},
         {"resonatorFrequency wb0r0", 330},
         {"decayTime wb0r0", 10},
         {"decayFilterCutoff wb0r0", 20000}});
  h.noteOn(40);
  const auto r = h.render(44100);
  const double measured = measurePartialHz(r.left, 44100, 330, 4000);
  EXPECT_NEAR(1200.0 * std::log2(measured / 330.0), 0.0, 1.0);
}

TEST(Tuning, PitchMultiplierAndBankOffsetTranspose) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"pitch wb0r0", 1.5f},
         {"noteOffset wb0", -12},
         {"decayTime wb0r0", 10},
         {"decayFilterCutoff wb0r0", 20000}});
  h.noteOn(69);
  const auto r = h.render(44100);
  const double expected = 1.5 * 220.0;
  const double measured = measurePartialHz(r.left, 44100, expected, 4000);
  EXPECT_NEAR(1200.0 * std::log2(measured / expected), 0.0, 1.0);
}

bool sameCoefficients(const synth::ResonatorCoefficients& a,
                      const synth::ResonatorCoefficients& b) {
  auto svf = [](const dsp::SvfCoefficients& x, const dsp::SvfCoefficients& y) {
    return x.a1 == y.a1 && x.a2 == y.a2 && x.a3 == y.a3 && x.m0 == y.m0 && x.m1 == y.m1 &&
           x.m2 == y.m2;
  };
  return a.delaySamples == b.delaySamples && a.loopGain == b.loopGain && a.allpass == b.allpass &&
         a.gain == b.gain && a.bypass == b.bypass && svf(a.loopFilter, b.loopFilter) &&
         svf(a.postFilter, b.postFilter);
}

TEST(Tuning, RedesignKeepsTheLoopOnlyWhenNothingOfItChanged) {
  const double rate = 44100.0, lowest = 8.0, longest = 8000.0;
  synth::ResonatorSettings before;
  before.frequencyHz = 220.0, before.dispersion = 0.4, before.loopCutoffHz = 2500.0;
  synth::ResonatorCoefficients c = synth::designResonator(before, rate, lowest, longest);
  synth::ResonatorSettings after = before;
  after.postCutoffHz = 700.0, after.postMorph = 0.5, after.gain = 0.3;  // post filter and gain
  synth::redesignResonator(c, before, after, rate, lowest, longest);
  EXPECT_TRUE(sameCoefficients(c, synth::designResonator(after, rate, lowest, longest)));
  synth::ResonatorSettings bent = after;
  bent.frequencyHz = 233.0;  // the loop itself: retuned
  synth::redesignResonator(c, after, bent, rate, lowest, longest);
  EXPECT_TRUE(sameCoefficients(c, synth::designResonator(bent, rate, lowest, longest)));
  EXPECT_NE(c.delaySamples, synth::designResonator(after, rate, lowest, longest).delaySamples);
}

}  // namespace
}  // namespace tonewood::test
