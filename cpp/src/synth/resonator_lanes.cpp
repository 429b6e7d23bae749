#include "tonewood/synth/resonator_lanes.hpp"

#include <atomic>

#include "tonewood/core/cpu_features.hpp"

namespace tonewood::synth {

// Defined in resonator_lanes_avx2.cpp, which is compiled for AVX2.
void processResonatorLanesAvx2(LanePass& pass) noexcept;

namespace {
std::atomic<bool> disabled{false};
}  // namespace

bool resonatorLanesAvailable() noexcept {
  return cpuHasAvx2() && !disabled.load(std::memory_order_relaxed);
}

void setResonatorLanesDisabled(bool off) noexcept {
  disabled.store(off);
}

void processResonatorLanes(LanePass& pass) noexcept {
  processResonatorLanesAvx2(pass);
}

LaneBatch::LaneBatch(int maxPasses)
    : passes_(std::make_unique<LanePass[]>(static_cast<std::size_t>(maxPasses))),
      capacity_(maxPasses) {}

LaneSpot LaneBatch::reserve(int n) noexcept {
  if (used_ == 0 || passes_[used_ - 1].count + n > LanePass::kLanes) {
    if (used_ == capacity_) return {};
    LanePass& fresh = passes_[used_++];
    fresh.count = 0;
    fresh.frames = frames_;
  }
  LanePass& pass = passes_[used_ - 1];
  const LaneSpot spot{&pass, pass.count};
  pass.count += n;
  return spot;
}

void LaneBatch::run() noexcept {
  for (int p = 0; p < used_; ++p) processResonatorLanes(passes_[p]);
}

}  // namespace tonewood::synth
