// The SIMD lane kernel against the scalar reference: the same samples, bit for bit.
#include "tonewood/synth/resonator_lanes.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

// `perBank` resonators in each of two banks: 8 fill the lanes once per channel, 3 let both
// channels share one pass.
Rendered busyPatch(bool lanes, bool stereo, int perBank) {
  synth::setResonatorLanesDisabled(!lanes);
  SynthHarness h;
  h.set({{"impExciter0 enabled", 1},
         {"noiseExciter0enabled", 1},
         {"noiseExciterEnv0enabled", 1},
         {"stereoResonators", stereo ? 1.0f : 0.0f}});
  for (int b = 0; b < 2; ++b)
    for (int r = 0; r < 8; ++r) {
      const std::string s = " wb" + std::to_string(b) + "r" + std::to_string(r);
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
  h.set("inputMix wb1", 0.4f);
  for (int n = 0; n < 6; ++n) h.noteOn(36 + 7 * n, 100, 100 * n);
  Rendered first = h.render(6000);
  h.set({{"decayFilterCutoff wb0r1", 800}, {"pitch wb1r1", 2.5f}});  // ramps: scalar, then lanes
  const Rendered second = h.render(6000);
  first.left.insert(first.left.end(), second.left.begin(), second.left.end());
  first.right.insert(first.right.end(), second.right.begin(), second.right.end());
  synth::setResonatorLanesDisabled(false);
  return first;
}

TEST(ResonatorLanes, MatchTheScalarPathBitForBit) {
  for (int perBank : {8, 3})
    for (bool stereo : {false, true}) {
      const Rendered scalar = busyPatch(false, stereo, perBank);
      const Rendered lanes = busyPatch(true, stereo, perBank);
      const std::string what = std::to_string(perBank) + (stereo ? " stereo" : " mono");
      EXPECT_EQ(
          0, std::memcmp(scalar.left.data(), lanes.left.data(), scalar.left.size() * sizeof(float)))
          << what;
      EXPECT_EQ(0, std::memcmp(scalar.right.data(), lanes.right.data(),
                               scalar.right.size() * sizeof(float)))
          << what;
      EXPECT_GT(lanes.left.size(), 0u);
    }
  if (!synth::resonatorLanesAvailable()) GTEST_SKIP() << "no AVX2 here: only the scalar path ran";
}

}  // namespace
}  // namespace tonewood::test
