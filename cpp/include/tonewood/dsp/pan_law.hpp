#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"

/// Panning a mono source into stereo, or balancing a stereo one, with a chosen pan law.
namespace tonewood::dsp {

/// How loud a centred source is relative to hard left or right: Linear keeps both sides at unity
/// in the centre (0 dB, a balance control); ConstantPower (-3 dB, sin/cos) keeps the summed
/// power constant; Compromise (-4.5 dB, the geometric mean of -3 and -6); Amplitude (-6 dB)
/// keeps the summed amplitude constant, so a mono fold-down stays level.
enum class PanLaw { Linear, ConstantPower, Compromise, Amplitude };

/// "linear" / "0dB", "-3dB", "-4.5dB" or "-6dB". Throws InvalidArgumentError listing them.
PanLaw panLawFromName(const std::string& name);

struct PanGains {
  float left = 1.0f, right = 1.0f;
};

/// The gains at `position` (-1 hard left, 0 centre, +1 hard right; clamped).
PanGains panGains(double position, PanLaw law) noexcept;

/// A stereo balance at `position`: each side's gain under `law` over its gain in the centre, so
/// the centre leaves both sides as they are whatever the law.
PanGains balanceGains(double position, PanLaw law) noexcept;

/// Mono `in` (channel 0) panned into the two channels of `out` (same frame count).
void panMono(const AudioBlockView& in, const AudioBlockView& out, double position,
             PanLaw law) noexcept;

/// Stereo audio balanced in place: each side scaled by its pan gain.
void balanceStereo(const AudioBlockView& audio, double position, PanLaw law) noexcept;

}  // namespace tonewood::dsp
