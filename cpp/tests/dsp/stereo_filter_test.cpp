#include "tonewood/dsp/stereo_filter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "support/test_signals.hpp"

namespace tonewood::dsp {
namespace {

constexpr double kRate = 48000.0;
constexpr int kFrames = 48000;

FilterSettings settings(double hz, double morph, double q) {
  FilterSettings s;
  s.enabled = true;
  s.cutoffHz = hz;
  s.morph = morph;
  s.q = q;
  return s;
}

// The trapezoidal SVF run a frame at a time in double: what the four-frame groups must give.
std::vector<double> reference(const FilterSettings& s, const float* in, int frames) {
  const SvfCoefficients c = designSvfMorph(s.morph, s.cutoffHz, s.q, kRate);
  const double a1 = 1.0 / (1.0 + c.g * (c.g + c.k)), a2 = c.g * a1, a3 = c.g * a2;
  double ic1 = 0.0, ic2 = 0.0;
  std::vector<double> out(static_cast<std::size_t>(frames));
  for (int i = 0; i < frames; ++i) {
    const double v3 = in[i] - ic2;
    const double v1 = a1 * ic1 + a2 * v3;
    const double v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2.0 * v1 - ic1;
    ic2 = 2.0 * v2 - ic2;
    out[static_cast<std::size_t>(i)] = c.m0 * in[i] + c.m1 * v1 + c.m2 * v2;
  }
  return out;
}

// Runs both rows through a filter in blocks of the sizes `cut` gives, changing the setting to
// `later` at frame `changeAt`.
AudioBuffer run(const AudioBuffer& in, const FilterSettings& first, const FilterSettings& later,
                int changeAt, const std::function<int()>& cut) {
  AudioBuffer out(2, in.numFrames());
  for (int c = 0; c < 2; ++c) std::copy_n(in.channel(c), in.numFrames(), out.channel(c));
  StereoFilter f;
  f.prepare(kRate);
  f.configure(first);
  for (int i = 0; i < in.numFrames();) {
    int n = std::min(cut(), in.numFrames() - i);
    if (i < changeAt) n = std::min(n, changeAt - i);
    if (i == changeAt) f.configure(later);
    f.process(out.channel(0) + i, out.channel(1) + i, n);
    i += n;
  }
  return out;
}

TEST(StereoFilter, FourFrameGroupsFollowTheFrameByFrameFilter) {
  const AudioBuffer in = test::seededNoise(2, kFrames, 7);
  // Low, resonant, band, high and very low cutoffs (where the map is nearly the identity).
  for (const FilterSettings& s :
       {settings(2000.0, 0.0, 0.7071), settings(500.0, 0.5, 10.0), settings(10000.0, 0.3, 1.0),
        settings(30.0, 1.0, 0.7071), settings(20.0, 0.0, 2.0), settings(15000.0, 0.0, 0.7071)}) {
    const AudioBuffer out = run(in, s, s, kFrames, [] { return 512; });
    for (int c = 0; c < 2; ++c) {
      const std::vector<double> want = reference(s, in.channel(c), kFrames);
      double error = 0.0, level = 0.0;
      for (int i = 0; i < kFrames; ++i) {
        error = std::max(error, std::abs(out.channel(c)[i] - want[static_cast<std::size_t>(i)]));
        level = std::max(level, std::abs(want[static_cast<std::size_t>(i)]));
      }
      // Within 2e-6 of the peak (-114 dB): float rounding, not a different filter.
      EXPECT_LT(error, 2e-6 * level) << s.cutoffHz << " Hz, morph " << s.morph << ", Q " << s.q;
    }
  }
}

TEST(StereoFilter, OutputIsBitIdenticalWhateverTheBlockSizes) {
  const AudioBuffer in = test::seededNoise(2, 20000, 3);
  const FilterSettings low = settings(800.0, 0.0, 3.0), band = settings(3000.0, 0.6, 0.9);
  const AudioBuffer whole = run(in, low, band, 10001, [] { return 20000; });
  std::mt19937 gen(11);
  std::uniform_int_distribution<int> sizes(1, 37);
  for (int trial = 0; trial < 4; ++trial) {
    const AudioBuffer cut = run(in, low, band, 10001, [&] { return sizes(gen); });
    for (int c = 0; c < 2; ++c)
      for (int i = 0; i < in.numFrames(); ++i)
        ASSERT_EQ(cut.channel(c)[i], whole.channel(c)[i]) << "trial " << trial << " frame " << i;
  }
  // The same setting again changes nothing: no group restarts.
  const AudioBuffer again = run(in, low, low, 10001, [] { return 333; });
  const AudioBuffer plain = run(in, low, low, 20000, [] { return 20000; });
  for (int i = 0; i < in.numFrames(); ++i) ASSERT_EQ(again.channel(1)[i], plain.channel(1)[i]);
}

TEST(StereoFilter, AChangeTakesEffectOnItsFrame) {
  // A DC input through a low-pass: steady at 1. Switched to a high-pass at frame 5003 (inside
  // a group), the output drops to about 0 on that very frame (the high-pass is the input less
  // the low-pass's state), not before and not at the next group.
  AudioBuffer in(2, 10000);
  std::fill_n(in.channel(0), 10000, 1.0f);
  std::fill_n(in.channel(1), 10000, 1.0f);
  const AudioBuffer out = run(in, settings(1000.0, 0.0, 0.7071), settings(1000.0, 1.0, 0.7071),
                              5003, [] { return 64; });
  EXPECT_NEAR(out.channel(0)[5002], 1.0f, 1e-5);
  EXPECT_LT(std::abs(out.channel(0)[5003]), 0.05f);
  EXPECT_NEAR(out.channel(0)[9999], 0.0f, 1e-4);  // DC gone through the high-pass
}

}  // namespace
}  // namespace tonewood::dsp
