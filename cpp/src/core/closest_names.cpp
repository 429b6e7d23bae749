#include "tonewood/core/closest_names.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <utility>

namespace tonewood {

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

std::vector<std::string> closestNames(std::string_view name,
                                      const std::vector<std::string>& candidates, std::size_t count,
                                      std::size_t maxDistance) {
  std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
  scored.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::size_t d = editDistance(name, candidates[i]);
    if (d <= maxDistance) scored.emplace_back(d, i);
  }
  const std::size_t n = std::min(count, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(n), scored.end());
  std::vector<std::string> result;
  for (std::size_t k = 0; k < n; ++k) result.push_back(candidates[scored[k].second]);
  return result;
}

}  // namespace tonewood
