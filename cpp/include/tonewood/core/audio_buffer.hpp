#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

/// Audio storage: an owning, aligned, planar buffer and non-owning views onto planar data.
namespace tonewood {

/// Maximum channel count a view can address: ambisonics up to 7th order, and the direct outputs
/// of the largest multi-output plugins (LSP's 48-instrument sampler has 98).
inline constexpr int kMaxChannels = 128;

/// A non-owning view of planar float audio: `numChannels` pointers, each to `numFrames` samples.
/// Cheap to copy; the caller keeps the storage alive. Any thread.
class AudioBlockView {
 public:
  AudioBlockView() noexcept = default;
  AudioBlockView(float* const* channels, int numChannels, int numFrames) noexcept
      : numChannels_(numChannels), numFrames_(numFrames) {
    assert(numChannels >= 0 && numChannels <= kMaxChannels);
    std::copy(channels, channels + numChannels, channels_);
  }
  // Only the channels in use are copied (and ever read): views are made and copied for every
  // node in every block, where filling all kMaxChannels slots would cost more than the rest.
  AudioBlockView(const AudioBlockView& other) noexcept
      : numChannels_(other.numChannels_), numFrames_(other.numFrames_) {
    std::copy(other.channels_, other.channels_ + numChannels_, channels_);
  }
  AudioBlockView& operator=(const AudioBlockView& other) noexcept {
    numChannels_ = other.numChannels_;
    numFrames_ = other.numFrames_;
    std::copy(other.channels_, other.channels_ + numChannels_, channels_);
    return *this;
  }

  int numChannels() const noexcept { return numChannels_; }
  int numFrames() const noexcept { return numFrames_; }
  float* channel(int c) const noexcept { return channels_[c]; }

  /// The frames [start, start + count) of every channel.
  AudioBlockView subBlock(int start, int count) const noexcept {
    AudioBlockView v = *this;
    for (int c = 0; c < numChannels_; ++c) v.channels_[c] += start;
    v.numFrames_ = count;
    return v;
  }

  void clear() const noexcept {
    for (int c = 0; c < numChannels_; ++c) std::fill_n(channel(c), numFrames_, 0.0f);
  }

 private:
  float* channels_[kMaxChannels];  // the first numChannels_ are set
  int numChannels_ = 0;
  int numFrames_ = 0;
};

/// Owning planar float32 audio, channels x frames, every channel 64-byte aligned (cache line and
/// the widest SIMD register). Allocation happens only in the constructor and `resize`.
class AudioBuffer {
 public:
  static constexpr std::size_t kAlignment = 64;

  AudioBuffer() = default;
  AudioBuffer(int numChannels, int numFrames) { resize(numChannels, numFrames); }

  /// Reallocates to the given size and zeroes the content. Control thread.
  void resize(int numChannels, int numFrames) {
    assert(numChannels >= 0 && numChannels <= kMaxChannels && numFrames >= 0);
    stride_ = roundUp(static_cast<std::size_t>(numFrames));
    const std::size_t bytes = std::max<std::size_t>(1, stride_ * numChannels * sizeof(float));
    void* p = ::operator new (bytes, std::align_val_t{kAlignment});
    storage_.reset(static_cast<float*>(p));
    numChannels_ = numChannels;
    numFrames_ = numFrames;
    std::fill_n(storage_.get(), stride_ * numChannels, 0.0f);
  }

  int numChannels() const noexcept { return numChannels_; }
  int numFrames() const noexcept { return numFrames_; }
  float* channel(int c) noexcept { return storage_.get() + stride_ * static_cast<std::size_t>(c); }
  const float* channel(int c) const noexcept {
    return storage_.get() + stride_ * static_cast<std::size_t>(c);
  }

  /// A view of every channel and frame.
  AudioBlockView view() noexcept {
    std::array<float*, kMaxChannels> ptrs{};
    for (int c = 0; c < numChannels_; ++c) ptrs[static_cast<std::size_t>(c)] = channel(c);
    return AudioBlockView(ptrs.data(), numChannels_, numFrames_);
  }

  void clear() noexcept { std::fill_n(storage_.get(), stride_ * numChannels_, 0.0f); }

 private:
  struct AlignedDelete {
    void operator()(float* p) const noexcept {
      ::operator delete (p, std::align_val_t{kAlignment});
    }
  };
  static std::size_t roundUp(std::size_t frames) noexcept {
    constexpr std::size_t perLine = kAlignment / sizeof(float);
    return (frames + perLine - 1) / perLine * perLine;
  }

  std::unique_ptr<float, AlignedDelete> storage_;
  std::size_t stride_ = 0;
  int numChannels_ = 0;
  int numFrames_ = 0;
};

}  // namespace tonewood
