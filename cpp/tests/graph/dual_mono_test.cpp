// A mono processor on a stereo signal: one instance per side, both following the first's
// parameters on the same frame, with the first's latency.
#include "tonewood/graph/nodes/dual_mono.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/test_processors.hpp"
#include "support/test_signals.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/gain.hpp"

namespace tonewood::graph {
namespace {

TEST(DualMono, EachSideRunsItsOwnInstanceAndBothFollowTheFirstsParameters) {
  auto left = std::make_shared<Gain>(1), right = std::make_shared<Gain>(1);
  left->setParameter(Gain::kGainDb, -6.0f);
  Engine engine({48000.0, 256, 2, 2, 1});
  const NodeId pair = engine.add(std::make_shared<DualMono>(left, right));
  engine.connect(Graph::kInput, pair);
  engine.connect(pair, Graph::kOutput);
  AudioBuffer input = test::seededNoise(2, 1024, 3);
  const AudioBlockView in = input.view();
  const AudioBuffer out = engine.render(1024, {}, &in);
  const float g = std::pow(10.0f, -6.0f / 20.0f);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 1024; ++i) ASSERT_EQ(out.channel(c)[i], input.channel(c)[i] * g) << c;
  // An automation step to the pair reaches both sides on its frame.
  engine.schedule(pair, Event::automation(0, Gain::kGainDb, 0.0f), engine.frame() + 100);
  const AudioBuffer after = engine.render(256, {}, &in);
  for (int c = 0; c < 2; ++c) {
    EXPECT_EQ(after.channel(c)[99], input.channel(c)[99] * g);
    EXPECT_EQ(after.channel(c)[100], input.channel(c)[100]);
  }
  EXPECT_EQ(left->parameter(Gain::kGainDb), 0.0f);
}

TEST(DualMono, ReportsTheFirstsLatencyAndRefusesWhatIsNotAMonoPair) {
  auto a = std::make_shared<test::LatencyProcessor>(1, 10);
  auto b = std::make_shared<test::LatencyProcessor>(1, 10);
  EXPECT_EQ(DualMono(a, b).latencyFrames(), 10);
  EXPECT_THROW(DualMono(std::make_shared<Gain>(2), std::make_shared<Gain>(2)),
               InvalidArgumentError);
  EXPECT_THROW(DualMono(std::make_shared<Gain>(1), a), InvalidArgumentError);
}

}  // namespace
}  // namespace tonewood::graph
