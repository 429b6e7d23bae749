#include "tonewood/dsp/vector_ops.hpp"

#include "tonewood/core/simd_clones.hpp"

namespace tonewood::dsp {

TONEWOOD_SIMD_CLONES void copyScaled(const float* __restrict in, float gain, float* __restrict out,
                                     int n) noexcept {
  for (int i = 0; i < n; ++i) out[i] = in[i] * gain;
}

TONEWOOD_SIMD_CLONES void addScaled(const float* __restrict in, float gain, float* __restrict out,
                                    int n) noexcept {
  for (int i = 0; i < n; ++i) out[i] += in[i] * gain;
}

TONEWOOD_SIMD_CLONES void addTo(const float* __restrict in, float* __restrict out, int n) noexcept {
  for (int i = 0; i < n; ++i) out[i] += in[i];
}

TONEWOOD_SIMD_CLONES void addTwoTo(const float* __restrict a, const float* __restrict b,
                                   float* __restrict out, int n) noexcept {
  for (int i = 0; i < n; ++i) out[i] = (out[i] + a[i]) + b[i];
}

TONEWOOD_SIMD_CLONES void sumOf(const float* a, const float* __restrict b, float* out,
                                int n) noexcept {
  for (int i = 0; i < n; ++i) out[i] = a[i] + b[i];
}

TONEWOOD_SIMD_CLONES void scaleInPlace(float* __restrict x, float gain, int n) noexcept {
  for (int i = 0; i < n; ++i) x[i] *= gain;
}

}  // namespace tonewood::dsp
