#pragma once

#include "tonewood/dsp/linear_ramp.hpp"
#include "tonewood/dsp/vector_ops.hpp"

namespace tonewood::dsp {

/// A gain that glides to each new value over a fixed number of frames from the frame it was set,
/// so a change never clicks and the result does not depend on how blocks are cut. Audio thread.
class GainRamp {
 public:
  static constexpr int kFrames = 64;

  void set(float gain, bool glide) noexcept { ramp_.setTarget(gain, glide ? kFrames : 0); }
  float value() const noexcept { return ramp_.value(); }

  /// out[i] = in[i] * gain (in and out may be the same).
  void apply(const float* in, float* out, int n) noexcept {
    int i = 0;
    for (; i < n && ramp_.isRamping(); ++i) out[i] = in[i] * ramp_.next();
    if (i == n) return;
    if (in != out)
      copyScaled(in + i, ramp_.value(), out + i, n - i);
    else if (ramp_.value() != 1.0f)  // in place, unity gain is nothing to do
      scaleInPlace(out + i, ramp_.value(), n - i);
  }
  /// out[i] += in[i] * gain.
  void add(const float* in, float* out, int n) noexcept {
    int i = 0;
    for (; i < n && ramp_.isRamping(); ++i) out[i] += in[i] * ramp_.next();
    if (i < n) addScaled(in + i, ramp_.value(), out + i, n - i);
  }

 private:
  LinearRamp ramp_;
};

}  // namespace tonewood::dsp
