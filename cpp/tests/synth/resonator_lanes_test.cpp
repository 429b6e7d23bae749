// The SIMD lane kernel against the scalar reference: the same samples, bit for bit.
#include "tonewood/synth/resonator_lanes.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

// `perBank` resonators in each of two banks coupled as `coupling` (bank 1 always takes part of
// bank 0's output): 8 fill the lanes once per channel, 3 let both channels and several voices
// share a pass, 1 is the single-resonator case. Bypassed resonators sit among the looped ones;
// an LFO and a random source keep pitch, loop filter, gain and dispersion ramping on some
// resonators while the others stay steady (with stereo offsets, so stereo voices give each
// channel its own coefficients, and one bypassed loop comes and goes per channel), and two set()
// calls ramp the bank coupling itself.
Rendered busyPatch(bool lanes, bool stereo, int perBank, int coupling) {
  synth::setResonatorLanesDisabled(!lanes);
  SynthHarness h;
  h.set({{"impExciter0 enabled", 1},
         {"noiseExciter0enabled", 1},
         {"noiseExciterEnv0enabled", 1},
         {"stereoResonators", stereo ? 1.0f : 0.0f},
         {"lfo0enable", 1},
         {"lfo0rate", 9.0f},
         {"lfo0stereo", 0.5f},
         {"rnd0enable", 1},
         {"rnd0rate", 23.0f},
         {"rnd0stereo", 0.8f}});
  for (int b = 0; b < 2; ++b) {
    const std::string bank = " wb" + std::to_string(b);
    h.set("couplingMode" + bank, static_cast<float>(coupling));
    h.set("cascadeAmount" + bank, 0.3f);
    for (int r = 0; r < 8; ++r) {
      const std::string s = bank + "r" + std::to_string(r);
      h.set("enabled" + s, r < perBank ? 1.0f : 0.0f);
      h.set("pitch" + s, 1.0f + 0.61f * static_cast<float>(r));
      h.set("dispersion" + s, 10.0f * static_cast<float>(r));
      h.set("svfType" + s, static_cast<float>(r % 3));
      h.set("postFilterMode" + s, 0.1f * static_cast<float>(r));
      h.set("gain" + s, -2.0f * static_cast<float>(r));
      if (r == 2 || r == 5) {  // bypassed, modal resonators among the looped ones
        h.set("decayTime" + s, 0.0f);
        h.set("postFilterResonance" + s, 200.0f);
        h.set("postFilterMode" + s, 0.5f);
      }
    }
  }
  h.set("inputMix wb1", 0.4f);
  h.synth().setModulations({{"lfo1", "pitch wb0r0", 0.1f, true, "linear", true},
                            {"lfo1", "decayFilterCutoff wb1r1", 0.3f, true, "linear", true},
                            {"rnd1", "gain wb0r1", 0.4f, true, "linear", true},
                            {"rnd1", "dispersion wb1r0", 0.5f, true, "linear", false},
                            {"rnd1", "decayTime wb0r2", 0.3f, true, "linear", true}});
  for (int n = 0; n < 6; ++n) h.noteOn(36 + 7 * n, 100, 100 * n);
  Rendered first = h.render(6000);
  h.set({{"decayFilterCutoff wb0r1", 800}, {"pitch wb1r1", 2.5f}, {"cascadeAmount wb1", 0.6f}});
  const Rendered second = h.render(6000, 77);
  first.left.insert(first.left.end(), second.left.begin(), second.left.end());
  first.right.insert(first.right.end(), second.right.begin(), second.right.end());
  synth::setResonatorLanesDisabled(false);
  return first;
}

TEST(ResonatorLanes, MatchTheScalarPathBitForBit) {
  const char* couplings[] = {"parallel", "interlinked", "cascade"};
  for (int coupling = 0; coupling < 3; ++coupling)
    for (int perBank : {8, 3, 1})
      for (bool stereo : {false, true}) {
        const Rendered scalar = busyPatch(false, stereo, perBank, coupling);
        const Rendered lanes = busyPatch(true, stereo, perBank, coupling);
        const std::string what = std::string(couplings[coupling]) + ", " + std::to_string(perBank) +
                                 (stereo ? " stereo" : " mono");
        ASSERT_EQ(scalar.left.size(), lanes.left.size());
        EXPECT_EQ(0, std::memcmp(scalar.left.data(), lanes.left.data(),
                                 scalar.left.size() * sizeof(float)))
            << what;
        EXPECT_EQ(0, std::memcmp(scalar.right.data(), lanes.right.data(),
                                 scalar.right.size() * sizeof(float)))
            << what;
        EXPECT_GT(peakAbs(lanes.left), 1e-3f) << what;
      }
  if (!synth::resonatorLanesAvailable()) GTEST_SKIP() << "no AVX2 here: only the scalar path ran";
}

}  // namespace
}  // namespace tonewood::test
