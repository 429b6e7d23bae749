#pragma once

#include "tonewood/core/audio_buffer.hpp"

/// Level measurements of a finished signal.
namespace tonewood::io {

/// Largest absolute sample over every channel (linear).
float peakLevel(const AudioBlockView& audio) noexcept;

/// Integrated loudness in LUFS (EBU R128 / ITU-R BS.1770-4) through libebur128. Returns -inf for
/// silence or a signal shorter than one 400 ms gating block. Channels 0 and 1 are left and right.
/// Throws OutOfRangeError for a sample rate outside [8000, 384000] Hz. Any non-audio thread.
double integratedLoudness(const AudioBlockView& audio, double sampleRate);

}  // namespace tonewood::io
