#pragma once

#include <memory>

#include "tonewood/core/audio_buffer.hpp"
#include "tonewood/graph/processor.hpp"

namespace tonewood::timeline {

/// An insert with a wet/dry balance: `mix` (0 dry .. 1 wet) of the effect it holds, the rest its
/// input, delayed by the effect's latency so the two stay aligned. Stereo in and out.
class InsertMix final : public graph::Processor {
 public:
  static constexpr std::size_t kMix = 0;
  InsertMix(std::shared_ptr<graph::Processor> effect, float mix);
  ~InsertMix() override;

  int latencyFrames() const noexcept override { return effect_->latencyFrames(); }
  const char* failure() const noexcept override { return effect_->failure(); }

 private:
  void prepareToPlay(const ProcessSpec& spec) override;
  void resetState() noexcept override;
  void render(const graph::ProcessContext& context) noexcept override;

  std::shared_ptr<graph::Processor> effect_;
  AudioBuffer dry_;  // a ring of the input, latency + a block long
  int at_ = 0;       // where the next input frame goes
};

}  // namespace tonewood::timeline
