#include "tonewood/dsp/lagrange_delay.hpp"

#include <algorithm>
#include <cmath>

namespace tonewood::dsp {

LagrangeTaps lagrangeTaps(double delaySamples) noexcept {
  const double delay = std::max(delaySamples, kMinLagrangeDelay);
  LagrangeTaps t;
  t.d0 = static_cast<int>(std::floor(delay)) - 1;
  const double d = delay - t.d0;  // in [1, 2)
  t.h[0] = static_cast<float>(-(d - 1.0) * (d - 2.0) * (d - 3.0) / 6.0);
  t.h[1] = static_cast<float>(d * (d - 2.0) * (d - 3.0) / 2.0);
  t.h[2] = static_cast<float>(-d * (d - 1.0) * (d - 3.0) / 2.0);
  t.h[3] = static_cast<float>(d * (d - 1.0) * (d - 2.0) / 6.0);
  return t;
}

std::complex<double> lagrangeResponse(const LagrangeTaps& taps, double omega) noexcept {
  std::complex<double> sum = 0.0;
  for (int i = 0; i < 4; ++i)
    sum += static_cast<double>(taps.h[i]) * std::polar(1.0, -omega * (taps.d0 + i));
  return sum;
}

double lagrangePhaseDelay(double delaySamples, double omega) noexcept {
  const double nominal = std::max(delaySamples, kMinLagrangeDelay);
  // The deviation from the nominal linear phase has a small angle: no unwrapping needed.
  return nominal - std::arg(lagrangeDeviation(delaySamples, 1.0, omega)) / omega;
}

std::complex<double> lagrangeDeviation(double delaySamples, double r, double omega) noexcept {
  const LagrangeTaps taps = lagrangeTaps(delaySamples);
  const double nominal = std::max(delaySamples, kMinLagrangeDelay);
  // Tap i sits at offset o_i = d0 + i - nominal from the nominal delay and contributes
  // h_i w^-o_i with w = r e^{j omega}: w^-o_0 times a polynomial in w^-1 (Horner), which costs
  // one pow and one sincos instead of four of each.
  const double offset = taps.d0 - nominal;
  const std::complex<double> first = std::polar(std::pow(r, -offset), -omega * offset);
  const std::complex<double> next = std::polar(1.0 / r, -omega);  // w^-1
  std::complex<double> sum = static_cast<double>(taps.h[3]);
  for (int i = 2; i >= 0; --i) sum = sum * next + static_cast<double>(taps.h[i]);
  return first * sum;
}

void DelayLine::clear(int span) noexcept {
  if (span < 0 || span >= size_) {
    std::fill_n(buffer_, size_ + kGuard, 0.0f);
    return;
  }
  for (int i = 1; i <= span; ++i) {
    int r = write_ - i;
    if (r < 0) r += size_;
    buffer_[r] = 0.0f;
    if (r < kGuard) buffer_[size_ + r] = 0.0f;
  }
}

}  // namespace tonewood::dsp
