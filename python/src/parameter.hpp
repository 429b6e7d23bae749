#pragma once

// One parameter's description and current value, as Python sees it (tonewood.Parameter): shared
// by the synth and every processor.
#include <string>
#include <vector>

#include "tonewood/core/errors.hpp"
#include "tonewood/core/param_registry.hpp"

namespace tonewood::python {

struct Parameter {
  ParamInfo info;
  float value;
};

/// Every parameter of a registry with its value now.
inline std::vector<Parameter> parametersOf(const ParamRegistry& registry) {
  std::vector<Parameter> all;
  all.reserve(registry.size());
  for (std::size_t i = 0; i < registry.size(); ++i)
    all.push_back({registry.info(i), registry.value(i)});
  return all;
}

/// Sets a value in natural units after checking its range (OutOfRangeError names it).
inline void setParameter(ParamRegistry& registry, const std::string& id, double value) {
  const std::size_t i = registry.indexOf(id);
  requireInRange(id, value, registry.info(i).min, registry.info(i).max, registry.info(i).unit);
  registry.setValue(i, static_cast<float>(value));
}

}  // namespace tonewood::python
