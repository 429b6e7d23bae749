#pragma once

#include <cstdlib>
#include <filesystem>

namespace tonewood::test {

/// The shared test-data folder (`../shared` beside the repository, as built in), or the
/// TONEWOOD_SHARED_DIR environment variable when set, so the tests' "data absent" paths can be
/// run on purpose. Tests that need it skip with a message when it is missing.
inline std::filesystem::path sharedDir() {
  if (const char* overridden = std::getenv("TONEWOOD_SHARED_DIR")) return overridden;
  return TONEWOOD_SHARED_DIR;
}

}  // namespace tonewood::test
