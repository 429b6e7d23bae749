#pragma once

#include <cmath>
#include <numbers>
#include <optional>
#include <string_view>

/// The response curves a modulation route can pass its source through. Each maps 0..1 to 0..1
/// (bipolar sources are mapped to 0..1 first). Names follow the easing-function convention
/// Resonarium presets store ("linear", "quadIn", ...).
namespace tonewood::synth {

enum class ModCurve {
  Linear,
  Inverse,
  QuadIn,
  QuadOut,
  QuadInOut,
  CubicIn,
  CubicOut,
  CubicInOut,
  SineIn,
  SineOut,
  SineInOut,
  ExpIn,
  ExpOut,
};

/// The curve of a name, or nothing for an unknown one.
std::optional<ModCurve> modCurveNamed(std::string_view name);
/// The curve names, in enum order.
const char* modCurveName(ModCurve curve);

/// Applies the curve to u in 0..1. Audio thread.
inline float applyModCurve(ModCurve curve, float u) noexcept {
  constexpr float pi = std::numbers::pi_v<float>;
  switch (curve) {
    case ModCurve::Linear:
      return u;
    case ModCurve::Inverse:
      return 1.0f - u;
    case ModCurve::QuadIn:
      return u * u;
    case ModCurve::QuadOut:
      return 1.0f - (1.0f - u) * (1.0f - u);
    case ModCurve::QuadInOut:
      return u < 0.5f ? 2.0f * u * u : 1.0f - 2.0f * (1.0f - u) * (1.0f - u);
    case ModCurve::CubicIn:
      return u * u * u;
    case ModCurve::CubicOut:
      return 1.0f - (1.0f - u) * (1.0f - u) * (1.0f - u);
    case ModCurve::CubicInOut:
      return u < 0.5f ? 4.0f * u * u * u : 1.0f - 4.0f * (1.0f - u) * (1.0f - u) * (1.0f - u);
    case ModCurve::SineIn:
      return 1.0f - std::cos(0.5f * pi * u);
    case ModCurve::SineOut:
      return std::sin(0.5f * pi * u);
    case ModCurve::SineInOut:
      return 0.5f - 0.5f * std::cos(pi * u);
    case ModCurve::ExpIn:
      return u <= 0.0f ? 0.0f : std::exp2(10.0f * (u - 1.0f));
    case ModCurve::ExpOut:
      return u >= 1.0f ? 1.0f : 1.0f - std::exp2(-10.0f * u);
  }
  return u;
}

}  // namespace tonewood::synth
