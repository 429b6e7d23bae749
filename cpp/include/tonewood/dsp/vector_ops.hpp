#pragma once

/// Element-wise kernels on rows of floats, built for AVX2 and for baseline x86-64 and chosen when
/// the program loads (TONEWOOD_SIMD_CLONES). Each element is one multiply and/or one add, never
/// fused, so both builds give identical results. Rows may not overlap unless stated. Any thread,
/// real-time safe.
namespace tonewood::dsp {

/// out[i] = in[i] * gain.
void copyScaled(const float* in, float gain, float* out, int n) noexcept;
/// out[i] += in[i] * gain.
void addScaled(const float* in, float gain, float* out, int n) noexcept;
/// out[i] += in[i].
void addTo(const float* in, float* out, int n) noexcept;
/// out[i] = (out[i] + a[i]) + b[i]: two adds in one pass, rounded as two addTo calls are.
void addTwoTo(const float* a, const float* b, float* out, int n) noexcept;
/// out[i] = a[i] + b[i] (out may be a).
void sumOf(const float* a, const float* b, float* out, int n) noexcept;
/// x[i] *= gain (in place).
void scaleInPlace(float* x, float gain, int n) noexcept;

}  // namespace tonewood::dsp
