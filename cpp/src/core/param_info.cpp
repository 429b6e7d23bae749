#include "tonewood/core/param_info.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood {

ParamInfo ParamInfo::make(std::string id, std::string name, std::string unit, float min, float max,
                          float defaultValue, float skew, float step) {
  ParamInfo p;
  p.id = std::move(id);
  p.name = std::move(name);
  p.unit = std::move(unit);
  p.min = min;
  p.max = max;
  p.defaultValue = defaultValue;
  p.skew = skew;
  p.step = step;
  return p;
}

ParamInfo ParamInfo::toggle(std::string id, std::string name, bool on) {
  ParamInfo p = make(std::move(id), std::move(name), "", 0.0f, 1.0f, on ? 1.0f : 0.0f, 1.0f, 1.0f);
  p.labels = {"off", "on"};
  return p;
}

ParamInfo ParamInfo::choice(std::string id, std::string name, std::vector<std::string> labels,
                            int defaultIndex) {
  ParamInfo p =
      make(std::move(id), std::move(name), "", 0.0f, static_cast<float>(labels.size() - 1),
           static_cast<float>(defaultIndex), 1.0f, 1.0f);
  p.labels = std::move(labels);
  return p;
}

float ParamInfo::toNormalised(float value) const noexcept {
  const float proportion = std::clamp((value - min) / (max - min), 0.0f, 1.0f);
  if (skew == 1.0f) return proportion;
  if (!symmetricSkew) return std::pow(proportion, skew);
  const float fromMiddle = 2.0f * proportion - 1.0f;
  return 0.5f * (1.0f + std::copysign(std::pow(std::abs(fromMiddle), skew), fromMiddle));
}

float ParamInfo::fromNormalised(float normalised) const noexcept {
  float proportion = std::clamp(normalised, 0.0f, 1.0f);
  if (skew != 1.0f && symmetricSkew) {
    const float fromMiddle = 2.0f * proportion - 1.0f;
    proportion =
        0.5f * (1.0f + std::copysign(std::pow(std::abs(fromMiddle), 1.0f / skew), fromMiddle));
  } else if (skew != 1.0f && proportion > 0.0f) {
    proportion = std::exp(std::log(proportion) / skew);
  }
  return snap(min + (max - min) * proportion);
}

float ParamInfo::snap(float value) const noexcept {
  if (step > 0.0f) value = min + step * std::round((value - min) / step);
  return std::clamp(value, min, max);
}

std::string ParamInfo::labelFor(float value) const {
  if (labels.empty()) return {};
  const auto index = static_cast<long>(std::lround(value - min));
  if (index < 0 || index >= static_cast<long>(labels.size())) return {};
  return labels[static_cast<std::size_t>(index)];
}

}  // namespace tonewood
