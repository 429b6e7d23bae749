#pragma once

#include <memory>

#include "tonewood/dsp/dc_blocker.hpp"
#include "tonewood/synth/synth_snapshot.hpp"
#include "tonewood/synth/waveguide_resonator.hpp"

/// Runs up to eight resonator channels side by side in SIMD lanes (AVX2, chosen at run time):
/// any mix of banks, channels and voices, with coupling (interlinked feedback and cascade links
/// within each bank's group of lanes), coefficient ramps and bypassed loops. Every lane performs
/// exactly the operations of the scalar path (WaveguideResonator and WaveguideBank), in the same
/// order and without fused multiply-adds, so the output is bit-identical to that reference; the
/// scalar path remains for other CPUs and for comparison.
namespace tonewood::synth {

/// True when this CPU can run the lane kernel and it has not been switched off.
bool resonatorLanesAvailable() noexcept;
/// Switches the lane kernel off (true) or back on, e.g. to compare against the scalar path.
/// Any thread; affects blocks that start afterwards.
void setResonatorLanesDisabled(bool disabled) noexcept;

/// The cascade link into a lane: DC blocker, then filter, fed the previous lane's loop output.
struct CascadeLink {
  dsp::DcBlocker* dc = nullptr;
  dsp::SvfState* filter = nullptr;
  const dsp::SvfCoefficients* coefficients = nullptr;
};

/// One lane of a pass: a resonator channel and how its bank couples it to its neighbours.
/// A group (one bank, one channel) occupies the consecutive lanes first..last of one pass.
struct LaneSlot {
  ResonatorLane lane;
  Coupling coupling = Coupling::Parallel;
  int first = 0, last = 0;
  CascadeLink link;  ///< cascade coupling only
};

/// One run of the kernel over `frames` samples. The caller fills the slots, what each lane hears
/// and (cascade lanes) the bank's cascade amount; the kernel writes each lane's contribution
/// gain * post(loop output) and, when coefficients ramp, where each lane's ramp got to.
struct LanePass {
  static constexpr int kLanes = 8;
  static constexpr int kMaxFrames = 32;

  LaneSlot slots[kLanes];
  int count = 0, frames = 0;
  alignas(32) float input[kMaxFrames][kLanes];
  alignas(32) float amount[kMaxFrames][kLanes];
  alignas(32) float out[kMaxFrames][kLanes];
  alignas(32) float reached[kLanes][ResonatorRamp::kCount];
};

/// Runs one pass (requires resonatorLanesAvailable()). Audio thread; no allocation.
void processResonatorLanes(LanePass& pass) noexcept;

/// Where a group of lanes went.
struct LaneSpot {
  LanePass* pass = nullptr;  ///< null when the batch is full
  int first = 0;
};

/// Passes being filled by banks (of one voice or of many), then run together: resonators of
/// different banks and voices share a pass, so the lanes stay full. Storage is allocated once.
class LaneBatch {
 public:
  explicit LaneBatch(int maxPasses);

  /// Forgets every pass; all lanes of the next ones run for `frames` samples.
  void clear(int frames) noexcept {
    used_ = 0;
    frames_ = frames;
  }
  /// Room for `n` (1..8) consecutive lanes in one pass.
  LaneSpot reserve(int n) noexcept;
  /// Where the batch is now, to take back reservations that cannot be completed.
  struct Mark {
    int used, lanes;
  };
  Mark mark() const noexcept { return {used_, used_ > 0 ? passes_[used_ - 1].count : 0}; }
  void rewind(Mark m) noexcept {
    used_ = m.used;
    if (used_ > 0) passes_[used_ - 1].count = m.lanes;
  }
  /// Runs every pass filled since `clear`.
  void run() noexcept;

 private:
  std::unique_ptr<LanePass[]> passes_;
  int capacity_ = 0, used_ = 0, frames_ = 0;
};

}  // namespace tonewood::synth
