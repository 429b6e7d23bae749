#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

#include "tonewood/core/spsc_ring.hpp"

namespace tonewood {

/// A lock-free single-producer, single-consumer FIFO of planar audio: one byte ring per channel.
/// The producer writes every channel of a block before the next, so the consumer, taking the
/// smallest fill of all channels, always sees whole frames. Neither side waits or allocates.
class AudioRing {
 public:
  /// Room for at least `frames` frames of `channels` channels. Control thread (allocates).
  AudioRing(int channels, std::size_t frames) {
    for (int c = 0; c < channels; ++c)
      rings_.push_back(std::make_unique<SpscByteRing>(frames * sizeof(float)));
  }

  int channels() const noexcept { return static_cast<int>(rings_.size()); }
  std::size_t capacityFrames() const noexcept {
    return rings_.empty() ? 0 : rings_[0]->capacity() / sizeof(float);
  }
  /// Producer: frames that fit now.
  std::size_t writableFrames() const noexcept {
    std::size_t n = ~std::size_t{0};
    for (const auto& r : rings_) n = std::min(n, r->writeSpace() / sizeof(float));
    return rings_.empty() ? 0 : n;
  }
  /// Consumer: whole frames ready now.
  std::size_t readableFrames() const noexcept {
    std::size_t n = ~std::size_t{0};
    for (const auto& r : rings_) n = std::min(n, r->readSpace() / sizeof(float));
    return rings_.empty() ? 0 : n;
  }

  /// Producer: writes `frames` frames of every channel (channel c from in[c] + offset), all or
  /// nothing.
  bool write(const float* const* in, std::size_t frames, std::size_t offset = 0) noexcept {
    if (writableFrames() < frames) return false;
    for (std::size_t c = 0; c < rings_.size(); ++c)
      rings_[c]->write(in[c] + offset, frames * sizeof(float));
    return true;
  }
  /// Consumer: reads up to `frames` frames into out[c] + offset; returns the frames read.
  std::size_t read(float* const* out, std::size_t frames, std::size_t offset = 0) noexcept {
    const std::size_t n = std::min(frames, readableFrames());
    for (std::size_t c = 0; c < rings_.size(); ++c)
      rings_[c]->read(out[c] + offset, n * sizeof(float));
    return n;
  }
  /// Consumer: drops everything ready.
  void clear() noexcept {
    const std::size_t n = readableFrames();
    for (auto& r : rings_) r->skip(n * sizeof(float));
  }

 private:
  std::vector<std::unique_ptr<SpscByteRing>> rings_;
};

}  // namespace tonewood
