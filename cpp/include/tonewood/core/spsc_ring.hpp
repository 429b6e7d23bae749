#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

/// Lock-free single-producer, single-consumer FIFOs: the one way audio threads talk to the rest
/// of the program. One thread writes, one thread reads; neither ever waits, locks or allocates.
/// A write that does not fit fails (nothing written) instead of blocking.
namespace tonewood {

/// A ring of bytes. The capacity is rounded up to a power of two; the usable space is that minus
/// one byte (a full ring and an empty one must differ). Indices grow without wrapping and are
/// masked on use, each written by one side only (release) and read by the other (acquire), as in
/// the classic Lamport queue.
class SpscByteRing {
 public:
  /// At least `capacityBytes` usable bytes. Control thread (allocates).
  explicit SpscByteRing(std::size_t capacityBytes) {
    std::size_t size = 2;
    while (size < capacityBytes + 1) size <<= 1;
    data_ = std::make_unique<std::uint8_t[]>(size);
    mask_ = size - 1;
  }
  SpscByteRing(const SpscByteRing&) = delete;
  SpscByteRing& operator=(const SpscByteRing&) = delete;

  std::size_t capacity() const noexcept { return mask_; }

  /// Producer: bytes that can be written now.
  std::size_t writeSpace() const noexcept {
    return mask_ - (head_.load(std::memory_order_relaxed) - tail_.load(std::memory_order_acquire));
  }
  /// Consumer: bytes that can be read now.
  std::size_t readSpace() const noexcept {
    return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_relaxed);
  }

  /// Producer: writes all `size` bytes, or nothing and returns false.
  bool write(const void* bytes, std::size_t size) noexcept {
    if (writeSpace() < size) return false;
    const std::size_t head = head_.load(std::memory_order_relaxed);
    copyIn(head, static_cast<const std::uint8_t*>(bytes), size);
    head_.store(head + size, std::memory_order_release);
    return true;
  }
  /// Producer: writes several pieces as one record (all or nothing).
  bool write2(const void* a, std::size_t aSize, const void* b, std::size_t bSize) noexcept {
    if (writeSpace() < aSize + bSize) return false;
    const std::size_t head = head_.load(std::memory_order_relaxed);
    copyIn(head, static_cast<const std::uint8_t*>(a), aSize);
    copyIn(head + aSize, static_cast<const std::uint8_t*>(b), bSize);
    head_.store(head + aSize + bSize, std::memory_order_release);
    return true;
  }

  /// Consumer: copies `size` bytes from `offset` bytes past the read position without taking
  /// them; false when fewer are there.
  bool peek(void* out, std::size_t size, std::size_t offset = 0) const noexcept {
    if (readSpace() < offset + size) return false;
    copyOut(tail_.load(std::memory_order_relaxed) + offset, static_cast<std::uint8_t*>(out), size);
    return true;
  }
  /// Consumer: takes `size` bytes; false (nothing taken) when fewer are there.
  bool read(void* out, std::size_t size) noexcept {
    if (!peek(out, size)) return false;
    tail_.store(tail_.load(std::memory_order_relaxed) + size, std::memory_order_release);
    return true;
  }
  /// Consumer: drops up to `size` bytes.
  void skip(std::size_t size) noexcept {
    size = std::min(size, readSpace());
    tail_.store(tail_.load(std::memory_order_relaxed) + size, std::memory_order_release);
  }

 private:
  void copyIn(std::size_t at, const std::uint8_t* from, std::size_t size) noexcept {
    const std::size_t start = at & mask_, first = std::min(size, mask_ + 1 - start);
    std::memcpy(data_.get() + start, from, first);
    std::memcpy(data_.get(), from + first, size - first);
  }
  void copyOut(std::size_t at, std::uint8_t* to, std::size_t size) const noexcept {
    const std::size_t start = at & mask_, first = std::min(size, mask_ + 1 - start);
    std::memcpy(to, data_.get() + start, first);
    std::memcpy(to + first, data_.get(), size - first);
  }

  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t mask_ = 0;
  // Each index on its own cache line, so the two threads do not fight over one line.
  alignas(64) std::atomic<std::size_t> head_{0};  // written by the producer
  alignas(64) std::atomic<std::size_t> tail_{0};  // written by the consumer
};

/// A FIFO of trivially copyable items on an SpscByteRing.
template <typename T>
class SpscQueue {
  static_assert(std::is_trivially_copyable_v<T>, "items cross the ring as bytes");

 public:
  /// Room for at least `capacity` items. Control thread (allocates).
  explicit SpscQueue(std::size_t capacity) : ring_(capacity * sizeof(T)) {}

  /// Producer: false (nothing queued) when full.
  bool push(const T& item) noexcept { return ring_.write(&item, sizeof(T)); }
  /// Consumer: false when empty.
  bool pop(T& item) noexcept { return ring_.read(&item, sizeof(T)); }
  /// Consumer: the oldest item without taking it.
  bool peek(T& item) const noexcept { return ring_.peek(&item, sizeof(T)); }
  std::size_t size() const noexcept { return ring_.readSpace() / sizeof(T); }
  bool empty() const noexcept { return ring_.readSpace() < sizeof(T); }

 private:
  SpscByteRing ring_;
};

}  // namespace tonewood
