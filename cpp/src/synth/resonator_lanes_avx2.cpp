// The lane kernel, compiled with -mavx2 (and only called after a run-time check). Multiplies and
// adds are separate instructions, in the scalar path's order: the results are bit-identical.
#include <immintrin.h>

#include "tonewood/synth/resonator_lanes.hpp"

namespace tonewood::synth {

namespace {
template <typename F>
__m256 perLane(const ResonatorLane* lanes, int count, F value) {
  alignas(32) float v[8];
  for (int k = 0; k < 8; ++k) v[k] = value(lanes[k < count ? k : 0]);
  return _mm256_load_ps(v);
}
// One step of SvfState::tick for eight lanes, same operations in the same order:
// v3 = v0 - ic2; v1 = a1 ic1 + a2 v3; v2 = (ic2 + a2 ic1) + a3 v3; ic1 = 2 v1 - ic1;
// ic2 = 2 v2 - ic2; out = (m0 v0 + m1 v1) + m2 v2.
struct SvfLanes {
  __m256 a1, a2, a3, m0, m1, m2;
  __m256 tick(__m256 v0, __m256& ic1, __m256& ic2) const noexcept {
    const __m256 two = _mm256_set1_ps(2.0f);
    const __m256 v3 = _mm256_sub_ps(v0, ic2);
    const __m256 v1 = _mm256_add_ps(_mm256_mul_ps(a1, ic1), _mm256_mul_ps(a2, v3));
    const __m256 v2 =
        _mm256_add_ps(_mm256_add_ps(ic2, _mm256_mul_ps(a2, ic1)), _mm256_mul_ps(a3, v3));
    ic1 = _mm256_sub_ps(_mm256_mul_ps(two, v1), ic1);
    ic2 = _mm256_sub_ps(_mm256_mul_ps(two, v2), ic2);
    return _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(m0, v0), _mm256_mul_ps(m1, v1)),
                         _mm256_mul_ps(m2, v2));
  }
};

}  // namespace

