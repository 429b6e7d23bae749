#pragma once

#include <vector>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/dsp/buffer_ops.hpp"

/// RMS levels, envelopes and silence.
namespace tonewood::analysis {

/// RMS of each channel over the whole signal (linear).
std::vector<double> channelRms(const AudioBlockView& audio);

/// RMS over all channels (the mean of the channels' mean squares) in windows of `window`
/// frames, one value every `hop` frames; the last window may be partial. Throws
/// OutOfRangeError for window or hop outside [1, 2^24] frames.
std::vector<double> rmsEnvelope(const AudioBlockView& audio, int window, int hop);

/// Stretches of at least `minFrames` frames whose RMS (over 10 ms windows, all channels) stays
/// below `thresholdDb` dBFS, in frames, in order. Throws OutOfRangeError for a sample rate
/// outside [1000, 768000] Hz.
std::vector<dsp::FrameRange> silentRegions(const AudioBlockView& audio, double sampleRate,
                                           double thresholdDb, std::int64_t minFrames);

}  // namespace tonewood::analysis
