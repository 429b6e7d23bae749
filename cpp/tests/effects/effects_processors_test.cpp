// The built-in effects as processors: their parameters mean what their units say (T60 in
// seconds, echo times, dB), they never depend on block size, and they allocate nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

#include "support/allocation_counter.hpp"
#include "support/processor_harness.hpp"
#include "support/signal_measure.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/effects/amp.hpp"
#include "tonewood/effects/chorus.hpp"
#include "tonewood/effects/compressor.hpp"
#include "tonewood/effects/delay.hpp"
#include "tonewood/effects/distortion.hpp"
#include "tonewood/effects/filter.hpp"
#include "tonewood/effects/phaser.hpp"
#include "tonewood/effects/reverb.hpp"

namespace tonewood::effects {
namespace {

using test::Planar;
using test::runProcessor;
constexpr double kRate = 48000.0;

Planar stereo(std::vector<float> left, std::vector<float> right) {
  return Planar{{std::move(left), std::move(right)}};
}

std::vector<float> sine(double hz, double amplitude, int frames) {
  std::vector<float> x(static_cast<std::size_t>(frames));
  for (int i = 0; i < frames; ++i)
    x[static_cast<std::size_t>(i)] =
        static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * hz * i / kRate));
  return x;
}

std::vector<float> noise(int frames, std::uint32_t seed) {
  std::vector<float> x(static_cast<std::size_t>(frames));
  for (auto& v : x) {
    seed = seed * 1664525u + 1013904223u;
    v = static_cast<float>(seed >> 8) / 16777216.0f - 0.5f;
  }
  return x;
}

std::vector<float> impulse(int frames) {
  std::vector<float> x(static_cast<std::size_t>(frames), 0.0f);
  x[0] = 1.0f;
  return x;
}

std::vector<std::shared_ptr<graph::Processor>> everyEffect() {
  auto chorus = std::make_shared<Chorus>();
  chorus->setParameter("sync", 1.0f);
  auto delay = std::make_shared<Delay>();
  delay->setParameter("sync_right", 1.0f);
  delay->setParameter("ping_pong", 1.0f);
  auto distortion = std::make_shared<Distortion>();
  distortion->setParameter("type", 4.0f);
  distortion->setParameter("filter", 2.0f);
  distortion->setParameter("drive_db", 18.0f);
  auto amp = std::make_shared<Amp>();
  amp->setParameter("mode", 2.0f);
  return {std::make_shared<Filter>(),
          chorus,
          std::make_shared<Phaser>(),
          distortion,
          amp,
          delay,
          std::make_shared<Compressor>(),
          std::make_shared<Reverb>()};
}

TEST(EffectProcessors, EveryEffectIsBitIdenticalAcrossBlockSizes) {
  const Planar input = stereo(noise(20000, 1), noise(20000, 2));
  for (std::size_t k = 0; k < everyEffect().size(); ++k) {
    const Planar reference = runProcessor(everyEffect()[k], input, 64);
    for (int block : {1, 7, 333, 4096}) {
      const Planar out = runProcessor(everyEffect()[k], input, block);
      ASSERT_EQ(out.channels, reference.channels)
          << everyEffect()[k]->typeName() << " at " << block << " frames";
    }
  }
}

TEST(EffectProcessors, ProcessingAllocatesNothing) {
  for (const auto& effect : everyEffect()) {
    graph::Engine engine({kRate, 256, 2, 2, 1});
    const auto node = engine.add(effect);
    engine.connect(graph::Graph::kInput, node);
    engine.connect(node, graph::Graph::kOutput);
    engine.scheduleParameter(node, effect->parameterInfo(0).id,
                             effect->parameterInfo(0).defaultValue, 300);
    AudioBuffer in(2, 256), out(2, 256);
    in.channel(0)[0] = 1.0f;
    test::AllocationCounter counter;
    for (int b = 0; b < 20; ++b) engine.process(in.view(), out.view(), true);
    EXPECT_EQ(counter.allocations() + counter.deallocations(), 0u) << effect->typeName();
  }
}

