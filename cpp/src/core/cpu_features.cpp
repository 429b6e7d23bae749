#include "tonewood/core/cpu_features.hpp"

namespace tonewood {

namespace {
const bool hasAvx2 = [] {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
#else
  return false;
#endif
}();
}  // namespace

bool cpuHasAvx2() noexcept {
  return hasAvx2;
}

}  // namespace tonewood
