#pragma once

#include <complex>

/// 1 / z as conj(z) / |z|^2. For the well-scaled values of filter design this is exact enough
/// and several times cheaper than std::complex division, which guards against overflow and
/// infinities (C99 Annex G) in a library call.
namespace tonewood::dsp {

inline std::complex<double> reciprocal(std::complex<double> z) noexcept {
  const double n = z.real() * z.real() + z.imag() * z.imag();
  return {z.real() / n, -z.imag() / n};
}

}  // namespace tonewood::dsp
