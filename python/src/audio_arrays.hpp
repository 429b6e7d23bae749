#pragma once

// numpy <-> planar audio at the binding edge. Arrays arrive already checked by
// tonewood/_arrays.py: float32, C-contiguous, (channels, frames) with 1..16 channels.
#include <nanobind/ndarray.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>

#include "tonewood/core/audio_buffer.hpp"

namespace tonewood::python {

using AudioInArray =
    nanobind::ndarray<const float, nanobind::ndim<2>, nanobind::c_contig, nanobind::device::cpu>;
using AudioInOutArray =
    nanobind::ndarray<float, nanobind::ndim<2>, nanobind::c_contig, nanobind::device::cpu>;
using AudioOutArray = nanobind::ndarray<nanobind::numpy, float, nanobind::ndim<2>>;

/// A view of the array's rows (no copy). The caller keeps the array alive.
template <typename Array>
AudioBlockView viewOf(const Array& a) {
  float* rows[kMaxChannels];
  const auto channels = std::min<std::size_t>(a.shape(0), kMaxChannels);
  for (std::size_t c = 0; c < channels; ++c)
    rows[c] = const_cast<float*>(a.data()) + c * a.shape(1);
  return AudioBlockView(rows, static_cast<int>(channels), static_cast<int>(a.shape(1)));
}

/// Storage for a new array. Large arrays come straight from mmap, 2 MiB aligned and advised to
/// use transparent huge pages: their first touch then costs one fault per 2 MiB instead of one
/// per 4 KiB, which otherwise dominates reading a long file (malloc maps big blocks afresh on
/// every call). Small ones use the heap. `release` frees either kind.
struct ArrayStorage {
  static constexpr std::size_t kLarge = std::size_t{4} << 20, kHuge = std::size_t{2} << 20;
  void* base = nullptr;    ///< what to free
  std::size_t mapped = 0;  ///< bytes mapped, 0 for heap storage
  static ArrayStorage* allocate(std::size_t bytes);
  static void release(void* storage) noexcept;
  void* data() const noexcept;
};

inline ArrayStorage* ArrayStorage::allocate(std::size_t bytes) {
  auto* s = new ArrayStorage;
  if (bytes >= kLarge) {
    const std::size_t length = (bytes + 2 * kHuge - 1) / kHuge * kHuge;  // room to align
    void* p = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
      s->base = p;
      s->mapped = length;
      ::madvise(s->data(), length - kHuge, MADV_HUGEPAGE);  // advice only: fine if refused
      return s;
    }
  }
  s->base = ::operator new(bytes + 64);  // + 64: a valid pointer even for an empty array
  return s;
}

inline void* ArrayStorage::data() const noexcept {
  if (!mapped) return base;
  const auto at = reinterpret_cast<std::uintptr_t>(base);
  return reinterpret_cast<void*>((at + kHuge - 1) / kHuge * kHuge);
}

inline void ArrayStorage::release(void* storage) noexcept {
  auto* s = static_cast<ArrayStorage*>(storage);
  if (s->mapped)
    ::munmap(s->base, s->mapped);
  else
    ::operator delete(s->base);
  delete s;
}

/// A new numpy array of shape `shape`, owned by Python; `*data` receives its storage, which the
/// caller fills (it is not zeroed: reads would pay for a pass they do not need).
template <typename T, std::size_t N>
nanobind::ndarray<nanobind::numpy, T, nanobind::ndim<N>> ownedArray(const std::size_t (&shape)[N],
                                                                    T** data) {
  std::size_t size = 1;
  for (std::size_t d : shape) size *= d;
  ArrayStorage* storage = ArrayStorage::allocate(size * sizeof(T));
  *data = static_cast<T*>(storage->data());
  nanobind::capsule owner(storage, &ArrayStorage::release);
  return nanobind::ndarray<nanobind::numpy, T, nanobind::ndim<N>>(*data, N, shape, owner);
}

/// A new (channels, frames) float32 array for the caller to fill; `rows` receives a pointer to
/// each channel.
inline AudioOutArray newAudioArray(std::size_t channels, std::size_t frames, float** rows) {
  float* data = nullptr;
  AudioOutArray out = ownedArray<float, 2>({channels, frames}, &data);
  for (std::size_t c = 0; c < channels; ++c) rows[c] = data + c * frames;
  return out;
}

/// A numpy copy of `audio`.
inline AudioOutArray arrayFrom(const AudioBlockView& audio) {
  float* rows[kMaxChannels];
  AudioOutArray out = newAudioArray(static_cast<std::size_t>(audio.numChannels()),
                                    static_cast<std::size_t>(audio.numFrames()), rows);
  for (int c = 0; c < audio.numChannels(); ++c)
    std::copy_n(audio.channel(c), audio.numFrames(), rows[c]);
  return out;
}

}  // namespace tonewood::python
