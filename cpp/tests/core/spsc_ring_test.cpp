// The lock-free FIFOs: all-or-nothing writes, wrap-around, and order kept across two threads.
#include "tonewood/core/spsc_ring.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

namespace tonewood {
namespace {

TEST(SpscByteRing, WritesAllOrNothingAndWrapsAround) {
  SpscByteRing ring(10);  // 15 usable bytes after rounding up
  EXPECT_EQ(ring.capacity(), 15u);
  std::uint8_t out[16];
  for (int round = 0; round < 40; ++round) {
    const std::uint8_t data[7] = {1, 2, 3, 4, 5, 6, static_cast<std::uint8_t>(round)};
    ASSERT_TRUE(ring.write(data, 7));
    ASSERT_TRUE(ring.write(data, 7));
    EXPECT_FALSE(ring.write(data, 7));  // 14 of 15 used: another 7 does not fit
    EXPECT_EQ(ring.readSpace(), 14u);
    ASSERT_TRUE(ring.read(out, 7));
    EXPECT_EQ(out[6], round);
    ASSERT_TRUE(ring.peek(out, 7));
    ASSERT_TRUE(ring.read(out, 7));
    EXPECT_EQ(out[6], round);
    EXPECT_FALSE(ring.read(out, 1));
  }
}

TEST(SpscQueue, KeepsOrderBetweenTwoThreads) {
  SpscQueue<std::uint64_t> queue(64);
  constexpr std::uint64_t kCount = 200000;
  std::thread producer([&] {
    for (std::uint64_t i = 0; i < kCount;)
      if (queue.push(i)) ++i;
  });
  std::uint64_t expected = 0, item = 0;
  while (expected < kCount) {
    if (queue.pop(item)) {
      ASSERT_EQ(item, expected++);
    }
  }
  producer.join();
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace tonewood
