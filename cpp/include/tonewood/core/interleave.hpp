#pragma once

#include "tonewood/core/audio_buffer.hpp"

namespace tonewood {

/// Copies frames [start, start + frames) of planar `audio` into `out`, interleaved
/// (frame by frame, channel by channel), as libsndfile and libebur128 take them. Any thread.
inline void interleave(const AudioBlockView& audio, int start, int frames, float* out) noexcept {
  const int channels = audio.numChannels();
  for (int i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c)
      out[static_cast<std::size_t>(i) * channels + c] = audio.channel(c)[start + i];
}

/// The reverse: interleaved `in` into frames [start, start + frames) of planar `audio`.
inline void deinterleave(const float* in, int frames, const AudioBlockView& audio,
                         int start) noexcept {
  const int channels = audio.numChannels();
  for (int i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c)
      audio.channel(c)[start + i] = in[static_cast<std::size_t>(i) * channels + c];
}

}  // namespace tonewood
