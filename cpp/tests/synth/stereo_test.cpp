#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "support/signal_measure.hpp"
#include "support/synth_fixture.hpp"
#include "tonewood/synth/resonator_param_layout.hpp"

namespace tonewood::test {
namespace {

double correlation(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
  return ab / std::sqrt(aa * bb);
}

// The fundamental of a harmonic sound from the first autocorrelation peak within 90% of the
// highest (which skips the multiples of the period), parabolically interpolated.
double autocorrelationHz(const std::vector<float>& x, std::size_t from, std::size_t count,
                         double sampleRate) {
  const int minLag = static_cast<int>(sampleRate / 2000.0),
            maxLag = static_cast<int>(sampleRate / 40.0);
  std::vector<double> r(static_cast<std::size_t>(maxLag) + 2, 0.0);
  for (int lag = minLag - 1; lag <= maxLag + 1; ++lag)
    for (std::size_t i = from; i < from + count; ++i)
      r[static_cast<std::size_t>(lag)] +=
          static_cast<double>(x[i]) * x[i + static_cast<std::size_t>(lag)];
  const double highest = *std::max_element(r.begin() + minLag, r.begin() + maxLag);
  for (int lag = minLag; lag < maxLag; ++lag) {
    const double a = r[lag - 1], b = r[lag], c = r[lag + 1];
    if (b >= 0.9 * highest && b >= a && b >= c) {
      const double shift = 0.5 * (a - c) / (a - 2.0 * b + c);
      return sampleRate / (lag + shift);
    }
  }
  return 0.0;
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

// A sustained string whose pitch an LFO frozen at phase 0 (rate 0) moves by `depth`: a sine at
// phase 0 leaves the left channel alone, and the right channel, `stereo` half-cycles on, hears
// sin(pi * stereo).
void stereoLfoOnPitch(SynthHarness& h, float stereo, float depth) {
  h.useSingleResonator();
  h.set({{"stereoResonators", 1},
         {"decayTime wb0r0", 60},
         {"impExciter0 pickPosition", 0},
         {"lfo0enable", 1},
         {"lfo0rate", 0},
         {"lfo0wave", 1},
         {"lfo0stereo", stereo}});
  h.synth().setModulations({{"lfo1", "pitch wb0r0", depth, true, "linear", true}});
}

TEST(StereoModulation, AnLfoStereoOffsetTunesTheRightChannelApart) {
  constexpr float kDepth = 0.05f;
  SynthHarness h;
  stereoLfoOnPitch(h, 0.5f, kDepth);  // a quarter cycle: right hears the peak
  h.noteOn(57);
  const auto r = h.render(44100);
  // What the right channel should play: the pitch parameter moved by the full depth.
  const ParamInfo& pitch = synth::resonatorParamInfos()[h.synth().params().indexOf("pitch wb0r0")];
  const double expectedRatio = pitch.fromNormalised(pitch.toNormalised(1.0f) + kDepth);
  const double left = measurePartialHz(r.left, 44100, 220.0, 22050);
  const double right = measurePartialHz(r.right, 44100, 220.0 * expectedRatio, 22050);
  EXPECT_NEAR(1200.0 * std::log2(left / 220.0), 0.0, 1.0);
  EXPECT_NEAR(1200.0 * std::log2(right / (220.0 * expectedRatio)), 0.0, 1.0)
      << "right channel at " << right << " Hz";
  EXPECT_GT(1200.0 * std::log2(right / left), 50.0);
}

TEST(StereoModulation, WithoutAStereoOffsetBothChannelsHearTheSameModulation) {
  SynthHarness h;
  stereoLfoOnPitch(h, 0.0f, 0.05f);
  h.set({{"lfo0rate", 3}, {"rnd0enable", 1}, {"rnd0rate", 7}});
  h.synth().setModulations({{"lfo1", "pitch wb0r0", 0.05f, true, "linear", true},
                            {"rnd1", "decayFilterCutoff wb0r0", 0.3f, true, "linear", true}});
  h.noteOn(57);
  const auto r = h.render(22050);
  EXPECT_EQ(0, std::memcmp(r.left.data(), r.right.data(), r.left.size() * sizeof(float)));
}

TEST(StereoModulation, ARandomStereoOffsetGivesTheRightChannelItsOwnWalk) {
  SynthHarness h;
  h.useSingleResonator();
  h.set({{"stereoResonators", 1},
         {"decayTime wb0r0", 60},
         {"impExciter0 pickPosition", 0},
         {"rnd0enable", 1},
         {"rnd0mode", 1},  // stepped: one pitch per interval
         {"rnd0rate", 2},
         {"rnd0stereo", 1}});
  h.synth().setModulations({{"rnd1", "pitch wb0r0", 0.1f, true, "linear", true}});
  h.noteOn(57);
  const auto r = h.render(4 * 44100);
  // In each of the eight half-second steps, the two channels' pitches: apart from each other,
  // and the right one moving from step to step (a walk of its own, not a fixed offset).
  int apart = 0, rightMoves = 0;
  double lastRight = 0.0;
  for (int step = 0; step < 8; ++step) {
    const auto from = static_cast<std::size_t>((step * 0.5 + 0.2) * 44100);
    const double left = autocorrelationHz(r.left, from, 4096, 44100);
    const double right = autocorrelationHz(r.right, from, 4096, 44100);
    ASSERT_GT(left, 0.0);
    ASSERT_GT(right, 0.0);
    if (std::abs(1200.0 * std::log2(right / left)) > 10.0) ++apart;
    if (step > 0 && std::abs(1200.0 * std::log2(right / lastRight)) > 10.0) ++rightMoves;
    lastRight = right;
  }
  EXPECT_GE(apart, 6) << "the channels' random pitches should differ in most steps";
  EXPECT_GE(rightMoves, 5) << "the right channel's pitch should walk";
}

TEST(StereoModulation, IsBitIdenticalAcrossBlockSizesAndAllocatesNothing) {
  auto render = [](int blockSize) {
    SynthHarness h;
    stereoLfoOnPitch(h, 0.7f, 0.05f);
    h.set({{"lfo0rate", 5}, {"rnd0enable", 1}, {"rnd0rate", 11}, {"rnd0stereo", 0.6f}});
    h.synth().setModulations({{"lfo1", "pitch wb0r0", 0.05f, true, "linear", true},
                              {"mrnd1", "decayFilterCutoff wb0r0", 0.3f, true, "linear", true},
                              {"rnd1", "gain wb0r0", 0.3f, true, "linear", true}});
    h.noteOn(52, 100, 5);
    h.noteOn(59, 80, 3000);
    return h.render(20000, blockSize);
  };
  const auto reference = render(512);
  EXPECT_NE(0, std::memcmp(reference.left.data(), reference.right.data(),
                           reference.left.size() * sizeof(float)));
  for (int blockSize : {1, 7, 64}) {
    const auto r = render(blockSize);
    EXPECT_EQ(0, std::memcmp(r.left.data(), reference.left.data(), r.left.size() * sizeof(float)));
    EXPECT_EQ(0,
              std::memcmp(r.right.data(), reference.right.data(), r.right.size() * sizeof(float)));
  }

  SynthHarness h;
  stereoLfoOnPitch(h, 0.7f, 0.05f);
  h.set({{"lfo0rate", 5}});
  EXPECT_EQ(h.allocationsWhilePlaying(), 0u);
}

}  // namespace
}  // namespace tonewood::test
