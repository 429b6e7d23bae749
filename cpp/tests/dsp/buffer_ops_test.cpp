// Buffer operations and the pool: no allocation in the real-time-safe operations, and a pool
// that never lends one buffer twice under contention.
#include "tonewood/dsp/buffer_ops.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/allocation_counter.hpp"
#include "tonewood/core/buffer_pool.hpp"
#include "tonewood/dsp/fades.hpp"
#include "tonewood/dsp/pan_law.hpp"
#include "tonewood/dsp/sample_conversion.hpp"

namespace tonewood::dsp {
namespace {

TEST(BufferOps, RealTimeOperationsDoNotAllocate) {
  AudioBuffer a(2, 4096), b(2, 4096);
  for (int i = 0; i < 4096; ++i)
    a.channel(0)[i] = b.channel(1)[i] = 0.001f * static_cast<float>(i % 500);
  std::vector<std::int16_t> ints(4096);
  std::int16_t* rows[] = {ints.data()};
  float* left[] = {a.channel(0)};
  const AudioBlockView mono(left, 1, 4096);
  test::AllocationCounter counter;
  applyGain(a.view(), 0.5f);
  mixInto(a.view(), b.view(), 0.25f);
  fadeIn(a.view(), 1000, FadeShape::EqualPower);
  fadeOut(a.view(), 1000, FadeShape::Exponential);
  balanceStereo(a.view(), 0.3, PanLaw::Compromise);
  removeDc(a.view());
  const float peak = peakOf(a.view());
  Quantiser q(16, true, 7);
  const std::int32_t first = q(0.25);
  floatToInt<std::int16_t>(mono, 16, false, 1, rows);
  EXPECT_EQ(counter.allocations(), 0u);
  EXPECT_GT(peak, 0.0f);
  EXPECT_NEAR(first, 8192, 1);
}

TEST(BufferPool, NeverLendsOneBufferTwiceUnderContention) {
  BufferPool pool(1, 16, 3);
  std::vector<std::atomic<int>> holders(3);
  std::atomic<int> doubleLends{0}, lends{0};
  const auto worker = [&] {
    for (int n = 0; n < 100000; ++n) {
      const int i = pool.acquire();
      if (i < 0) continue;
      if (holders[static_cast<std::size_t>(i)].fetch_add(1) != 0) ++doubleLends;
      ++lends;
      holders[static_cast<std::size_t>(i)].fetch_sub(1);
      pool.release(i);
    }
  };
  std::thread t1(worker), t2(worker), t3(worker), t4(worker);
  t1.join();
  t2.join();
  t3.join();
  t4.join();
  EXPECT_EQ(doubleLends.load(), 0);
  EXPECT_GT(lends.load(), 100000);
  EXPECT_EQ(pool.available(), 3);
}

}  // namespace
}  // namespace tonewood::dsp
