#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "tonewood/dsp/adsr.hpp"
#include "tonewood/dsp/dc_blocker.hpp"
#include "tonewood/dsp/first_order_allpass.hpp"
#include "tonewood/dsp/lfo_shapes.hpp"
#include "tonewood/dsp/linear_ramp.hpp"
#include "tonewood/dsp/white_noise.hpp"

namespace tonewood::dsp {
namespace {

TEST(FirstOrderAllpass, PassesEveryFrequencyAtUnityGain) {
  for (double s : {-0.99, -0.5, 0.0, 0.7})
    for (double w = 0.01; w < std::numbers::pi; w += 0.1)
      EXPECT_NEAR(std::abs(firstOrderAllpassResponse(s, w)), 1.0, 1e-12);
}

TEST(FirstOrderAllpass, RunningFilterMatchesItsResponse) {
  FirstOrderAllpass ap;
  const double s = -0.6, w = 0.3;
  double re = 0, im = 0;
  for (int i = 0; i < 20000; ++i) {
    const float y = ap.tick(static_cast<float>(s), static_cast<float>(std::cos(w * i)));
    if (i >= 10000) re += y * std::cos(w * i), im += y * std::sin(w * i);
  }
  // y = cos(w n + phi): the cosine projection gives cos(phi), the sine projection -sin(phi).
  EXPECT_NEAR(std::atan2(-im, re), std::arg(firstOrderAllpassResponse(s, w)), 1e-3);
}

TEST(DcBlocker, RemovesDcAndKeepsAudio) {
  DcBlocker dc;
  float last = 0;
  for (int i = 0; i < 44100; ++i) last = dc.tick(1.0f);
  EXPECT_LT(std::abs(last), 1e-6);
  double in = 0, out = 0;
  for (int i = 0; i < 44100; ++i) {
    const float x = static_cast<float>(std::sin(2 * std::numbers::pi * 1000 * i / 44100));
    const float y = dc.tick(x);
    if (i > 4410) in += x * x, out += y * y;
  }
  EXPECT_NEAR(10 * std::log10(out / in), 0.0, 0.03);  // +0.02 dB shelf near Nyquist
}

TEST(Adsr, SegmentsTakeTheirTimeToTheSample) {
  Adsr env;
  env.setParameters(1000, 0.01, 0.02, 0.5, 0.04);
  env.noteOn();
  int n = 0;
  while (env.stage() == Adsr::Stage::Attack) env.next(), ++n;
  EXPECT_EQ(n, 10);
  n = 0;
  while (env.stage() == Adsr::Stage::Decay) env.next(), ++n;
  EXPECT_EQ(n, 10);  // half of full scale at 20 samples per full scale
  EXPECT_FLOAT_EQ(env.level(), 0.5f);
  env.noteOff();
  n = 0;
  while (env.isActive()) env.next(), ++n;
  EXPECT_EQ(n, 20);  // 0.5 -> 0 at 1/40 per sample
}

TEST(LfoShapes, FollowGinsNumberingAndForms) {
  auto at = [](int wave, float phase, float now = 0.3f, float next = -0.5f) {
    return lfoShapeValue(static_cast<LfoShape>(wave), phase, now, next);
  };
  EXPECT_NEAR(at(1, 0.25f), 1.0f, 1e-6f);  // sine
  EXPECT_NEAR(at(2, 0.25f), 1.0f, 1e-6f);  // triangle, rising from 0
  EXPECT_EQ(at(6, 0.2f), 1.0f);            // square+
  EXPECT_EQ(at(6, 0.7f), 0.0f);
  EXPECT_EQ(at(7, 0.1f), 0.3f);  // sample and hold: this cycle's value
  EXPECT_EQ(at(7, 0.9f), 0.3f);
  EXPECT_NEAR(at(8, 0.5f), -0.1f, 1e-6f);   // noise: halfway to the next value
  EXPECT_NEAR(at(9, 0.5f), 0.0f, 1e-6f);    // three steps up: -1, 0, 1
  EXPECT_NEAR(at(11, 0.99f), 1.0f, 1e-6f);  // eight steps up ends at 1
  EXPECT_NEAR(at(12, 0.1f), 1.0f, 1e-6f);   // three steps down starts at 1
  const float pyramid5[] = {0.0f, 0.5f, 1.0f, 0.5f, 0.0f, -0.5f, -1.0f, -0.5f};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(at(16, (i + 0.5f) / 8.0f), pyramid5[i]) << i;
  EXPECT_EQ(at(15, 0.6f), 0.0f);
  EXPECT_EQ(at(17, 0.2f), 0.75f);  // 16 steps: the fourth of them (0.1875 .. 0.25)
}

TEST(LinearRamp, ReachesTheTargetExactly) {
  LinearRamp r;
  r.jumpTo(0.3f);
  r.setTarget(0.7f, 32);
  float v = 0;
  for (int i = 0; i < 32; ++i) v = r.next();
  EXPECT_EQ(v, 0.7f);
  EXPECT_FALSE(r.isRamping());
}

TEST(WhiteNoise, IsUniformZeroMeanAndRepeatable) {
  WhiteNoise a(7), b(7);
  double sum = 0, sq = 0;
  for (int i = 0; i < 100000; ++i) {
    const float x = a.next();
    ASSERT_EQ(x, b.next());
    ASSERT_GE(x, -1.0f);
    ASSERT_LT(x, 1.0f);
    sum += x, sq += x * x;
  }
  EXPECT_NEAR(sum / 100000, 0.0, 0.01);
  EXPECT_NEAR(sq / 100000, 1.0 / 3.0, 0.01);  // variance of U(-1, 1)
}

}  // namespace
}  // namespace tonewood::dsp
