#pragma once

#include <cmath>
#include <numbers>

/// The 17 LFO waveforms (`lfo*wave` 1..17), each a function of phase 0..1 returning -1..1.
/// Random-hold is not a function of phase alone; the LFO supplies its held value.
namespace tonewood::dsp {

enum class LfoShape {
  Sine = 1,
  Triangle,
  SawUp,
  SawDown,
  Square,
  Pulse25,
  Pulse12,
  Stepped4,
  Stepped8,
  Stepped16,
  HalfSine,
  ExpUp,
  ExpDown,
  Bounce,
  SineCubed,
  Trapezoid,
  RandomHold,
};

/// The waveform at `phase` (0..1). Audio thread.
inline float lfoShapeValue(LfoShape shape, float phase, float heldRandom = 0.0f) noexcept {
  constexpr float twoPi = 2.0f * std::numbers::pi_v<float>;
  const float p = phase - std::floor(phase);
  auto stepped = [&](float steps) { return 2.0f * std::floor(p * steps) / (steps - 1.0f) - 1.0f; };
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
    case LfoShape::Pulse25:
      return p < 0.25f ? 1.0f : -1.0f;
    case LfoShape::Pulse12:
      return p < 0.125f ? 1.0f : -1.0f;
    case LfoShape::Stepped4:
      return stepped(4.0f);
    case LfoShape::Stepped8:
      return stepped(8.0f);
    case LfoShape::Stepped16:
      return stepped(16.0f);
    case LfoShape::HalfSine:
      return 2.0f * std::sin(std::numbers::pi_v<float> * p) - 1.0f;
    case LfoShape::ExpUp:
      return 2.0f * (std::exp2(6.0f * p) - 1.0f) / 63.0f - 1.0f;
    case LfoShape::ExpDown:
      return 2.0f * (std::exp2(6.0f * (1.0f - p)) - 1.0f) / 63.0f - 1.0f;
    case LfoShape::Bounce:
      return 2.0f * std::abs(std::sin(twoPi * p)) - 1.0f;
    case LfoShape::SineCubed: {
      const float s = std::sin(twoPi * p);
      return s * s * s;
    }
    case LfoShape::Trapezoid: {
      const float t = p < 0.25f ? 4.0f * p : p < 0.75f ? 2.0f - 4.0f * p : 4.0f * p - 4.0f;
      return std::fmax(-1.0f, std::fmin(1.0f, 2.0f * t));
    }
    case LfoShape::RandomHold:
      return heldRandom;
  }
  return 0.0f;
}

}  // namespace tonewood::dsp
