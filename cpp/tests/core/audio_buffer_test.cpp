#include "tonewood/core/audio_buffer.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace tonewood {
namespace {

TEST(AudioBuffer, ChannelsAreAlignedAndZeroed) {
  AudioBuffer b(3, 1001);
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b.channel(c)) % AudioBuffer::kAlignment, 0u);
    for (int i = 0; i < 1001; ++i) ASSERT_EQ(b.channel(c)[i], 0.0f);
  }
}

TEST(AudioBuffer, ViewsAndSubBlocksAddressTheSameSamples) {
  AudioBuffer b(2, 100);
  b.channel(1)[42] = 0.5f;
  const AudioBlockView v = b.view().subBlock(40, 10);
  EXPECT_EQ(v.numFrames(), 10);
  EXPECT_EQ(v.channel(1)[2], 0.5f);
  v.clear();
  EXPECT_EQ(b.channel(1)[42], 0.0f);
}

}  // namespace
}  // namespace tonewood
