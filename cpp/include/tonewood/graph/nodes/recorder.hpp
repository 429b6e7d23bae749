#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/audio_ring.hpp"
#include "tonewood/graph/processor.hpp"

namespace tonewood::io {
class AudioFile;
}

namespace tonewood::graph {

/// Records what reaches its input into a file or into memory. The audio thread only copies each
/// block into a lock-free ring; a disk thread of its own drains the ring in large chunks and, for
/// a file, rewrites the header after each, so the file reads correctly up to there even if the
/// process dies (files are written in place: WAV, W64, RF64, AIFF or CAF). When the disk falls
/// behind and the ring fills, the frames that do not fit are lost and counted (overruns()), never
/// silently. Offline, blocks go to the ring and the rendering thread waits for room instead.
/// When the system refuses a write (a full disk, a file size limit), the recording stops there:
/// the file keeps every frame written before, with a header that says so, writeFailure() gives the
/// system's reason, and what arrives after is counted as lost; stop() still succeeds.
class Recorder final : public Processor {
 public:
  /// `channels` inputs; a ring of `ringSeconds` (at least 5 s, as Ardour's disk writer keeps).
  explicit Recorder(int channels = 2, double ringSeconds = 5.0);
  ~Recorder() override;

  /// Starts recording into `path` (created or replaced, written in place) in `subtype`: the
  /// engine frames from `fromFrame` (or the next block, when earlier) for `frames` frames (< 0:
  /// until stop). Throws AudioFileError or InvalidArgumentError (format) naming the file, and
  /// InvalidArgumentError when a recording runs. Control thread.
  void startFile(const std::string& path, const std::string& subtype = "FLOAT",
                 std::int64_t fromFrame = 0, std::int64_t frames = -1);
  /// Starts a take into `path`: what arrives while the transport plays over timeline frames
  /// [punchIn, punchOut), on its first pass (a locate or a loop back ends the take). Where the
  /// take begins on the timeline is takeStart() once it has. Throws as startFile does.
  void startTake(const std::string& path, const std::string& subtype = "FLOAT",
                 std::int64_t punchIn = 0,
                 std::int64_t punchOut = std::numeric_limits<std::int64_t>::max());
  /// The timeline frame of a take's first frame, or -1 while nothing was recorded. Any thread.
  std::int64_t takeStart() const noexcept { return takeStart_.load(std::memory_order_acquire); }
  /// Starts recording into memory, at most `maxFrames` frames.
  void startMemory(std::int64_t maxFrames, std::int64_t fromFrame = 0);
  /// Stops at the next block, waits until everything reached the file or memory, and closes
  /// the file. Returns the frames recorded. Never throws for the file: a failure to finish it
  /// is reported by writeFailure(). Control thread.
  std::int64_t stop();
  /// Why the recording stopped early ("" while it did not): the system's reason for refusing a
  /// write, naming the file. Control thread, or any thread once writeFailed() is true.
  std::string writeFailure() const;
  bool writeFailed() const noexcept { return failed_.load(std::memory_order_acquire); }
  /// The memory recording (after stop), moved out.
  AudioBuffer takeRecording();

  bool recording() const noexcept { return state_.load(std::memory_order_acquire) == kRecording; }
  /// Frames that have reached the file or memory so far. Any thread.
  std::int64_t framesWritten() const noexcept { return written_.load(std::memory_order_acquire); }
  /// Frames lost because the ring was full. Any thread.
  std::int64_t overruns() const noexcept { return overruns_.load(std::memory_order_relaxed); }

 private:
  static constexpr int kIdle = 0, kRecording = 1, kStopping = 2;
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override {}
  void render(const ProcessContext& context) noexcept override;
  void record(const ProcessContext& context) noexcept;
  void recordTake(const ProcessContext& context) noexcept;
  void open(const std::string& path, const std::string& subtype);
  void begin(std::int64_t fromFrame, std::int64_t frames);
  void diskLoop();
  void drain(bool all);

  double ringSeconds_;
  double sampleRate_ = 48000.0;
  std::unique_ptr<AudioRing> ring_;
  std::unique_ptr<io::AudioFile> file_;
  AudioBuffer memory_;
  std::int64_t memoryFrames_ = 0, memoryLimit_ = 0;
  AudioBuffer chunk_;  // the disk thread's scratch
  std::atomic<int> state_{kIdle};
  std::atomic<std::int64_t> from_{0}, to_{0};  // engine frames [from, to) are recorded
  std::atomic<int> inRender_{0};               // the audio thread is writing a block now
  std::atomic<bool> complete_{false};          // the last frame asked for reached the ring
  std::atomic<std::int64_t> written_{0}, overruns_{0};
  // Takes: timeline frames [punchIn, punchOut), where the take began and where it goes on.
  std::atomic<bool> take_{false};
  std::atomic<std::int64_t> punchIn_{0}, punchOut_{0}, takeStart_{-1};
  std::int64_t takeNext_ = -1;  // audio thread
  std::atomic<bool> stopping_{false};
  std::atomic<bool> failed_{false};  // the disk thread gave up; failure_ says why
  std::string failure_;
  std::thread thread_;
  std::mutex controlMutex_;
};

}  // namespace tonewood::graph
