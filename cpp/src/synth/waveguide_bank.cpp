#include "tonewood/synth/waveguide_bank.hpp"

namespace tonewood::synth {

void WaveguideBank::attach(float* memory, int lineSize) noexcept {
  for (int r = 0; r < kResonatorsPerBank; ++r)
    resonators_[r].attach(memory + r * WaveguideResonator::kChannels * lineSize, lineSize);
  reset();
}

void WaveguideBank::reset() noexcept {
  for (auto& dc : dcBlockers_) dc.reset();
}

void WaveguideBank::setGains(const BankSnapshot& s, int rampSamples) noexcept {
  inputGain_.setTarget(static_cast<float>(s.inputGain), rampSamples);
  inputMix_.setTarget(static_cast<float>(s.inputMix), rampSamples);
  outputScale_.setTarget(static_cast<float>(s.outputScale), rampSamples);
}

void WaveguideBank::process(const BankSnapshot& s, const float* const* excitation,
                            const float* const* previous, float* const* out, int numChannels,
                            int frames) noexcept {
  // The gain ramps advance once per sample, shared by the channels.
  float inGain[kMaxFrames], mix[kMaxFrames], outScale[kMaxFrames];
  for (int i = 0; i < frames; ++i) {
    inGain[i] = inputGain_.next();
    mix[i] = inputMix_.next();
    outScale[i] = outputScale_.next();
  }
  const float* in[WaveguideResonator::kChannels];
  float* sum[WaveguideResonator::kChannels];
  for (int c = 0; c < numChannels; ++c) {
    for (int i = 0; i < frames; ++i) {
      input_[c][i] =
          (excitation[c][i] * (1.0f - mix[i]) + previous[c][i] * mix[i] * 0.5f) * inGain[i];
      sum_[c][i] = 0.0f;
    }
    in[c] = input_[c];
    sum[c] = sum_[c];
  }
  for (int r = 0; r < kResonatorsPerBank; ++r)
    if (s.resonators[r].enabled) resonators_[r].process(in, sum, numChannels, frames);
  for (int c = 0; c < numChannels; ++c)
    for (int i = 0; i < frames; ++i) out[c][i] = dcBlockers_[c].tick(sum_[c][i] * outScale[i]);
}

}  // namespace tonewood::synth
