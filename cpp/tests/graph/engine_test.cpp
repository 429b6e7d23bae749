// The engine: graphs render what their nodes compute, parallel branches line up whatever their
// latencies, the output never depends on block size or thread count, edits are checked, and the
// audio thread allocates nothing, even while the graph is swapped under it.
#include "tonewood/graph/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "support/allocation_counter.hpp"
#include "support/test_processors.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/nodes/gain.hpp"
#include "tonewood/graph/nodes/mixer.hpp"
#include "tonewood/graph/nodes/pan.hpp"

namespace tonewood::graph {
namespace {

using test::LatencyProcessor;
using test::TestTone;

std::vector<float> channel(const AudioBuffer& b, int c) {
  return {b.channel(c), b.channel(c) + b.numFrames()};
}

TEST(Engine, AChainRendersWhatItsNodesCompute) {
  Engine engine({48000.0, 256, 0, 2, 1});
  const NodeId tone = engine.add(std::make_shared<TestTone>(2), "tone");
  const NodeId gain = engine.add(std::make_shared<Gain>(2, -6.0f), "gain");
  engine.connect(tone, gain);
  engine.connect(gain, Graph::kOutput);
  const AudioBuffer out = engine.render(4800);

  Engine alone({48000.0, 256, 0, 2, 1});
  const NodeId t2 = alone.add(std::make_shared<TestTone>(2));
  alone.connect(t2, Graph::kOutput);
  const AudioBuffer dry = alone.render(4800);
  const float g = std::pow(10.0f, -6.0f / 20.0f);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 4800; ++i) ASSERT_EQ(out.channel(c)[i], dry.channel(c)[i] * g) << i;
}

TEST(Engine, FanInSumsAndFanOutFeedsEveryListener) {
  Engine engine({48000.0, 128, 0, 2, 1});
  const NodeId tone = engine.add(std::make_shared<TestTone>(2));
  const NodeId a = engine.add(std::make_shared<Gain>(2, 0.0f));
  const NodeId b = engine.add(std::make_shared<Gain>(2, 0.0f));
  engine.connect(tone, a);
  engine.connect(tone, b);
  engine.connect(a, Graph::kOutput);
  engine.connect(b, Graph::kOutput);
  const AudioBuffer twice = engine.render(1000);
  Engine once({48000.0, 128, 0, 2, 1});
  once.connect(once.add(std::make_shared<TestTone>(2)), Graph::kOutput);
  const AudioBuffer single = once.render(1000);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(twice.channel(1)[i], 2.0f * single.channel(1)[i]);
}

TEST(Engine, ParallelBranchesLineUpWhateverTheirLatencies) {
  for (int first : {0, 64, 1000})
    for (int second : {0, 64, 1000}) {
      if (first == second) continue;
      Engine engine({48000.0, 333, 0, 2, 1});
      const NodeId tone = engine.add(std::make_shared<TestTone>(2));
      const NodeId slow = engine.add(std::make_shared<LatencyProcessor>(2, first));
      const NodeId other = engine.add(std::make_shared<LatencyProcessor>(2, second));
      const NodeId invert = engine.add(std::make_shared<Gain>(2));
      engine.connect(tone, slow);
      engine.connect(tone, other);
      engine.connect(other, invert);
      engine.graph().node(invert).processor->setParameter("invert", 1.0f);  // the twin
      engine.connect(slow, Graph::kOutput);
      engine.connect(invert, Graph::kOutput);
      EXPECT_EQ(engine.latencyFrames(), std::max(first, second));
      const AudioBuffer out = engine.render(6000);
      float energy = 0.0f;
      for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 6000; ++i) ASSERT_EQ(out.channel(c)[i], 0.0f) << first << "/" << second;
      // ...and not because nothing played: one branch alone is loud.
      engine.disconnect(invert, Graph::kOutput);
      const AudioBuffer one = engine.render(2000);
      for (int i = 0; i < 2000; ++i) energy += one.channel(0)[i] * one.channel(0)[i];
      EXPECT_GT(energy, 10.0f);
    }
}

AudioBuffer renderBusyGraph(int blockSize, int threads) {
  Engine engine({48000.0, blockSize, 0, 2, threads});
  std::vector<NodeId> pans;
  const NodeId mixer = engine.add(std::make_shared<Mixer>(2, 2), "mix");
  for (int k = 0; k < 6; ++k) {
    const NodeId tone = engine.add(std::make_shared<TestTone>(2));
    const NodeId late = engine.add(std::make_shared<LatencyProcessor>(2, 17 * k));
    const NodeId gain = engine.add(std::make_shared<Gain>(2, -3.0f * static_cast<float>(k)));
    const NodeId pan =
        engine.add(std::make_shared<Pan>(2, 0.3f * static_cast<float>(k % 3) - 0.3f));
    engine.connect(tone, late);
    engine.connect(late, gain);
    engine.connect(gain, pan);
    engine.connect(pan, 0, mixer, (k % 2) * 2, 0);
    engine.connect(pan, 1, mixer, (k % 2) * 2 + 1, 0);
    pans.push_back(pan);
  }
  // A feedback loop through a quiet gain, read 4096 frames late.
  const NodeId echo = engine.add(std::make_shared<Gain>(2, -12.0f), "echo");
  engine.connect(mixer, echo);
  engine.connect(echo, 0, mixer, 0, 4096);
  engine.connect(echo, 1, mixer, 1, 4096);
  engine.connect(mixer, Graph::kOutput);
  // Parameter changes on the exact frame.
  engine.scheduleParameter(pans[2], "position", 1.0f, 3001);
  engine.scheduleParameter(mixer, "gain_db_2", -20.0f, 7777);
  return engine.render(20000);
}

