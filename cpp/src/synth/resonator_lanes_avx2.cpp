// The lane kernel, compiled with -mavx2 (and only called after a run-time check). Multiplies and
// adds are separate instructions, in the scalar path's order: the results are bit-identical.
#include <immintrin.h>

#include <algorithm>

#include "tonewood/synth/resonator_lanes.hpp"

namespace tonewood::synth {

namespace {

constexpr int kLanes = LanePass::kLanes;
using R = ResonatorRamp;

template <typename T, typename F>
void fill(const LanePass& pass, T* v, F value) {
  for (int k = 0; k < kLanes; ++k) v[k] = value(pass.slots[k < pass.count ? k : 0]);
}
template <typename F>
__m256 perLane(const LanePass& pass, F value) {
  alignas(32) float v[kLanes];
  fill(pass, v, value);
  return _mm256_load_ps(v);
}
template <typename F>
__m256i perLaneInt(const LanePass& pass, F value) {
  alignas(32) int v[kLanes];
  fill(pass, v, value);
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(v));
}
__m256 laneMask(const bool* on) {
  alignas(32) int v[kLanes];
  for (int k = 0; k < kLanes; ++k) v[k] = on[k] ? -1 : 0;
  return _mm256_castsi256_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(v)));
}
__m256i indices(const int* v) {
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(v));
}

// One step of SvfState::tick for eight lanes, same operations in the same order:
// v3 = v0 - ic2; v1 = a1 ic1 + a2 v3; v2 = (ic2 + a2 ic1) + a3 v3; ic1 = 2 v1 - ic1;
// ic2 = 2 v2 - ic2; out = (m0 v0 + m1 v1) + m2 v2.
__m256 svfTick(const __m256* c, __m256 v0, __m256& ic1, __m256& ic2) noexcept {
  const __m256 two = _mm256_set1_ps(2.0f);
  const __m256 v3 = _mm256_sub_ps(v0, ic2);
  const __m256 v1 = _mm256_add_ps(_mm256_mul_ps(c[0], ic1), _mm256_mul_ps(c[1], v3));
  const __m256 v2 =
      _mm256_add_ps(_mm256_add_ps(ic2, _mm256_mul_ps(c[1], ic1)), _mm256_mul_ps(c[2], v3));
  ic1 = _mm256_sub_ps(_mm256_mul_ps(two, v1), ic1);
  ic2 = _mm256_sub_ps(_mm256_mul_ps(two, v2), ic2);
  return _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(c[3], v0), _mm256_mul_ps(c[4], v1)),
                       _mm256_mul_ps(c[5], v2));
}

// Sums each group's lanes in lane order, starting from 0 as the scalar loop does, and gives every
// lane its group's total: lane k adds itself to lane k-1's running sum in step pos(k).
struct GroupSum {
  __m256i previous, last;
  __m256 atStep[kLanes];
  int steps = 0;
  __m256 operator()(__m256 v) const noexcept {
    __m256 acc = _mm256_add_ps(_mm256_setzero_ps(), v);
    for (int s = 1; s <= steps; ++s) {
      const __m256 shifted = _mm256_permutevar8x32_ps(acc, previous);
      acc = _mm256_blendv_ps(acc, _mm256_add_ps(shifted, v), atStep[s]);
    }
    return _mm256_permutevar8x32_ps(acc, last);
  }
};

// 1 / sum of the group's gains, or 0 when that sum is not positive (WaveguideBank's rule).
__m256 inverseGainSum(const GroupSum& sum, __m256 gain) noexcept {
  const __m256 total = sum(gain);
  const __m256 positive = _mm256_cmp_ps(total, _mm256_setzero_ps(), _CMP_GT_OQ);
  return _mm256_and_ps(positive, _mm256_div_ps(_mm256_set1_ps(1.0f), total));
}

