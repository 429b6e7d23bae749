// Playing arrays and files: on the transport's frame, silent outside their span, looping without
// a seam, files equal to what was written (or to its one-shot conversion), and live streaming
// equal to offline once the disk thread has caught up.
#include "tonewood/graph/nodes/audio_player.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/audio_file_fixture.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/io/audio_file_writer.hpp"
#include "tonewood/io/resampling.hpp"
#include "tonewood/timeline/tempo_map.hpp"

namespace tonewood::graph {
namespace {

AudioBuffer ramp(int channels, int frames) {
  AudioBuffer b(channels, frames);
  for (int c = 0; c < channels; ++c)
    for (int i = 0; i < frames; ++i)
      b.channel(c)[i] = static_cast<float>((i % 9973) + 1) / 10000.0f * (c == 0 ? 1.0f : -1.0f);
  return b;
}

// A player of a ramp written to `name` in `dir`, looping by `loop` (a parameter) set to `value`.
std::shared_ptr<AudioPlayer> rampFilePlayer(io::TempDir& dir, const std::string& name,
                                            const AudioBuffer& source, const char* loop,
                                            float value) {
  io::writeAudioFile(dir.file(name), const_cast<AudioBuffer&>(source).view(), 48000.0, "FLOAT");
  auto player = std::make_shared<AudioPlayer>(dir.file(name));
  player->setParameter(loop, value);
  return player;
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
  auto player = rampFilePlayer(dir, "take.wav", source, "loop", 1.0f);
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
  // A jump past the file's first half second asks the disk thread for another place: silence
  // until it answers, then the audio.
  engine.transport().locate(Frames{50000});
  engine.process(AudioBlockView(), block.view(), true);
  EXPECT_GE(player->underruns(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  engine.transport().locate(Frames{60000});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  engine.process(AudioBlockView(), block.view(), true);  // asks
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  engine.process(AudioBlockView(), block.view(), true);  // gets
  for (int i = 0; i < 256; ++i) ASSERT_EQ(block.channel(1)[i], source.channel(1)[60256 + i]);
  // A jump into the first half second plays at once: it is kept in memory.
  const std::size_t before = player->underruns();
  engine.transport().locate(Frames{20000});
  engine.process(AudioBlockView(), block.view(), true);
  for (int i = 0; i < 256; ++i) ASSERT_EQ(block.channel(1)[i], source.channel(1)[20000 + i]);
  EXPECT_EQ(player->underruns(), before);
  engine.setLive(false);
}

TEST(AudioPlayer, ABeatLoopStartsAgainOnEveryBeatWhateverTheBlockSize) {
  const AudioBuffer source = ramp(1, 30000);  // longer than a beat: cut at the next
  for (int block : {1, 100, 512, 4096}) {
    auto player = std::make_shared<AudioPlayer>(const_cast<AudioBuffer&>(source).view(), 48000.0);
    player->setParameter("loop_beats", 1.0f);
    Engine engine({48000.0, block, 0, 1, 1});
    engine.transport().setTempo(120.0);  // a beat is 24000 frames
    engine.connect(engine.add(player), Graph::kOutput);
    const AudioBuffer out = engine.render(4 * 24000);
    for (int i = 0; i < 4 * 24000; ++i)
      ASSERT_EQ(out.channel(0)[i], source.channel(0)[i % 24000]) << block << ": " << i;
  }
}

TEST(AudioPlayer, ABeatLoopFollowsATempoRampAndIsSilentPastItsEnd) {
  const AudioBuffer source = ramp(1, 10000);  // shorter than a pass: silence to the next
  timeline::TempoMap map(90.0);
  map.setTempo(1.0, 90.0, timeline::TempoCurve::Linear);
  map.setTempo(5.0, 150.0);
  auto player = std::make_shared<AudioPlayer>(const_cast<AudioBuffer&>(source).view(), 48000.0);
  player->setParameter("loop_beats", 0.5f);
  Engine engine({48000.0, 256, 0, 1, 1});
  engine.transport().setTempoSource(std::make_shared<timeline::TempoMap>(map));
  engine.connect(engine.add(player), Graph::kOutput);
  const std::int64_t end = map.frameAt(6.0, 48000.0);
  const AudioBuffer out = engine.render(end);
  for (int k = 0; k < 12; ++k) {
    const std::int64_t from = map.frameAt(0.5 * k, 48000.0),
                       to = map.frameAt(0.5 * (k + 1), 48000.0);
    for (std::int64_t i = from; i < std::min(to, end); ++i) {
      const std::int64_t j = i - from;
      ASSERT_EQ(out.channel(0)[i], j < 10000 ? source.channel(0)[j] : 0.0f) << k << ": " << j;
    }
  }
}

TEST(AudioPlayer, ABeatLoopOfAFileStartsAgainFromMemoryLiveWithoutUnderruns) {
  io::TempDir dir;
  const AudioBuffer source = ramp(1, 60000);
  // 48000 frames a pass at 120 bpm: past the half second kept in memory.
  auto player = rampFilePlayer(dir, "loop.wav", source, "loop_beats", 2.0f);
  Engine engine({48000.0, 256, 0, 1, 1});
  engine.transport().setTempo(120.0);
  engine.connect(engine.add(player), Graph::kOutput);
  engine.transport().play();
  engine.setLive(true);
  AudioBuffer block(1, 256);
  // Three passes block by block as a device would (the disk thread given time as a device's
  // period would): each pass starts from memory while the disk goes to where memory ends.
  for (int b = 0; b < 3 * 48000 / 256; ++b) {
    engine.process(AudioBlockView(), block.view(), true);
    for (int i = 0; i < 256; ++i)
      ASSERT_EQ(block.channel(0)[i], source.channel(0)[(b * 256 + i) % 48000]) << b << ":" << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(player->underruns(), 0u);
  engine.setLive(false);
}

}  // namespace
}  // namespace tonewood::graph
