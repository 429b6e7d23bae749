#pragma once

#include <cstdint>

#include "tonewood/core/audio_buffer.hpp"

/// Whole-buffer operations on planar float audio, in place. The inner loops are compiled for
/// AVX2 and for baseline x86-64, picked at run time. Real-time safe (no allocation, no throw).
namespace tonewood::dsp {

/// Multiplies every sample by `gain`.
void applyGain(const AudioBlockView& audio, float gain) noexcept;

/// dB (20 log10) to a linear factor; -inf gives 0.
float dbToGain(double db) noexcept;

/// dst += src * gain over the frames both have, channel by channel (src and dst have the same
/// channel count).
void mixInto(const AudioBlockView& dst, const AudioBlockView& src, float gain) noexcept;

/// Negates every sample.
void invertPolarity(const AudioBlockView& audio) noexcept;

/// Reverses time.
void reverse(const AudioBlockView& audio) noexcept;

/// Subtracts each channel's mean (an offline DC removal with no filter transient).
void removeDc(const AudioBlockView& audio) noexcept;

/// Largest absolute sample over every channel (linear); NaNs are ignored.
float peakOf(const AudioBlockView& audio) noexcept;

/// The frames [start, end) outside which every channel stays at or below `threshold`
/// (linear). A silent signal gives start == end == 0.
struct FrameRange {
  std::int64_t start = 0, end = 0;
};
FrameRange nonSilentRange(const AudioBlockView& audio, float threshold) noexcept;

}  // namespace tonewood::dsp
