#pragma once

#include "tonewood/synth/waveguide_resonator.hpp"

/// Runs up to eight resonator channels side by side in SIMD lanes (AVX2, chosen at run time).
/// Every lane performs exactly the operations of WaveguideResonator's scalar path, in the same
/// order and without fused multiply-adds, so the output is bit-identical to the scalar
/// reference; the scalar path remains for other CPUs and for ramping or bypassed resonators.
namespace tonewood::synth {

/// True when this CPU can run the lane kernel and it has not been switched off.
bool resonatorLanesAvailable() noexcept;
/// Switches the lane kernel off (true) or back on, e.g. to compare against the scalar path.
/// Any thread; affects blocks that start afterwards.
void setResonatorLanesDisabled(bool disabled) noexcept;

/// Processes `count` (1..8) lanes for `frames` (<= 32) samples, writing each lane's
/// contribution (gain * post(loop output)) to `out[lane][i]`. Lanes before `secondFrom` hear
/// `in`, the others `secondIn`: both channels of a small bank share one pass that way.
void processResonatorLanes(ResonatorLane* lanes, int count, const float* in, const float* secondIn,
                           int secondFrom, float (*out)[32], int frames) noexcept;

}  // namespace tonewood::synth
