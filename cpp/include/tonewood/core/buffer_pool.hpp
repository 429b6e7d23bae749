#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <vector>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood {

/// A fixed set of equally sized audio buffers, allocated once, handed out and returned without
/// locks or allocation, so long-running streaming work (and the audio thread) can borrow scratch
/// space. Up to 64 buffers. acquire/release are wait-free apart from CAS retries; any thread.
class BufferPool {
 public:
  /// Throws OutOfRangeError for count outside [1, 64], channels outside [1, 16] or frames
  /// outside [1, 2^28].
  BufferPool(int channels, int frames, int count) : buffers_(static_cast<std::size_t>(count)) {
    requireInRange("buffer count", count, 1, 64, "");
    requireInRange("channel count", channels, 1, kMaxChannels, "");
    requireInRange("buffer length", frames, 1, 1 << 28, "frames");
    for (AudioBuffer& b : buffers_) b.resize(channels, frames);
    free_.store(count == 64 ? ~0ull : (1ull << count) - 1);
  }
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  /// Borrows a buffer (contents left from its last user); -1 when all are out.
  int acquire() noexcept {
    std::uint64_t mask = free_.load(std::memory_order_relaxed);
    while (mask) {
      const int index = std::countr_zero(mask);
      if (free_.compare_exchange_weak(mask, mask & ~(1ull << index), std::memory_order_acquire,
                                      std::memory_order_relaxed))
        return index;
    }
    return -1;
  }
  /// Returns a buffer borrowed with acquire.
  void release(int index) noexcept { free_.fetch_or(1ull << index, std::memory_order_release); }

  AudioBlockView view(int index) noexcept {
    return buffers_[static_cast<std::size_t>(index)].view();
  }
  int size() const noexcept { return static_cast<int>(buffers_.size()); }
  int available() const noexcept { return std::popcount(free_.load(std::memory_order_relaxed)); }
  int channels() const noexcept { return buffers_.front().numChannels(); }
  int frames() const noexcept { return buffers_.front().numFrames(); }

 private:
  std::vector<AudioBuffer> buffers_;
  std::atomic<std::uint64_t> free_{0};
};

}  // namespace tonewood
