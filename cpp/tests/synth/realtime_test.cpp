#include <gtest/gtest.h>

#include "support/allocation_counter.hpp"
#include "support/synth_fixture.hpp"

namespace tonewood::test {
namespace {

TEST(Realtime, ProcessMakesNoHeapAllocations) {
  SynthHarness h;
  h.set({{"impExciter0 enabled", 1}, {"noiseExciter0enabled", 1}, {"noiseExciterEnv0enabled", 1}});
  for (int b = 0; b < 4; ++b)
    for (int r = 0; r < 8; ++r)
      h.set("enabled wb" + std::to_string(b) + "r" + std::to_string(r), 1);
  std::vector<float> left(512), right(512);
  float* channels[] = {left.data(), right.data()};
  const AudioBlockView block(channels, 2, 512);
  h.set({{"couplingMode wb1", 1},
         {"couplingMode wb2", 2},
         {"cascadeAmount wb2", 0.5f},
         {"stereoResonators", 1}});
  for (int note = 40; note < 60; ++note) h.noteOn(note, 100, note * 7);  // includes stealing
  std::size_t allocations = 0;
  for (int i = 0; i < 200; ++i) {
    if (i == 50)
      h.set({{"decayFilterCutoff wb0r0", 900}, {"masterGain", -6}, {"enabled wb3r7", 0}});
    if (i == 100) h.noteOff(45, 3);
    if (i == 120) {
      h.synth().schedule(makePitchBend(0.3f, 0, 5));
      h.synth().schedule(makeControlChange(64, 1.0f, 0, 9));
      h.synth().schedule(makeControlChange(64, 0.0f, 0, 400));
    }
    AllocationCounter counter;
    h.synth().process(block);
    allocations += counter.allocations() + counter.deallocations();
  }
  EXPECT_EQ(allocations, 0u);
}

TEST(Realtime, TheCounterSeesAllocations) {
  std::size_t allocations = 0, deallocations = 0;
  {
    AllocationCounter counter;
    std::vector<float> v(
        static_cast<std::size_t>(::testing::UnitTest::GetInstance()->random_seed()) + 10);
    v.clear();
    v.shrink_to_fit();
    allocations = counter.allocations();
    deallocations = counter.deallocations();
  }
  EXPECT_EQ(allocations, 1u);
  EXPECT_EQ(deallocations, 1u);
}

}  // namespace
}  // namespace tonewood::test
