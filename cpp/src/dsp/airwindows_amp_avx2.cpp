// The amps' lane kernel built for AVX2 (called only after a run-time CPU check). No fused
// multiply-adds: every lane rounds exactly as the baseline build does.
#include "airwindows_amp_kernel.hpp"

namespace tonewood::dsp {

void runAmpLanesAvx2(AmpLanes& lanes, int frames) noexcept {
  runAmpLanes<8>(lanes, frames);
}

}  // namespace tonewood::dsp
