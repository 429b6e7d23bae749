#include "tonewood/synth/resonator_lanes.hpp"

#include <atomic>

namespace tonewood::synth {

// Defined in resonator_lanes_avx2.cpp, which is compiled for AVX2.
void processResonatorLanesAvx2(ResonatorLane* lanes, int count, const float* in,
                               const float* secondIn, int secondFrom, float (*out)[32],
                               int frames) noexcept;

namespace {
std::atomic<bool> disabled{false};
const bool cpuHasAvx2 = [] {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
#else
  return false;
#endif
}();
}  // namespace

bool resonatorLanesAvailable() noexcept {
  return cpuHasAvx2 && !disabled.load(std::memory_order_relaxed);
}

void setResonatorLanesDisabled(bool off) noexcept {
  disabled.store(off);
}

void processResonatorLanes(ResonatorLane* lanes, int count, const float* in, const float* secondIn,
                           int secondFrom, float (*out)[32], int frames) noexcept {
  processResonatorLanesAvx2(lanes, count, in, secondIn, secondFrom, out, frames);
}

}  // namespace tonewood::synth
