#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

double correlation(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
  return ab / std::sqrt(aa * bb);
}

void useNoisyString(SynthHarness& h) {
  h.set({{"noiseExciter0enabled", 1},
         {"noiseExciterEnv0enabled", 1},
         {"noiseExciterEnv0sustain", 0},
         {"noiseExciterEnv0decay", 0.05f},
         {"enabled wb0r0", 1},
         {"decayTime wb0r0", 0.5f}});
}

TEST(StereoResonators, MonoResonatorsSendOneSignalToBothSides) {
  SynthHarness h;
  useNoisyString(h);
  h.noteOn(52);
  const auto r = h.render(22050);
  EXPECT_EQ(0, std::memcmp(r.left.data(), r.right.data(), r.left.size() * sizeof(float)));
}

TEST(StereoResonators, NoiseExcitesEachChannelWithItsOwnStream) {
  SynthHarness h;
  useNoisyString(h);
  h.set({{"stereoResonators", 1}, {"noiseExciterEnv0sustain", 100}});  // noise while held
  h.noteOn(52);
  const auto r = h.render(2 * 44100);
  const double c = correlation(r.left, r.right);
  EXPECT_LT(std::abs(c), 0.3) << "channels should be decorrelated, correlation " << c;
  // Same level on both sides, within 1 dB.
  EXPECT_NEAR(rmsDb(r.left, 0, r.left.size()), rmsDb(r.right, 0, r.right.size()), 1.0);
}

TEST(StereoResonators, AnImpulseStaysCentred) {
  SynthHarness h;
  h.useSingleResonator();
  h.set("stereoResonators", 1);
  h.noteOn(60);
  const auto r = h.render(8000);
  EXPECT_EQ(0, std::memcmp(r.left.data(), r.right.data(), r.left.size() * sizeof(float)));
  EXPECT_GT(peakAbs(r.left), 0.01);
}

TEST(StereoResonators, StereoOutputIsBitIdenticalAcrossBlockSizes) {
  auto render = [](int blockSize) {
    SynthHarness h;
    useNoisyString(h);
    h.set("stereoResonators", 1);
    h.noteOn(52, 100, 5);
    h.noteOn(59, 80, 3000);
    return h.render(20000, blockSize);
  };
  const auto reference = render(512);
  for (int blockSize : {1, 7, 64}) {
    const auto r = render(blockSize);
    EXPECT_EQ(0,
              std::memcmp(r.right.data(), reference.right.data(), r.right.size() * sizeof(float)));
  }
}

}  // namespace
}  // namespace tonewood::test
