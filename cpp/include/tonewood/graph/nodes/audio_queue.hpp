#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "tonewood/core/audio_ring.hpp"
#include "tonewood/graph/processor.hpp"

/// Audio crossing between the graph and code outside it (Python) through lock-free rings: the
/// audio thread never waits for that code, or for the GIL.
namespace tonewood::graph {

/// Audio fed into the graph: a control thread enqueues blocks, the audio thread plays them in
/// order. From the first block enqueued until endOfStream(), a block the audio thread cannot
/// fill completely is an underrun: the missing frames are silence and the block is counted.
class AudioQueue final : public Processor {
 public:
  /// `channels` outputs and a ring holding `seconds` of audio (at the engine's rate).
  explicit AudioQueue(int channels = 2, double seconds = 2.0);

  /// Appends `block` (its channels must match), waiting up to `timeoutSeconds` for room (< 0:
  /// as long as it takes). Returns the frames taken: all of them, or fewer when the time ran
  /// out. Throws InvalidArgumentError for a wrong channel count or before the queue is in an
  /// engine. One control thread at a time.
  std::int64_t enqueue(const AudioBlockView& block, double timeoutSeconds = -1.0);
  /// No more audio will come: running dry is no longer an underrun. Control thread.
  void endOfStream() noexcept { ended_.store(true, std::memory_order_release); }
  /// Frames waiting to be played. Any thread.
  std::size_t queuedFrames() const noexcept { return ring_ ? ring_->readableFrames() : 0; }
  std::size_t capacityFrames() const noexcept { return ring_ ? ring_->capacityFrames() : 0; }
  std::size_t underruns() const noexcept { return underruns_.load(std::memory_order_relaxed); }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;

  double seconds_;
  std::unique_ptr<AudioRing> ring_;
  std::atomic<bool> started_{false}, ended_{false};
  std::atomic<std::size_t> underruns_{0};
};

/// Audio captured from the graph: the audio thread writes every block that reaches the input,
/// a control thread reads them. Frames nobody read before the ring filled are lost and counted.
class CaptureQueue final : public Processor {
 public:
  explicit CaptureQueue(int channels = 2, double seconds = 2.0);

  /// Reads up to out.numFrames() frames into `out` (its channels must match), waiting up to
  /// `timeoutSeconds` for that many (< 0: as long as it takes); returns the frames read. One
  /// control thread at a time.
  std::int64_t read(const AudioBlockView& out, double timeoutSeconds = -1.0);
  std::size_t availableFrames() const noexcept { return ring_ ? ring_->readableFrames() : 0; }
  std::size_t overruns() const noexcept { return overruns_.load(std::memory_order_relaxed); }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override {}
  void render(const ProcessContext& context) noexcept override;

  double seconds_;
  std::unique_ptr<AudioRing> ring_;
  std::atomic<std::size_t> overruns_{0};
};

}  // namespace tonewood::graph
