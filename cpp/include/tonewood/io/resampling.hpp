#pragma once

#include "tonewood/core/audio_buffer.hpp"

/// Sample-rate conversion through libsoxr (very-high-quality setting).
namespace tonewood::io {

/// The whole signal at `toRate`: round(frames * toRate / fromRate) frames per channel. Throws
/// OutOfRangeError for rates outside [1000, 768000] Hz and Error when libsoxr fails. Control
/// thread.
AudioBuffer resampleAudio(const AudioBlockView& audio, double fromRate, double toRate);

}  // namespace tonewood::io
