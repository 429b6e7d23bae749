// Recording and the queues: a recording holds exactly what reached the recorder from its start
// frame, a file is readable up to its last flush even when the process is killed, and the queues
// carry blocks in and out of the graph, counting what they could not carry.
#include "tonewood/graph/nodes/recorder.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "support/audio_file_fixture.hpp"
#include "support/test_processors.hpp"
#include "tonewood/core/errors.hpp"
#include "tonewood/graph/engine.hpp"
#include "tonewood/graph/nodes/audio_queue.hpp"
#include "tonewood/io/audio_file.hpp"

namespace tonewood::graph {
namespace {

AudioBuffer toneAlone(int frames) {
  Engine engine({48000.0, 256, 0, 2, 1});
  engine.connect(engine.add(std::make_shared<test::TestTone>(2)), Graph::kOutput);
  return engine.render(frames);
}

// The frames a recorded file holds, after checking each is the test tone's.
std::int64_t framesOfToneIn(const std::string& path) {
  io::AudioFile file = io::AudioFile::openRead(path);
  const std::int64_t frames = file.frames();
  std::vector<float> left(static_cast<std::size_t>(frames)), right = left;
  float* rows[] = {left.data(), right.data()};
  EXPECT_EQ(file.read(rows, frames), frames);
  const AudioBuffer expected = toneAlone(static_cast<int>(frames));
  for (std::int64_t i = 0; i < frames; ++i)
    if (left[static_cast<std::size_t>(i)] != expected.channel(0)[i]) {
      ADD_FAILURE() << "frame " << i << " is not the tone's";
      break;
    }
  return frames;
}

TEST(Recorder, AFileHoldsExactlyWhatArrivedFromItsStartFrame) {
  io::TempDir dir;
  Engine engine({48000.0, 333, 0, 2, 1});
  const NodeId tone = engine.add(std::make_shared<test::TestTone>(2));
  auto recorder = std::make_shared<Recorder>(2);
  engine.connect(tone, engine.add(recorder));
  recorder->startFile(dir.file("take.wav"), "FLOAT", 1000);
  engine.render(100000);
  EXPECT_EQ(recorder->stop(), 99000);
  EXPECT_EQ(recorder->overruns(), 0);
  const AudioBuffer expected = toneAlone(100000);
  io::AudioFile file = io::AudioFile::openRead(dir.file("take.wav"));
  ASSERT_EQ(file.frames(), 99000);
  std::vector<float> left(99000), right(99000);
  float* rows[] = {left.data(), right.data()};
  file.read(rows, 99000);
  for (int i = 0; i < 99000; ++i) {
    ASSERT_EQ(left[static_cast<std::size_t>(i)], expected.channel(0)[i + 1000]) << i;
    ASSERT_EQ(right[static_cast<std::size_t>(i)], expected.channel(1)[i + 1000]) << i;
  }
}

TEST(Recorder, ATakeHoldsThePunchRangeOfTheFirstPassAndSaysWhereItBegan) {
  io::TempDir dir;
  Engine engine({48000.0, 333, 0, 2, 1});
  const NodeId tone = engine.add(std::make_shared<test::TestTone>(2));
  auto recorder = std::make_shared<Recorder>(2);
  engine.connect(tone, engine.add(recorder));
  // The transport starts at timeline frame 5000 and loops back at 30000 to 10000: the take
  // holds punch-in 7000 to the loop point, once.
  engine.transport().locate(Frames{5000});
  engine.transport().setLoop(Frames{10000}, Frames{30000});
  engine.transport().setLooping(true);
  recorder->startTake(dir.file("take.wav"), "FLOAT", 7000, 40000);
  EXPECT_EQ(recorder->takeStart(), -1);
  engine.render(60000);
  EXPECT_EQ(recorder->stop(), 23000);
  EXPECT_EQ(recorder->takeStart(), 7000);
  // The tone runs on the engine's clock, which began at timeline frame 5000.
  const AudioBuffer expected = toneAlone(30000);
  io::AudioFile file = io::AudioFile::openRead(dir.file("take.wav"));
  ASSERT_EQ(file.frames(), 23000);
  std::vector<float> left(23000), right(23000);
  float* rows[] = {left.data(), right.data()};
  file.read(rows, 23000);
  for (int i = 0; i < 23000; ++i) {
    ASSERT_EQ(left[static_cast<std::size_t>(i)], expected.channel(0)[i + 2000]) << i;
    ASSERT_EQ(right[static_cast<std::size_t>(i)], expected.channel(1)[i + 2000]) << i;
  }
  EXPECT_THROW(recorder->startTake(dir.file("bad.wav"), "FLOAT", 100, 100), InvalidArgumentError);
}

TEST(Recorder, MemoryRecordingsKeepWhatFitsAndCountTheRest) {
  Engine engine({48000.0, 256, 0, 2, 1});
  auto recorder = std::make_shared<Recorder>(2);
  engine.connect(engine.add(std::make_shared<test::TestTone>(2)), engine.add(recorder));
  recorder->startMemory(5000);
  engine.render(8000);
  recorder->stop();
  const AudioBuffer take = recorder->takeRecording();
  ASSERT_EQ(take.numFrames(), 5000);
  EXPECT_EQ(recorder->overruns(), 3000);
  const AudioBuffer expected = toneAlone(5000);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(take.channel(1)[i], expected.channel(1)[i]);
}

TEST(Recorder, AFileIsReadableUpToItsLastFlushAfterTheProcessIsKilled) {
  io::TempDir dir;
  const std::string path = dir.file("crash.wav");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Records forever, in real time, until killed.
    Engine engine({48000.0, 512, 0, 2, 1});
    auto recorder = std::make_shared<Recorder>(2);
    engine.connect(engine.add(std::make_shared<test::TestTone>(2)), engine.add(recorder));
    recorder->startFile(path);
    engine.transport().play();
    engine.setLive(true);
    AudioBuffer block(2, 512);
    for (;;) {
      engine.process(AudioBlockView(), block.view(), true);
      std::this_thread::sleep_for(std::chrono::microseconds(10667));
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_GT(framesOfToneIn(path), 32768) << "at least one chunk was flushed";
}

TEST(Recorder, AFullDiskStopsTheRecordingCleanlyKeepingWhatWasWritten) {
  io::TempDir dir;
  const std::string path = dir.file("full.wav"), report = dir.file("report.txt");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A file size limit refuses writes past 1 MiB (EFBIG) as a full disk would (ENOSPC).
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{};
    ::getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = 1 << 20;
    ::setrlimit(RLIMIT_FSIZE, &limit);
    Engine engine({48000.0, 512, 0, 2, 1});
    auto recorder = std::make_shared<Recorder>(2);
    engine.connect(engine.add(std::make_shared<test::TestTone>(2)), engine.add(recorder));
    recorder->startFile(path);
    engine.render(480000);  // 10 s: 3.7 MB of stereo float
    const std::int64_t written = recorder->stop();
    std::FILE* out = std::fopen(report.c_str(), "w");
    std::fprintf(out, "%lld %lld %d\n%s\n", static_cast<long long>(written),
                 static_cast<long long>(recorder->overruns()), recorder->writeFailed() ? 1 : 0,
                 recorder->writeFailure().c_str());
    std::fclose(out);
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "the recording did not stop cleanly";
  std::FILE* in = std::fopen(report.c_str(), "r");
  ASSERT_NE(in, nullptr);
  long long written = 0, lost = 0;
  int failed = 0;
  ASSERT_EQ(std::fscanf(in, "%lld %lld %d\n", &written, &lost, &failed), 3);
  char why[512] = {};
  ASSERT_NE(std::fgets(why, sizeof why, in), nullptr);
  std::fclose(in);
  EXPECT_EQ(failed, 1);
  EXPECT_NE(std::string(why).find("full.wav"), std::string::npos) << why;
  EXPECT_NE(std::string(why).find("File too large"), std::string::npos) << why;
  EXPECT_GT(written, 100000) << "most of a mebibyte of frames was kept";
  EXPECT_EQ(written + lost, 480000) << "every frame is either in the file or counted as lost";
  EXPECT_EQ(framesOfToneIn(path), written) << "the header says what the file holds";
}

TEST(AudioQueue, PlaysWhatWasEnqueuedAndCountsBlocksThatRanShort) {
  Engine engine({48000.0, 256, 0, 1, 1});
  auto queue = std::make_shared<AudioQueue>(1, 1.0);
  engine.connect(engine.add(queue), Graph::kOutput);
  AudioBuffer block(1, 1000);
  for (int i = 0; i < 1000; ++i) block.channel(0)[i] = static_cast<float>(i + 1);
  EXPECT_EQ(queue->enqueue(block.view(), 0.0), 1000);
  EXPECT_EQ(queue->queuedFrames(), 1000u);
  const AudioBuffer out = engine.render(1024);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(out.channel(0)[i], static_cast<float>(i + 1));
  for (int i = 1000; i < 1024; ++i) ASSERT_EQ(out.channel(0)[i], 0.0f);
  EXPECT_EQ(queue->underruns(), 1u);  // the last block ran short
  queue->endOfStream();
  engine.render(512);
  EXPECT_EQ(queue->underruns(), 1u);  // after the end, silence is expected
  AudioBuffer huge(1, 100000);
  EXPECT_LT(queue->enqueue(huge.view(), 0.05), 100000);  // one second of room, no reader
}

TEST(CaptureQueue, HandsOutWhatReachedItAndCountsWhatNobodyRead) {
  Engine engine({48000.0, 256, 0, 2, 1});
  auto capture = std::make_shared<CaptureQueue>(2, 0.1);
  engine.connect(engine.add(std::make_shared<test::TestTone>(2)), engine.add(capture));
  engine.render(2048);
  AudioBuffer got(2, 2048);
  EXPECT_EQ(capture->read(got.view(), 0.0), 2048);
  const AudioBuffer expected = toneAlone(2048);
  for (int i = 0; i < 2048; ++i) ASSERT_EQ(got.channel(1)[i], expected.channel(1)[i]);
  engine.render(48000);  // far more than 0.1 s
  EXPECT_GT(capture->overruns(), 0u);
}

}  // namespace
}  // namespace tonewood::graph