// dsp::lagrangeTapsFast for eight delays.
void fastTaps(__m256 delaySamples, __m256* h, __m256i& d0) noexcept {
  const __m256 one = _mm256_set1_ps(1.0f), sign = _mm256_set1_ps(-0.0f);
  const __m256 delay = _mm256_max_ps(delaySamples, _mm256_set1_ps(2.0f));
  const __m256 whole = _mm256_floor_ps(delay);
  d0 = _mm256_sub_epi32(_mm256_cvttps_epi32(whole), _mm256_set1_epi32(1));
  const __m256 d = _mm256_sub_ps(delay, _mm256_sub_ps(whole, one));
  const __m256 a = _mm256_sub_ps(d, one);
  const __m256 b = _mm256_sub_ps(d, _mm256_set1_ps(2.0f));
  const __m256 c = _mm256_sub_ps(d, _mm256_set1_ps(3.0f));
  const __m256 sixth = _mm256_set1_ps(1.0f / 6.0f), half = _mm256_set1_ps(0.5f);
  h[0] = _mm256_mul_ps(_mm256_xor_ps(_mm256_mul_ps(_mm256_mul_ps(a, b), c), sign), sixth);
  h[1] = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(d, b), c), half);
  h[2] = _mm256_mul_ps(_mm256_xor_ps(_mm256_mul_ps(_mm256_mul_ps(d, a), c), sign), half);
  h[3] = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(d, a), b), sixth);
}

