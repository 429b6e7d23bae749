#include "tonewood/synth/modulation_curves.hpp"

#include <array>
#include <utility>

namespace tonewood::synth {

namespace {
constexpr std::array<const char*, 20> kNames = {"linear",
                                                "quadraticIn",
                                                "quadraticInOut",
                                                "quadraticOut",
                                                "sineIn",
                                                "sineInOut",
                                                "sineOut",
                                                "exponentialIn",
                                                "exponentialInOut",
                                                "exponentialOut",
                                                "invLinear",
                                                "invQuadraticIn",
                                                "invQuadraticInOut",
                                                "invQuadraticOut",
                                                "invSineIn",
                                                "invSineInOut",
                                                "invSineOut",
                                                "invExponentialIn",
                                                "invExponentialInOut",
                                                "invExponentialOut"};

// What tonewood 0.x wrote before it used gin's names.
constexpr std::array<std::pair<const char*, ModCurve>, 6> kOlderNames = {{
    {"inverse", ModCurve::InvLinear},
    {"quadIn", ModCurve::QuadraticIn},
    {"quadOut", ModCurve::QuadraticOut},
    {"quadInOut", ModCurve::QuadraticInOut},
    {"expIn", ModCurve::ExponentialIn},
    {"expOut", ModCurve::ExponentialOut},
}};
}  // namespace

std::optional<ModCurve> modCurveNamed(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (name == kNames[i]) return static_cast<ModCurve>(i);
  for (const auto& [older, curve] : kOlderNames)
    if (name == older) return curve;
  return std::nullopt;
}

const char* modCurveName(ModCurve curve) {
  return kNames[static_cast<std::size_t>(curve)];
}

}  // namespace tonewood::synth
