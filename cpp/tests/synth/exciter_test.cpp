// What the exciters put into the resonators, measured on the output of a bypassed resonator
// (decayTime 0: the excitation reaches the output through the post filter only).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

// A post filter wide open, so the output is the excitation itself (to within the filter).
void listenToTheExcitation(SynthHarness& h) {
  h.set({{"enabled wb0r0", 1},
         {"decayTime wb0r0", 0.0f},
         {"postFilterCutoff wb0r0", 20000},
         {"impExciter0 pickPosition", 0}});
}

// Samples where |x| first exceeds `threshold` after at least `gap` quiet samples (the post
// filter rings for a few samples after each spike).
std::vector<std::size_t> onsets(const std::vector<float>& x, float threshold,
                                std::size_t gap = 20) {
  std::vector<std::size_t> at;
  std::size_t quiet = gap;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::abs(x[i]) > threshold) {
      if (quiet >= gap) at.push_back(i);
      quiet = 0;
    } else {
      ++quiet;
    }
  }
  return at;
}

TEST(SequenceExciter, ImpulsesRepeatAtTheRate) {
  SynthHarness h;
  listenToTheExcitation(h);
  h.set(
      {{"impTrainExciter0enabled", 1}, {"impTrainExciter0rate", 10}, {"impTrainExciter0level", 1}});
  h.noteOn(60, 127, 100);
  const auto r = h.render(44100);
  const auto at = onsets(r.left, 0.05f);
  ASSERT_GE(at.size(), 9u);
  EXPECT_EQ(at[0], 100u);
  for (std::size_t k = 1; k < at.size(); ++k) EXPECT_EQ(at[k] - at[k - 1], 4410u) << k;
}

TEST(SequenceExciter, SyncedRateSnapsToTheNearestNoteValueAndFollowsTheTempo) {
  SynthHarness h;
  listenToTheExcitation(h);
  h.set({{"impTrainExciter0enabled", 1},
         {"impTrainExciter0rate", 7},
         {"impTrainExciter0sync", 1},
         {"impTrainExciter0level", 1}});
  h.synth().setTempo(120.0);  // 7 Hz is nearest to sixteenths: 8 Hz, 5512.5 samples
  h.noteOn(60, 127);
  const auto first = onsets(h.render(44100).left, 0.05f);
  ASSERT_GE(first.size(), 7u);
  for (std::size_t k = 1; k < first.size(); ++k) EXPECT_EQ(first[k] - first[k - 1], 5513u) << k;

  h.synth().setTempo(90.0);  // sixteenths at 90 BPM: 6 Hz, the nearest to 7 Hz again
  const auto second = onsets(h.render(3 * 44100).left, 0.05f);
  ASSERT_GE(second.size(), 15u);
  // The period changes within one control tick of the tempo change.
  for (std::size_t k = 2; k < second.size(); ++k) EXPECT_EQ(second[k] - second[k - 1], 7350u) << k;
}

TEST(SequenceExciter, StaticFiresInHalfTheDensityOfPeriods) {
  SynthHarness h;
  listenToTheExcitation(h);
  h.set({{"impTrainExciter0enabled", 1},
         {"impTrainExciter0mode", 1},
         {"impTrainExciter0rate", 100},
         {"impTrainExciter0staticDensity", 0.8f}});
  h.noteOn(60, 127);
  const auto r = h.render(10 * 44100);  // 1000 periods of 441 samples
  const double fired = static_cast<double>(onsets(r.left, 1e-3f, 200).size());
  EXPECT_NEAR(fired / 1000.0, 0.4, 0.05);  // probability staticDensity / 2 per period
}

TEST(SequenceExciter, TriangleRampsStayWithinTheLevel) {
  SynthHarness h;
  listenToTheExcitation(h);
  h.set({{"impTrainExciter0enabled", 1},
         {"impTrainExciter0mode", 2},
         {"impTrainExciter0rate", 50},
         {"impTrainExciter0level", 0.5f}});
  h.noteOn(60, 127);
  const auto r = h.render(44100);
  EXPECT_GT(peakAbs(r.left), 0.1);
  EXPECT_LT(peakAbs(r.left), 0.55);
}

TEST(SequenceExciter, ReleaseEndsTheTrainThroughItsEnvelope) {
  SynthHarness h;
  listenToTheExcitation(h);
  h.set({{"impTrainExciter0enabled", 1},
         {"impTrainExciter0rate", 100},
         {"impTrainExciterEnv0enabled", 1},
         {"impTrainExciterEnv0release", 0.05f}});
  h.noteOn(60, 127);
  h.noteOff(60, 22050);
  const auto r = h.render(44100);
  EXPECT_GT(peakAbs(r.left, 20000, 2000), 0.1);
  // 50 ms of release from full level, then nothing but the post filter's last ringing.
  EXPECT_LT(peakAbs(r.left, 22050 + 2300), 1e-4);
}

TEST(PickPosition, PluckingInTheMiddleRemovesTheEvenPartials) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"decayTime wb0r0", 5},
         {"decayFilterCutoff wb0r0", 20000},
         {"impExciter0 pickPosition", 0.5f}});
  h.noteOn(45, 127);  // 110 Hz
  const auto r = h.render(44100);
  const double first = partialLevelDb(r.left, 44100, 110, 4410);
  EXPECT_LT(partialLevelDb(r.left, 44100, 220, 4410), first - 30);
  EXPECT_LT(partialLevelDb(r.left, 44100, 440, 4410), first - 30);
  EXPECT_GT(partialLevelDb(r.left, 44100, 330, 4410), first - 20);
}

TEST(PickPosition, ZeroAndCompatibilityModeLeaveTheImpulseAlone) {
  for (bool compat : {false, true}) {
    SynthHarness h;
    h.useSingleResonator();
    h.set({{"decayTime wb0r0", 5},
           {"decayFilterCutoff wb0r0", 20000},
           {"impExciter0 pickPosition", compat ? 0.5f : 0.0f}});
    h.synth().setResonariumCompatibility(compat);
    h.noteOn(45, 127);
    const auto r = h.render(44100);
    EXPECT_GT(partialLevelDb(r.left, 44100, 220, 4410),
              partialLevelDb(r.left, 44100, 110, 4410) - 10);
  }
}

TEST(Velocity, ScalesTheExcitationFortyDecibelsOverItsRange) {
  auto level = [](int velocity, double sensitivity) {
    SynthHarness h;
    h.useSingleResonator();
    h.synth().setVelocitySensitivity(sensitivity);
    h.noteOn(60, velocity);
    const auto r = h.render(4410);
    return rmsDb(r.left, 0, r.left.size());
  };
  EXPECT_NEAR(level(127, 1.0) - level(64, 1.0), 40.0 * std::log10(127.0 / 64.0), 0.01);
  EXPECT_NEAR(level(127, 0.0) - level(10, 0.0), 0.0, 1e-9);
  EXPECT_NEAR(level(127, 0.5) - level(64, 0.5), 20.0 * std::log10(127.0 / 64.0), 0.01);
}

}  // namespace
}  // namespace tonewood::test
