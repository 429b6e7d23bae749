#pragma once

#include <string>

#include "tonewood/core/audio_buffer.hpp"

/// Fade-in and fade-out curves applied in place.
namespace tonewood::dsp {

/// Linear: gain t. Exponential: a straight line in dB from -60 dB to 0 dB, pulled to exact
/// silence at the start (sounds even to the ear). EqualPower: sin(t * pi/2), so a fade-out and a
/// fade-in overlapped keep the summed power constant (a crossfade of uncorrelated material).
/// SCurve: (1 - cos(t * pi)) / 2, gentle at both ends, so a fade-in and a fade-out overlapped sum
/// to unity (a crossfade of correlated material).
enum class FadeShape { Linear, Exponential, EqualPower, SCurve };

/// "linear", "exponential", "equal_power" or "s_curve". Throws InvalidArgumentError listing them.
FadeShape fadeShapeFromName(const std::string& name);
/// The name fadeShapeFromName takes for a shape.
const char* fadeShapeName(FadeShape shape) noexcept;

/// The fade-in gain at `t` in [0, 1] (clamped). A fade-out uses fadeGain(1 - t).
double fadeGain(FadeShape shape, double t) noexcept;

/// Applies a fade-in over the first `frames` frames (or a fade-out over the last `frames`).
/// Frame i of a fade-in of n frames gets fadeGain(i / n), so the first sample is silent and the
/// fade reaches unity right after its last frame; a fade-out is its time mirror (the last sample
/// is silent). A fade longer than the signal is cut, keeping its curve.
void fadeIn(const AudioBlockView& audio, int frames, FadeShape shape) noexcept;
void fadeOut(const AudioBlockView& audio, int frames, FadeShape shape) noexcept;

}  // namespace tonewood::dsp
