#pragma once

#include <memory>

#include "tonewood/graph/processor.hpp"

namespace tonewood::dsp {
class GainRamp;
}

namespace tonewood::graph {

/// Places a mono source in stereo, or balances a stereo one: `position` (-1 hard left .. +1 hard
/// right) under a pan `law` (linear, -3 dB, -4.5 dB, -6 dB; see dsp/pan_law.hpp). A stereo
/// source in the centre passes unchanged whatever the law. Changes glide over 64 frames.
class Pan final : public Processor {
 public:
  static constexpr std::size_t kPosition = 0, kLaw = 1;
  /// `inputs` is 1 (mono in) or 2 (stereo in); the output is stereo. OutOfRangeError otherwise.
  explicit Pan(int inputs = 2, float position = 0.0f, int law = 1);
  ~Pan() override;
  /// A stereo pan scales each channel by itself; a mono one reads its input twice.
  bool processesInPlace() const noexcept override { return numInputChannels() == 2; }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const ProcessContext& context) noexcept override;
  void parameterChanged(std::size_t index, float value) noexcept override;
  void retarget(bool glide) noexcept;

  std::unique_ptr<dsp::GainRamp[]> ramps_;  // left, right
  bool primed_ = false;
};

}  // namespace tonewood::graph
