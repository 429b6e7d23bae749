#pragma once

#include <array>
#include <cmath>
#include <numbers>

/// The 17 LFO waveforms (`lfo*wave` 1..17), numbered and shaped as the gin LFO that Resonarium
/// uses, each a function of phase 0..1 returning -1..1. The two random shapes are not functions of
/// phase alone: the LFO supplies the value drawn for this cycle and the one for the next.
namespace tonewood::dsp {

enum class LfoShape {
  Sine = 1,
  Triangle,
  SawUp,
  SawDown,
  Square,
  SquarePositive,  ///< 1 for the first half cycle, 0 for the second
  SampleAndHold,   ///< one random value per cycle
  Noise,           ///< straight lines from one cycle's random value to the next
  StepUp3,
  StepUp4,
  StepUp8,
  StepDown3,
  StepDown4,
  StepDown8,
  Pyramid3,  ///< 0, 1, 0, -1 in quarter cycles
  Pyramid5,  ///< the same staircase in eighths
  Pyramid9,  ///< and in sixteenths
};

/// The waveform at `phase` (any real; its fraction counts). Audio thread.
inline float lfoShapeValue(LfoShape shape, float phase, float thisRandom = 0.0f,
                           float nextRandom = 0.0f) noexcept {
  constexpr float twoPi = 2.0f * std::numbers::pi_v<float>;
  const float p = phase - std::floor(phase);
  // N steps from -1 to 1.
  auto stairs = [&](float steps) { return 2.0f * std::floor(p * steps) / (steps - 1.0f) - 1.0f; };
  // A triangle sampled in `steps` equal parts of the cycle, starting at 0 and rising.
  auto pyramid = [&](int steps) {
    const int at = static_cast<int>(p * static_cast<float>(steps));
    const int quarter = steps / 4;
    const int rise = at <= quarter ? at : at <= 3 * quarter ? 2 * quarter - at : at - steps;
    return static_cast<float>(rise) / static_cast<float>(quarter);
  };
  switch (shape) {
    case LfoShape::Sine:
      return std::sin(twoPi * p);
    case LfoShape::Triangle:
      return p < 0.25f ? 4.0f * p : p < 0.75f ? 2.0f - 4.0f * p : 4.0f * p - 4.0f;
    case LfoShape::SawUp:
      return 2.0f * p - 1.0f;
    case LfoShape::SawDown:
      return 1.0f - 2.0f * p;
    case LfoShape::Square:
      return p < 0.5f ? 1.0f : -1.0f;
    case LfoShape::SquarePositive:
      return p < 0.5f ? 1.0f : 0.0f;
    case LfoShape::SampleAndHold:
      return thisRandom;
    case LfoShape::Noise:
      return thisRandom + p * (nextRandom - thisRandom);
    case LfoShape::StepUp3:
      return stairs(3.0f);
    case LfoShape::StepUp4:
      return stairs(4.0f);
    case LfoShape::StepUp8:
      return stairs(8.0f);
    case LfoShape::StepDown3:
      return -stairs(3.0f);
    case LfoShape::StepDown4:
      return -stairs(4.0f);
    case LfoShape::StepDown8:
      return -stairs(8.0f);
    case LfoShape::Pyramid3:
      return pyramid(4);
    case LfoShape::Pyramid5:
      return pyramid(8);
    case LfoShape::Pyramid9:
      return pyramid(16);
  }
  return 0.0f;
}

}  // namespace tonewood::dsp
