#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "tonewood/dsp/finite_guard.hpp"
#include "tonewood/graph/processor.hpp"

/// The built-in effects as processors, usable in any graph, alone on an array, or in a chain:
/// the same DSP the synth's effects chain runs (dsp/), with parameters of their own in natural
/// units.
namespace tonewood::effects {

/// Base of the built-in effects: stereo in, stereo out, a dsp unit configured from the
/// parameters whenever one changes (at its exact frame), and from the transport's tempo for
/// effects that sync to it. A block that comes out not finite is silenced and the unit reset.
template <typename Unit>
class StereoEffect : public graph::Processor {
 protected:
  StereoEffect(std::string typeName, std::vector<ParamInfo> params)
      : Processor(std::move(typeName), std::move(params), {2, 2}) {}

  /// Hands the unit its settings from the parameters, at `tempoBpm`. Audio thread.
  virtual void configure(double tempoBpm) noexcept = 0;
  /// Whether the settings depend on the tempo (a synced rate or time is switched on).
  virtual bool followsTempo() const noexcept { return false; }
  bool processesInPlace() const noexcept override { return true; }

  void prepareToPlay(const ProcessSpec& spec) override {
    unit_.prepare(spec.sampleRate);
    dirty_ = true;
  }
  void resetState() noexcept override {
    unit_.reset();
    dirty_ = true;
  }
  void parameterChanged(std::size_t, float) noexcept override { dirty_ = true; }
  void render(const graph::ProcessContext& c) noexcept override {
    const double bpm = c.transport->bpm;
    if (dirty_ || (followsTempo() && bpm != tempoBpm_)) {
      tempoBpm_ = bpm;
      configure(bpm);
      dirty_ = false;
    }
    float* left = c.output.channel(0);
    float* right = c.output.channel(1);
    if (c.input.channel(0) != left) std::copy_n(c.input.channel(0), c.frames, left);
    if (c.input.channel(1) != right) std::copy_n(c.input.channel(1), c.frames, right);
    unit_.process(left, right, c.frames);
    // A NaN or infinity got in: it costs this block, not every block until a reset.
    if (dsp::silenceIfNotFinite(left, right, c.frames)) unit_.reset();
  }

  Unit unit_;

 private:
  bool dirty_ = true;
  double tempoBpm_ = 0.0;
};

}  // namespace tonewood::effects
