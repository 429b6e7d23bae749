#include "tonewood/synth/modulation_curves.hpp"

#include <array>
#include <string>

namespace tonewood::synth {

namespace {
constexpr std::array<const char*, 13> kNames = {
    "linear",     "inverse", "quadIn",  "quadOut",   "quadInOut", "cubicIn", "cubicOut",
    "cubicInOut", "sineIn",  "sineOut", "sineInOut", "expIn",     "expOut"};
}

std::optional<ModCurve> modCurveNamed(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (name == kNames[i]) return static_cast<ModCurve>(i);
  return std::nullopt;
}

const char* modCurveName(ModCurve curve) {
  return kNames[static_cast<std::size_t>(curve)];
}

}  // namespace tonewood::synth
