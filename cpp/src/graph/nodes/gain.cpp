#include "tonewood/graph/nodes/gain.hpp"

#include <cmath>

#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/gain_ramp.hpp"

namespace tonewood::graph {

namespace {
std::vector<ParamInfo> gainParams(float gainDb) {
  return {ParamInfo::make("gain_db", "Gain", "dB", -120.0f, 24.0f, gainDb),
          ParamInfo::toggle("invert", "Invert Polarity", false)};
}
int checkedChannels(int channels) {
  requireInRange("gain channels", channels, 1, kMaxChannels, "channels");
  return channels;
}
}  // namespace

Gain::Gain(int channels, float gainDb)
    : Processor("gain", gainParams(gainDb), {checkedChannels(channels), channels}),
      ramps_(static_cast<std::size_t>(channels)) {
  requireInRange("gain", gainDb, -120.0, 24.0, "dB");
}

Gain::~Gain() = default;

void Gain::prepareToPlay(const ProcessSpec&) {
  primed_ = false;
}

void Gain::resetState() noexcept {
  primed_ = false;
  for (dsp::GainRamp& r : ramps_) r.set(target(), false);
}

float Gain::target() const noexcept {
  const float g = std::pow(10.0f, value(kGainDb) / 20.0f);
  return value(kInvert) >= 0.5f ? -g : g;
}

void Gain::parameterChanged(std::size_t, float) noexcept {
  for (dsp::GainRamp& r : ramps_) r.set(target(), primed_ && !changeIsAutomation());
}

void Gain::render(const ProcessContext& c) noexcept {
  primed_ = true;  // from now on changes glide; before any audio they apply at once
  for (int ch = 0; ch < numOutputChannels(); ++ch)
    ramps_[static_cast<std::size_t>(ch)].apply(c.input.channel(ch), c.output.channel(ch), c.frames);
}

}  // namespace tonewood::graph
