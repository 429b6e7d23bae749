#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

/// "Did you mean ...?" for names a user typed: parameter IDs, plugin URIs.
namespace tonewood {

/// Up to `count` of `candidates` closest to `name` by edit distance (case-insensitive), nearest
/// first (ties in the candidates' order). With `maxDistance`, only those at most that far.
std::vector<std::string> closestNames(std::string_view name,
                                      const std::vector<std::string>& candidates,
                                      std::size_t count = 3,
                                      std::size_t maxDistance = static_cast<std::size_t>(-1));

}  // namespace tonewood
