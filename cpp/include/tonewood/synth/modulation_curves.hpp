#pragma once

#include <cmath>
#include <numbers>
#include <optional>
#include <string_view>

/// The response curves a modulation route can pass its source through: the twenty of the gin
/// modulation matrix that Resonarium is built on, under the names its presets store
/// ("linear", "quadraticOut", "invSineIn", ...). Each maps 0..1 to 0..1 (a bipolar source is mapped
/// to 0..1 first); an `inv` curve turns its input over (1 - u) and then eases it.
namespace tonewood::synth {

enum class ModCurve {
  Linear,
  QuadraticIn,
  QuadraticInOut,
  QuadraticOut,
  SineIn,
  SineInOut,
  SineOut,
  ExponentialIn,
  ExponentialInOut,
  ExponentialOut,
  InvLinear,
  InvQuadraticIn,
  InvQuadraticInOut,
  InvQuadraticOut,
  InvSineIn,
  InvSineInOut,
  InvSineOut,
  InvExponentialIn,
  InvExponentialInOut,
  InvExponentialOut,
};

/// The curve of a name, or nothing for an unknown one. Names from tonewood 0.x presets
/// ("inverse", "quadIn", "expOut", ...) are read as the curve they were.
std::optional<ModCurve> modCurveNamed(std::string_view name);
/// The name a preset stores for the curve.
const char* modCurveName(ModCurve curve);

/// Applies the curve to u in 0..1. Audio thread.
inline float applyModCurve(ModCurve curve, float u) noexcept {
  constexpr float pi = std::numbers::pi_v<float>;
  const int index = static_cast<int>(curve);
  const bool inverted = index >= static_cast<int>(ModCurve::InvLinear);
  if (inverted) u = 1.0f - u;
  switch (static_cast<ModCurve>(inverted ? index - 10 : index)) {
    case ModCurve::QuadraticIn:
      return u * u;
    case ModCurve::QuadraticInOut:
      return u < 0.5f ? 2.0f * u * u : 1.0f - 2.0f * (1.0f - u) * (1.0f - u);
    case ModCurve::QuadraticOut:
      return u * (2.0f - u);
    case ModCurve::SineIn:
      return 1.0f - std::cos(0.5f * pi * u);
    case ModCurve::SineInOut:
      return 0.5f - 0.5f * std::cos(pi * u);
    case ModCurve::SineOut:
      return std::sin(0.5f * pi * u);
    case ModCurve::ExponentialIn:
      return u == 0.0f ? 0.0f : std::exp2(10.0f * (u - 1.0f));
    case ModCurve::ExponentialInOut:
      if (u == 0.0f || u == 1.0f) return u;
      return u < 0.5f ? 0.5f * std::exp2(20.0f * u - 10.0f)
                      : 1.0f - 0.5f * std::exp2(10.0f - 20.0f * u);
    case ModCurve::ExponentialOut:
      return u == 1.0f ? 1.0f : 1.0f - std::exp2(-10.0f * u);
    default:
      return u;
  }
}

}  // namespace tonewood::synth
