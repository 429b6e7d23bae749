#include "tonewood/dsp/lagrange_delay.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace tonewood::dsp {
namespace {

TEST(LagrangeDelay, IntegerDelaysAreExact) {
  std::vector<float> memory(64);
  DelayLine line;
  line.attach(memory.data(), 64);
  const LagrangeTaps taps = lagrangeTaps(5.0);
  std::vector<float> out;
  for (int i = 0; i < 20; ++i) {
    out.push_back(line.read(taps));
    line.push(i == 0 ? 1.0f : 0.0f);
  }
  for (int i = 0; i < 20; ++i) EXPECT_FLOAT_EQ(out[i], i == 5 ? 1.0f : 0.0f) << i;
}

TEST(LagrangeDelay, FractionalDelayShiftsALowSineByThatMuch) {
  std::vector<float> memory(128);
  DelayLine line;
  line.attach(memory.data(), 128);
  const double delay = 7.37, w = 2 * std::numbers::pi * 0.01;
  const LagrangeTaps taps = lagrangeTaps(delay);
  double worst = 0;
  for (int i = 0; i < 2000; ++i) {
    const float y = line.read(taps);
    line.push(static_cast<float>(std::sin(w * i)));
    if (i > 200) worst = std::max(worst, std::abs(y - std::sin(w * (i - delay))));
  }
  EXPECT_LT(worst, 1e-5);
}

TEST(LagrangeDelay, GainNeverExceedsUnityAndPhaseDelayIsReported) {
  for (double d = 2.0; d < 4.0; d += 0.05) {
    const LagrangeTaps taps = lagrangeTaps(d);
    for (double w = 0.01; w < std::numbers::pi; w += 0.01)
      ASSERT_LE(std::abs(lagrangeResponse(taps, w)), 1.0 + 1e-6) << d << " " << w;
    EXPECT_NEAR(lagrangePhaseDelay(d, 0.001), d, 1e-6);
  }
}

TEST(LagrangeDelay, ReadsAcrossTheWrapPoint) {
  std::vector<float> memory(16 + DelayLine::kGuard);
  DelayLine line;
  line.attach(memory.data(), 16 + DelayLine::kGuard);  // a ring of 16
  const LagrangeTaps taps = lagrangeTaps(10.0);
  for (int i = 0; i < 100; ++i) {
    const float y = line.read(taps);
    if (i >= 10) {
      ASSERT_FLOAT_EQ(y, static_cast<float>(i - 10));
    }
    line.push(static_cast<float>(i));
  }
}

}  // namespace
}  // namespace tonewood::dsp
