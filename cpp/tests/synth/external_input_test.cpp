#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/dsp/white_noise.hpp"

namespace tonewood::test {
namespace {

struct Input {
  std::vector<float> left, right;
  AudioBlockView view() {
    float* channels[] = {left.data(), right.data()};
    return AudioBlockView(channels, 2, static_cast<int>(left.size()));
  }
};

Input noise(std::size_t frames, std::size_t activeFrames, float level = 0.5f) {
  Input in{std::vector<float>(frames), std::vector<float>(frames)};
  dsp::WhiteNoise n(99);
  for (std::size_t i = 0; i < activeFrames; ++i) in.left[i] = in.right[i] = level * n.next();
  return in;
}

Rendered renderWith(SynthHarness& h, Input& in, int blockSize = 512) {
  Rendered r{std::vector<float>(in.left.size()), std::vector<float>(in.left.size())};
  float* channels[] = {r.left.data(), r.right.data()};
  const AudioBlockView view = in.view();
  h.synth().render(AudioBlockView(channels, 2, static_cast<int>(in.left.size())), blockSize, &view);
  return r;
}

void ringingString(SynthHarness& h) {
  h.set({{"enabled wb0r0", 1},
         {"decayTime wb0r0", 4},
         {"decayFilterCutoff wb0r0", 20000},
         {"extInEnable", 1},
         {"extInMix", 1}});
}

TEST(ExternalInput, ExcitesTheNotesResonators) {
  SynthHarness h;
  ringingString(h);
  h.noteOn(57);
  auto in = noise(44100, 4410);
  const auto r = renderWith(h, in);
  // After the input stops the string rings on at its pitch.
  const double hz = measurePartialHz(isolatePartial(r.left, 44100, 220.0), 44100, 220.0, 8820);
  EXPECT_NEAR(1200 * std::log2(hz / 220.0), 0.0, 1.0);
  EXPECT_GT(rmsDb(r.left, 8820, 8820), -60.0);
}

TEST(ExternalInput, TheDryShareFollowsTheMixLaw) {
  for (float mix : {0.0f, 0.5f}) {
    SynthHarness h;
    h.set({{"extInEnable", 1}, {"extInMix", mix}});
    auto in = noise(4096, 4096);
    const auto r = renderWith(h, in);
    const float dry = std::cos(mix * 1.5707963f);
    for (std::size_t i = 0; i < r.left.size(); i += 97)
      ASSERT_NEAR(r.left[i], dry * in.left[i], 1e-6f);
  }
}

TEST(ExternalInput, ConstantNoteModePlaysTheInputThroughAFrequencyWithoutKeys) {
  SynthHarness h;
  ringingString(h);
  h.set({{"extInConstantNote", 1}, {"extInConstantNoteFrequency", 300}});
  auto in = noise(44100, 22050, 0.2f);
  const auto r = renderWith(h, in);
  EXPECT_EQ(h.synth().activeVoiceCount(), 1);
  // 300 Hz is not a key: the voice plays key 62 detuned by +0.02 semitones. Measured on the ring
  // after the input stops.
  const double hz = measurePartialHz(isolatePartial(r.left, 44100, 300.0), 44100, 300.0, 26460);
  EXPECT_NEAR(1200 * std::log2(hz / 300.0), 0.0, 1.0);
  h.set({{"extInConstantNote", 0}, {"decayTime wb0r0", 0.2f}});
  h.render(12 * 4096);
  EXPECT_EQ(h.synth().activeVoiceCount(), 0);  // released, rang out, stopped
}

TEST(ExternalInput, IsBitIdenticalAcrossBlockSizes) {
  auto render = [](int blockSize) {
    SynthHarness h;
    ringingString(h);
    h.set("extInMix", 0.7f);
    h.noteOn(50, 100, 5);
    auto in = noise(9000, 5000);
    return renderWith(h, in, blockSize);
  };
  const auto reference = render(512);
  for (int blockSize : {1, 7, 64}) {
    const auto r = render(blockSize);
    EXPECT_EQ(0, std::memcmp(r.left.data(), reference.left.data(), r.left.size() * sizeof(float)));
  }
}

}  // namespace
}  // namespace tonewood::test