TEST(EffectProcessors, ReverbDecayIsTheMeasuredT60) {
  for (float t60 : {1.0f, 4.0f}) {
    auto reverb = std::make_shared<Reverb>();
    reverb->setParameter("decay_s", t60);
    reverb->setParameter("mix", 1.0f);
    reverb->setParameter("early_mix", 0.0f);
    reverb->setParameter("damping_hz", 20000.0f);  // the T60 holds below the damping frequency
    reverb->setParameter("bandwidth_hz", 20000.0f);
    const int frames = static_cast<int>(kRate * t60 * 1.5);
    const Planar out = runProcessor(reverb, stereo(impulse(frames), impulse(frames)), 512);
    EXPECT_NEAR(test::measureT60(out.channels[0], kRate, 0.05), t60, 0.15 * t60);
  }
}

TEST(EffectProcessors, DelayEchoesAtItsTimeAndItsSyncedNoteValue) {
  auto delay = std::make_shared<Delay>();
  delay->setParameter("time_left_s", 0.25f);
  delay->setParameter("sync_right", 1.0f);
  delay->setParameter("note_value_right", 6.0f);  // 1/8 at the transport's 120 BPM: 0.25 s
  delay->setParameter("mix", 1.0f);
  delay->setParameter("feedback", 0.0f);
  const Planar out = runProcessor(delay, stereo(impulse(24000), impulse(24000)), 128);
  for (int c = 0; c < 2; ++c) {
    const auto& x = out.channels[static_cast<std::size_t>(c)];
    const auto peak = std::max_element(
        x.begin(), x.end(), [](float a, float b) { return std::fabs(a) < std::fabs(b); });
    EXPECT_EQ(peak - x.begin(), 12000) << "channel " << c;
  }
}

TEST(EffectProcessors, AmpGainAndLevelAreDecibels) {
  auto amp = std::make_shared<Amp>();
  amp->setParameter("gain_db", 6.0f);
  amp->setParameter("level_db", -10.0f);
  const auto x = sine(1000.0, 0.001, 48000);
  const Planar out = runProcessor(amp, stereo(x, x), 512);
  const double gain = test::rmsDb(out.channels[0], 24000, 24000) - test::rmsDb(x, 24000, 24000);
  EXPECT_NEAR(gain, 6.0 - 10.0, 0.2);  // the speaker's 9 kHz low-pass takes a little at 1 kHz
}

TEST(EffectProcessors, FilterCutoffIsWhereALowPassIsThreeDecibelsDown) {
  auto filter = std::make_shared<Filter>();
  filter->setParameter("cutoff_hz", 2000.0f);
  for (const auto& [hz, expectedDb] : {std::pair{2000.0, -3.01}, std::pair{200.0, 0.0}}) {
    const auto x = sine(hz, 0.5, 48000);
    const Planar out = runProcessor(filter, stereo(x, x), 512);
    EXPECT_NEAR(test::rmsDb(out.channels[1], 24000, 24000) - test::rmsDb(x, 24000, 24000),
                expectedDb, 0.05)
        << hz << " Hz";
  }
}

TEST(EffectProcessors, CompressorFollowsItsStaticCurveInDecibels) {
  auto compressor = std::make_shared<Compressor>();
  compressor->setParameter("threshold_db", -20.0f);
  compressor->setParameter("ratio", 4.0f);
  // A square wave at 0 dBFS: constant magnitude, so the detector settles on exactly its level.
  std::vector<float> x(48000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = (i / 50) % 2 ? 1.0f : -1.0f;
  const Planar out = runProcessor(compressor, stereo(x, x), 512);
  // 20 dB over the threshold comes out 5 dB over it: 15 dB less.
  EXPECT_NEAR(20.0 * std::log10(std::fabs(out.channels[0].back())), -15.0, 0.1);
}

TEST(EffectProcessors, StateRoundTripsAndRefusesAnotherType) {
  auto reverb = std::make_shared<Reverb>();
  reverb->setParameter("decay_s", 7.5f);
  reverb->setParameter("mix", 0.8f);
  const std::string state = reverb->saveState();
  auto again = std::make_shared<Reverb>();
  again->restoreState(state);
  EXPECT_EQ(again->parameter(Reverb::kDecayS), 7.5f);
  EXPECT_EQ(again->parameter(Reverb::kMix), 0.8f);
  EXPECT_EQ(again->saveState(), state);
  EXPECT_THROW(Delay().restoreState(state), InvalidArgumentError);
  EXPECT_THROW(again->restoreState(R"({"type": "reverb", "parameters": {"decay_s": 99}})"),
               OutOfRangeError);
  EXPECT_EQ(again->parameter(Reverb::kDecayS), 7.5f);  // unchanged by the failed restore
}

}  // namespace
}  // namespace tonewood::effects
