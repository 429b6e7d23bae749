#include "tonewood/synth/waveguide_resonator.hpp"

#include <algorithm>

namespace tonewood::synth {

void WaveguideResonator::attach(float* memory, int lineSize) noexcept {
  lineSize_ = lineSize;
  for (int c = 0; c < kChannels; ++c) lines_[c].attach(memory + c * lineSize, lineSize);
  reset();
}

void WaveguideResonator::reset() noexcept {
  for (int c = 0; c < kChannels; ++c) {
    lines_[c].clear();
    loopFilter_[c].reset();
    allpass_[c].reset();
    postFilter_[c].reset();
  }
}

ResonatorRamp::Vector WaveguideResonator::flatten(const ResonatorCoefficients& c) noexcept {
  const dsp::SvfCoefficients& l = c.loopFilter;
  const dsp::SvfCoefficients& p = c.postFilter;
  return ResonatorRamp::Vector{c.delaySamples, c.loopGain, c.allpass, c.gain, l.a1, l.a2,
                               l.a3,           l.m0,       l.m1,      l.m2,   p.a1, p.a2,
                               p.a3,           p.m0,       p.m1,      p.m2};
}

void ResonatorRamp::commit(const float* reached, int frames) noexcept {
  if (frames >= remaining) {
    remaining = 0;
    current = target;
    taps = targetTaps;
    return;
  }
  remaining -= frames;
  std::copy(reached, reached + kCount, current.begin());
  if (delayMoves) taps = dsp::lagrangeTapsFast(current[kDelay]);
}

void WaveguideResonator::splitChannels(bool split) noexcept {
  if (split && !split_) {
    ramps_[1] = ramps_[0];
    bypass_[1] = bypass_[0];
  }
  split_ = split;
}

void WaveguideResonator::setCoefficients(const ResonatorCoefficients& target, int rampSamples,
                                         int channel) noexcept {
  const int k = at(channel);
  ResonatorRamp& r = ramps_[k];
  r.target = flatten(target);
  r.targetTaps = dsp::lagrangeTaps(r.target[ResonatorRamp::kDelay]);
  if (target.bypass != bypass_[k]) {
    // Entering or leaving the loop is a structural change: no meaningful ramp exists.
    bypass_[k] = target.bypass;
    rampSamples = 0;
  }
  if (rampSamples <= 0 || r.target == r.current) {
    r.current = r.target;
    r.taps = r.targetTaps;
    r.remaining = 0;
    return;
  }
  for (int i = 0; i < ResonatorRamp::kCount; ++i)
    r.step[i] = (r.target[i] - r.current[i]) / static_cast<float>(rampSamples);
  r.delayMoves = r.step[ResonatorRamp::kDelay] != 0.0f;
  r.remaining = rampSamples;
}

void WaveguideResonator::processChannel(int c, const float* in, float* out, int frames) noexcept {
  ResonatorRamp& ramp = ramps_[at(c)];
  const bool bypass = bypass_[at(c)];
  int i = 0;
  // While coefficients ramp, the per-sample steps do the work.
  for (; i < frames && ramp.remaining > 0; ++i) {
    ramp.advance();
    const float x = in[i];
    const float y = pop(c);
    push(c, x + y);
    out[i] += output(c, bypass ? x : y);
  }
  using R = ResonatorRamp;
  const dsp::SvfCoefficients post = ramp.svf(R::kPostA1);
  const float gain = ramp.current[R::kGain];
  dsp::SvfState pf = postFilter_[c];
  if (bypass) {
    for (; i < frames; ++i) out[i] += gain * pf.tick(post, in[i]);
    postFilter_[c] = pf;
    return;
  }
  const dsp::SvfCoefficients loop = ramp.svf(R::kLoopA1);
  const float loopGain = ramp.current[R::kLoopGain];
  const float s = ramp.current[R::kAllpass];
  const dsp::LagrangeTaps taps = ramp.taps;
  dsp::DelayLine& line = lines_[c];
  dsp::SvfState lf = loopFilter_[c];
  dsp::FirstOrderAllpass ap = allpass_[c];
  for (; i < frames; ++i) {
    const float loopOut = loopGain * ap.tick(s, lf.tick(loop, line.read(taps)));
    line.push(in[i] + loopOut);
    out[i] += gain * pf.tick(post, loopOut);
  }
  loopFilter_[c] = lf;
  allpass_[c] = ap;
  postFilter_[c] = pf;
}

void WaveguideResonator::process(const float* const* in, float* const* out, int numChannels,
                                 int frames) noexcept {
  if (numChannels == 1 || split_) {
    for (int c = 0; c < numChannels; ++c) processChannel(c, in[c], out[c], frames);
    return;
  }
  // Two channels on shared coefficients: one ramp, and a fused loop once it has landed.
  ResonatorRamp& ramp = ramps_[0];
  const bool bypass = bypass_[0];
  int i = 0;
  for (; i < frames && ramp.remaining > 0; ++i) {
    ramp.advance();
    for (int c = 0; c < 2; ++c) {
      const float x = in[c][i];
      const float y = pop(c);
      push(c, x + y);
      out[c][i] += output(c, bypass ? x : y);
    }
  }
  if (i == frames) return;
  if (bypass) {
    for (int c = 0; c < 2; ++c) processChannel(c, in[c] + i, out[c] + i, frames - i);
    return;
  }
  frames -= i;
  const float* x[kChannels] = {in[0] + i, in[1] + i};
  float* y[kChannels] = {out[0] + i, out[1] + i};
  using R = ResonatorRamp;
  const dsp::SvfCoefficients post = ramp.svf(R::kPostA1);
  const float gain = ramp.current[R::kGain];
  const dsp::SvfCoefficients loop = ramp.svf(R::kLoopA1);
  const float loopGain = ramp.current[R::kLoopGain];
  const float s = ramp.current[R::kAllpass];
  const dsp::LagrangeTaps taps = ramp.taps;
  // Both loops in one pass: two independent recursions keep the core busy while each waits on
  // its own filter chain.
  dsp::SvfState lf0 = loopFilter_[0], lf1 = loopFilter_[1];
  dsp::FirstOrderAllpass ap0 = allpass_[0], ap1 = allpass_[1];
  dsp::SvfState pf0 = postFilter_[0], pf1 = postFilter_[1];
  for (int n = 0; n < frames; ++n) {
    const float y0 = loopGain * ap0.tick(s, lf0.tick(loop, lines_[0].read(taps)));
    const float y1 = loopGain * ap1.tick(s, lf1.tick(loop, lines_[1].read(taps)));
    lines_[0].push(x[0][n] + y0);
    lines_[1].push(x[1][n] + y1);
    y[0][n] += gain * pf0.tick(post, y0);
    y[1][n] += gain * pf1.tick(post, y1);
  }
  loopFilter_[0] = lf0, loopFilter_[1] = lf1;
  allpass_[0] = ap0, allpass_[1] = ap1;
  postFilter_[0] = pf0, postFilter_[1] = pf1;
}

}  // namespace tonewood::synth
