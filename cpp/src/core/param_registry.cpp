#include "tonewood/core/param_registry.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

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

namespace {
// Levenshtein distance, case-insensitive, two rows.
std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      current[j] =
          std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}
}  // namespace

std::vector<std::string> ParamRegistry::closestIds(std::string_view id, std::size_t count) const {
  std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
  scored.reserve(infos_.size());
  for (std::size_t i = 0; i < infos_.size(); ++i)
    scored.emplace_back(editDistance(id, infos_[i].id), i);
  const std::size_t n = std::min(count, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(n), scored.end());
  std::vector<std::string> result;
  for (std::size_t k = 0; k < n; ++k) result.push_back(infos_[scored[k].second].id);
  return result;
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
