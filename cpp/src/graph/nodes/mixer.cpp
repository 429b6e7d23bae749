#include "tonewood/graph/nodes/mixer.hpp"

#include <cmath>
#include <string>

#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/gain_ramp.hpp"

namespace tonewood::graph {

namespace {
std::vector<ParamInfo> mixerParams(int inputs) {
  std::vector<ParamInfo> params = {
      ParamInfo::make("gain_db", "Master Gain", "dB", -120.0f, 24.0f, 0.0f)};
  for (int k = 1; k <= inputs; ++k)
    params.push_back(ParamInfo::make("gain_db_" + std::to_string(k),
                                     "Input " + std::to_string(k) + " Gain", "dB", -120.0f, 24.0f,
                                     0.0f));
  return params;
}
int checkedInputs(int inputs, int channels) {
  requireInRange("mixer channels per input", channels, 1, kMaxChannels, "channels");
  requireInRange("mixer inputs", inputs, 1, kMaxChannels / channels,
                 "inputs (" + std::to_string(kMaxChannels) + " input channels in all)");
  return inputs * channels;
}
float dbToGain(float db) {
  return std::pow(10.0f, db / 20.0f);
}
}  // namespace

Mixer::Mixer(int inputs, int channels)
    : Processor("mixer", mixerParams(inputs), {checkedInputs(inputs, channels), channels}),
      inputs_(inputs),
      channels_(channels),
      ramps_(std::make_unique<dsp::GainRamp[]>(static_cast<std::size_t>(inputs * channels))) {}

Mixer::~Mixer() = default;

void Mixer::prepareToPlay(const ProcessSpec&) {
  primed_ = false;
}

void Mixer::resetState() noexcept {
  primed_ = false;
  parameterChanged(0, value(0));
}

void Mixer::parameterChanged(std::size_t, float) noexcept {
  const float master = dbToGain(value(0));
  for (int k = 0; k < inputs_; ++k) {
    const float g = master * dbToGain(value(inputGainIndex(k)));
    for (int c = 0; c < channels_; ++c)
      ramps_[static_cast<std::size_t>(k * channels_ + c)].set(g, primed_);
  }
}

void Mixer::render(const ProcessContext& ctx) noexcept {
  primed_ = true;  // from now on changes glide; before any audio they apply at once
  for (int c = 0; c < channels_; ++c) {
    float* out = ctx.output.channel(c);
    ramps_[static_cast<std::size_t>(c)].apply(ctx.input.channel(c), out, ctx.frames);
    for (int k = 1; k < inputs_; ++k) {
      const int in = k * channels_ + c;
      ramps_[static_cast<std::size_t>(in)].add(ctx.input.channel(in), out, ctx.frames);
    }
  }
}

}  // namespace tonewood::graph
