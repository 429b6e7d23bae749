// Rubber Band through tonewood: exact lengths, pitch kept or moved by the right number of
// cents, time alignment, and a streaming path that does not allocate once running.
#include "tonewood/io/time_stretch.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "support/allocation_counter.hpp"
#include "support/signal_measure.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood::io {
namespace {

constexpr double kRate = 48000.0;

std::vector<float> sine(double hz, int frames, float amplitude = 0.5f) {
  std::vector<float> x(static_cast<std::size_t>(frames));
  for (int i = 0; i < frames; ++i)
    x[static_cast<std::size_t>(i)] =
        amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * hz * i / kRate));
  return x;
}

double cents(double hz, double reference) {
  return 1200.0 * std::log2(hz / reference);
}

std::vector<float> stretchMono(std::vector<float> x, double ratio, double semitones) {
  float* rows[] = {x.data()};
  AudioBuffer out =
      timeStretch(AudioBlockView(rows, 1, static_cast<int>(x.size())), kRate, ratio, semitones);
  return {out.channel(0), out.channel(0) + out.numFrames()};
}

TEST(TimeStretch, StretchingKeepsPitchAndGivesTheExactLength) {
  for (double ratio : {0.5, 0.8, 1.5, 2.0}) {
    const std::vector<float> out = stretchMono(sine(440.0, 96000), ratio, 0.0);
    ASSERT_EQ(out.size(), static_cast<std::size_t>(std::llround(96000 * ratio))) << ratio;
    const double hz = test::measurePartialHz(out, kRate, 440.0, out.size() / 2);
    EXPECT_NEAR(cents(hz, 440.0), 0.0, 2.0) << "ratio " << ratio;
    // Level kept within 1 dB in the middle.
    EXPECT_NEAR(test::rmsDb(out, out.size() / 4, out.size() / 2),
                20 * std::log10(0.5 / std::sqrt(2.0)), 1.0)
        << ratio;
  }
}

TEST(TimeStretch, PitchShiftMovesBySemitonesAndKeepsTheLength) {
  for (double semitones : {-12.0, -5.0, 3.0, 7.0}) {
    const std::vector<float> out = stretchMono(sine(330.0, 96000), 1.0, semitones);
    ASSERT_EQ(out.size(), 96000u);
    const double target = 330.0 * std::exp2(semitones / 12.0);
    const double hz = test::measurePartialHz(out, kRate, target, 40000);
    EXPECT_NEAR(cents(hz, 330.0), semitones * 100.0, 3.0) << semitones;
  }
}

TEST(TimeStretch, AClickLandsWhereTheRatioPutsIt) {
  std::vector<float> x(96000, 0.0f);
  for (int i = 0; i < 48; ++i) x[48000 + static_cast<std::size_t>(i)] = 0.8f;  // 1 ms burst at 1 s
  const std::vector<float> out = stretchMono(x, 1.5, 0.0);
  std::size_t loudest = 0;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (std::abs(out[i]) > std::abs(out[loudest])) loudest = i;
  EXPECT_NEAR(static_cast<double>(loudest) / kRate, 1.5, 0.010);  // within 10 ms
}

TEST(TimeStretch, BadValuesNameTheirRange) {
  std::vector<float> x(100, 0.0f);
  float* rows[] = {x.data()};
  const AudioBlockView view(rows, 1, 100);
  try {
    timeStretch(view, kRate, 0.01, 0.0);
    FAIL() << "ratio 0.01 accepted";
  } catch (const OutOfRangeError& e) {
    EXPECT_NE(std::string(e.what()).find("time ratio"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0.05"), std::string::npos) << e.what();
  }
  EXPECT_THROW(timeStretch(view, kRate, 1.0, 60.0), OutOfRangeError);
  EXPECT_THROW(Stretcher(kRate, 0), OutOfRangeError);
}

/// Pushes `x` in blocks of `block` frames, pulling after each, and returns everything pulled.
std::vector<float> stream(Stretcher& s, const std::vector<float>& x, int block,
                          std::size_t* allocations = nullptr) {
  std::vector<float> out(x.size() * 4 + 100000);
  std::size_t written = 0;
  test::AllocationCounter counter;
  for (std::size_t start = 0; start < x.size(); start += static_cast<std::size_t>(block)) {
    const int count = static_cast<int>(std::min<std::size_t>(block, x.size() - start));
    const float* in[] = {x.data() + start};
    s.push(in, count);
    float* rows[] = {out.data() + written};
    written += static_cast<std::size_t>(s.pull(rows, static_cast<int>(out.size() - written)));
  }
  if (allocations) *allocations = counter.allocations();
  s.finish();
  while (!s.finished()) {
    float* rows[] = {out.data() + written};
    const int got = s.pull(rows, static_cast<int>(out.size() - written));
    if (got == 0) break;
    written += static_cast<std::size_t>(got);
  }
  out.resize(written);
  return out;
}

TEST(Stretcher, StreamHasTheExactLengthAndPitch) {
  for (int block : {64, 512, 1000}) {
    Stretcher s(kRate, 1, 1.25, 0.0, {}, 1024);
    const std::vector<float> out = stream(s, sine(440.0, 96000), block);
    ASSERT_EQ(out.size(), 120000u) << block;
    EXPECT_TRUE(s.finished());
    EXPECT_NEAR(cents(test::measurePartialHz(out, kRate, 440.0, 60000), 440.0), 0.0, 2.0);
  }
}

TEST(Stretcher, RatioAndPitchChangeMidStream) {
  Stretcher s(kRate, 1, 1.0, 0.0, {}, 512);
  const std::vector<float> x = sine(440.0, 48000);
  std::vector<float> first = stream(s, x, 512);
  s.reset();
  s.setTimeRatio(2.0);
  s.setPitchSemitones(12.0);
  const std::vector<float> second = stream(s, x, 512);
  EXPECT_EQ(first.size(), 48000u);
  ASSERT_EQ(second.size(), 96000u);
  EXPECT_NEAR(cents(test::measurePartialHz(second, kRate, 880.0, 48000), 440.0), 1200.0, 3.0);
}

TEST(Stretcher, PushAndPullDoNotAllocateOnceRunning) {
  Stretcher s(kRate, 1, 1.5, 4.0, {}, 256);
  std::size_t allocations = 99;
  stream(s, sine(440.0, 48000), 256, &allocations);
  EXPECT_EQ(allocations, 0u);
}

TEST(Stretcher, OutputStartsAfterTheReportedLatency) {
  for (double ratio : {0.5, 1.0, 1.5}) {
    Stretcher s(kRate, 1, ratio, 0.0, {}, 64);
    const std::vector<float> x = sine(440.0, 48000);
    std::vector<float> out(64);
    int pushed = 0;
    for (; pushed < 48000; pushed += 64) {
      if (s.available() > 0) break;
      const float* in[] = {x.data() + pushed};
      s.push(in, 64);
    }
    EXPECT_GT(pushed, 0);
    EXPECT_NEAR(pushed, s.latencyFrames(), 64 * 2) << "latency " << s.latencyFrames();
  }
}

}  // namespace
}  // namespace tonewood::io
