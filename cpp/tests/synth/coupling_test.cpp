// The three ways a bank couples its resonators, and the Resonarium-compatibility bank flow.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

void enableResonators(SynthHarness& h, int count, float decay) {
  h.set("impExciter0 enabled", 1);
  for (int r = 0; r < count; ++r) {
    const std::string s = " wb0r" + std::to_string(r);
    h.set("enabled" + s, 1);
    h.set("decayTime" + s, decay);
    h.set("pitch" + s, 1.0f + 0.5f * static_cast<float>(r));
    h.set("decayFilterCutoff" + s, 20000);
  }
}

double ratioDb(const std::vector<float>& a, const std::vector<float>& b) {
  return rmsDb(a, 0, a.size()) - rmsDb(b, 0, b.size());
}

TEST(Coupling, CascadeWithoutLinkIsTheParallelSumWithoutNormalisation) {
  SynthHarness parallel, cascade;
  for (auto* h : {&parallel, &cascade}) {
    enableResonators(*h, 3, 2.0f);
    h->noteOn(57);
  }
  cascade.set({{"couplingMode wb0", 2}, {"cascadeAmount wb0", 0}});
  const auto p = parallel.render(22050);
  const auto c = cascade.render(22050);
  // Parallel divides by the sum of the three unit gains; cascade does not.
  EXPECT_NEAR(ratioDb(c.left, p.left), 20 * std::log10(3.0), 0.01);
}

TEST(Coupling, CascadeLinkCarriesEnergyFromOneResonatorToTheNext) {
  // Two equal strings in cascade: with the link on, string 0's ring also drives string 1, so the
  // bank holds more energy than the two strings excited alone.
  SynthHarness none, linked;
  for (auto* h : {&none, &linked}) {
    enableResonators(*h, 2, 3.0f);
    h->set({{"couplingMode wb0", 2}, {"pitch wb0r1", 1.0f}});
    h->noteOn(50);
  }
  linked.set("cascadeAmount wb0", 1.0f);
  const auto a = none.render(44100);
  const auto b = linked.render(44100);
  EXPECT_GT(ratioDb(b.left, a.left), 1.0);
  EXPECT_LT(peakAbs(b.left), 50.0);
}

TEST(Coupling, InterlinkedBridgeNeverGrowsWithLosslessLoops) {
  SynthHarness h;
  enableResonators(h, 8, 60.0f);  // g = 1 everywhere
  h.set("couplingMode wb0", 1);
  h.noteOn(45);
  const auto r = h.render(3 * 44100);
  const double first = rmsDb(r.left, 4410, 22050);
  const double last = rmsDb(r.left, 2 * 44100, 44100);
  EXPECT_LT(last, first + 0.5);
  EXPECT_TRUE(std::isfinite(last));
}

TEST(Coupling, InterlinkedEqualStringsInvertTheirLoopsAndSoundAnOctaveDown) {
  // Two equal strings on the bridge: fb = -2 o, so each loop is fed x - o. An inverting loop
  // resonates at odd multiples of half its frequency: the fundamental drops an octave.
  SynthHarness h;
  enableResonators(h, 2, 10.0f);
  h.set({{"couplingMode wb0", 1}, {"pitch wb0r1", 1.0f}});
  h.noteOn(57);  // 220 Hz strings
  const auto r = h.render(2 * 44100);
  const double measured =
      measurePartialHz(isolatePartial(r.left, 44100, 110.0), 44100, 110.0, 4410);
  EXPECT_NEAR(1200.0 * std::log2(measured / 110.0), 0.0, 1.0);
  // ... and the even partial at 220 Hz is gone (at least 40 dB below).
  EXPECT_LT(partialLevelDb(r.left, 44100, 220.0, 4410),
            partialLevelDb(r.left, 44100, 110.0, 4410) - 40.0);
}

TEST(CompatibilityMode, AnEmptyBankPassesThePreviousOutputOnAndSumsItAgain) {
  SynthHarness ours, compat;
  for (auto* h : {&ours, &compat}) {
    enableResonators(*h, 1, 1.0f);
    h->set("impExciter0 pickPosition", 0);  // our comb and velocity curve are off in compat mode
    h->noteOn(60, 127);
  }
  compat.synth().setResonariumCompatibility(true);
  const auto a = ours.render(22050);
  const auto b = compat.render(22050);
  // Only bank 0 sounds: banks 1..3 each add bank 0's output again -> four times the level (the
  // original's tuning rule moves the pitch by a fraction of a cent, and the level with it).
  EXPECT_NEAR(ratioDb(b.left, a.left), 20 * std::log10(4.0), 0.05);
}

TEST(CompatibilityMode, DiffersOnlyByTheOriginalsTuningWhenEveryBankIsUsed) {
  SynthHarness ours, compat;
  for (auto* h : {&ours, &compat}) {
    h->set("impExciter0 enabled", 1);
    for (int b = 0; b < 4; ++b) h->set("enabled wb" + std::to_string(b) + "r0", 1);
    h->set("impExciter0 pickPosition", 0);
    h->noteOn(60, 127);
  }
  compat.synth().setResonariumCompatibility(true);
  const auto a = ours.render(22050);
  const auto b = compat.render(22050);
  EXPECT_NEAR(ratioDb(b.left, a.left), 0.0, 0.05);
  const double f = 261.6255653;
  const double pitchA = measurePartialHz(isolatePartial(a.left, 44100, f), 44100, f, 4410);
  const double pitchB = measurePartialHz(isolatePartial(b.left, 44100, f), 44100, f, 4410);
  EXPECT_NEAR(1200.0 * std::log2(pitchB / pitchA), 0.0, 0.5);
}

}  // namespace
}  // namespace tonewood::test
