#include "tonewood/synth/waveguide_bank.hpp"

#include <algorithm>

#include "tonewood/synth/resonator_lanes.hpp"

namespace tonewood::synth {

void WaveguideBank::attach(float* memory, int lineSize, double sampleRate) noexcept {
  sampleRate_ = sampleRate;
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
  cascadeCoefficients_ =
      dsp::designSvfMorph(s.cascadeMorph, s.cascadeCutoffHz, s.cascadeQ, sampleRate_);
}

void WaveguideBank::prepareInput(const float* const* excitation, const float* const* previous,
                                 int numChannels, int frames) noexcept {
  // The gain ramps advance once per sample, shared by the channels.
  for (int i = 0; i < frames; ++i) {
    const float gain = inputGain_.next();
    const float mix = inputMix_.next();
    outScale_[i] = outputScale_.next();
    for (int c = 0; c < numChannels; ++c)
      input_[c][i] = (excitation[c][i] * (1.0f - mix) + previous[c][i] * mix * 0.5f) * gain;
  }
}

void WaveguideBank::process(const BankSnapshot& s, const float* const* excitation,
                            const float* const* previous, float* const* out, int numChannels,
                            int frames) noexcept {
  prepareInput(excitation, previous, numChannels, frames);
  if (s.coupling == Coupling::Parallel)
    processParallel(s, out, numChannels, frames);
  else
    processCoupled(s, out, numChannels, frames);
}

void WaveguideBank::processParallel(const BankSnapshot& s, float* const* out, int numChannels,
                                    int frames) noexcept {
  const float* in[] = {input_[0], input_[1]};
  for (int c = 0; c < numChannels; ++c) std::fill_n(out[c], frames, 0.0f);
  int active[kResonatorsPerBank];
  int count = 0;
  bool steady = true;
  for (int r = 0; r < kResonatorsPerBank; ++r) {
    if (!s.resonators[r].enabled) continue;
    active[count++] = r;
    steady = steady && resonators_[r].laneReady();
  }
  if (count > 1 && steady && resonatorLanesAvailable()) {
    // All of them side by side; contributions summed in resonator order, as the scalar path does.
    ResonatorLane lanes[kResonatorsPerBank];
    if (numChannels == 2 && 2 * count <= kResonatorsPerBank) {
      // A small stereo bank: both channels in one pass (the kernel's cost is per pass).
      for (int k = 0; k < count; ++k) {
        lanes[k] = resonators_[active[k]].lane(0);
        lanes[count + k] = resonators_[active[k]].lane(1);
      }
      processResonatorLanes(lanes, 2 * count, input_[0], input_[1], count, contributions_, frames);
      for (int c = 0; c < 2; ++c)
        for (int k = 0; k < count; ++k)
          for (int i = 0; i < frames; ++i) out[c][i] += contributions_[c * count + k][i];
    } else {
      for (int c = 0; c < numChannels; ++c) {
        for (int k = 0; k < count; ++k) lanes[k] = resonators_[active[k]].lane(c);
        processResonatorLanes(lanes, count, input_[c], input_[c], count, contributions_, frames);
        for (int k = 0; k < count; ++k)
          for (int i = 0; i < frames; ++i) out[c][i] += contributions_[k][i];
      }
    }
  } else {
    for (int k = 0; k < count; ++k) resonators_[active[k]].process(in, out, numChannels, frames);
  }
  for (int c = 0; c < numChannels; ++c)
    for (int i = 0; i < frames; ++i) out[c][i] *= outScale_[i];
}

void WaveguideBank::processCoupled(const BankSnapshot& s, float* const* out, int numChannels,
                                   int frames) noexcept {
  int active[kResonatorsPerBank];
  int count = 0;
  for (int r = 0; r < kResonatorsPerBank; ++r)
    if (s.resonators[r].enabled) active[count++] = r;
  const bool cascade = s.coupling == Coupling::Cascade;
  for (int i = 0; i < frames; ++i) {
    const float amount = cascadeAmount_.next();
    float gainSum = 0.0f;
    for (int k = 0; k < count; ++k) {
      resonators_[active[k]].advance();
      gainSum += resonators_[active[k]].gain();
    }
    const float inverseGainSum = gainSum > 0.0f ? 1.0f / gainSum : 0.0f;
    for (int c = 0; c < numChannels; ++c) {
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
          sum += res.output(c, res.isBypassed() ? x : o);
        }
      } else {
        float weighted = 0.0f;
        for (int k = 0; k < count; ++k) {
          WaveguideResonator& res = resonators_[active[k]];
          popped[k] = res.pop(c);
          weighted += popped[k] * res.gain();
        }
        const float feedback = -2.0f * weighted * inverseGainSum;
        for (int k = 0; k < count; ++k) {
          WaveguideResonator& res = resonators_[active[k]];
          res.push(c, popped[k] + feedback + x);
          sum += res.output(c, res.isBypassed() ? x : popped[k]);
        }
      }
      out[c][i] = sum * outScale_[i];
    }
  }
}

}  // namespace tonewood::synth
