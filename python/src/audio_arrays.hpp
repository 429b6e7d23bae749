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

/// A new zeroed numpy array owned by Python; `rows` receives a pointer to each channel.
inline AudioOutArray newAudioArray(std::size_t channels, std::size_t frames, float** rows) {
  float* data = new float[channels * frames + 1]();
  nanobind::capsule owner(data, [](void* p) noexcept { delete[] static_cast<float*>(p); });
  for (std::size_t c = 0; c < channels; ++c) rows[c] = data + c * frames;
  return AudioOutArray(data, {channels, frames}, owner);
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
