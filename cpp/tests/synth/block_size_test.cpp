#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

// A busy phrase: two banks feeding each other, noise with an envelope, notes on odd frames,
// parameter changes between render calls.
Rendered renderPhrase(int blockSize, double sampleRate = 44100.0) {
  SynthHarness h(sampleRate);
  h.set({{"impExciter0 enabled", 1},
         {"impExciter0 thickness", 3},
         {"noiseExciter0enabled", 1},
         {"noiseExciterEnv0enabled", 1},
         {"noiseExciterEnv0attack", 0.01f},
         {"noiseExciter0filterType", 1},
         {"noiseExciter0frequency", 2500},
         {"enabled wb0r0", 1},
         {"enabled wb2r0", 1},
         {"enabled wb2r1", 1},
         {"couplingMode wb2", 1},
         {"pitch wb2r1", 1.5f},
         {"enabled wb3r0", 1},
         {"enabled wb3r2", 1},
         {"couplingMode wb3", 2},
         {"cascadeAmount wb3", 0.4f},
         {"inputMix wb3", 0.3f},
         {"enabled wb0r1", 1},
         {"pitch wb0r1", 2.01f},
         {"dispersion wb0r1", 20},
         {"enabled wb1r0", 1},
         {"inputMix wb1", 0.5f},
         {"svfType wb1r0", 1},
         {"decayFilterKeytrack wb1r0", 1},
         {"postFilterMode wb1r0", 0.4f},
         {"decayTime wb0r0", 1.5f},
         {"decayTime wb0r1", 0.8f}});
  h.noteOn(48, 100, 3);
  h.noteOn(55, 90, 1001);
  h.noteOn(64, 70, 2222);
  h.noteOff(48, 9000);
  Rendered all = h.render(12345, blockSize);
  h.set({{"decayFilterCutoff wb0r0", 1200},
         {"gain wb0r1", -6},
         {"masterGain", -3},
         {"cascadeAmount wb3", -0.5f},
         {"pitch wb2r1", 1.25f}});
  h.noteOn(67, 127, 17);
  h.noteOff(55, 4000);
  const Rendered more = h.render(20000, blockSize);
  all.left.insert(all.left.end(), more.left.begin(), more.left.end());
  all.right.insert(all.right.end(), more.right.begin(), more.right.end());
  return all;
}

class BlockSize : public ::testing::TestWithParam<double> {};

TEST_P(BlockSize, OutputIsBitIdenticalForBlockSizes1_7_64_333_512) {
  const double sampleRate = GetParam();
  const Rendered reference = renderPhrase(512, sampleRate);
  double energy = 0.0;
  for (float x : reference.left) energy += x * x;
  ASSERT_GT(energy, 1.0);  // the phrase really sounds
  for (int blockSize : {1, 7, 64, 333}) {
    const Rendered r = renderPhrase(blockSize, sampleRate);
    ASSERT_EQ(r.left.size(), reference.left.size());
    EXPECT_EQ(0, std::memcmp(r.left.data(), reference.left.data(), r.left.size() * sizeof(float)))
        << "block size " << blockSize;
    EXPECT_EQ(0,
              std::memcmp(r.right.data(), reference.right.data(), r.right.size() * sizeof(float)))
        << "block size " << blockSize;
  }
}

INSTANTIATE_TEST_SUITE_P(SampleRates, BlockSize, ::testing::Values(44100.0, 48000.0, 96000.0));

TEST(BlockSizeIndependence, RenderingIsDeterministic) {
  const Rendered a = renderPhrase(64);
  const Rendered b = renderPhrase(64);
  EXPECT_EQ(0, std::memcmp(a.left.data(), b.left.data(), a.left.size() * sizeof(float)));
}

TEST(BlockSizeIndependence, NoteOnLandsOnItsExactFrame) {
  for (int blockSize : {1, 7, 64, 512}) {
    SynthHarness h;
    h.useSingleResonator();
    h.set("decayTime wb0r0", 0.0f);  // bypassed loop: the impulse reaches the output at once
    h.noteOn(60, 100, 777);
    const Rendered r = h.render(2000, blockSize);
    std::size_t first = 0;
    while (first < r.left.size() && r.left[first] == 0.0f) ++first;
    EXPECT_EQ(first, 777u) << "block size " << blockSize;
  }
}

TEST(BlockSizeIndependence, ANoteSoundsTheSameHoweverLongTheSynthRanBeforeIt) {
  // A note whose tail dies out: it must stop on the same frame, relative to its note-on,
  // whether the synth started with it or 1024 frames (32 control intervals) earlier, as a synth
  // that ran before a song's transport started does.
  auto play = [](std::int64_t at) {
    SynthHarness h;
    h.useSingleResonator();
    h.set("decayTime wb0r0", 0.05f);
    h.noteOn(60, 100, at);
    h.noteOff(60, at + 2000);
    const Rendered r = h.render(static_cast<std::size_t>(at) + 40000, 256);
    return std::vector<float>(r.left.begin() + at, r.left.end());
  };
  const std::vector<float> early = play(0), late = play(1024);
  std::size_t last = early.size();
  while (last > 0 && early[last - 1] == 0.0f) --last;
  ASSERT_LT(last, early.size() - 4096) << "the voice should have stopped";
  EXPECT_EQ(early, late);
}

}  // namespace
}  // namespace tonewood::test
