#include "tonewood/core/param_registry.hpp"

#include <algorithm>
#include <cmath>

#include "tonewood/core/closest_names.hpp"
#include "tonewood/core/errors.hpp"

namespace tonewood {

ParamRegistry::ParamRegistry(std::vector<ParamInfo> infos)
    : infos_(std::move(infos)), values_(std::make_unique<std::atomic<float>[]>(infos_.size())) {
  byId_.reserve(infos_.size());
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    const ParamInfo& p = infos_[i];
    if (!(p.min < p.max) || p.defaultValue < p.min || p.defaultValue > p.max || p.skew <= 0.0f)
      throw InvalidArgumentError("parameter '" + p.id + "' has an inconsistent range");
    if (!byId_.emplace(p.id, i).second)
      throw InvalidArgumentError("duplicate parameter ID '" + p.id + "'");
    values_[i].store(p.defaultValue, std::memory_order_relaxed);
  }
}

std::optional<std::size_t> ParamRegistry::find(std::string_view id) const noexcept {
  const auto it = byId_.find(std::string(id));
  if (it == byId_.end()) return std::nullopt;
  return it->second;
}

std::size_t ParamRegistry::indexOf(std::string_view id) const {
  if (auto index = find(id)) return *index;
  throw ParameterNotFoundError(std::string(id), closestIds(id));
}

std::vector<std::string> ParamRegistry::closestIds(std::string_view id, std::size_t count) const {
  std::vector<std::string> ids;
  ids.reserve(infos_.size());
  for (const ParamInfo& info : infos_) ids.push_back(info.id);
  return closestNames(id, ids, count);
}

void ParamRegistry::setValue(std::size_t index, float value) {
  const ParamInfo& p = infos_[index];
  requireInRange(p.id, value, p.min, p.max, p.unit);
  values_[index].store(p.snap(value), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void ParamRegistry::setNormalisedValue(std::size_t index, float normalised) {
  requireInRange(infos_[index].id + " (normalised)", normalised, 0.0, 1.0, "");
  values_[index].store(infos_[index].fromNormalised(normalised), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void ParamRegistry::resetToDefaults() noexcept {
  for (std::size_t i = 0; i < infos_.size(); ++i)
    values_[i].store(infos_[i].defaultValue, std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace tonewood
