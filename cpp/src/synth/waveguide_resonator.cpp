#include "tonewood/synth/waveguide_resonator.hpp"

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

WaveguideResonator::Vector WaveguideResonator::flatten(const ResonatorCoefficients& c) noexcept {
  const dsp::SvfCoefficients& l = c.loopFilter;
  const dsp::SvfCoefficients& p = c.postFilter;
  return Vector{c.delaySamples, c.loopGain, c.allpass, c.gain, l.a1, l.a2, l.a3, l.m0,
                l.m1,           l.m2,       p.a1,      p.a2,   p.a3, p.m0, p.m1, p.m2};
}

void WaveguideResonator::refreshDerived() noexcept {
  loop_.a1 = current_[kLoopA1], loop_.a2 = current_[kLoopA2], loop_.a3 = current_[kLoopA3];
  loop_.m0 = current_[kLoopM0], loop_.m1 = current_[kLoopM1], loop_.m2 = current_[kLoopM2];
  post_.a1 = current_[kPostA1], post_.a2 = current_[kPostA2], post_.a3 = current_[kPostA3];
  post_.m0 = current_[kPostM0], post_.m1 = current_[kPostM1], post_.m2 = current_[kPostM2];
  taps_ = dsp::lagrangeTaps(current_[kDelay]);
}

void WaveguideResonator::stepRamp() noexcept {
  for (int k = 0; k < kCount; ++k) current_[k] += step_[k];
  if (--rampRemaining_ == 0) {
    current_ = target_;  // land exactly, no float drift
    refreshDerived();
    return;
  }
  // Only what moves is rederived: a gain ramp leaves the taps and filters alone.
  if (rampDelay_) taps_ = dsp::lagrangeTaps(current_[kDelay]);
  if (rampLoop_) {
    loop_.a1 = current_[kLoopA1], loop_.a2 = current_[kLoopA2], loop_.a3 = current_[kLoopA3];
    loop_.m0 = current_[kLoopM0], loop_.m1 = current_[kLoopM1], loop_.m2 = current_[kLoopM2];
  }
  if (rampPost_) {
    post_.a1 = current_[kPostA1], post_.a2 = current_[kPostA2], post_.a3 = current_[kPostA3];
    post_.m0 = current_[kPostM0], post_.m1 = current_[kPostM1], post_.m2 = current_[kPostM2];
  }
}

void WaveguideResonator::setCoefficients(const ResonatorCoefficients& target,
                                         int rampSamples) noexcept {
  target_ = flatten(target);
  if (target.bypass != bypass_) {
    // Entering or leaving the loop is a structural change: no meaningful ramp exists.
    bypass_ = target.bypass;
    rampSamples = 0;
  }
  if (rampSamples <= 0 || target_ == current_) {
    current_ = target_;
    rampRemaining_ = 0;
    refreshDerived();
    return;
  }
  for (int i = 0; i < kCount; ++i)
    step_[i] = (target_[i] - current_[i]) / static_cast<float>(rampSamples);
  auto moves = [&](int from, int to) {
    for (int i = from; i < to; ++i)
      if (step_[i] != 0.0f) return true;
    return false;
  };
  rampDelay_ = step_[kDelay] != 0.0f;
  rampLoop_ = moves(kLoopA1, kLoopM2 + 1);
  rampPost_ = moves(kPostA1, kPostM2 + 1);
  rampRemaining_ = rampSamples;
}

void WaveguideResonator::process(const float* const* in, float* const* out, int numChannels,
                                 int frames) noexcept {
  int i = 0;
  // While coefficients ramp, the per-sample steps do the work.
  for (; i < frames && rampRemaining_ > 0; ++i) {
    stepRamp();
    for (int c = 0; c < numChannels; ++c) {
      const float x = in[c][i];
      const float y = pop(c);
      push(c, x + y);
      out[c][i] += output(c, bypass_ ? x : y);
    }
  }
  if (i == frames) return;
  frames -= i;
  const float* x[kChannels] = {in[0] + i, numChannels > 1 ? in[1] + i : nullptr};
  float* y[kChannels] = {out[0] + i, numChannels > 1 ? out[1] + i : nullptr};
  const dsp::SvfCoefficients post = post_;
  const float gain = current_[kGain];
  if (bypass_) {
    for (int c = 0; c < numChannels; ++c) {
      dsp::SvfState& pf = postFilter_[c];
      for (int n = 0; n < frames; ++n) y[c][n] += gain * pf.tick(post, x[c][n]);
    }
    return;
  }
  const dsp::SvfCoefficients loop = loop_;
  const float loopGain = current_[kLoopGain];
  const float s = current_[kAllpass];
  const dsp::LagrangeTaps taps = taps_;
  if (numChannels == 2) {
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
    return;
  }
  dsp::DelayLine& line = lines_[0];
  dsp::SvfState lf = loopFilter_[0];
  dsp::FirstOrderAllpass ap = allpass_[0];
  dsp::SvfState pf = postFilter_[0];
  for (int n = 0; n < frames; ++n) {
    const float loopOut = loopGain * ap.tick(s, lf.tick(loop, line.read(taps)));
    line.push(x[0][n] + loopOut);
    y[0][n] += gain * pf.tick(post, loopOut);
  }
  loopFilter_[0] = lf;
  allpass_[0] = ap;
  postFilter_[0] = pf;
}

}  // namespace tonewood::synth
