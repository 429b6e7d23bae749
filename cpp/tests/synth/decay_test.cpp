#include <gtest/gtest.h>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

class Decay : public ::testing::TestWithParam<double> {};

TEST_P(Decay, MeasuredT60IsWithinTenPercentOfDecayTime) {
  const double t60 = GetParam();
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", static_cast<float>(t60)}, {"decayFilterCutoff wb0r0", 20000}});
  h.noteOn(57);
  const auto r = h.render(static_cast<std::size_t>((t60 * 0.8 + 0.2) * 44100));
  const double measured = measureT60(r.left, 44100, 0.02, 3.0, 45.0);
  EXPECT_NEAR(measured, t60, 0.1 * t60) << "decayTime " << t60 << " s";
}

INSTANTIATE_TEST_SUITE_P(DecayTimes, Decay, ::testing::Values(0.5, 2.0, 8.0));

TEST(Decay, SixtySecondsMeansNoDecay) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", 60}, {"decayFilterCutoff wb0r0", 20000}});
  h.noteOn(57);
  const auto r = h.render(5 * 44100);
  // The fundamental keeps its level (upper partials may lose a little to the interpolator).
  const double early = partialLevelDb(r.left, 44100, 220.0, 44100 / 2);
  const double late = partialLevelDb(r.left, 44100, 220.0, 4 * 44100);
  EXPECT_NEAR(late, early, 0.1);
}

TEST(Decay, KeytrackedResonantLoopFilterPeaksOnTheNoteSoTheFundamentalKeepsItsT60) {
  // The keytracked loop filter's resonant peak (gain exactly 1 after normalisation) sits on the
  // note, so the fundamental loses no more than decayTime asks for: 30 dB in 1 s of a 2 s T60.
  // (It may lose a little less: the loop's pole lies inside the unit circle, nearer the filter's
  // own resonance, where the filter's gain exceeds 1.) With the cutoff on the note instead, this
  // filter (Q 0.91) would cost the fundamental another 1.6 dB every period, 350 dB a second.
  for (int type : {0, 2}) {  // lowpass, highpass
    SynthHarness h;
    h.useSingleResonator();
    h.set({{"decayTime wb0r0", 2.0f},
           {"svfType wb0r0", static_cast<float>(type)},
           {"decayFilterKeytrack wb0r0", 1},
           {"decayFilterResonance wb0r0", 0.2f}});
    h.noteOn(57);
    const auto r = h.render(2 * 44100);
    const double early = partialLevelDb(r.left, 44100, 220.0, 44100 / 4);
    const double late = partialLevelDb(r.left, 44100, 220.0, 5 * 44100 / 4);
    EXPECT_LT(early - late, 31.5) << "svfType " << type;
    EXPECT_GT(early - late, 18.0) << "svfType " << type;
  }
}

TEST(Decay, BelowThirtyMillisecondsBypassesTheLoop) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", 0.0f}});
  h.noteOn(57);
  const auto r = h.render(44100);
  // Only the post-filtered impulse: it is gone within a few milliseconds.
  EXPECT_GT(peakAbs(r.left, 0, 441), 1e-3);
  EXPECT_LT(peakAbs(r.left, 4410), 1e-6);
}

}  // namespace
}  // namespace tonewood::test
