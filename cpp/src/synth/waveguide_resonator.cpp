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

dsp::SvfCoefficients WaveguideResonator::loopFilterOf(const Vector& v) noexcept {
  dsp::SvfCoefficients c;
  c.a1 = v[kLoopA1], c.a2 = v[kLoopA2], c.a3 = v[kLoopA3];
  c.m0 = v[kLoopM0], c.m1 = v[kLoopM1], c.m2 = v[kLoopM2];
  return c;
}

dsp::SvfCoefficients WaveguideResonator::postFilterOf(const Vector& v) noexcept {
  dsp::SvfCoefficients c;
  c.a1 = v[kPostA1], c.a2 = v[kPostA2], c.a3 = v[kPostA3];
  c.m0 = v[kPostM0], c.m1 = v[kPostM1], c.m2 = v[kPostM2];
  return c;
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
    taps_ = dsp::lagrangeTaps(current_[kDelay]);
    return;
  }
  for (int i = 0; i < kCount; ++i)
    step_[i] = (target_[i] - current_[i]) / static_cast<float>(rampSamples);
  rampRemaining_ = rampSamples;
}

void WaveguideResonator::process(const float* const* in, float* const* out, int numChannels,
                                 int frames) noexcept {
  int done = 0;
  if (rampRemaining_ > 0) {
    const int n = frames < rampRemaining_ ? frames : rampRemaining_;
    processRamp(in, out, numChannels, n);
    done = n;
  }
  if (done < frames) {
    const float* inRest[kChannels];
    float* outRest[kChannels];
    for (int c = 0; c < numChannels; ++c) {
      inRest[c] = in[c] + done;
      outRest[c] = out[c] + done;
    }
    processSteady(inRest, outRest, numChannels, frames - done);
  }
}

void WaveguideResonator::processSteady(const float* const* in, float* const* out, int numChannels,
                                       int frames) noexcept {
  const dsp::SvfCoefficients post = postFilterOf(current_);
  const float gain = current_[kGain];
  if (bypass_) {
    for (int c = 0; c < numChannels; ++c) {
      dsp::SvfState& pf = postFilter_[c];
      for (int i = 0; i < frames; ++i) out[c][i] += gain * pf.tick(post, in[c][i]);
    }
    return;
  }
  const dsp::SvfCoefficients loop = loopFilterOf(current_);
  const float loopGain = current_[kLoopGain];
  const float s = current_[kAllpass];
  const dsp::LagrangeTaps taps = taps_;
  if (numChannels == 2) {
    // Both loops in one pass: two independent recursions keep the core busy while each waits on
    // its own filter chain, nearly doubling throughput over one channel after the other.
    dsp::SvfState lf0 = loopFilter_[0], lf1 = loopFilter_[1];
    dsp::FirstOrderAllpass ap0 = allpass_[0], ap1 = allpass_[1];
    dsp::SvfState pf0 = postFilter_[0], pf1 = postFilter_[1];
    for (int i = 0; i < frames; ++i) {
      const float d0 = lines_[0].read(taps);
      const float d1 = lines_[1].read(taps);
      lines_[0].push(in[0][i] + loopGain * ap0.tick(s, lf0.tick(loop, d0)));
      lines_[1].push(in[1][i] + loopGain * ap1.tick(s, lf1.tick(loop, d1)));
      out[0][i] += gain * pf0.tick(post, d0);
      out[1][i] += gain * pf1.tick(post, d1);
    }
    loopFilter_[0] = lf0, loopFilter_[1] = lf1;
    allpass_[0] = ap0, allpass_[1] = ap1;
    postFilter_[0] = pf0, postFilter_[1] = pf1;
    return;
  }
  for (int c = 0; c < numChannels; ++c) {
    dsp::DelayLine& line = lines_[c];
    dsp::SvfState lf = loopFilter_[c];
    dsp::FirstOrderAllpass ap = allpass_[c];
    dsp::SvfState pf = postFilter_[c];
    const float* x = in[c];
    float* y = out[c];
    for (int i = 0; i < frames; ++i) {
      const float d = line.read(taps);
      line.push(x[i] + loopGain * ap.tick(s, lf.tick(loop, d)));
      y[i] += gain * pf.tick(post, d);
    }
    loopFilter_[c] = lf;
    allpass_[c] = ap;
    postFilter_[c] = pf;
  }
}

void WaveguideResonator::processRamp(const float* const* in, float* const* out, int numChannels,
                                     int frames) noexcept {
  for (int i = 0; i < frames; ++i) {
    for (int k = 0; k < kCount; ++k) current_[k] += step_[k];
    if (--rampRemaining_ == 0) current_ = target_;  // land exactly, no float drift
    const dsp::SvfCoefficients loop = loopFilterOf(current_);
    const dsp::SvfCoefficients post = postFilterOf(current_);
    const dsp::LagrangeTaps taps = dsp::lagrangeTaps(current_[kDelay]);
    for (int c = 0; c < numChannels; ++c) {
      const float x = in[c][i];
      if (bypass_) {
        out[c][i] += current_[kGain] * postFilter_[c].tick(post, x);
        continue;
      }
      const float d = lines_[c].read(taps);
      const float fed = allpass_[c].tick(current_[kAllpass], loopFilter_[c].tick(loop, d));
      lines_[c].push(x + current_[kLoopGain] * fed);
      out[c][i] += current_[kGain] * postFilter_[c].tick(post, d);
    }
  }
  if (rampRemaining_ == 0) taps_ = dsp::lagrangeTaps(current_[kDelay]);
}

}  // namespace tonewood::synth