// kRamp: some lane's coefficients move during the pass. kCoupled: some lane is interlinked or
// cascaded. Compiled separately so the common cases pay nothing for what they do not use.
template <bool kRamp, bool kCoupled>
void runLanes(LanePass& pass) noexcept {
  using S = const LaneSlot&;
  const int count = pass.count, frames = pass.frames;
  // Coefficients: where they are, and for ramps where they go and by how much per sample.
  __m256 cur[R::kCount], step[R::kCount], target[R::kCount];
  for (int j = 0; j < R::kCount; ++j) {
    cur[j] = perLane(pass, [j](S s) { return s.lane.ramp->current[j]; });
    if (kRamp) {
      step[j] = perLane(pass, [j](S s) { return s.lane.ramp->step[j]; });
      target[j] = perLane(pass, [j](S s) { return s.lane.ramp->target[j]; });
    }
  }
  __m256i remaining = perLaneInt(pass, [](S s) { return s.lane.ramp->remaining; });
  // Taps now, and where a ramp lands (the double-precision design).
  __m256 h[4], landedH[4];
  for (int t = 0; t < 4; ++t) {
    h[t] = perLane(pass, [t](S s) { return s.lane.ramp->taps.h[t]; });
    landedH[t] = perLane(pass, [t](S s) {
      return s.lane.ramp->remaining > 0 ? s.lane.ramp->targetTaps.h[t] : s.lane.ramp->taps.h[t];
    });
  }
  __m256i d0 = perLaneInt(pass, [](S s) { return s.lane.ramp->taps.d0; });
  const __m256i landedD0 = perLaneInt(pass, [](S s) {
    return s.lane.ramp->remaining > 0 ? s.lane.ramp->targetTaps.d0 : s.lane.ramp->taps.d0;
  });
  bool delayMoves[kLanes], bypassed[kLanes], writes[kLanes], interlinked[kLanes], cascaded[kLanes],
      coupled[kLanes], groupStart[kLanes];
  bool anyDelayMoves = false, anyInterlinked = false, anyCascade = false;
  alignas(32) int previousLane[kLanes], lastLane[kLanes];
  int position[kLanes];
  for (int k = 0; k < kLanes; ++k) {
    const bool real = k < count;
    const LaneSlot& s = pass.slots[real ? k : 0];
    delayMoves[k] = real && s.lane.ramp->remaining > 0 && s.lane.ramp->delayMoves;
    bypassed[k] = s.lane.bypass;
    writes[k] = real && !s.lane.bypass;
    interlinked[k] = real && s.coupling == Coupling::Interlinked;
    cascaded[k] = real && s.coupling == Coupling::Cascade;
    coupled[k] = interlinked[k] || cascaded[k];
    position[k] = coupled[k] ? k - s.first : 0;
    groupStart[k] = position[k] == 0;
    previousLane[k] = k > 0 ? k - 1 : 0;
    lastLane[k] = coupled[k] ? s.last : k;
    anyDelayMoves = anyDelayMoves || delayMoves[k];
    anyInterlinked = anyInterlinked || interlinked[k];
    anyCascade = anyCascade || cascaded[k];
  }
  const __m256 delayMovesMask = laneMask(delayMoves), bypassMask = laneMask(bypassed);
  const __m256 cascadeMask = laneMask(cascaded);
  const __m256 coupledMask = laneMask(coupled), groupStartMask = laneMask(groupStart);
  GroupSum groupSum{indices(previousLane), indices(lastLane), {}, 0};
  for (int s = 1; s < kLanes; ++s) {
    bool at[kLanes];
    for (int k = 0; k < kLanes; ++k) {
      at[k] = position[k] == s;
      if (at[k]) groupSum.steps = s;
    }
    groupSum.atStep[s] = laneMask(at);
  }
  // Steady gains give a steady bridge scale; ramping ones are summed again every sample.
  __m256 inverse = _mm256_setzero_ps();
  if (kCoupled && anyInterlinked) inverse = inverseGainSum(groupSum, cur[R::kGain]);
  // Cascade links.
  __m256 cascadeCoefficients[6] = {}, dcX = {}, dcY = {}, linkIc1 = {}, linkIc2 = {};
  if (kCoupled && anyCascade) {
    auto link = [&](S s) -> const CascadeLink& { return s.link; };
    auto coefficient = [&](auto member) {
      return perLane(pass, [&](S s) {
        return s.coupling == Coupling::Cascade ? link(s).coefficients->*member : 0.0f;
      });
    };
    cascadeCoefficients[0] = coefficient(&dsp::SvfCoefficients::a1);
    cascadeCoefficients[1] = coefficient(&dsp::SvfCoefficients::a2);
    cascadeCoefficients[2] = coefficient(&dsp::SvfCoefficients::a3);
    cascadeCoefficients[3] = coefficient(&dsp::SvfCoefficients::m0);
    cascadeCoefficients[4] = coefficient(&dsp::SvfCoefficients::m1);
    cascadeCoefficients[5] = coefficient(&dsp::SvfCoefficients::m2);
    auto state = [&](auto get) {
      return perLane(pass, [&](S s) { return s.coupling == Coupling::Cascade ? get(s) : 0.0f; });
    };
    dcX = state([](S s) { return s.link.dc->x1; });
    dcY = state([](S s) { return s.link.dc->y1; });
    linkIc1 = state([](S s) { return s.link.filter->ic1; });
    linkIc2 = state([](S s) { return s.link.filter->ic2; });
  }
  // Filter states.
  __m256 lic1 = perLane(pass, [](S s) { return s.lane.loopState->ic1; });
  __m256 lic2 = perLane(pass, [](S s) { return s.lane.loopState->ic2; });
  __m256 apz = perLane(pass, [](S s) { return s.lane.allpass->z; });
  __m256 pic1 = perLane(pass, [](S s) { return s.lane.postState->ic1; });
  __m256 pic2 = perLane(pass, [](S s) { return s.lane.postState->ic2; });
  // Delay lines: gathered relative to the lowest address among them (they all live in the
  // synth's one delay memory).
  float* base = pass.slots[0].lane.line->data();
  for (int k = 1; k < count; ++k) base = std::min(base, pass.slots[k].lane.line->data());
  alignas(32) int offset[kLanes], size[kLanes], write[kLanes];
  fill(pass, offset, [base](S s) { return static_cast<int>(s.lane.line->data() - base); });
  fill(pass, size, [](S s) { return s.lane.line->size(); });
  fill(pass, write, [](S s) { return s.lane.line->writeIndex(); });
  const __m256i vOffset = indices(offset), vSize = indices(size);
  __m256i vWrite = indices(write);
  const __m256i one = _mm256_set1_epi32(1), three = _mm256_set1_epi32(3),
                zero = _mm256_setzero_si256();
  const __m256 pole = _mm256_set1_ps(dsp::DcBlocker::kPole);
  const __m256 minusTwo = _mm256_set1_ps(-2.0f);
  alignas(32) float written[kLanes];
  for (int i = 0; i < frames; ++i) {
    if (kRamp) {
      // WaveguideResonator::advance for the lanes that ramp: step, or land on the target.
      const __m256 moving = _mm256_castsi256_ps(_mm256_cmpgt_epi32(remaining, zero));
      const __m256 lands = _mm256_castsi256_ps(_mm256_cmpeq_epi32(remaining, one));
      for (int j = 0; j < R::kCount; ++j) {
        const __m256 next = _mm256_blendv_ps(_mm256_add_ps(cur[j], step[j]), target[j], lands);
        cur[j] = _mm256_blendv_ps(cur[j], next, moving);
      }
      remaining = _mm256_sub_epi32(remaining, _mm256_and_si256(_mm256_castps_si256(moving), one));
      const __m256i steadyInt = _mm256_cmpeq_epi32(remaining, zero);
      const __m256 steady = _mm256_castsi256_ps(steadyInt);
      if (anyDelayMoves) {
        __m256 fast[4];
        __m256i fastD0;
        fastTaps(cur[R::kDelay], fast, fastD0);
        for (int t = 0; t < 4; ++t) h[t] = _mm256_blendv_ps(h[t], fast[t], delayMovesMask);
        d0 = _mm256_castps_si256(
            _mm256_blendv_ps(_mm256_castsi256_ps(d0), _mm256_castsi256_ps(fastD0), delayMovesMask));
      }
      for (int t = 0; t < 4; ++t) h[t] = _mm256_blendv_ps(h[t], landedH[t], steady);
      d0 = _mm256_castps_si256(
          _mm256_blendv_ps(_mm256_castsi256_ps(d0), _mm256_castsi256_ps(landedD0), steady));
      if (kCoupled && anyInterlinked) inverse = inverseGainSum(groupSum, cur[R::kGain]);
    }
    // Oldest tap: write - d0 - 3, wrapped into the ring; the four taps are contiguous (the guard
    // mirrors the ring's start), so each lane loads them in one 128-bit read, then a transpose
    // turns eight rows of four taps into four vectors of eight lanes.
    __m256i r = _mm256_sub_epi32(_mm256_sub_epi32(vWrite, d0), three);
    r = _mm256_add_epi32(r, _mm256_and_si256(_mm256_cmpgt_epi32(zero, r), vSize));
    alignas(32) int at[kLanes];
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
    __m256 d = _mm256_add_ps(_mm256_mul_ps(h[3], p0), _mm256_mul_ps(h[2], p1));
    d = _mm256_add_ps(d, _mm256_mul_ps(h[1], p2));
    d = _mm256_add_ps(d, _mm256_mul_ps(h[0], p3));
    const __m256 filtered = svfTick(cur + R::kLoopA1, d, lic1, lic2);
    // Dispersion allpass (FirstOrderAllpass::tick), then the loop gain.
    const __m256 s = cur[R::kAllpass];
    const __m256 ap = _mm256_add_ps(_mm256_mul_ps(s, filtered), apz);
    apz = _mm256_sub_ps(filtered, _mm256_mul_ps(s, ap));
    const __m256 o = _mm256_mul_ps(cur[R::kLoopGain], ap);
    const __m256 x = _mm256_load_ps(pass.input[i]);
    // What enters each line: x + o in parallel; (o + bridge or link) + x when coupled, where a
    // bypassed neighbour counts as 0 (WaveguideResonator::pop).
    __m256 entering = _mm256_add_ps(x, o);
    if (kCoupled) {
      const __m256 popped = _mm256_andnot_ps(bypassMask, o);
      __m256 extra = _mm256_setzero_ps();
      if (anyInterlinked) {
        const __m256 weighted = groupSum(_mm256_mul_ps(popped, cur[R::kGain]));
        extra = _mm256_mul_ps(_mm256_mul_ps(minusTwo, weighted), inverse);
      }
      if (anyCascade) {
        const __m256 previous =
            _mm256_blendv_ps(_mm256_permutevar8x32_ps(popped, groupSum.previous),
                             _mm256_setzero_ps(), groupStartMask);
        const __m256 blocked =
            _mm256_add_ps(_mm256_sub_ps(previous, dcX), _mm256_mul_ps(pole, dcY));
        dcX = previous;
        dcY = blocked;
        const __m256 link =
            svfTick(cascadeCoefficients, _mm256_mul_ps(blocked, _mm256_load_ps(pass.amount[i])),
                    linkIc1, linkIc2);
        extra = _mm256_blendv_ps(extra, link, cascadeMask);
      }
      const __m256 fed = _mm256_add_ps(_mm256_add_ps(popped, extra), x);
      entering = _mm256_blendv_ps(entering, fed, coupledMask);
    }
    // Write into each line (scalar stores: AVX2 has no scatter).
    _mm256_store_ps(written, entering);
    _mm256_store_si256(reinterpret_cast<__m256i*>(write), vWrite);
    for (int k = 0; k < count; ++k) {
      if (!writes[k]) continue;
      base[offset[k] + write[k]] = written[k];
      if (write[k] < dsp::DelayLine::kGuard) base[offset[k] + size[k] + write[k]] = written[k];
    }
    const __m256i next = _mm256_add_epi32(vWrite, one);  // wrapped: minus size where >= size
    vWrite = _mm256_sub_epi32(next, _mm256_andnot_si256(_mm256_cmpgt_epi32(vSize, next), vSize));
    // What the post filter hears: the loop's output, or the input itself where bypassed.
    const __m256 heard = _mm256_blendv_ps(o, x, bypassMask);
    const __m256 post = svfTick(cur + R::kPostA1, heard, pic1, pic2);
    _mm256_store_ps(pass.out[i], _mm256_mul_ps(cur[R::kGain], post));
  }
  // Hand the state back.
  alignas(32) float a[kLanes], b[kLanes], c[kLanes], e[kLanes], f[kLanes];
  _mm256_store_ps(a, lic1), _mm256_store_ps(b, lic2), _mm256_store_ps(c, apz);
  _mm256_store_ps(e, pic1), _mm256_store_ps(f, pic2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(write), vWrite);
  for (int k = 0; k < count; ++k) {
    const ResonatorLane& lane = pass.slots[k].lane;
    lane.postState->ic1 = e[k], lane.postState->ic2 = f[k];
    if (lane.bypass) continue;  // the scalar path leaves a bypassed loop untouched too
    lane.loopState->ic1 = a[k], lane.loopState->ic2 = b[k];
    lane.allpass->z = c[k];
    lane.line->setWriteIndex(write[k]);
  }
  if (kCoupled && anyCascade) {
    _mm256_store_ps(a, dcX), _mm256_store_ps(b, dcY);
    _mm256_store_ps(c, linkIc1), _mm256_store_ps(e, linkIc2);
    for (int k = 0; k < count; ++k) {
      if (!cascaded[k]) continue;
      const CascadeLink& link = pass.slots[k].link;
      link.dc->x1 = a[k], link.dc->y1 = b[k];
      link.filter->ic1 = c[k], link.filter->ic2 = e[k];
    }
  }
  if (kRamp) {
    for (int j = 0; j < R::kCount; ++j) {
      _mm256_store_ps(a, cur[j]);
      for (int k = 0; k < count; ++k) pass.reached[k][j] = a[k];
    }
  }
}

}  // namespace

void processResonatorLanesAvx2(LanePass& pass) noexcept {
  bool ramps = false, coupled = false;
  for (int k = 0; k < pass.count; ++k) {
    ramps = ramps || pass.slots[k].lane.ramp->remaining > 0;
    coupled = coupled || pass.slots[k].coupling != Coupling::Parallel;
  }
  if (ramps)
    coupled ? runLanes<true, true>(pass) : runLanes<true, false>(pass);
  else
    coupled ? runLanes<false, true>(pass) : runLanes<false, false>(pass);
}

}  // namespace tonewood::synth
