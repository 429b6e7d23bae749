#include "tonewood/synth/waveguide_bank.hpp"

#include <algorithm>

namespace tonewood::synth {

void WaveguideBank::attach(float* memory, int lineSize, double sampleRate) noexcept {
  sampleRate_ = sampleRate;
  cascadeDesigned_ = {-1.0, -1.0, -1.0, -1.0};  // nothing designed for this rate yet
  for (int r = 0; r < kResonatorsPerBank; ++r)
    resonators_[r].attach(memory + r * WaveguideResonator::kChannels * lineSize, lineSize);
  reset();
}

void WaveguideBank::reset() noexcept {
  for (int r = 0; r < kResonatorsPerBank; ++r) {
    for (int c = 0; c < WaveguideResonator::kChannels; ++c) {
      cascadeDc_[r][c].reset();
      cascadeFilter_[r][c].reset();
    }
  }
}

void WaveguideBank::configure(const BankSnapshot& s, int rampSamples) noexcept {
  inputGain_.setTarget(static_cast<float>(s.inputGain), rampSamples);
  inputMix_.setTarget(static_cast<float>(s.inputMix), rampSamples);
  outputScale_.setTarget(static_cast<float>(s.outputScale), rampSamples);
  cascadeAmount_.setTarget(static_cast<float>(s.cascadeAmount), rampSamples);
  const std::array<double, 4> cascade{s.cascadeMorph, s.cascadeCutoffHz, s.cascadeQ,
                                      static_cast<double>(s.cascadeLaw)};
  if (cascade != cascadeDesigned_) {  // designed on every control tick otherwise
    cascadeDesigned_ = cascade;
    cascadeCoefficients_ = dsp::designSvfMorph(s.cascadeMorph, s.cascadeCutoffHz, s.cascadeQ,
                                               sampleRate_, s.cascadeLaw);
  }
}

void WaveguideBank::prepareInput(const float* const* excitation,
                                 const float* const* previous) noexcept {
  // The gain ramps advance once per sample, shared by the channels.
  float gain[kMaxFrames], mix[kMaxFrames];
  inputGain_.render(gain, frames_);
  inputMix_.render(mix, frames_);
  outputScale_.render(outScale_, frames_);
  for (int c = 0; c < numChannels_; ++c)
    for (int i = 0; i < frames_; ++i)
      input_[c][i] =
          (excitation[c][i] * (1.0f - mix[i]) + previous[c][i] * mix[i] * 0.5f) * gain[i];
  // The coupled modes advance the cascade amount once per sample (parallel leaves it alone).
  if (coupling_ != Coupling::Parallel) cascadeAmount_.render(amount_, frames_);
}

void WaveguideBank::start(const BankSnapshot& s, const float* const* excitation,
                          const float* const* previous, int numChannels, int frames,
                          LaneBatch* batch) noexcept {
  coupling_ = s.coupling;
  numChannels_ = numChannels;
  frames_ = frames;
  count_ = 0;
  for (int r = 0; r < kResonatorsPerBank; ++r)
    if (s.resonators[r].enabled) active_[count_++] = r;
  prepareInput(excitation, previous);
  queued_ = batch && count_ > 0 && queue(*batch);
}

bool WaveguideBank::queue(LaneBatch& batch) noexcept {
  const LaneBatch::Mark before = batch.mark();
  for (int c = 0; c < numChannels_; ++c) {
    spots_[c] = batch.reserve(count_);
    if (!spots_[c].pass) {  // full: take back the other channel's lanes, run on the scalar path
      batch.rewind(before);
      return false;
    }
  }
  for (int c = 0; c < numChannels_; ++c) {
    LanePass& pass = *spots_[c].pass;
    const int first = spots_[c].first;
    for (int k = 0; k < count_; ++k) {
      LaneSlot& slot = pass.slots[first + k];
      slot.lane = resonators_[active_[k]].lane(c);
      slot.coupling = coupling_;
      slot.first = first;
      slot.last = first + count_ - 1;
      slot.link = {&cascadeDc_[k][c], &cascadeFilter_[k][c], &cascadeCoefficients_};
      for (int i = 0; i < frames_; ++i) pass.input[i][first + k] = input_[c][i];
      if (coupling_ == Coupling::Cascade)
        for (int i = 0; i < frames_; ++i) pass.amount[i][first + k] = amount_[i];
    }
  }
  return true;
}

void WaveguideBank::finish(float* const* out) noexcept {
  if (queued_)
    collect(out);
  else if (coupling_ == Coupling::Parallel)
    processParallel(out);
  else
    processCoupled(out);
}

void WaveguideBank::collect(float* const* out) noexcept {
  // Contributions summed in resonator order from 0, as the scalar paths do.
  for (int c = 0; c < numChannels_; ++c) {
    const LanePass& pass = *spots_[c].pass;
    const int first = spots_[c].first;
    for (int i = 0; i < frames_; ++i) {
      float sum = 0.0f;
      for (int k = 0; k < count_; ++k) sum += pass.out[i][first + k];
      out[c][i] = sum * outScale_[i];
    }
  }
  // Unless a resonator's channels are split, their lanes share one ramp: channel 0's counts.
  for (int c = 0; c < numChannels_; ++c) {
    const LanePass& pass = *spots_[c].pass;
    for (int k = 0; k < count_; ++k)
      resonators_[active_[k]].commitRamp(c, pass.reached[spots_[c].first + k], frames_);
  }
}

void WaveguideBank::processParallel(float* const* out) noexcept {
  const float* in[] = {input_[0], input_[1]};
  for (int c = 0; c < numChannels_; ++c) std::fill_n(out[c], frames_, 0.0f);
  for (int k = 0; k < count_; ++k) resonators_[active_[k]].process(in, out, numChannels_, frames_);
  for (int c = 0; c < numChannels_; ++c)
    for (int i = 0; i < frames_; ++i) out[c][i] *= outScale_[i];
}

void WaveguideBank::processCoupled(float* const* out) noexcept {
  const int count = count_;
  const int* active = active_;
  const bool cascade = coupling_ == Coupling::Cascade;
  for (int i = 0; i < frames_; ++i) {
    const float amount = amount_[i];
    for (int k = 0; k < count; ++k) resonators_[active[k]].advance();
    for (int c = 0; c < numChannels_; ++c) {
      const float x = input_[c][i];
      float popped[kResonatorsPerBank];
      float sum = 0.0f;
      if (cascade) {
        float previousOut = 0.0f;
        for (int k = 0; k < count; ++k) {
          WaveguideResonator& res = resonators_[active[k]];
          const float o = res.pop(c);
          const float link = cascadeFilter_[k][c].tick(cascadeCoefficients_,
                                                       cascadeDc_[k][c].tick(previousOut) * amount);
          res.push(c, o + link + x);
          previousOut = o;
          sum += res.output(c, res.isBypassed(c) ? x : o);
        }
      } else {
        float gainSum = 0.0f;
        for (int k = 0; k < count; ++k) gainSum += resonators_[active[k]].gain(c);
        const float inverseGainSum = gainSum > 0.0f ? 1.0f / gainSum : 0.0f;
        float weighted = 0.0f;
        for (int k = 0; k < count; ++k) {
          WaveguideResonator& res = resonators_[active[k]];
          popped[k] = res.pop(c);
          weighted += popped[k] * res.gain(c);
        }
        const float feedback = -2.0f * weighted * inverseGainSum;
        for (int k = 0; k < count; ++k) {
          WaveguideResonator& res = resonators_[active[k]];
          res.push(c, popped[k] + feedback + x);
          sum += res.output(c, res.isBypassed(c) ? x : popped[k]);
        }
      }
      out[c][i] = sum * outScale_[i];
    }
  }
}

}  // namespace tonewood::synth
