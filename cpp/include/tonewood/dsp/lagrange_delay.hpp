#pragma once

#include <cmath>
#include <complex>

/// Fractional delay by third-order Lagrange interpolation.
/// Source: T. Laakso, V. Välimäki, M. Karjalainen, U. Laine, "Splitting the Unit Delay",
/// IEEE Signal Processing Magazine 13(1), 1996. The integer part is chosen so the fractional
/// position sits between the two middle taps (1 <= frac < 2), where the interpolator's gain
/// never exceeds 1: safe inside a feedback loop.
namespace tonewood::dsp {

/// Four taps at delays d0, d0+1, d0+2, d0+3: y[n] = sum h[i] x[n - d0 - i].
struct LagrangeTaps {
  int d0 = 1;
  float h[4] = {0.0f, 1.0f, 0.0f, 0.0f};
};

/// Smallest total delay the taps support, in samples.
inline constexpr double kMinLagrangeDelay = 2.0;

/// Taps for a delay in samples (>= kMinLagrangeDelay; smaller values are raised to it).
LagrangeTaps lagrangeTaps(double delaySamples) noexcept;

/// The same taps in single precision, cheap enough to recompute every sample while a delay
/// ramps. Vector kernels repeat these exact float operations, so they match it bit for bit.
inline LagrangeTaps lagrangeTapsFast(float delaySamples) noexcept {
  const float delay = delaySamples > 2.0f ? delaySamples : 2.0f;  // as the vector max does
  const float whole = std::floor(delay);
  LagrangeTaps t;
  t.d0 = static_cast<int>(whole) - 1;
  const float d = delay - (whole - 1.0f);  // in [1, 2)
  const float a = d - 1.0f, b = d - 2.0f, c = d - 3.0f;
  t.h[0] = -(a * b * c) * (1.0f / 6.0f);
  t.h[1] = d * b * c * 0.5f;
  t.h[2] = -(d * a * c) * 0.5f;
  t.h[3] = d * a * b * (1.0f / 6.0f);
  return t;
}

/// Frequency response of the taps at `omega` (radians per sample).
std::complex<double> lagrangeResponse(const LagrangeTaps& taps, double omega) noexcept;

/// Phase delay of the taps at `omega`, in samples (the delay a sinusoid actually sees).
double lagrangePhaseDelay(double delaySamples, double omega) noexcept;

/// The interpolator's transfer function divided by the ideal z^-delay, at z = r e^{j omega}:
/// what the taps add to a perfect delay (close to 1 at low frequencies).
std::complex<double> lagrangeDeviation(double delaySamples, double r, double omega) noexcept;

/// A circular delay line on caller-provided memory (so many lines share one allocation).
/// Writing happens after reading in each sample, so the shortest readable delay is 1. The first
/// kGuard samples are mirrored after the end of the ring, so the four taps are always contiguous
/// in memory (no wrap test when reading, and vector kernels can load them in one go).
/// Audio thread.
class DelayLine {
 public:
  static constexpr int kGuard = 4;

  /// `memory` holds `capacity` floats (the ring is capacity - kGuard long) and outlives the
  /// line. Control thread.
  void attach(float* memory, int capacity) noexcept {
    buffer_ = memory;
    size_ = capacity - kGuard;
    write_ = 0;
  }
  int size() const noexcept { return size_; }
  /// Raw access for vectorised kernels that run several lines side by side.
  float* data() noexcept { return buffer_; }
  int writeIndex() const noexcept { return write_; }
  void setWriteIndex(int index) noexcept { write_ = index; }
  /// Zeroes the first `span` samples behind the write position (all of them by default).
  void clear(int span = -1) noexcept;

  float read(const LagrangeTaps& t) const noexcept {
    int r = write_ - t.d0 - 3;  // oldest of the four taps
    if (r < 0) r += size_;
    const float* p = buffer_ + r;  // r + 3 may run into the guard: it mirrors the ring's start
    return t.h[3] * p[0] + t.h[2] * p[1] + t.h[1] * p[2] + t.h[0] * p[3];
  }
  void push(float x) noexcept {
    buffer_[write_] = x;
    if (write_ < kGuard) buffer_[size_ + write_] = x;
    if (++write_ == size_) write_ = 0;
  }

 private:
  float* buffer_ = nullptr;
  int size_ = 0;
  int write_ = 0;
};

}  // namespace tonewood::dsp
