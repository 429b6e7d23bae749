#pragma once

#include "tonewood/core/audio_buffer.hpp"

/// Loudness normalisation that never clips: the signal is brought to a target integrated
/// loudness, and where that gain would carry its true peak over a ceiling, a look-ahead limiter
/// (dsp/lookahead_limiter.hpp) takes the peaks down and the gain is raised again until the
/// loudness is back on target. Control threads.
namespace tonewood::analysis {

struct LoudnessNormalization {
  double gainDb = 0.0;        ///< the gain applied before limiting
  double limitingLu = 0.0;    ///< the loudness the limiter took off (0 when it did nothing)
  double loudnessLufs = 0.0;  ///< measured on the result
  double truePeakDbtp = 0.0;  ///< measured on the result
};

/// Normalises `audio` in place to `targetLufs` (-70..0) with its true peak at or below
/// `ceilingDbtp` (-20..0). The result is within 0.5 LU of the target; when that would take more
/// than 20 LU of limiting or cannot be reached, OutOfRangeError says so and `audio` is left as it
/// was. Silence, or a signal shorter than one 400 ms block, is an InvalidArgumentError.
LoudnessNormalization normalizeLoudness(const AudioBlockView& audio, double sampleRate,
                                        double targetLufs, double ceilingDbtp = -1.0);

}  // namespace tonewood::analysis
