#include "tonewood/dsp/first_order_allpass.hpp"

#include "tonewood/dsp/complex_reciprocal.hpp"

namespace tonewood::dsp {

std::complex<double> firstOrderAllpassResponse(double s, double omega) noexcept {
  return firstOrderAllpassTransfer(s, std::polar(1.0, omega));
}

std::complex<double> firstOrderAllpassTransfer(double s, std::complex<double> z) noexcept {
  const std::complex<double> zInv = reciprocal(z);
  return (s + zInv) * reciprocal(1.0 + s * zInv);
}

}  // namespace tonewood::dsp
