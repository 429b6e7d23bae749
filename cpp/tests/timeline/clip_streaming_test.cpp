// Clips played from disk: bounces equal to the same clips held in memory, and live play through a
// disk thread that follows loops, locates and edits.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

#include "support/allocation_counter.hpp"
#include "support/audio_file_fixture.hpp"
#include "support/test_signals.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/io/audio_file_writer.hpp"
#include "tonewood/timeline/clip_player.hpp"
#include "tonewood/timeline/session_graph.hpp"

namespace tonewood::timeline {
namespace {

constexpr double kRate = 48000.0;

std::string writeNoise(const io::TempDir& dir, const std::string& name, int channels, double rate,
                       double seconds, unsigned seed) {
  const std::string path = dir.file(name);
  AudioBuffer audio = test::seededNoise(channels, static_cast<int>(seconds * rate), seed);
  io::writeAudioFile(path, audio.view(), rate, "FLOAT");
  return path;
}

// Three clips: trimmed with fades and gain, a loop inside its region, and a mono one.
std::vector<ScheduledClip> clipsFrom(const std::string& stereo, const std::string& mono,
                                     SourceLoading loading, double gainDb = -3.0) {
  const TempoMap map(120.0);
  AudioClip a;
  a.source = AudioSource::fromFile(stereo, loading);
  a.start = Position::seconds(0.1);
  a.offsetSeconds = 0.25;
  a.lengthSeconds = 1.0;
  a.gainDb = gainDb;
  a.fadeIn = {0.05, dsp::FadeShape::SCurve};
  a.fadeOut = {0.1, dsp::FadeShape::Linear};
  AudioClip b;
  b.source = a.source;
  b.start = Position::seconds(1.2);
  b.offsetSeconds = 1.5;
  b.loopSeconds = 0.3;
  b.lengthSeconds = 1.1;
  b.loop = true;
  AudioClip c;
  c.source = AudioSource::fromFile(mono, loading);
  c.start = Position::seconds(2.4);
  c.fadeOut = {0.2, dsp::FadeShape::SCurve};
  return {ScheduledClip::of(a, map, kRate), ScheduledClip::of(b, map, kRate),
          ScheduledClip::of(c, map, kRate)};
}

AudioBuffer bounce(std::vector<ScheduledClip> clips, std::int64_t frames, int block,
                   std::int64_t loopStart = 0, std::int64_t loopEnd = 0) {
  graph::Engine engine({kRate, block, 0, 2, 1});
  engine.connect(engine.add(std::make_shared<ClipPlayer>(std::move(clips))), graph::Graph::kOutput);
  if (loopEnd > loopStart) {
    engine.transport().setLoop(Frames{loopStart}, Frames{loopEnd});
    engine.transport().setLooping(true);
  }
  return engine.render(frames);
}

void expectSame(const AudioBuffer& a, const AudioBuffer& b, std::int64_t from, std::int64_t to,
                const std::string& what) {
  for (int c = 0; c < 2; ++c)
    for (std::int64_t i = from; i < to; ++i)
      if (a.channel(c)[i] != b.channel(c)[i]) {
        ADD_FAILURE() << what << ": channel " << c << " frame " << i << ": " << a.channel(c)[i]
                      << " != " << b.channel(c)[i];
        return;
      }
}

TEST(ClipStreaming, AStreamedSourceReadsOnlyItsHeader) {
  const io::TempDir dir;
  const std::string path = writeNoise(dir, "long.wav", 2, kRate, 2.0, 1);
  const auto streamed = AudioSource::fromFile(path);
  EXPECT_TRUE(streamed->streamed());
  EXPECT_EQ(streamed->frames(), 96000);
  EXPECT_EQ(streamed->channels(), 2);
  AudioClip clip;
  clip.source = streamed;
  const ScheduledClip s = ScheduledClip::of(clip, TempoMap(120.0), kRate);
  EXPECT_EQ(s.file, path);
  EXPECT_EQ(s.audio, nullptr) << "a streamed clip holds no decoded audio";
  EXPECT_FALSE(AudioSource::fromFile(path, SourceLoading::Memory)->streamed());
}

TEST(ClipStreaming, AStreamedClipBouncesTheSameSamplesAsTheFileHeldInMemory) {
  const io::TempDir dir;
  const std::string stereo = writeNoise(dir, "stereo.wav", 2, kRate, 3.0, 2);
  const std::string mono = writeNoise(dir, "mono.wav", 1, kRate, 1.0, 3);
  const std::int64_t frames = 3 * 48000 + 24000;
  const AudioBuffer memory = bounce(clipsFrom(stereo, mono, SourceLoading::Memory), frames, 512);
  for (int block : {64, 512, 4096}) {
    const AudioBuffer streamed =
        bounce(clipsFrom(stereo, mono, SourceLoading::Stream), frames, block);
    expectSame(streamed, memory, 0, frames, "block " + std::to_string(block));
  }
  // And inside a transport loop (the bounce follows it too).
  expectSame(bounce(clipsFrom(stereo, mono, SourceLoading::Stream), frames, 512, 60000, 100000),
             bounce(clipsFrom(stereo, mono, SourceLoading::Memory), frames, 512, 60000, 100000), 0,
             frames, "looped");
}

TEST(ClipStreaming, AFileAtAnotherRateIsConvertedAsItStreams) {
  const io::TempDir dir;
  const std::string stereo = writeNoise(dir, "cd.wav", 2, 44100.0, 3.0, 4);
  const std::string mono = writeNoise(dir, "mono.wav", 1, 44100.0, 1.0, 5);
  const std::int64_t frames = 3 * 48000;
  const AudioBuffer a = bounce(clipsFrom(stereo, mono, SourceLoading::Stream), frames, 512);
  const AudioBuffer b = bounce(clipsFrom(stereo, mono, SourceLoading::Stream), frames, 1000);
  expectSame(a, b, 0, frames, "the block size changes nothing");
  // Each clip's reader starts at its offset, and a loop seeks back to it on every turn; the
  // seeks restart the converter on a frame both rates share, with its history refilled, so the
  // result is the whole file converted at once.
  expectSame(a, bounce(clipsFrom(stereo, mono, SourceLoading::Memory), frames, 512), 0, frames,
             "against the file converted whole");
}

// Live: blocks processed at about five times real time, as an audio thread would (the disk
// thread needs time to read ahead).
struct LivePlayer {
  explicit LivePlayer(std::vector<ScheduledClip> clips, std::int64_t loopStart = 0,
                      std::int64_t loopEnd = 0)
      : engine({kRate, kBlock, 0, 2, 1}), player(std::make_shared<ClipPlayer>(std::move(clips))) {
    engine.connect(engine.add(player), graph::Graph::kOutput);
    if (loopEnd > loopStart) {
      engine.transport().setLoop(Frames{loopStart}, Frames{loopEnd});
      engine.transport().setLooping(true);
    }
    engine.setLive(true);
  }
  ~LivePlayer() { engine.setLive(false); }
  // Renders `blocks` blocks into `out` from `at`; returns the allocations the audio thread made.
  std::size_t run(int blocks, AudioBuffer& out, std::int64_t at) {
    AudioBuffer block(2, kBlock);
    std::size_t allocations = 0;
    for (int k = 0; k < blocks; ++k) {
      {
        test::AllocationCounter counter;
        engine.process(AudioBlockView(), block.view(), true);
        allocations += counter.allocations() + counter.deallocations();
      }
      for (int c = 0; c < 2; ++c)
        std::copy_n(block.channel(c), kBlock, out.channel(c) + at + k * kBlock);
      std::this_thread::sleep_for(std::chrono::microseconds(2000));
    }
    return allocations;
  }
  static constexpr int kBlock = 512;
  graph::Engine engine;
  std::shared_ptr<ClipPlayer> player;
};

TEST(ClipStreaming, LivePlayFollowsTheLoopAndHearsAnEditWithoutAGap) {
  const io::TempDir dir;
  const std::string stereo = writeNoise(dir, "stereo.wav", 2, kRate, 3.0, 6);
  const std::string mono = writeNoise(dir, "mono.wav", 1, kRate, 1.0, 7);
  constexpr std::int64_t kLoopStart = 40000, kLoopEnd = 130000;
  constexpr int kBlocks = 700;  // 7.5 s: four times round the loop
  const std::int64_t frames = kBlocks * LivePlayer::kBlock;
  const AudioBuffer before = bounce(clipsFrom(stereo, mono, SourceLoading::Memory), frames,
                                    LivePlayer::kBlock, kLoopStart, kLoopEnd);
  const AudioBuffer after = bounce(clipsFrom(stereo, mono, SourceLoading::Memory, -12.0), frames,
                                   LivePlayer::kBlock, kLoopStart, kLoopEnd);

  LivePlayer live(clipsFrom(stereo, mono, SourceLoading::Stream), kLoopStart, kLoopEnd);
  AudioBuffer out(2, static_cast<int>(frames));
  AudioBuffer idle(2, LivePlayer::kBlock * 20);
  live.engine.transport().locate(Frames{0});
  EXPECT_EQ(live.run(20, idle, 0), 0u);  // stopped: the disk reads ahead at the playhead
  live.engine.transport().play();
  constexpr int kEditBlock = 400;
  std::size_t allocations = live.run(kEditBlock, out, 0);
  live.player->setClips(clipsFrom(stereo, mono, SourceLoading::Stream, -12.0));
  allocations += live.run(kBlocks - kEditBlock, out, std::int64_t{kEditBlock} * LivePlayer::kBlock);

  EXPECT_EQ(live.player->underruns(), 0u);
  EXPECT_EQ(allocations, 0u) << "the audio thread allocated";
  // The edit is heard 0.2 s after the block that took it.
  const std::int64_t edit = std::int64_t{kEditBlock} * LivePlayer::kBlock + 9600;
  expectSame(out, before, 0, edit, "before the edit");
  expectSame(out, after, edit, frames, "after the edit");
}

TEST(ClipStreaming, ALocateWhilePlayingRefillsFromTheNewPlace) {
  const io::TempDir dir;
  const std::string stereo = writeNoise(dir, "stereo.wav", 2, kRate, 3.0, 8);
  const std::string mono = writeNoise(dir, "mono.wav", 1, kRate, 1.0, 9);
  LivePlayer live(clipsFrom(stereo, mono, SourceLoading::Stream));
  AudioBuffer out(2, LivePlayer::kBlock * 200);
  live.engine.transport().play();
  live.run(100, out, 0);
  live.engine.transport().locate(Frames{60000});
  live.run(100, out, 100 * LivePlayer::kBlock);
  // What the bounce plays from 60000 on, once the disk has caught up (a few blocks at most).
  graph::Engine engine({kRate, LivePlayer::kBlock, 0, 2, 1});
  engine.connect(
      engine.add(std::make_shared<ClipPlayer>(clipsFrom(stereo, mono, SourceLoading::Memory))),
      graph::Graph::kOutput);
  engine.transport().locate(Frames{60000});
  const AudioBuffer expected = engine.render(100 * LivePlayer::kBlock);
  const std::int64_t settled = 20 * LivePlayer::kBlock;
  for (int c = 0; c < 2; ++c)
    for (std::int64_t i = settled; i < 100 * LivePlayer::kBlock; ++i)
      ASSERT_EQ(out.channel(c)[100 * LivePlayer::kBlock + i], expected.channel(c)[i])
          << "frame " << i << " after the locate";
  EXPECT_LE(live.player->underruns(), 20u);
}

TEST(ClipStreaming, ASessionEditedWhilePlayingKeepsItsTrackStreamingWithoutAGap) {
  const io::TempDir dir;
  AudioBuffer dc(2, 96000);
  for (int c = 0; c < 2; ++c) std::fill_n(dc.channel(c), 96000, 0.5f);
  const std::string path = dir.file("dc.wav");
  io::writeAudioFile(path, dc.view(), kRate, "FLOAT");
  Session s(kRate);
  s.addTrack("pad", TrackKind::Audio);
  AudioClip clip;
  clip.source = AudioSource::fromFile(path);
  s.addAudioClip("pad", clip);
  graph::Engine engine({kRate, 256, 0, 2, 1});
  SessionGraph g = buildSessionGraph(s, engine, false);
  const graph::NodeId player = g.tracks[0].clips;
  engine.setLive(true);
  AudioBuffer block(2, 256);
  auto run = [&](int blocks, float want) {
    for (int k = 0; k < blocks; ++k) {
      engine.process(AudioBlockView(), block.view(), true);
      for (int i = 0; i < 256; ++i) ASSERT_EQ(block.channel(0)[i], want) << "block " << k;
      std::this_thread::sleep_for(std::chrono::microseconds(1000));
    }
  };
  run(10, 0.0f);  // stopped: the disk reads ahead meanwhile
  engine.transport().play();
  run(50, 0.5f);
  s.track("pad").setVolumeDb(-6.0);  // the fader: the clips stay as they were
  g = rebuildSessionGraph(s, engine, g);
  EXPECT_EQ(g.tracks[0].clips, player) << "the track keeps its clip player";
  run(50, static_cast<float>(0.5 * std::pow(10.0, -6.0 / 20.0)));  // from the next block
  engine.setLive(false);
  EXPECT_EQ(streamUnderruns(g, engine), 0u);
}

}  // namespace
}  // namespace tonewood::timeline
