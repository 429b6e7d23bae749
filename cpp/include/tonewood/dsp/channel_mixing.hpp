#pragma once

#include <vector>

#include "tonewood/core/audio_buffer.hpp"

/// Changing the channel layout: a mixing matrix, channel picking, and the standard up- and
/// down-mixes.
namespace tonewood::dsp {

/// outputs x inputs gains, row-major: out[o] = sum_i gains[o * inputs + i] * in[i].
struct ChannelMatrix {
  int outputs = 0, inputs = 0;
  std::vector<float> gains;
};

/// The matrix for going from `inputs` to `outputs` channels in the usual way: equal channels
/// pass through; mono is copied to every output; anything to mono is the average; 5.1
/// (L R C LFE Ls Rs) to stereo follows ITU-R BS.775 (centre and surrounds at -3 dB, LFE dropped)
/// normalised so a full-scale signal in every channel cannot clip; stereo to 5.1 puts L and R
/// on the fronts. Other pairs map channel i to output i (extra outputs silent). Throws
/// OutOfRangeError for counts outside [1, 16].
ChannelMatrix standardMix(int inputs, int outputs);

/// Picks input channels: out[o] = in[map[o]], or silence where map[o] is -1. Throws
/// OutOfRangeError for an index outside [-1, inputs - 1] or more than 128 outputs.
ChannelMatrix channelMap(int inputs, const std::vector<int>& map);

/// out = matrix * in, frame by frame (out may not alias in). Frame counts must match; channel
/// counts must match the matrix (checked by the caller).
void applyMatrix(const ChannelMatrix& matrix, const AudioBlockView& in,
                 const AudioBlockView& out) noexcept;

}  // namespace tonewood::dsp
