#include "tonewood/graph/nodes/pan.hpp"

#include "tonewood/core/errors.hpp"
#include "tonewood/dsp/gain_ramp.hpp"
#include "tonewood/dsp/pan_law.hpp"

namespace tonewood::graph {

namespace {
std::vector<ParamInfo> panParams(float position, int law) {
  ParamInfo p = ParamInfo::make("position", "Position", "", -1.0f, 1.0f, position);
  p.symmetricSkew = true;
  return {p, ParamInfo::choice("law", "Pan Law", {"linear", "-3dB", "-4.5dB", "-6dB"}, law)};
}
int checkedInputs(int inputs) {
  requireInRange("pan inputs", inputs, 1, 2, "channels");
  return inputs;
}
}  // namespace

Pan::Pan(int inputs, float position, int law)
    : Processor("pan", panParams(position, law), {checkedInputs(inputs), 2}),
      ramps_(std::make_unique<dsp::GainRamp[]>(2)) {
  requireInRange("pan position", position, -1.0, 1.0, "");
  requireInRange("pan law", law, 0, 3, "(0 linear, 1 -3dB, 2 -4.5dB, 3 -6dB)");
}

Pan::~Pan() = default;

void Pan::prepareToPlay(const ProcessSpec&) {
  primed_ = false;
}

void Pan::resetState() noexcept {
  primed_ = false;
  retarget(false);
}

void Pan::retarget(bool glide) noexcept {
  const auto law = static_cast<dsp::PanLaw>(static_cast<int>(value(kLaw)));
  const dsp::PanGains g = numInputChannels() == 2 ? dsp::balanceGains(value(kPosition), law)
                                                  : dsp::panGains(value(kPosition), law);
  ramps_[0].set(g.left, glide);
  ramps_[1].set(g.right, glide);
}

void Pan::parameterChanged(std::size_t, float) noexcept {
  retarget(primed_);
}

void Pan::render(const ProcessContext& c) noexcept {
  primed_ = true;  // from now on changes glide; before any audio they apply at once
  const bool stereo = numInputChannels() == 2;
  ramps_[0].apply(c.input.channel(0), c.output.channel(0), c.frames);
  ramps_[1].apply(c.input.channel(stereo ? 1 : 0), c.output.channel(1), c.frames);
}

}  // namespace tonewood::graph
