#pragma once

#include <vector>

#include "tonewood/graph/processor.hpp"

namespace tonewood::dsp {
class GainRamp;
}

namespace tonewood::graph {

/// Gain on every channel: `gain_db` (-120 .. +24 dB, 0 by default) and `invert` (polarity).
/// Changes glide over 64 frames from the frame they take effect; an automation step
/// (Event::automation) applies at once, since the lane gives every step of its curve.
class Gain final : public Processor {
 public:
  static constexpr std::size_t kGainDb = 0, kInvert = 1;
  /// `channels` in and out (1..16). Throws OutOfRangeError otherwise.
  explicit Gain(int channels = 2, float gainDb = 0.0f);
  ~Gain() override;
  bool processesInPlace() const noexcept override { return true; }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;
  float target() const noexcept;

  std::vector<dsp::GainRamp> ramps_;
  bool primed_ = false;
};

}  // namespace tonewood::graph
