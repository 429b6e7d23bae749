#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/graph/processor.hpp"

namespace tonewood::graph {

class FileStream;

/// Plays audio into the graph: an array (copied in) or a file (streamed from disk by a thread of
/// its own, at any sample rate: libsoxr converts it to the engine's). It follows the transport:
/// its first frame sits at timeline frame `startFrame`, it plays while the transport plays, it
/// re-seeks after a jump, and it is silent before its start and after its end, or, with `loop`
/// on, repeats its whole length seamlessly. With `loop_beats` (> 0) it is a loop on the beat
/// grid instead: it starts again from its first frame on every multiple of that many beats (of
/// the transport's tempo, a tempo map's or a Link session's the transport follows), at its own
/// speed, cut at the next start or silent after its end. Parameters: `gain_db` (glides over 64
/// frames), `loop`, `loop_beats`.
///
/// Offline, a file is read on the rendering thread, so nothing is ever missing. Live, the disk
/// thread keeps two seconds ready; audio it could not deliver in time (after a seek, or a slow
/// disk) is silence, and counted in underruns().
class AudioPlayer final : public Processor {
 public:
  static constexpr std::size_t kGainDb = 0, kLoop = 1, kLoopBeats = 2;

  /// An array: planar `audio` at `sampleRate` (converted once to the engine's rate when the two
  /// differ). Throws OutOfRangeError for no channels, more than 16, or a bad rate.
  AudioPlayer(const AudioBlockView& audio, double sampleRate);
  /// A file (any format libsndfile reads), streamed. Throws AudioFileError naming it.
  explicit AudioPlayer(const std::string& path);
  ~AudioPlayer() override;

  /// The source: its rate, and its length in frames at that rate.
  double sourceRate() const noexcept { return sourceRate_; }
  std::int64_t sourceFrames() const noexcept { return sourceFrames_; }
  /// Its length at the engine's rate (after prepare; the source's length before).
  std::int64_t lengthFrames() const noexcept;
  /// Where on the timeline the first frame plays. Control thread; applies at the next block.
  void setStartFrame(std::int64_t frame) noexcept {
    start_.store(frame, std::memory_order_release);
  }
  std::int64_t startFrame() const noexcept { return start_.load(std::memory_order_acquire); }
  /// The frame of the source (at the engine's rate) the last block ended on. Any thread.
  std::int64_t position() const noexcept { return position_.load(std::memory_order_acquire); }
  /// Blocks, live, in which audio from disk was not ready in time. Any thread.
  std::size_t underruns() const noexcept { return underruns_.load(std::memory_order_relaxed); }
  /// The file's path, or "" for an array.
  const std::string& path() const noexcept { return path_; }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;
  std::string saveExtraState() const override;
  void restoreExtraState(const std::string& json) override;
  /// A block as a loop on the beat grid, `beats` long.
  void renderBeatLoop(const ProcessContext& context, double beats) noexcept;
  /// Source frames [from, from + n) into out at `at`, zero where there are none.
  void fill(const ProcessContext& c, int at, std::int64_t from, int n) noexcept;
  /// The gain (gliding where it changed) on frames [at, at + n) of the rows.
  void applyGain(float* const* rows, int at, int n) noexcept;

  std::string path_;
  double sourceRate_ = 48000.0;
  std::int64_t sourceFrames_ = 0;
  AudioBuffer original_;  // an array as given
  AudioBuffer audio_;     // an array at the engine's rate
  std::unique_ptr<FileStream> stream_;
  std::atomic<std::int64_t> start_{0}, position_{0};
  std::atomic<std::size_t> underruns_{0};
  float gain_ = 1.0f, gainTarget_ = 1.0f, gainStep_ = 0.0f;
  int gainLeft_ = 0;
  bool primed_ = false;
  std::int64_t pass_ = -1;  // frames into the beat loop's pass at the next block; -1: not in one
};

}  // namespace tonewood::graph
