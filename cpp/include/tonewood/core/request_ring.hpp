#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>

#include "tonewood/core/spsc_ring.hpp"

namespace tonewood {

/// Interleaved audio a disk thread reads ahead for an audio thread, in chunks tagged with the
/// request they answer (its generation) and their place since it. The audio thread can ask for
/// something else at any time (restart): what was read for an older request is dropped as it
/// comes, and frames that came too late for their turn are passed over, so the stream stays
/// aligned to what was asked. Single producer (the disk thread), single consumer (the audio
/// thread); neither waits, locks or allocates.
class RequestRing {
 public:
  /// Room for `frames` frames of `channels` channels (plus chunk headers), and reads of up to
  /// `maxRead` frames at a time. Control thread (allocates).
  RequestRing(std::size_t frames, int channels, int maxRead)
      : ring_(frames * frameBytes(channels) + 64 * sizeof(Chunk)),
        channels_(channels),
        scratch_(std::make_unique<float[]>(static_cast<std::size_t>(maxRead) *
                                           static_cast<std::size_t>(channels))),
        maxRead_(maxRead) {}

  /// Producer: whether a chunk of `frames` frames fits now.
  bool hasRoomFor(int frames) const noexcept {
    return ring_.writeSpace() >= sizeof(Chunk) + static_cast<std::size_t>(frames) * frameBytes();
  }
  /// Producer: a chunk of interleaved frames for request `generation`, `offset` frames after its
  /// start. False (nothing written) when it does not fit.
  bool write(std::uint32_t generation, std::int64_t offset, const float* frames,
             int count) noexcept {
    const Chunk chunk{generation, static_cast<std::uint32_t>(count), offset};
    return ring_.write2(&chunk, sizeof chunk, frames,
                        static_cast<std::size_t>(count) * frameBytes());
  }

  /// Consumer: from now on only request `generation` counts, from its start; what is readable
  /// now is dropped.
  void restart(std::uint32_t generation) noexcept {
    ring_.skip(ring_.readSpace());
    generation_ = generation;
    chunkLeft_ = 0;
    taken_ = 0;
  }
  /// Consumer: the next `n` frames of the current request, handed to sink(interleaved, count,
  /// at) in runs (`at`: frames into the n). Returns how many were there; the rest came too late
  /// and are passed over when they arrive.
  template <typename Sink>
  int read(int n, Sink&& sink) noexcept {
    int done = 0;
    while (done < n) {
      if (chunkLeft_ == 0) {
        Chunk chunk;
        if (!ring_.peek(&chunk, sizeof chunk)) break;
        ring_.skip(sizeof chunk);
        if (chunk.generation != generation_) {
          ring_.skip(chunk.frames * frameBytes());
          continue;
        }
        chunkLeft_ = chunk.frames;
        chunkOffset_ = chunk.offset;
        continue;
      }
      const std::int64_t target = taken_ + done;
      if (chunkOffset_ < target) {
        const auto drop =
            static_cast<std::uint32_t>(std::min<std::int64_t>(chunkLeft_, target - chunkOffset_));
        ring_.skip(drop * frameBytes());
        chunkLeft_ -= drop;
        chunkOffset_ += drop;
        continue;
      }
      const int k = std::min({n - done, static_cast<int>(chunkLeft_), maxRead_});
      ring_.read(scratch_.get(), static_cast<std::size_t>(k) * frameBytes());
      sink(static_cast<const float*>(scratch_.get()), k, done);
      done += k;
      chunkLeft_ -= static_cast<std::uint32_t>(k);
      chunkOffset_ += k;
    }
    taken_ += n;
    return done;
  }

 private:
  struct Chunk {
    std::uint32_t generation;
    std::uint32_t frames;
    std::int64_t offset;  // frames since the request
  };
  static std::size_t frameBytes(int channels) noexcept {
    return static_cast<std::size_t>(channels) * sizeof(float);
  }
  std::size_t frameBytes() const noexcept { return frameBytes(channels_); }

  SpscByteRing ring_;
  int channels_;
  std::unique_ptr<float[]> scratch_;
  int maxRead_;
  // Consumer.
  std::uint32_t generation_ = 0;
  std::int64_t taken_ = 0;  // frames asked for since the request, delivered or not
  std::uint32_t chunkLeft_ = 0;
  std::int64_t chunkOffset_ = 0;
};

}  // namespace tonewood
