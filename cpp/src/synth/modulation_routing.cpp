#include "tonewood/synth/modulation_routing.hpp"

#include <cmath>

#include "tonewood/core/errors.hpp"

namespace tonewood::synth {

std::string msegProblem(const MsegShape& shape) {
  const auto count = static_cast<int>(shape.points.size());
  if (count < 2 || count > kMaxMsegPoints)
    return "an MSEG has 2 to " + std::to_string(kMaxMsegPoints) + " points, this one " +
           std::to_string(count);
  auto outside = [](int i, const char* what, float v, float lo, float hi) {
    return "MSEG point " + std::to_string(i) + " " + what + " " + formatNumber(v) +
           " is outside [" + formatNumber(lo) + ", " + formatNumber(hi) + "]";
  };
  for (int i = 0; i < count; ++i) {
    const auto& pt = shape.points[static_cast<std::size_t>(i)];
    if (!(pt.time >= 0.0f && pt.time <= 1.0f)) return outside(i, "time", pt.time, 0.0f, 1.0f);
    if (i > 0 && pt.time < shape.points[static_cast<std::size_t>(i - 1)].time)
      return "MSEG point times must not fall (point " + std::to_string(i) + " comes before " +
             std::to_string(i - 1) + ")";
    if (!(pt.value >= -1.0f && pt.value <= 1.0f)) return outside(i, "value", pt.value, -1.0f, 1.0f);
    if (!(pt.curve >= kMsegCurveMin && pt.curve <= kMsegCurveMax))
      return outside(i, "curve", pt.curve, kMsegCurveMin, kMsegCurveMax);
  }
  if (shape.startIndex < 0 || shape.endIndex >= count || shape.startIndex > shape.endIndex)
    return "MSEG loop points " + std::to_string(shape.startIndex) + ".." +
           std::to_string(shape.endIndex) + " must address its points (0.." +
           std::to_string(count - 1) + ") in order";
  return {};
}

}  // namespace tonewood::synth
