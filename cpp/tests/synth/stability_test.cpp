// With infinite sustain the loop gain is exactly one, so only the loop filter decides whether the
// loop grows. Peak-normalised filters must never let it grow, even while they move.
#include <gtest/gtest.h>

#include <cmath>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

TEST(Stability, SweepingLoopFilterCutoffResonanceAndTypeNeverGrowsTheSignal) {
  for (int type = 0; type <= 2; ++type) {
    SynthHarness h;
    h.useSingleResonator();
    h.set({{"decayTime wb0r0", 60},
           {"svfType wb0r0", static_cast<float>(type)},
           {"decayFilterCutoff wb0r0", 20000},
           {"noiseExciter0enabled", 1},
           {"noiseExciterEnv0enabled", 1},
           {"noiseExciterEnv0sustain", 0},
           {"noiseExciterEnv0decay", 0.05f}});
    h.noteOn(45);
    auto r = h.render(4410);
    double ceiling = rmsDb(r.left, 2205, 2205);
    // Sweep cutoff down and resonance up in steps of 10 ms while the loop rings.
    for (int step = 0; step < 60; ++step) {
      const float cutoff = 20000.0f * std::pow(0.9f, static_cast<float>(step));
      const float resonance = std::min(100.0f, 0.05f * static_cast<float>(step * step));
      h.set({{"decayFilterCutoff wb0r0", std::max(cutoff, 10.0f)},
             {"decayFilterResonance wb0r0", resonance}});
      r = h.render(441);
      const double level = rmsDb(r.left, 0, 441);
      ASSERT_LT(level, ceiling + 1.0) << "type " << type << " step " << step;
      ASSERT_TRUE(std::isfinite(level));
      ceiling = std::max(ceiling, level);
    }
    EXPECT_LT(peakAbs(r.left), 2.0);
  }
}

TEST(Stability, ExtremeFiltersAtEveryTypeStayBounded) {
  for (int type = 0; type <= 2; ++type) {
    for (float cutoff : {10.0f, 200.0f, 5000.0f, 20000.0f}) {
      for (float resonance : {0.0f, 10.0f, 100.0f}) {
        SynthHarness h;
        h.useSingleResonator();
        h.set({{"decayTime wb0r0", 60},
               {"svfType wb0r0", static_cast<float>(type)},
               {"decayFilterCutoff wb0r0", cutoff},
               {"decayFilterResonance wb0r0", resonance},
               {"dispersion wb0r0", 50}});
        h.noteOn(60);
        const auto r = h.render(2 * 44100);
        const double first = rmsDb(r.left, 0, 22050);
        const double last = rmsDb(r.left, 66150, 22050);
        EXPECT_LE(last, first + 0.5) << type << " " << cutoff << " " << resonance;
        EXPECT_LT(peakAbs(r.left), 4.0);
      }
    }
  }
}

}  // namespace
}  // namespace tonewood::test