TEST(Engine, OutputIsBitIdenticalForEveryBlockSizeAndThreadCount) {
  const AudioBuffer reference = renderBusyGraph(64, 1);
  for (int block : {1, 7, 64, 333, 4096})
    for (int threads : {1, 2, 4}) {
      if (block == 1 && threads > 1) continue;  // a minute of spinning for nothing new
      const AudioBuffer out = renderBusyGraph(block, threads);
      for (int c = 0; c < 2; ++c)
        ASSERT_EQ(channel(out, c), channel(reference, c))
            << block << " frames, " << threads << " threads";
    }
}

TEST(Engine, ParameterEventsLandOnTheirFrame) {
  Engine engine({48000.0, 512, 0, 1, 1});
  const NodeId tone = engine.add(std::make_shared<TestTone>(1));
  const NodeId gain = engine.add(std::make_shared<Gain>(1));
  engine.connect(tone, gain);
  engine.connect(gain, Graph::kOutput);
  engine.scheduleParameter(gain, "gain_db", -120.0f, 1000);
  const AudioBuffer out = engine.render(2048);
  Engine dryEngine({48000.0, 512, 0, 1, 1});
  dryEngine.connect(dryEngine.add(std::make_shared<TestTone>(1)), Graph::kOutput);
  const AudioBuffer dry = dryEngine.render(2048);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(out.channel(0)[i], dry.channel(0)[i]);
  EXPECT_NE(out.channel(0)[1000], dry.channel(0)[1000]);  // the glide starts here
  for (int i = 1000 + 64; i < 2048; ++i) ASSERT_LT(std::fabs(out.channel(0)[i]), 1e-5f);
}

TEST(Engine, BadEditsAreRefusedAndChangeNothing) {
  Engine engine({48000.0, 256, 0, 2, 1});
  const NodeId a = engine.add(std::make_shared<Gain>(2), "a");
  const NodeId b = engine.add(std::make_shared<Gain>(2), "b");
  const NodeId mono = engine.add(std::make_shared<Gain>(1), "mono");
  engine.connect(a, b);
  try {
    engine.connect(b, a);
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("'b' (gain) -> 'a' (gain)"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(engine.connect(a, mono), InvalidArgumentError);     // 2 channels into 1
  EXPECT_THROW(engine.connect(b, 0, a, 0, 100), OutOfRangeError);  // feedback shorter than a block
  EXPECT_THROW(engine.connect(a, 2, b, 0), OutOfRangeError);
  EXPECT_THROW(engine.add(std::make_shared<Gain>(2), "a"), InvalidArgumentError);
  EXPECT_THROW(engine.remove(999), InvalidArgumentError);
  EXPECT_THROW(engine.remove(Graph::kOutput), InvalidArgumentError);
  EXPECT_THROW(engine.connectEvents(a, b), InvalidArgumentError);  // gains make no events
  EXPECT_EQ(engine.graph().audioConnections().size(), 2u);
  engine.connect(b, 0, a, 0, 256);  // a feedback connection may close the loop
  EXPECT_EQ(engine.graph().audioConnections().size(), 3u);
}

TEST(Engine, TheAudioThreadAllocatesNothingWhileTheGraphIsSwapped) {
  Engine engine({48000.0, 64, 0, 2, 2});
  const NodeId tone = engine.add(std::make_shared<TestTone>(2));
  const NodeId gain = engine.add(std::make_shared<Gain>(2));
  engine.connect(tone, gain);
  engine.connect(gain, Graph::kOutput);
  engine.transport().play();
  engine.setLive(true);  // from here only the rendering thread takes plans
  AudioBuffer block(2, 64);
  std::atomic<bool> done{false};
  std::atomic<int> swaps{0};
  std::thread control([&] {
    for (int i = 0; i < 1000; ++i) {
      const NodeId extra = engine.add(std::make_shared<Gain>(2, -6.0f));
      engine.connect(tone, extra);
      engine.connect(extra, Graph::kOutput);
      engine.scheduleParameter(extra, "gain_db", -12.0f, engine.frame() + 10);
      engine.remove(extra);
      swaps.fetch_add(2);
    }
    done = true;
  });
  std::size_t blocks = 0, allocations = 0;
  {
    test::AllocationCounter counter;
    while (!done.load() || blocks < 100) {
      engine.process(AudioBlockView(), block.view(), true);
      ++blocks;
    }
    allocations = counter.allocations() + counter.deallocations();
  }
  control.join();
  engine.setLive(false);
  EXPECT_EQ(swaps.load(), 2000);
  EXPECT_EQ(allocations, 0u) << "over " << blocks << " blocks";
}

}  // namespace
}  // namespace tonewood::graph
