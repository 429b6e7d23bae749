#pragma once

// numpy <-> planar audio at the binding edge. Arrays arrive already checked by
// tonewood/_arrays.py: float32, C-contiguous, (channels, frames) with 1..16 channels.
#include <nanobind/ndarray.h>

#include <algorithm>
#include <cstddef>

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

/// A new numpy array of shape `shape`, owned by Python; `*data` receives its storage, which the
/// caller fills (it is not zeroed: reads would pay for a pass they do not need).
template <typename T, std::size_t N>
nanobind::ndarray<nanobind::numpy, T, nanobind::ndim<N>> ownedArray(const std::size_t (&shape)[N],
                                                                    T** data) {
  std::size_t size = 1;
  for (std::size_t d : shape) size *= d;
  *data = new T[size + 1];  // + 1: a valid pointer even for an empty array
  nanobind::capsule owner(*data, [](void* p) noexcept { delete[] static_cast<T*>(p); });
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
