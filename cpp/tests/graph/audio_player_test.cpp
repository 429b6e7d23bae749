// Playing arrays and files: on the transport's frame, silent outside their span, looping without
// a seam, files equal to what was written (or to its one-shot conversion), and live streaming
// equal to offline once the disk thread has caught up.
#include "tonewood/graph/nodes/audio_player.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "support/audio_file_fixture.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/io/audio_file_writer.hpp"
#include "tonewood/io/resampling.hpp"

namespace tonewood::graph {
namespace {

AudioBuffer ramp(int channels, int frames) {
  AudioBuffer b(channels, frames);
  for (int c = 0; c < channels; ++c)
    for (int i = 0; i < frames; ++i)
      b.channel(c)[i] = static_cast<float>((i % 9973) + 1) / 10000.0f * (c == 0 ? 1.0f : -1.0f);
  return b;
}

AudioBuffer play(std::shared_ptr<AudioPlayer> player, int frames, int block = 333) {
  Engine engine({48000.0, block, 0, player->numOutputChannels(), 1});
  engine.connect(engine.add(player), Graph::kOutput);
  return engine.render(frames);
}

TEST(AudioPlayer, AnArrayPlaysFromItsStartFrameAndIsSilentOutsideIt) {
  const AudioBuffer source = ramp(2, 1000);
  auto player = std::make_shared<AudioPlayer>(const_cast<AudioBuffer&>(source).view(), 48000.0);
  player->setStartFrame(500);
  const AudioBuffer out = play(player, 2000);
  for (int i = 0; i < 2000; ++i) {
    const float expected = i >= 500 && i < 1500 ? source.channel(1)[i - 500] : 0.0f;
    ASSERT_EQ(out.channel(1)[i], expected) << i;
  }
  EXPECT_EQ(player->position(), 1000);
}

TEST(AudioPlayer, LoopingRepeatsTheWholeLengthWithoutASeam) {
  const AudioBuffer source = ramp(1, 700);
  auto player = std::make_shared<AudioPlayer>(const_cast<AudioBuffer&>(source).view(), 48000.0);
  player->setParameter("loop", 1.0f);
  const AudioBuffer out = play(player, 3000, 128);
  for (int i = 0; i < 3000; ++i) ASSERT_EQ(out.channel(0)[i], source.channel(0)[i % 700]) << i;
}

TEST(AudioPlayer, AFilePlaysWhatWasWrittenAndOtherRatesAsTheirConversion) {
  io::TempDir dir;
  const AudioBuffer source = ramp(2, 30000);
  io::writeAudioFile(dir.file("same.wav"), const_cast<AudioBuffer&>(source).view(), 48000.0,
                     "FLOAT");
  const AudioBuffer out = play(std::make_shared<AudioPlayer>(dir.file("same.wav")), 31000);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 31000; ++i)
      ASSERT_EQ(out.channel(c)[i], i < 30000 ? source.channel(c)[i] : 0.0f) << i;

  io::writeAudioFile(dir.file("cd.wav"), const_cast<AudioBuffer&>(source).view(), 44100.0, "FLOAT");
  auto player = std::make_shared<AudioPlayer>(dir.file("cd.wav"));
  const AudioBuffer converted =
      io::resampleAudio(const_cast<AudioBuffer&>(source).view(), 44100.0, 48000.0);
  const AudioBuffer played = play(player, converted.numFrames());
  EXPECT_EQ(player->lengthFrames(), converted.numFrames());
  for (int i = 0; i < converted.numFrames(); ++i)
    ASSERT_EQ(played.channel(0)[i], converted.channel(0)[i]) << i;
}

TEST(AudioPlayer, LiveStreamingMatchesOfflineOnceTheDiskThreadIsAhead) {
  io::TempDir dir;
  const AudioBuffer source = ramp(2, 96000);
  io::writeAudioFile(dir.file("take.wav"), const_cast<AudioBuffer&>(source).view(), 48000.0,
                     "FLOAT");
  auto player = std::make_shared<AudioPlayer>(dir.file("take.wav"));
  player->setParameter("loop", 1.0f);
  Engine engine({48000.0, 256, 0, 2, 1});
  engine.connect(engine.add(player), Graph::kOutput);
  engine.transport().play();
  engine.setLive(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // two seconds are read ahead
  AudioBuffer block(2, 256);
  // 1.5 times round the loop, block by block as a device would, the disk keeping up.
  for (int b = 0; b < 560; ++b) {
    engine.process(AudioBlockView(), block.view(), true);
    for (int i = 0; i < 256; ++i)
      ASSERT_EQ(block.channel(0)[i], source.channel(0)[(b * 256 + i) % 96000]) << b << ":" << i;
    if (b % 8 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(player->underruns(), 0u);
  // A jump asks the disk thread for another place: silence until it answers, then the audio.
  engine.transport().locate(Frames{10000});
  engine.process(AudioBlockView(), block.view(), true);
  EXPECT_GE(player->underruns(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  engine.transport().locate(Frames{20000});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  engine.process(AudioBlockView(), block.view(), true);  // asks
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  engine.process(AudioBlockView(), block.view(), true);  // gets
  for (int i = 0; i < 256; ++i) ASSERT_EQ(block.channel(1)[i], source.channel(1)[20256 + i]);
  engine.setLive(false);
}

}  // namespace
}  // namespace tonewood::graph
