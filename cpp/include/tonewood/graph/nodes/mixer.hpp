#pragma once

#include <memory>

#include "tonewood/graph/processor.hpp"

namespace tonewood::dsp {
class GainRamp;
}

namespace tonewood::graph {

/// A summing bus: `inputs` groups of `channels` channels each (input channel k * channels + c
/// is channel c of group k), each with its own level `gain_db_<k+1>`, summed in group order and
/// scaled by the master `gain_db`. With per-input levels it is also a send/return bus: route
/// tracks in at their send levels and the bus out through the return's effects. Levels glide
/// over 64 frames.
class Mixer final : public Processor {
 public:
  /// `inputs` groups of `channels` channels, at most 128 input channels in all (64 stereo
  /// inputs; any node sums whatever is connected to it, so wider buses need no mixer). Throws
  /// OutOfRangeError otherwise.
  Mixer(int inputs, int channels = 2);
  ~Mixer() override;
  int inputCount() const noexcept { return inputs_; }
  /// Index of group k's level (k from 0); the master level is index 0.
  static std::size_t inputGainIndex(int k) noexcept { return static_cast<std::size_t>(k) + 1; }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;

  int inputs_, channels_;
  std::unique_ptr<dsp::GainRamp[]> ramps_;  // per input channel: group level times master level
  bool primed_ = false;
};

}  // namespace tonewood::graph