namespace {

// kAnyBypassed: some lane's loop is bypassed (compiled separately, so the common case pays
// nothing for it).
template <bool kAnyBypassed>
void runLanes(ResonatorLane* lanes, int count, const float* in, const float* secondIn,
              int secondFrom, float (*out)[32], int frames) noexcept {
  using L = const ResonatorLane&;
  // Coefficients, one per lane.
  const __m256 h0 = perLane(lanes, count, [](L l) { return l.taps->h[0]; });
  const __m256 h1 = perLane(lanes, count, [](L l) { return l.taps->h[1]; });
  const __m256 h2 = perLane(lanes, count, [](L l) { return l.taps->h[2]; });
  const __m256 h3 = perLane(lanes, count, [](L l) { return l.taps->h[3]; });
  const SvfLanes loopFilter{perLane(lanes, count, [](L l) { return l.loop->a1; }),
                            perLane(lanes, count, [](L l) { return l.loop->a2; }),
                            perLane(lanes, count, [](L l) { return l.loop->a3; }),
                            perLane(lanes, count, [](L l) { return l.loop->m0; }),
                            perLane(lanes, count, [](L l) { return l.loop->m1; }),
                            perLane(lanes, count, [](L l) { return l.loop->m2; })};
  const SvfLanes postFilter{perLane(lanes, count, [](L l) { return l.post->a1; }),
                            perLane(lanes, count, [](L l) { return l.post->a2; }),
                            perLane(lanes, count, [](L l) { return l.post->a3; }),
                            perLane(lanes, count, [](L l) { return l.post->m0; }),
                            perLane(lanes, count, [](L l) { return l.post->m1; }),
                            perLane(lanes, count, [](L l) { return l.post->m2; })};
  const __m256 loopGain = perLane(lanes, count, [](L l) { return l.loopGain; });
  const __m256 s = perLane(lanes, count, [](L l) { return l.allpassCoefficient; });
  const __m256 gain = perLane(lanes, count, [](L l) { return l.gain; });
  // Bypassed lanes feed their input to the post filter and leave their delay line alone.
  const __m256 bypass = perLane(lanes, count, [](L l) { return l.bypass ? -1.0f : 0.0f; });
  const __m256 bypassMask = _mm256_cmp_ps(bypass, _mm256_setzero_ps(), _CMP_NEQ_OQ);
  alignas(32) float second[8];
  for (int k = 0; k < 8; ++k) second[k] = k >= secondFrom ? -1.0f : 0.0f;
  const __m256 secondMask = _mm256_cmp_ps(_mm256_load_ps(second), _mm256_setzero_ps(), _CMP_NEQ_OQ);
  bool writes[8];
  for (int k = 0; k < 8; ++k) writes[k] = k < count && !lanes[k].bypass;
  // State.
  __m256 lic1 = perLane(lanes, count, [](L l) { return l.loopState->ic1; });
  __m256 lic2 = perLane(lanes, count, [](L l) { return l.loopState->ic2; });
  __m256 apz = perLane(lanes, count, [](L l) { return l.allpass->z; });
  __m256 pic1 = perLane(lanes, count, [](L l) { return l.postState->ic1; });
  __m256 pic2 = perLane(lanes, count, [](L l) { return l.postState->ic2; });
  // Delay lines: gathered relative to lane 0's buffer (all lines of a voice share one block).
  float* base = lanes[0].line->data();
  alignas(32) int offset[8], size[8], write[8], d0[8];
  for (int k = 0; k < 8; ++k) {
    const ResonatorLane& l = lanes[k < count ? k : 0];
    offset[k] = static_cast<int>(l.line->data() - base);
    size[k] = l.line->size();
    write[k] = l.line->writeIndex();
    d0[k] = l.taps->d0;
  }
  const __m256i vOffset = _mm256_load_si256(reinterpret_cast<const __m256i*>(offset));
  const __m256i vSize = _mm256_load_si256(reinterpret_cast<const __m256i*>(size));
  const __m256i vD0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(d0));
  __m256i vWrite = _mm256_load_si256(reinterpret_cast<const __m256i*>(write));
  const __m256i one = _mm256_set1_epi32(1), three = _mm256_set1_epi32(3),
                zero = _mm256_setzero_si256();
  auto wrap = [&](__m256i i) {  // i in [0, 2 size): subtract size where i >= size
    const __m256i over = _mm256_cmpgt_epi32(vSize, i);  // size > i: keep
    return _mm256_sub_epi32(i, _mm256_andnot_si256(over, vSize));
  };
  alignas(32) float written[8], contribution[8];
  for (int i = 0; i < frames; ++i) {
    // Oldest tap: write - d0 - 3, wrapped into the ring; the four taps are contiguous (the guard
    // mirrors the ring's start), so each lane loads them in one 128-bit read, then a transpose
    // turns eight rows of four taps into four vectors of eight lanes.
    __m256i r = _mm256_sub_epi32(_mm256_sub_epi32(vWrite, vD0), three);
    r = _mm256_add_epi32(r, _mm256_and_si256(_mm256_cmpgt_epi32(zero, r), vSize));
    alignas(32) int at[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(at), _mm256_add_epi32(vOffset, r));
    const __m256 a0 = _mm256_set_m128(_mm_loadu_ps(base + at[4]), _mm_loadu_ps(base + at[0]));
    const __m256 a1 = _mm256_set_m128(_mm_loadu_ps(base + at[5]), _mm_loadu_ps(base + at[1]));
    const __m256 a2 = _mm256_set_m128(_mm_loadu_ps(base + at[6]), _mm_loadu_ps(base + at[2]));
    const __m256 a3 = _mm256_set_m128(_mm_loadu_ps(base + at[7]), _mm_loadu_ps(base + at[3]));
    const __m256 t0 = _mm256_unpacklo_ps(a0, a1), t1 = _mm256_unpackhi_ps(a0, a1);
    const __m256 t2 = _mm256_unpacklo_ps(a2, a3), t3 = _mm256_unpackhi_ps(a2, a3);
    const __m256 p0 = _mm256_shuffle_ps(t0, t2, 0x44), p1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    const __m256 p2 = _mm256_shuffle_ps(t1, t3, 0x44), p3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    // d = h3 p0 + h2 p1 + h1 p2 + h0 p3, left to right as in DelayLine::read.
    __m256 d = _mm256_add_ps(_mm256_mul_ps(h3, p0), _mm256_mul_ps(h2, p1));
    d = _mm256_add_ps(d, _mm256_mul_ps(h1, p2));
    d = _mm256_add_ps(d, _mm256_mul_ps(h0, p3));
    const __m256 filtered = loopFilter.tick(d, lic1, lic2);
    // Dispersion allpass (FirstOrderAllpass::tick), then the loop gain.
    const __m256 ap = _mm256_add_ps(_mm256_mul_ps(s, filtered), apz);
    apz = _mm256_sub_ps(filtered, _mm256_mul_ps(s, ap));
    const __m256 x =
        _mm256_blendv_ps(_mm256_set1_ps(in[i]), _mm256_set1_ps(secondIn[i]), secondMask);
    const __m256 loopOut = _mm256_mul_ps(loopGain, ap);
    // Write x + y into each line (scalar stores: AVX2 has no scatter).
    _mm256_store_ps(written, _mm256_add_ps(x, loopOut));
    _mm256_store_si256(reinterpret_cast<__m256i*>(write), vWrite);
    for (int k = 0; k < count; ++k) {
      if (kAnyBypassed && !writes[k]) continue;
      base[offset[k] + write[k]] = written[k];
      if (write[k] < dsp::DelayLine::kGuard) base[offset[k] + size[k] + write[k]] = written[k];
    }
    vWrite = wrap(_mm256_add_epi32(vWrite, one));
    // What the post filter hears: the loop's output, or the input itself where bypassed.
    const __m256 heard = kAnyBypassed ? _mm256_blendv_ps(loopOut, x, bypassMask) : loopOut;
    const __m256 post = postFilter.tick(heard, pic1, pic2);
    _mm256_store_ps(contribution, _mm256_mul_ps(gain, post));
    for (int k = 0; k < count; ++k) out[k][i] = contribution[k];
  }
  // Hand the state back.
  alignas(32) float a[8], b[8], c[8], e[8], f[8];
  _mm256_store_ps(a, lic1), _mm256_store_ps(b, lic2), _mm256_store_ps(c, apz);
  _mm256_store_ps(e, pic1), _mm256_store_ps(f, pic2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(write), vWrite);
  for (int k = 0; k < count; ++k) {
    lanes[k].postState->ic1 = e[k], lanes[k].postState->ic2 = f[k];
    if (lanes[k].bypass) continue;  // the scalar path leaves a bypassed loop untouched too
    lanes[k].loopState->ic1 = a[k], lanes[k].loopState->ic2 = b[k];
    lanes[k].allpass->z = c[k];
    lanes[k].line->setWriteIndex(write[k]);
  }
}

}  // namespace

void processResonatorLanesAvx2(ResonatorLane* lanes, int count, const float* in,
                               const float* secondIn, int secondFrom, float (*out)[32],
                               int frames) noexcept {
  bool anyBypassed = false;
  for (int k = 0; k < count; ++k) anyBypassed = anyBypassed || lanes[k].bypass;
  if (anyBypassed)
    runLanes<true>(lanes, count, in, secondIn, secondFrom, out, frames);
  else
    runLanes<false>(lanes, count, in, secondIn, secondFrom, out, frames);
}

}  // namespace tonewood::synth
