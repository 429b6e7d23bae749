#pragma once

#include <vector>

#include "tonewood/core/audio_buffer.hpp"

/// A look-ahead peak limiter for finished signals (offline: the whole signal is at hand, so the
/// look-ahead costs no latency). The gain every sample needs to stay under `ceiling` (linear,
/// channels linked so the image does not shift) is held at its minimum for `lookaheadS` before
/// and after the sample, recovers with an exponential release of `releaseS`, and is smoothed by
/// a moving average as long as the look-ahead: the average around a peak sees only values at or
/// below the gain that peak needs, so no sample ends above the ceiling, and the gain moves
/// without steps. Control threads.
namespace tonewood::dsp {

struct LimiterSettings {
  double ceiling = 1.0;       ///< linear sample ceiling (> 0)
  double lookaheadS = 0.005;  ///< attack time: the gain is down when the peak arrives
  double releaseS = 0.08;     ///< time constant of the recovery
};

/// Limits `audio` in place at `sampleRate`. `levels`, when given, holds each frame's peak level
/// to limit against (for a true-peak limiter: the largest magnitude of the oversampled signal
/// around that frame, over all channels); without it the frame's largest sample counts.
/// Returns the deepest gain reduction applied (linear, 1 when nothing was touched).
double limitPeaks(const AudioBlockView& audio, double sampleRate, const LimiterSettings& settings,
                  const std::vector<float>* levels = nullptr);

}  // namespace tonewood::dsp
