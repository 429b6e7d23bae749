#include "tonewood/dsp/first_order_allpass.hpp"

namespace tonewood::dsp {

std::complex<double> firstOrderAllpassResponse(double s, double omega) noexcept {
  return firstOrderAllpassTransfer(s, std::polar(1.0, omega));
}

std::complex<double> firstOrderAllpassTransfer(double s, std::complex<double> z) noexcept {
  const std::complex<double> zInv = 1.0 / z;
  return (s + zInv) / (1.0 + s * zInv);
}

}  // namespace tonewood::dsp
