// Loudness normalisation that never clips: the target loudness within 0.5 LU and the true peak
// under its ceiling, on a transient-heavy pluck and on noise; the limiter's sample guarantee.
#include "tonewood/analysis/loudness_normalization.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "tonewood/analysis/loudness.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/lookahead_limiter.hpp"

namespace tonewood::test {
namespace {

constexpr double kRate = 48000.0;

/// A decaying 110 Hz pluck with a sharp attack (a crest factor of about 25 dB), at -20 dBFS.
AudioBuffer pluck(double seconds) {
  const int frames = static_cast<int>(seconds * kRate);
  AudioBuffer a(2, frames);
  std::mt19937 rng(4);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  for (int i = 0; i < frames; ++i) {
    const double t = i / kRate;
    const double body = std::exp(-t * 6.9 / 3.0) * std::sin(2 * std::numbers::pi * 110 * t);
    const double click = i < 200 ? noise(rng) * std::exp(-i / 40.0) : 0.0;
    a.view().channel(0)[i] = static_cast<float>(0.1 * (body + 2.0 * click));
    a.view().channel(1)[i] = static_cast<float>(0.08 * (body - 2.0 * click));
  }
  return a;
}

double toDb(double x) {
  return 20.0 * std::log10(x);
}

TEST(LoudnessNormalization, ReachesTheTargetWithTheTruePeakUnderTheCeiling) {
  for (double target : {-30.0, -23.0, -14.0, -9.0}) {
    AudioBuffer a = pluck(4.0);
    const auto r = analysis::normalizeLoudness(a.view(), kRate, target, -1.0);
    const double lufs = analysis::integratedLoudness(a.view(), kRate);
    const double truePeak = toDb(analysis::truePeakLevel(a.view(), kRate));
    EXPECT_NEAR(lufs, target, 0.5) << target;
    EXPECT_LE(truePeak, -1.0) << target;
    EXPECT_NEAR(r.loudnessLufs, lufs, 1e-9) << target;
    EXPECT_NEAR(r.truePeakDbtp, truePeak, 1e-9) << target;
    if (target <= -30.0) EXPECT_LT(r.limitingLu, 1.0) << target;  // barely touched
    if (target >= -14.0) EXPECT_GT(r.limitingLu, 1.0) << target;  // really limited
  }
}

TEST(LoudnessNormalization, AnImpossibleTargetIsRefusedAndChangesNothing) {
  AudioBuffer a = pluck(4.0);
  const float before = a.view().channel(0)[1000];
  EXPECT_THROW(analysis::normalizeLoudness(a.view(), kRate, 0.0, -20.0), OutOfRangeError);
  EXPECT_EQ(a.view().channel(0)[1000], before);
  AudioBuffer silence(2, 48000);
  EXPECT_THROW(analysis::normalizeLoudness(silence.view(), kRate, -14.0), InvalidArgumentError);
  EXPECT_THROW(analysis::normalizeLoudness(a.view(), kRate, -14.0, 3.0), OutOfRangeError);
}

TEST(LookaheadLimiter, NoSampleEndsAboveTheCeilingAndQuietPartsAreUntouched) {
  AudioBuffer a(1, 48000);
  for (int i = 0; i < 48000; ++i)
    a.view().channel(0)[i] = static_cast<float>((i >= 20000 && i < 21000 ? 3.0 : 0.25) *
                                                std::sin(2 * std::numbers::pi * 440 * i / kRate));
  dsp::LimiterSettings s;
  s.ceiling = 0.5;
  const double deepest = dsp::limitPeaks(a.view(), kRate, s);
  EXPECT_NEAR(toDb(deepest), toDb(0.5 / 3.0), 0.1);
  float peak = 0.0f;
  for (int i = 0; i < 48000; ++i) peak = std::max(peak, std::abs(a.view().channel(0)[i]));
  EXPECT_LE(peak, 0.5f);
  // Well before the burst (more than the look-ahead) untouched; after it, recovered to within
  // 1 % after five release time constants.
  EXPECT_FLOAT_EQ(a.view().channel(0)[10000],
                  static_cast<float>(0.25 * std::sin(2 * std::numbers::pi * 440 * 10000 / kRate)));
  EXPECT_NEAR(a.view().channel(0)[40000],
              0.25 * std::sin(2 * std::numbers::pi * 440 * 40000 / kRate), 0.0025);
}

}  // namespace
}  // namespace tonewood::test
